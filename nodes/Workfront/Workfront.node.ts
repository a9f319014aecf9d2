import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

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
				options: [{ name: 'Record', value: 'record', description: 'Any Workfront object: project, task, issue, user, hour …' }],
				default: 'record',
			},
			...record.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
