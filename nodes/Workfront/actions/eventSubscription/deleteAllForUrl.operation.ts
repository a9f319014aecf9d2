import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteSubscription, listSubscriptions } from '../../helpers/eventSubscriptions';
import { readSubscriptionUrl } from './shared';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.com/webhook/…',
		description: 'Delete every subscription that sends events to this address',
	},
	{
		displayName: 'Match',
		name: 'urlMatch',
		type: 'options',
		options: [
			{ name: 'Exact URL', value: 'exact' },
			{ name: 'URLs Starting With', value: 'prefix', description: 'E.g. every subscription to one n8n instance\'s webhook base.' },
		],
		default: 'exact',
	},
];

export const deleteAllForUrl: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['eventSubscription'], operation: ['deleteAllForUrl'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const url = readSubscriptionUrl(this.getNodeParameter('url', itemIndex, ''));
		const match = this.getNodeParameter('urlMatch', itemIndex, 'exact') as string;
		const all = await listSubscriptions(this, Infinity, itemIndex);
		const targets = all.filter((sub) => (match === 'prefix' ? String(sub.url ?? '').startsWith(url) : sub.url === url));
		const deleted: IDataObject[] = [];
		let alreadyGone = 0;
		for (const sub of targets) {
			const id = String(sub.id);
			if (await deleteSubscription(this, id, itemIndex)) deleted.push({ id, objCode: sub.objCode, eventType: sub.eventType, url: sub.url });
			else alreadyGone++;
		}
		return { url, match, deletedCount: deleted.length, alreadyGone, deleted };
	},
};
