import type { INodeProperties } from 'n8n-workflow';

import { objectTypeLocator, requestOptions } from '../common.descriptions';
import type { Operation } from '../types';
import { bulkCreate, bulkUpdate } from './bulk';
import { convert } from './convert.operation';
import { copy } from './copy.operation';
import { count } from './count.operation';
import { create } from './create.operation';
import { deleteRecord } from './deleteRecord.operation';
import { executeAction } from './executeAction.operation';
import { get } from './get.operation';
import { namedQuery } from './namedQuery.operation';
import { report } from './report.operation';
import { search } from './search.operation';
import { share } from './share.operation';
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
	copy,
	executeAction,
	convert,
	share,
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
			{ name: 'Convert', value: 'convert', description: 'Convert an issue into a project or task, or a task into a project', action: 'Convert a record' },
			{ name: 'Copy', value: 'copy', description: 'Copy a task, issue, project, template … with new values and copy options', action: 'Copy a record' },
			{ name: 'Count', value: 'count', description: 'Count the records that match filters', action: 'Count records' },
			{ name: 'Create', value: 'create', description: 'Create a record of any object type', action: 'Create a record' },
			{ name: 'Delete', value: 'delete', description: 'Delete a record', action: 'Delete a record' },
			{ name: 'Execute Action', value: 'executeAction', description: 'Run a Workfront action: assign, move, mark done, attach template, approve …', action: 'Execute an action on a record' },
			{ name: 'Get', value: 'get', description: 'Get one record, or several by ID in one request', action: 'Get a record' },
			{ name: 'Named Query', value: 'namedQuery', description: 'Run a named query such as WORK myWork', action: 'Run a named query' },
			{ name: 'Report', value: 'report', description: 'Group records and compute sums, averages, counts …', action: 'Report on records' },
			{ name: 'Search', value: 'search', description: 'Find records with filters, sorting and paging past 2,000 rows', action: 'Search records' },
			{ name: 'Share', value: 'share', description: 'Grant or revoke a user\'s, team\'s or group\'s access to a record', action: 'Share a record' },
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
	...copy.description,
	...executeAction.description,
	...convert.description,
	...share.description,
	{ ...requestOptions, displayOptions: { show: { resource: ['record'] } } },
];
