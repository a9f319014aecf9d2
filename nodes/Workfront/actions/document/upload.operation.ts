import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { getFields } from '../../helpers/records';
import { splitList } from '../../helpers/requests';
import { isWorkfrontId } from '../../helpers/values';
import { workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';
import { binaryPropertyInput, documentFields, readInputFile, uploadFile } from './shared';

const properties: INodeProperties[] = [
	binaryPropertyInput,
	{
		displayName: 'Attach To',
		name: 'docObjCode',
		type: 'options',
		options: [
			{ name: 'Issue', value: 'OPTASK' },
			{ name: 'Portfolio', value: 'PORT' },
			{ name: 'Program', value: 'PRGM' },
			{ name: 'Project', value: 'PROJ' },
			{ name: 'Task', value: 'TASK' },
			{ name: 'Template', value: 'TMPL' },
			{ name: 'User', value: 'USER' },
		],
		default: 'PROJ',
		description: 'The type of record the document belongs to. Another object code can be set by expression.',
	},
	{
		displayName: 'Attach To ID',
		name: 'objId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f',
		description: 'ID of the project, task, issue … the document belongs to',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Document Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Name shown in Workfront. Empty: the file name.',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Overrides the file name of the binary data',
			},
			{
				displayName: 'Folder IDs',
				name: 'folderIds',
				type: 'string',
				default: '',
				description: 'Document folders to file the document in, comma-separated',
			},
			{
				displayName: 'Version Label',
				name: 'version',
				type: 'string',
				default: 'v1.0',
				description: 'Label of the first version',
			},
		],
	},
	documentFields,
];

export const upload: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['document'], operation: ['upload'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const docObjCode = String(this.getNodeParameter('docObjCode', itemIndex, 'PROJ')).trim().toUpperCase();
		if (!/^[A-Z][A-Z0-9_]{1,29}$/.test(docObjCode)) throw new WorkfrontInputError(`Attach To "${docObjCode}" is not a Workfront object code`, 'Pick a type from the list, e.g. PROJ, TASK or OPTASK.');
		const objID = String(this.getNodeParameter('objId', itemIndex, '') ?? '').trim();
		if (!isWorkfrontId(objID)) {
			throw new WorkfrontInputError(
				objID === '' ? 'Attach To ID is empty' : `Attach To ID "${objID}" is not a Workfront ID`,
				'Give the ID (32 hexadecimal characters) of the project, task, issue … the document belongs to.',
			);
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const folderIDs = splitList(options.folderIds);
		const badFolder = folderIDs.find((id) => !isWorkfrontId(id));
		if (badFolder !== undefined) throw new WorkfrontInputError(`Folder IDs: "${badFolder}" is not a Workfront ID`, 'Give document folder IDs (32 hexadecimal characters), comma-separated.');
		const file = await readInputFile.call(this, itemIndex);
		if (typeof options.fileName === 'string' && options.fileName.trim() !== '') file.fileName = options.fileName.trim();
		const handle = await uploadFile.call(this, file, itemIndex);
		const document: IDataObject = {
			name: typeof options.name === 'string' && options.name.trim() !== '' ? options.name.trim() : file.fileName,
			handle,
			docObjCode,
			objID,
			currentVersion: { version: (options.version as string) || 'v1.0', fileName: file.fileName },
		};
		if (typeof options.description === 'string' && options.description !== '') document.description = options.description;
		if (folderIDs.length > 0) document.folderIDs = folderIDs;
		return (await workfrontRequest.call(this, {
			method: 'POST',
			path: 'document',
			qs: { fields: getFields.call(this, itemIndex) },
			body: document,
			itemIndex,
			objCode: 'DOCU',
		})) as IDataObject;
	},
};
