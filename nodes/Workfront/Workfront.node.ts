import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as eventSubscription from './actions/eventSubscription/EventSubscription.resource';
import * as api from './actions/api/Api.resource';
import * as document from './actions/document/Document.resource';
import * as record from './actions/record/Record.resource';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

/**
 * Programmatic rather than declarative: Return All needs a count plus concurrent $$FIRST/$$LIMIT pages, bulk
 * writes group many input items into one request, and writes are typed from Workfront's metadata first.
 */
export class Workfront implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Adobe Workfront',
		name: 'workfront',
		icon: { light: 'file:workfront.svg', dark: 'file:workfront.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, read, search, report on, update and delete any Adobe Workfront object (projects, tasks, issues, users, hours, documents, custom objects …)',
		defaults: { name: 'Adobe Workfront' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'workfrontJwtApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'API Call', value: 'api', description: 'Batch several calls in one request, or call any endpoint with the credential' },
					{ name: 'Document', value: 'document', description: 'Upload files (and new versions) from binary data; download them' },
					{ name: 'Event Subscription', value: 'eventSubscription', description: 'Webhooks: have Workfront POST record changes to a URL; list and clean them up' },
					{ name: 'Record', value: 'record', description: 'Any Workfront object: project, task, issue, user, hour …' },
				],
				default: 'record',
			},
			...record.description,
			...document.description,
			...api.description,
			...eventSubscription.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
