import type { INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../common.descriptions';
import type { Operation } from '../types';
import { create } from './create.operation';
import { deleteAllForUrl } from './deleteAllForUrl.operation';
import { deleteSubscriptionOperation } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const operations: Record<string, Operation> = {
	create,
	get,
	getAll,
	delete: deleteSubscriptionOperation,
	deleteAllForUrl,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventSubscription'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Have Workfront POST create, update or delete events to a URL. Filters cannot be edited afterwards (delete and re-create instead).',
				action: 'Create an event subscription',
			},
			{ name: 'Delete', value: 'delete', description: 'Delete one subscription', action: 'Delete an event subscription' },
			{
				name: 'Delete All for a URL',
				value: 'deleteAllForUrl',
				description: 'Delete every subscription that sends to a URL, e.g. ones left behind by a deleted workflow',
				action: 'Delete all event subscriptions for a URL',
			},
			{ name: 'Get', value: 'get', description: 'Get one subscription (its auth token comes back masked)', action: 'Get an event subscription' },
			{ name: 'Get Many', value: 'getAll', description: 'List subscriptions, 1000 per request', action: 'Get many event subscriptions' },
		],
		default: 'getAll',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...deleteSubscriptionOperation.description,
	...deleteAllForUrl.description,
	{ ...requestOptions, displayOptions: { show: { resource: ['eventSubscription'] } } },
];
