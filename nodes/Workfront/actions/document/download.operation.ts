import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { getRecordIds } from '../../helpers/records';
import { getConnection, workfrontFullRequest, workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';
import { documentLocator } from './shared';

const properties: INodeProperties[] = [
	documentLocator('The document to download: its ID or its Workfront URL'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Overrides the file name Workfront gives',
			},
			{
				displayName: 'Version ID',
				name: 'versionId',
				type: 'string',
				default: '',
				description: 'Download this version (DOCV ID) instead of the current one',
			},
		],
	},
];

/** The file name in a Content-Disposition header (RFC 6266: filename* wins). */
function fileNameFrom(disposition: unknown): string | undefined {
	const text = Array.isArray(disposition) ? String(disposition[0] ?? '') : String(disposition ?? '');
	const star = /filename\*\s*=\s*(?:UTF-8'[^']*')?([^;]+)/i.exec(text)?.[1];
	if (star) {
		try {
			return decodeURIComponent(star.trim().replace(/^"|"$/g, ''));
		} catch {
			// fall back to the plain parameter
		}
	}
	return /filename\s*=\s*"?([^";]+)"?/i.exec(text)?.[1]?.trim();
}

function header(headers: IDataObject, name: string): unknown {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

export const download: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['document'], operation: ['download'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
		const [documentID] = getRecordIds.call(this, itemIndex, 'documentId', 'Document');
		const property = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
		if (property === '') throw new WorkfrontInputError('Put Output File in Field is empty', 'Give the name of the binary property to put the file in, usually "data".');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const document = (await workfrontRequest.call(this, {
			method: 'GET',
			path: `document/${documentID}`,
			qs: { fields: 'name,downloadURL,currentVersionID,currentVersion:fileName,currentVersion:version' },
			itemIndex,
			objCode: 'DOCU',
		})) as IDataObject;
		const current = (document.currentVersion ?? {}) as IDataObject;
		const versionId = String(options.versionId ?? '').trim();
		let path = typeof document.downloadURL === 'string' && document.downloadURL !== '' ? document.downloadURL : '';
		if (path === '') {
			const version = versionId || (typeof document.currentVersionID === 'string' ? document.currentVersionID : '');
			if (version === '') throw new WorkfrontInputError(`Document ${documentID} has no file to download`, 'Upload a file (or a new version) to the document first.');
			path = `/document/download?ID=${encodeURIComponent(documentID)}&versionID=${encodeURIComponent(version)}`;
		} else if (versionId !== '') {
			path += `${path.includes('?') ? '&' : '?'}versionID=${encodeURIComponent(versionId)}`;
		}
		const { baseUrl } = await getConnection(this);
		if (/^https?:\/\//i.test(path)) {
			if (new URL(path).origin !== baseUrl) throw new WorkfrontInputError(`The document's download URL points outside ${baseUrl}`, 'Only files on the Workfront instance of the credential are downloaded.');
			path = path.slice(baseUrl.length);
		}
		if (!path.startsWith('/')) path = `/${path}`;
		const response = await workfrontFullRequest.call(this, { method: 'GET', path, itemIndex, objCode: 'DOCU', encoding: 'arraybuffer', full: true });
		const data = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as ArrayBuffer);
		const fileName =
			(typeof options.fileName === 'string' && options.fileName.trim() !== '' ? options.fileName.trim() : undefined) ??
			fileNameFrom(header(response.headers, 'content-disposition')) ??
			(typeof current.fileName === 'string' ? current.fileName : undefined) ??
			String(document.name ?? documentID);
		const contentType = String(header(response.headers, 'content-type') ?? '').split(';')[0].trim();
		const mimeType = contentType && contentType !== 'application/octet-stream' ? contentType : undefined;
		const binary = await this.helpers.prepareBinaryData(data, fileName, mimeType);
		return [
			{
				json: {
					ID: documentID,
					name: document.name ?? null,
					version: versionId === '' ? (current.version ?? null) : null,
					versionID: versionId || (document.currentVersionID ?? null),
					fileName: binary.fileName ?? fileName,
					mimeType: binary.mimeType,
					fileSize: data.length,
				},
				binary: { [property]: binary },
			},
		];
	},
};
