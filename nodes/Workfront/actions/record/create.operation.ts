import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldsToReturn, simplifyOption } from '../common.descriptions';
import { buildRecord, getFields, getObjCode, maybeSimplify } from '../../helpers/records';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';
import { formOptions, writeInputs } from './shared';

const properties: INodeProperties[] = [
	...writeInputs(['create'], true),
	formOptions(),
	...fieldsToReturn,
	simplifyOption,
];

export const create: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['create'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const record = await buildRecord.call(this, itemIndex, objCode, { forUpdate: false });
		const created = (await workfrontRequest.call(this, {
			method: 'POST',
			path: objectPath(objCode),
			qs: { fields: getFields.call(this, itemIndex) },
			body: record,
			itemIndex,
			objCode,
		})) as IDataObject;
		return maybeSimplify.call(this, itemIndex, [created]);
	},
};
