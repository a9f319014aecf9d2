import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { buildSubscriptionFilters, createSubscription, SUBSCRIPTION_EVENT_TYPES, SUBSCRIPTION_OBJECT_TYPES, type FilterRow } from '../../helpers/eventSubscriptions';
import { maskToken, readSubscriptionUrl } from './shared';
import { subscriptionFilterProperties } from './descriptions';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Object Type',
		name: 'subscriptionObjCode',
		type: 'options',
		options: SUBSCRIPTION_OBJECT_TYPES,
		default: 'PROJ',
		required: true,
		description: 'The kind of record whose changes are sent',
	},
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: SUBSCRIPTION_EVENT_TYPES,
		default: 'UPDATE',
		required: true,
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://n8n.example.com/webhook/…',
		description: 'The endpoint Workfront POSTs each event to. It must answer 2xx within 5 seconds.',
	},
	{
		displayName: 'Auth Token',
		name: 'authToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'Token Workfront presents to the URL with every event (fewer than 255 characters). Workfront never shows it again in full, so keep your own copy.',
	},
	{
		displayName: 'Object ID',
		name: 'objId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f',
		description: 'Only events of this one record. Empty: every record of the type.',
	},
	...subscriptionFilterProperties,
	{
		displayName: 'Base64 Encoding',
		name: 'base64Encoding',
		type: 'boolean',
		default: false,
		description: 'Whether Workfront sends newState and oldState as base64-encoded JSON (the Adobe Workfront Trigger decodes them)',
	},
];

export const create: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['eventSubscription'], operation: ['create'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = this.getNodeParameter('subscriptionObjCode', itemIndex) as string;
		const eventType = this.getNodeParameter('eventType', itemIndex) as string;
		const url = readSubscriptionUrl(this.getNodeParameter('url', itemIndex, '') as string);
		const authToken = String(this.getNodeParameter('authToken', itemIndex, '') ?? '');
		if (authToken === '' || authToken.length >= 255) {
			throw new WorkfrontInputError('Auth Token must be 1 to 254 characters', 'Workfront presents this token to the URL with every event; use a long random string.');
		}
		const objId = String(this.getNodeParameter('objId', itemIndex, '') ?? '').trim();
		const filters = buildSubscriptionFilters(
			(this.getNodeParameter('subscriptionFilters.filter', itemIndex, []) as FilterRow[]) ?? [],
			this.getNodeParameter('subscriptionFiltersJson', itemIndex, ''),
		);
		const filterConnector = this.getNodeParameter('filterConnector', itemIndex, 'AND') as 'AND' | 'OR';
		const base64Encoding = this.getNodeParameter('base64Encoding', itemIndex, false) as boolean;
		const created = await createSubscription(this, { objCode, eventType, url, authToken, objId: objId || undefined, filters, filterConnector, base64Encoding }, { itemIndex });
		return {
			id: created.id,
			version: created.version ?? null,
			location: created.location ?? null,
			objCode,
			eventType,
			url,
			objId: objId || null,
			filters,
			filterConnector,
			base64Encoding,
			authToken: maskToken(authToken),
		};
	},
};
