import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listSubscriptions, SUBSCRIPTION_EVENT_TYPES, SUBSCRIPTION_OBJECT_TYPES } from '../../helpers/eventSubscriptions';
import { returnAllAndLimit } from '../common.descriptions';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'listFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Applied by the node to the subscriptions Workfront lists',
		options: [
			{
				displayName: 'Event Type',
				name: 'eventType',
				type: 'options',
				options: SUBSCRIPTION_EVENT_TYPES,
				default: 'UPDATE',
			},
			{
				displayName: 'Object Type',
				name: 'objCode',
				type: 'options',
				options: SUBSCRIPTION_OBJECT_TYPES,
				default: 'PROJ',
			},
			{
				displayName: 'URL Contains',
				name: 'url',
				type: 'string',
				default: '',
				description: 'Only subscriptions whose URL contains this text',
			},
		],
	},
];

export const getAll: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['eventSubscription'], operation: ['getAll'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const filters = this.getNodeParameter('listFilters', itemIndex, {}) as IDataObject;
		const filtered = filters.eventType !== undefined || filters.objCode !== undefined || (filters.url ?? '') !== '';
		const keep = (sub: IDataObject) =>
			(filters.eventType === undefined || sub.eventType === filters.eventType) &&
			(filters.objCode === undefined || String(sub.objCode).toUpperCase() === String(filters.objCode).toUpperCase()) &&
			((filters.url ?? '') === '' || String(sub.url ?? '').includes(String(filters.url)));
		// With filters the node reads every page, since it cannot know where the matches are.
		const rows = await listSubscriptions(this, filtered ? Infinity : limit, itemIndex);
		return rows.filter(keep).slice(0, limit);
	},
};
