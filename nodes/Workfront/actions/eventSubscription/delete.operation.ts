import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { deleteSubscription } from '../../helpers/eventSubscriptions';
import { readSubscriptionId, subscriptionIdProperty } from './shared';
import type { ItemOperation } from '../types';

export const deleteSubscriptionOperation: ItemOperation = {
	kind: 'item',
	description: [subscriptionIdProperty('delete', 'The subscription to delete; Workfront stops sending its events')],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readSubscriptionId(this.getNodeParameter('subscriptionId', itemIndex));
		const deleted = await deleteSubscription(this, id, itemIndex);
		if (!deleted) {
			throw new NodeApiError(this.getNode(), { message: `No event subscription with ID ${id}` } as JsonObject, {
				message: `Workfront: no event subscription with ID ${id}`,
				description: 'It may already have been deleted. Use Get Many to list the existing subscriptions.',
				httpCode: '404',
				itemIndex,
			});
		}
		return { id, deleted: true };
	},
};
