import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldsToReturn, recordLocator, simplifyOption } from '../common.descriptions';
import { buildRecord, getFields, getObjCode, getRecordIds, maybeSimplify, resolveFormAttachment } from '../../helpers/records';
import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';
import { formOptions, writeInputs } from './shared';

const properties: INodeProperties[] = [
	recordLocator({ description: 'The record to update: pick it, give its ID, or paste its Workfront URL' }),
	...writeInputs(['update'], false),
	formOptions(),
	...fieldsToReturn,
	simplifyOption,
];

export const update: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['update'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID to update', 'Use Bulk Update to change many records in one request.');
		const record = await resolveFormAttachment.call(this, objCode, id, await buildRecord.call(this, itemIndex, objCode, { forUpdate: true }), itemIndex);
		if (Object.keys(record).length === 0) {
			throw new WorkfrontInputError('Nothing to update: no fields were given', 'Add at least one field to set (an empty value clears a field).');
		}
		const updated = (await workfrontRequest.call(this, {
			method: 'PUT',
			path: objectPath(objCode, id),
			qs: { fields: getFields.call(this, itemIndex) },
			body: record,
			itemIndex,
			objCode,
		})) as IDataObject;
		return maybeSimplify.call(this, itemIndex, [updated]);
	},
};
