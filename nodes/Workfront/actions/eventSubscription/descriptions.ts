import type { INodeProperties } from 'n8n-workflow';

import { FILTER_COMPARISONS } from '../../helpers/eventSubscriptions';

/** Subscription filters: rows for simple conditions, plus JSON for groups and nested values. Shared with the trigger. */
export const subscriptionFilterProperties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'subscriptionFilters',
		type: 'fixedCollection',
		placeholder: 'Add Filter',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description:
			'Conditions Workfront checks before it sends an event. Filters cannot be edited later: a change means deleting the subscription and creating a new one. A filter with a wrong field name raises no error; the subscription just receives nothing.',
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{
						displayName: 'Field',
						name: 'fieldName',
						type: 'string',
						default: '',
						placeholder: 'e.g. status',
						description: 'Field name as it appears in the event (e.g. status, percentComplete, or DE:Region for a custom field)',
					},
					{
						displayName: 'Comparison',
						name: 'comparison',
						type: 'options',
						options: FILTER_COMPARISONS,
						default: 'eq',
					},
					{
						displayName: 'Value',
						name: 'fieldValue',
						type: 'string',
						default: '',
						displayOptions: { hide: { comparison: ['changed'] } },
						description: 'Value to compare with. Contains Only takes a JSON array or a comma list; JSON objects are sent as objects.',
					},
					{
						displayName: 'State',
						name: 'state',
						type: 'options',
						options: [
							{ name: 'New State', value: 'newState', description: 'The record after the change' },
							{ name: 'Old State', value: 'oldState', description: 'The record before the change (there is none for Create)' },
						],
						default: 'newState',
						displayOptions: { hide: { comparison: ['changed'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Filters (JSON)',
		name: 'subscriptionFiltersJson',
		type: 'json',
		default: '',
		placeholder: '[{"type": "group", "connector": "OR", "filters": [{"fieldName": "status", "fieldValue": "CUR"}, {"fieldName": "status", "fieldValue": "PLN"}]}]',
		description: 'More filters as a JSON array, added to the rows above: filter groups ({"type":"group","connector":"AND|OR","filters":[…]}, at most 10 groups of 5) or nested values',
	},
	{
		displayName: 'Filter Connector',
		name: 'filterConnector',
		type: 'options',
		options: [
			{ name: 'AND (All Filters Must Match)', value: 'AND' },
			{ name: 'OR (Any Filter May Match)', value: 'OR' },
		],
		default: 'AND',
		description: 'How the top-level filters combine',
	},
];
