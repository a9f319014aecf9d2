import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, filterConditions, rawFilter, returnAllAndLimit, simplifyOption } from '../common.descriptions';
import { searchAll, searchLimited } from '../../helpers/paging';
import { buildSortQuery, hasSort } from '../../helpers/query';
import { getFields, getFilterQuery, getObjCode, maybeSimplify } from '../../helpers/records';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	filterConditions,
	rawFilter,
	...fieldsToReturn,
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		placeholder: 'Add Sort Field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description: 'Sort order. ID is always added last, so paging is stable.',
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getSortableFields', loadOptionsDependsOn: ['objCode.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
							{ name: 'Ascending (Case-Insensitive)', value: 'ciasc' },
							{ name: 'Descending (Case-Insensitive)', value: 'cidesc' },
						],
						default: 'asc',
					},
				],
			},
		],
	},
	...returnAllAndLimit,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 2000 },
				default: 2000,
				description: 'Rows per request when returning all (Workfront allows at most 2000)',
			},
			{
				displayName: 'Parallel Pages',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 5,
				description: 'Pages fetched at once when returning all; also capped by Max Concurrent Requests',
			},
		],
	},
	simplifyOption,
];

function getLimit(this: IExecuteFunctions, itemIndex: number): number {
	const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new WorkfrontInputError(`Limit must be a whole number of 1 or more (got ${String(limit)})`, 'Or switch on Return All to get every matching record.');
	}
	return limit;
}

export const search: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['search'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const qs: IDataObject = { ...getFilterQuery.call(this, itemIndex) };
		const fields = getFields.call(this, itemIndex);
		if (fields) qs.fields = fields;
		const sorts = (this.getNodeParameter('sort.fields', itemIndex, []) as IDataObject[]) ?? [];
		if (sorts.length > 0 || !hasSort(qs)) Object.assign(qs, buildSortQuery(sorts));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const rows = returnAll
			? await searchAll(this, {
					objCode,
					qs,
					itemIndex,
					pageSize: options.pageSize as number | undefined,
					concurrency: options.concurrency as number | undefined,
				})
			: await searchLimited(this, { objCode, qs, itemIndex, limit: getLimit.call(this, itemIndex) });
		return maybeSimplify.call(this, itemIndex, rows);
	},
};
