import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getFields, getRecordIds } from '../../helpers/records';
import { workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';
import { binaryPropertyInput, documentFields, documentLocator, readInputFile, uploadFile } from './shared';

const properties: INodeProperties[] = [
	documentLocator('The document that gets a new version: its ID or its Workfront URL'),
	binaryPropertyInput,
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
				description: 'Overrides the file name of the binary data',
			},
			{
				displayName: 'Version Label',
				name: 'version',
				type: 'string',
				default: '',
				placeholder: 'e.g. v2.0',
				description: 'Label of the new version. Empty: Workfront numbers it.',
			},
		],
	},
	documentFields,
];

export const uploadVersion: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['document'], operation: ['uploadVersion'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const [documentID] = getRecordIds.call(this, itemIndex, 'documentId', 'Document');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const file = await readInputFile.call(this, itemIndex);
		if (typeof options.fileName === 'string' && options.fileName.trim() !== '') file.fileName = options.fileName.trim();
		const handle = await uploadFile.call(this, file, itemIndex);
		const version: IDataObject = { documentID, handle, fileName: file.fileName };
		if (typeof options.version === 'string' && options.version.trim() !== '') version.version = options.version.trim();
		return (await workfrontRequest.call(this, {
			method: 'POST',
			path: 'docv',
			qs: { fields: getFields.call(this, itemIndex) },
			body: version,
			itemIndex,
			objCode: 'DOCV',
		})) as IDataObject;
	},
};
