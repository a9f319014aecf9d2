import type { INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../common.descriptions';
import type { Operation } from '../types';
import { batch } from './batch.operation';
import { customCall } from './customCall.operation';

export const operations: Record<string, Operation> = {
	batch,
	customCall,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['api'] } },
		options: [
			{ name: 'Batch', value: 'batch', description: 'Send several Workfront calls in one request, optionally all-or-nothing', action: 'Send a batch of calls' },
			{ name: 'Custom API Call', value: 'customCall', description: 'Call any Workfront endpoint with the stored credential', action: 'Make a custom API call' },
		],
		default: 'customCall',
	},
	...batch.description,
	...customCall.description,
	{ ...requestOptions, displayOptions: { show: { resource: ['api'] } } },
];
