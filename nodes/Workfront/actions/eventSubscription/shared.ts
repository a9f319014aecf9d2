import type { INodeProperties } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';

/** Workfront shows a stored authToken only as its last 4 characters; the node does the same in its output. */
export function maskToken(token: string): string {
	return token.length <= 8 ? '*'.repeat(token.length) : `****${token.slice(-4)}`;
}

export function readSubscriptionUrl(raw: unknown): string {
	const url = String(raw ?? '').trim();
	let protocol = '';
	try {
		protocol = new URL(url).protocol;
	} catch {
		protocol = '';
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw new WorkfrontInputError(url === '' ? 'URL is empty' : `URL "${url}" is not an http(s) address`, 'Give the full address Workfront should POST events to, e.g. https://n8n.example.com/webhook/abc.');
	}
	return url;
}

export function subscriptionIdProperty(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Subscription ID',
		name: 'subscriptionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 750a636c-5628-48f5-ba26-26b7ce537ac5',
		description,
		displayOptions: { show: { resource: ['eventSubscription'], operation: [operation] } },
	};
}

export function readSubscriptionId(raw: unknown): string {
	const id = String(raw ?? '').trim();
	if (id === '') throw new WorkfrontInputError('Subscription ID is empty', 'Use Get Many to list the subscriptions and their IDs.');
	return id;
}
