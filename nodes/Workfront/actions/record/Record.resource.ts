import type { INodeProperties } from 'n8n-workflow';

import { objectTypeLocator, requestOptions } from '../common.descriptions';
import type { Operation } from '../types';
import { bulkCreate, bulkUpdate } from './bulk';
import { count } from './count.operation';
import { create } from './create.operation';
import { deleteRecord } from './deleteRecord.operation';
import { get } from './get.operation';
import { namedQuery } from './namedQuery.operation';
import { report } from './report.operation';
import { search } from './search.operation';
import { update } from './update.operation';

export const operations: Record<string, Operation> = {
	create,
	bulkCreate,
	get,
	search,
	count,
	report,
	namedQuery,
	update,
	bulkUpdate,
	delete: deleteRecord,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		options: [
			{ name: 'Bulk Create', value: 'bulkCreate', description: 'Create many records, up to 100 per request', action: 'Bulk create records' },
			{ name: 'Bulk Update', value: 'bulkUpdate', description: 'Update many records, up to 100 per request', action: 'Bulk update records' },
			{ name: 'Count', value: 'count', description: 'Count the records that match filters', action: 'Count records' },
			{ name: 'Create', value: 'create', description: 'Create a record of any object type', action: 'Create a record' },
			{ name: 'Delete', value: 'delete', description: 'Delete a record', action: 'Delete a record' },
			{ name: 'Get', value: 'get', description: 'Get one record, or several by ID in one request', action: 'Get a record' },
			{ name: 'Named Query', value: 'namedQuery', description: 'Run a named query such as WORK myWork', action: 'Run a named query' },
			{ name: 'Report', value: 'report', description: 'Group records and compute sums, averages, counts …', action: 'Report on records' },
			{ name: 'Search', value: 'search', description: 'Find records with filters, sorting and paging past 2,000 rows', action: 'Search records' },
			{ name: 'Update', value: 'update', description: 'Change some fields of a record', action: 'Update a record' },
		],
		default: 'search',
	},
	{ ...objectTypeLocator, displayOptions: { show: { resource: ['record'] } } },
	...create.description,
	...bulkCreate.description,
	...get.description,
	...search.description,
	...count.description,
	...report.description,
	...namedQuery.description,
	...update.description,
	...bulkUpdate.description,
	...deleteRecord.description,
	{ ...requestOptions, displayOptions: { show: { resource: ['record'] } } },
];
