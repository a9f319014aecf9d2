import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filterConditions, rawFilter } from '../common.descriptions';
import { getFilterQuery, getObjCode } from '../../helpers/records';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [filterConditions, rawFilter];

export const count: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['count'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const data = (await workfrontRequest.call(this, {
			method: 'GET',
			path: objectPath(objCode, 'count'),
			qs: getFilterQuery.call(this, itemIndex),
			itemIndex,
			objCode,
		})) as IDataObject;
		return { objCode, count: Number(data?.count ?? 0) };
	},
};
