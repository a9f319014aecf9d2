import type { INodeProperties } from 'n8n-workflow';

import { OPERATORS, RANGE_OPERATORS, VALUELESS_OPERATORS } from '../helpers/query';

export const OBJ_CODE_REGEX = '^[A-Za-z][A-Za-z0-9_]{1,29}$';
export const ID_REGEX = '^[0-9a-fA-F]{32}$';
export const IDS_REGEX = '^\\s*[0-9a-fA-F]{32}(\\s*,\\s*[0-9a-fA-F]{32})*\\s*$';
/** A Workfront page URL: the first 32-hex path segment is the record's ID. */
export const RECORD_URL_REGEX = '^https?://.*?/([0-9a-fA-F]{32})(?:[/?#].*)?$';

export const objectTypeLocator: INodeProperties = {
	displayName: 'Object Type',
	name: 'objCode',
	type: 'resourceLocator',
	default: { mode: 'list', value: 'PROJ' },
	required: true,
	description: 'The Workfront object type (objCode), e.g. PROJ for projects, TASK, OPTASK for issues, USER, HOUR, NOTE, DOCU',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchObjectTypes', searchable: true },
		},
		{
			displayName: 'By Code',
			name: 'code',
			type: 'string',
			placeholder: 'e.g. PROJ, TASK, OPTASK, SCHED',
			validation: [
				{
					type: 'regex',
					properties: { regex: OBJ_CODE_REGEX, errorMessage: 'An object code is letters, digits and underscores, e.g. PROJ or TASK' },
				},
			],
		},
	],
};

export function recordLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Record',
		name: 'recordId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The record to use: pick it, give its ID (32 hexadecimal characters), or paste its Workfront URL',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchRecords', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f',
				validation: [{ type: 'regex', properties: { regex: ID_REGEX, errorMessage: 'A Workfront ID is 32 hexadecimal characters' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://acme.my.workfront.com/project/5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f/overview',
				extractValue: { type: 'regex', regex: RECORD_URL_REGEX },
				validation: [
					{ type: 'regex', properties: { regex: RECORD_URL_REGEX, errorMessage: 'Paste a Workfront page URL that contains the record ID' } },
				],
			},
		],
		...overrides,
	};
}

export const fieldsToReturn: INodeProperties[] = [
	{
		displayName: 'Fields to Return',
		name: 'fields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getReadableFields', loadOptionsDependsOn: ['objCode.value'] },
		default: [],
		description:
			'Fields to include. Empty returns Workfront\'s default set. "*" returns every direct field, "parameterValues" every custom field. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'More Fields',
		name: 'extraFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. owner:name,tasks:*,DE:Budget Code',
		description: 'Comma-separated extra fields: references (owner:name), collections (assignments:*), custom fields (DE:Field Name)',
	},
];

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const filterConditions: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'fixedCollection',
	placeholder: 'Add Filter',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	description: 'Conditions a record must meet. Conditions in the same match group must all hold; a record matches when any group holds.',
	options: [
		{
			displayName: 'Condition',
			name: 'conditions',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'field',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFilterableFields', loadOptionsDependsOn: ['objCode.value'] },
					default: '',
					description:
						'Field to test; references use a colon (project:name), custom fields start with DE:. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Match Group',
					name: 'group',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Conditions with the same number must all hold. 0 is the main group; 1, 2 … are alternatives joined with OR.',
				},
				{
					displayName: 'Operator',
					name: 'operator',
					type: 'options',
					options: OPERATORS,
					default: 'eq',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					displayOptions: { hide: { operator: [...VALUELESS_OPERATORS] } },
					description: 'Value to compare with. Lists: comma-separated or a JSON array. Dates accept wildcards such as $$TODAY-7d or $$NOW.',
				},
				{
					displayName: 'Value To',
					name: 'valueTo',
					type: 'string',
					default: '',
					displayOptions: { show: { operator: [...RANGE_OPERATORS] } },
					description: 'Upper end of the range (inclusive)',
				},
			],
		},
	],
};

export const rawFilter: INodeProperties = {
	displayName: 'Raw Filter',
	name: 'rawFilter',
	type: 'string',
	default: '',
	placeholder: 'e.g. status=CUR&plannedCompletionDate=$$TODAY&plannedCompletionDate_Mod=lt',
	description:
		'Workfront filter for power users, added to the conditions above: a query string (status=CUR&name_Mod=cicontains&name=launch, OR:1:… groups) or a JSON object sent as "filters"',
};

export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 5,
			description: 'Requests this node keeps in flight at once. Workfront limits concurrent requests per customer and answers 429 above it.',
		},
		{
			displayName: 'Max Retries on 429',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 5,
			description: 'How often a request Workfront refused as "too many concurrent requests" is retried, with growing randomized waits',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 60,
			description: 'How long to wait for each answer. A write that times out is never sent again.',
		},
	],
};

/** n8n's Return All / Limit pair for list operations. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
