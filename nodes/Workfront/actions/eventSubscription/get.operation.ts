import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { getSubscription } from '../../helpers/eventSubscriptions';
import { readSubscriptionId, subscriptionIdProperty } from './shared';
import type { ItemOperation } from '../types';

export const get: ItemOperation = {
	kind: 'item',
	description: [subscriptionIdProperty('get', 'The subscription to read (its authToken comes back masked)')],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = readSubscriptionId(this.getNodeParameter('subscriptionId', itemIndex));
		const found = await getSubscription(this, id, itemIndex);
		if (!found) {
			throw new NodeApiError(this.getNode(), { message: `No event subscription with ID ${id}` } as JsonObject, {
				message: `Workfront: no event subscription with ID ${id}`,
				description: 'It may have been deleted. Use Get Many to list the existing subscriptions.',
				httpCode: '404',
				itemIndex,
			});
		}
		return found;
	},
};
