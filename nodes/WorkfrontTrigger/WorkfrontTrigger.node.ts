import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { subscriptionFilterProperties } from '../Workfront/actions/eventSubscription/descriptions';
import { fieldsToReturn, filterConditions, objectTypeLocator, rawFilter } from '../Workfront/actions/common.descriptions';
import { SUBSCRIPTION_EVENT_TYPES, SUBSCRIPTION_OBJECT_TYPES } from '../Workfront/helpers/eventSubscriptions';
import { listSearch, loadOptions } from '../Workfront/methods';
import { pollRecords } from './polling';
import { asNodeError } from './shared';
import { checkExists, create, deleteWebhook, receive } from './webhook';

const webhookOnly = { show: { triggerOn: ['webhook'] } };
const pollingOnly = { show: { triggerOn: ['polling'] } };

function only(displayOptions: INodeProperties['displayOptions'], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({ ...property, displayOptions }));
}

const webhookProperties: INodeProperties[] = only(webhookOnly, [
	{
		displayName: 'Object Type',
		name: 'eventObjCode',
		type: 'options',
		options: SUBSCRIPTION_OBJECT_TYPES,
		default: 'PROJ',
		required: true,
		description: 'The kind of record whose changes start the workflow',
	},
	{
		displayName: 'Events',
		name: 'eventTypes',
		type: 'multiOptions',
		options: SUBSCRIPTION_EVENT_TYPES,
		default: ['CREATE', 'UPDATE'],
		required: true,
		description: 'Each event type becomes one Workfront event subscription, made when the workflow is activated and deleted when it is deactivated',
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
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Base64 Payload',
				name: 'base64Encoding',
				type: 'boolean',
				default: false,
				description: 'Whether Workfront sends the record states base64-encoded (the trigger decodes them either way)',
			},
			{
				displayName: 'Drop Duplicate Deliveries',
				name: 'dropDuplicates',
				type: 'boolean',
				default: true,
				description: 'Whether to ignore a delivery of the same event (subscription, record and event time) received again within 15 minutes. Workfront resends events after failed or slow answers.',
			},
			{
				displayName: 'Ignore Own Changes',
				name: 'ignoreOwnChanges',
				type: 'boolean',
				default: false,
				description: 'Whether to ignore changes made by the credential\'s own API user (newState.lastUpdatedByID, or enteredByID for Create), so a workflow that writes back to Workfront does not trigger itself. Delete events cannot be told apart and always pass.',
			},
		],
	},
]);

const pollingProperties: INodeProperties[] = only(pollingOnly, [
	{ ...objectTypeLocator },
	{
		displayName: 'Watch',
		name: 'event',
		type: 'options',
		options: [
			{ name: 'New Records', value: 'new', description: 'Records created since the last poll (by entryDate)' },
			{ name: 'New or Updated Records', value: 'newOrUpdated', description: 'Records created or changed since the last poll (by lastUpdateDate)' },
			{ name: 'Updated Records', value: 'updated', description: 'Records changed since the last poll, not counting newly created ones' },
		],
		default: 'newOrUpdated',
	},
	filterConditions,
	rawFilter,
	...fieldsToReturn,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return a simplified version of the response instead of the raw data',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description: 'On the first poll after activation, report records from this date on. Empty: start from now, without the backlog.',
			},
			{
				displayName: 'Test Sample Size',
				name: 'sampleSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 5,
				description: 'How many of the most recent records a manual test run returns (it never moves the cursor)',
			},
		],
	},
]);

/**
 * One trigger, two ways to learn about changes: Workfront event subscriptions (webhook; instant, needs a
 * System Administrator API user and a URL Workfront can reach) or polling the REST API (any user, any object type).
 * The webhook's path is undefined in polling mode, so n8n registers no webhook then; poll() returns nothing in
 * webhook mode.
 */
export class WorkfrontTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Adobe Workfront Trigger',
		name: 'workfrontTrigger',
		icon: { light: 'file:workfront.svg', dark: 'file:workfront.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["triggerOn"] === "polling" ? "Polling" : "Event subscription"}}',
		description: 'Starts the workflow when Adobe Workfront records are created, updated or deleted (event subscription or polling)',
		defaults: { name: 'Adobe Workfront Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'workfrontJwtApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{$parameter["triggerOn"] === "polling" ? undefined : "webhook"}}',
				ndvHideUrl: '={{$parameter["triggerOn"] === "polling"}}',
				ndvHideMethod: true,
			},
		],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'triggerOn',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Workfront Event (Webhook)',
						value: 'webhook',
						description: 'Instant: Workfront POSTs each change. Needs a System Administrator API user and an n8n URL Workfront can reach.',
					},
					{
						name: 'Polling',
						value: 'polling',
						description: 'Ask Workfront for new or changed records at the Poll Times. Works for any object type and user.',
					},
				],
				default: 'webhook',
			},
			{
				displayName:
					'Workfront event subscriptions cannot be edited: when the workflow is saved with other settings, the trigger deletes its subscriptions and creates new ones. Poll Times are not used in this mode.',
				name: 'webhookNotice',
				type: 'notice',
				default: '',
				displayOptions: webhookOnly,
			},
			...webhookProperties,
			...pollingProperties,
		],
	};

	methods = { loadOptions, listSearch };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				try {
					return await checkExists.call(this);
				} catch (error) {
					throw asNodeError(this.getNode(), error);
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				try {
					return await create.call(this);
				} catch (error) {
					throw asNodeError(this.getNode(), error);
				}
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				try {
					return await deleteWebhook.call(this);
				} catch (error) {
					throw asNodeError(this.getNode(), error);
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if ((this.getNodeParameter('triggerOn', 'webhook') as string) !== 'polling') return null;
		try {
			return await pollRecords.call(this);
		} catch (error) {
			throw asNodeError(this.getNode(), error);
		}
	}
}
