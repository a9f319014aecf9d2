import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { recordLocator } from '../common.descriptions';
import { multipartBody } from '../../helpers/requests';
import { workfrontRequest } from '../../transport';

export const binaryPropertyInput: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the input binary field containing the file to upload',
	description: 'Name of the binary property of the input item that holds the file',
};

/** Extra fields of the created document or version to return (read by getFields as "extraFields"). */
export const documentFields: INodeProperties = {
	displayName: 'Fields to Return',
	name: 'extraFields',
	type: 'string',
	default: '',
	placeholder: 'e.g. downloadURL,currentVersion:fileName,owner:name',
	description: 'Comma-separated fields to return besides Workfront\'s default set',
};

/** A document picked by ID or Workfront URL (the record locator without its list, which needs an object type). */
export function documentLocator(description: string): INodeProperties {
	const locator = recordLocator({ displayName: 'Document', name: 'documentId', default: { mode: 'id', value: '' }, description });
	locator.modes = locator.modes?.filter((mode) => mode.name !== 'list');
	return locator;
}

export interface InputFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/** The file in an item's binary property, with a clear error naming the property when it is missing. */
export async function readInputFile(this: IExecuteFunctions, itemIndex: number): Promise<InputFile> {
	const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
	if (property === '') throw new WorkfrontInputError('Input Binary Field is empty', 'Give the name of the binary property that holds the file, usually "data".');
	const binaries = this.getInputData()[itemIndex]?.binary ?? {};
	if (!binaries[property]) {
		const present = Object.keys(binaries);
		throw new WorkfrontInputError(
			`Input item ${itemIndex + 1} has no binary property "${property}"`,
			present.length > 0
				? `Its binary properties are: ${present.join(', ')}. Set Input Binary Field to one of them.`
				: 'The item carries no file. Put a node that reads or downloads a file (e.g. Read/Write Files from Disk, HTTP Request) before this one.',
		);
	}
	const binary: IBinaryData = this.helpers.assertBinaryData(itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const fileName = binary.fileName || `${property}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	return { data, fileName, mimeType: binary.mimeType || 'application/octet-stream' };
}

/** `POST /upload` (multipart, part uploadedFile) → the handle that a document or version is created with. */
export async function uploadFile(this: IExecuteFunctions, file: InputFile, itemIndex: number): Promise<string> {
	const { body, contentType } = multipartBody('uploadedFile', file.fileName, file.mimeType, file.data);
	const answer = (await workfrontRequest.call(this, {
		method: 'POST',
		path: 'upload',
		rawBody: body,
		headers: { 'Content-Type': contentType },
		itemIndex,
		write: true,
	})) as { handle?: unknown } | undefined;
	const handle = answer?.handle;
	if (typeof handle !== 'string' || handle === '') {
		throw new WorkfrontInputError('Workfront accepted the upload but returned no handle', 'Retry the upload; if it keeps failing, check the instance\'s document storage settings.');
	}
	return handle;
}
