import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { filterConditions, rawFilter } from '../common.descriptions';
import { getFilterQuery, getObjCode } from '../../helpers/records';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';

const AGGREGATES = ['sum', 'avg', 'min', 'max', 'count', 'std', 'var'];

const properties: INodeProperties[] = [
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'fixedCollection',
		placeholder: 'Add Group Field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description: 'Fields to group by, e.g. status or project:name. One output item per group.',
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. project:name',
					},
				],
			},
		],
	},
	{
		displayName: 'Aggregates',
		name: 'aggregates',
		type: 'fixedCollection',
		placeholder: 'Add Aggregate',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Values computed per group, e.g. the sum of hours',
		options: [
			{
				displayName: 'Aggregate',
				name: 'values',
				values: [
					{
						displayName: 'Function',
						name: 'function',
						type: 'options',
						options: AGGREGATES.flatMap((fn) => [
							{ name: fn.toUpperCase(), value: fn },
							{ name: `${fn.toUpperCase()} (Distinct)`, value: `d${fn}` },
						]),
						default: 'sum',
					},
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. hours',
					},
				],
			},
		],
	},
	filterConditions,
	rawFilter,
	{
		displayName: 'Include Rollup',
		name: 'rollup',
		type: 'boolean',
		default: false,
		description: 'Whether to add one more item with the totals over all groups ($$ROLLUP)',
	},
];

export const report: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['report'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const qs: IDataObject = { ...getFilterQuery.call(this, itemIndex) };
		const groups = ((this.getNodeParameter('groupBy.fields', itemIndex, []) as IDataObject[]) ?? [])
			.map((row) => String(row.field ?? '').trim())
			.filter((field) => field !== '');
		groups.forEach((field, index) => {
			qs[groups.length === 1 ? `${field}_GroupBy` : `${field}_${index + 1}_GroupBy`] = true;
		});
		const aggregates = (this.getNodeParameter('aggregates.values', itemIndex, []) as IDataObject[]) ?? [];
		if (aggregates.length === 0) {
			throw new WorkfrontInputError('Aggregates: add at least one aggregate', 'For example Function SUM on Field hours, or COUNT on ID.');
		}
		for (const [index, aggregate] of aggregates.entries()) {
			const field = String(aggregate.field ?? '').trim();
			if (field === '') throw new WorkfrontInputError(`Aggregate ${index + 1}: Field is empty`, 'Name the field to aggregate, e.g. hours or ID.');
			if (`${field}_AggFunc` in qs) {
				throw new WorkfrontInputError(`Aggregate ${index + 1}: "${field}" is aggregated twice`, 'Workfront takes one aggregate function per field in a report.');
			}
			qs[`${field}_AggFunc`] = String(aggregate.function ?? 'sum');
		}
		if (this.getNodeParameter('rollup', itemIndex, false)) qs.$$ROLLUP = true;
		const data = (await workfrontRequest.call(this, {
			method: 'GET',
			path: objectPath(objCode, 'report'),
			qs,
			itemIndex,
			objCode,
		})) as IDataObject;
		return Object.entries(data ?? {}).map(([key, value]) => {
			const row = value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value };
			return key === '$$ROLLUP' ? { ...row, rollup: true } : { group: key, ...row };
		});
	},
};
