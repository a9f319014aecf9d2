import type { INodeProperties } from 'n8n-workflow';

/** The write inputs shared by create, update and the bulk operations. */
export function writeInputs(operations: string[], requireFields: boolean): INodeProperties[] {
	const show = { resource: ['record'], operation: operations };
	return [
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Pick Fields', value: 'fields', description: 'Choose fields from the object\'s metadata and set their values' },
				{ name: 'JSON', value: 'json', description: 'Give the fields as one JSON object' },
				{ name: 'Use Input Item', value: 'item', description: 'Send the fields of each input item as they are' },
			],
			default: 'fields',
			displayOptions: { show },
		},
		{
			displayName: 'Fields to Set',
			name: 'fieldValues',
			type: 'fixedCollection',
			placeholder: 'Add Field',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			displayOptions: { show: { ...show, inputMode: ['fields'] } },
			description: requireFields
				? 'Fields of the new record. Types follow Workfront\'s metadata; an empty value clears a field. Custom fields start with DE: (multi-selects take a comma list or a JSON array).'
				: 'Only these fields change (a sparse update). An empty value clears the field. Custom fields start with DE: (multi-selects take a comma list or a JSON array).',
			options: [
				{
					displayName: 'Field',
					name: 'values',
					values: [
						{
							displayName: 'Field Name or ID',
							name: 'field',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getWritableFields', loadOptionsDependsOn: ['objCode.value'] },
							default: '',
							description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
						},
					],
				},
			],
		},
		{
			displayName: 'JSON Data',
			name: 'jsonData',
			type: 'json',
			default: '{\n  "name": ""\n}',
			displayOptions: { show: { ...show, inputMode: ['json'] } },
			description: 'The fields as a JSON object, e.g. {"name": "Launch", "DE:Region": ["EMEA", "APAC"]}',
		},
		{
			displayName: 'Fields to Ignore',
			name: 'ignoreFields',
			type: 'string',
			default: '',
			placeholder: 'e.g. rowNumber,comment',
			displayOptions: { show: { ...show, inputMode: ['item'] } },
			description: 'Comma-separated input fields not to send. ID, objCode and system dates are never sent.',
		},
	];
}

export function customFormsOption(): INodeProperties {
	return {
		displayName: 'Custom Form Names or IDs',
		name: 'customForms',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getCustomForms', loadOptionsDependsOn: ['objCode.value'] },
		default: [],
		description:
			'Custom forms to attach (forms already on the record stay). Their fields can then be set as DE:<field name>. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

/** The "Options" collection of create and update: custom forms to attach. */
export function formOptions(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [customFormsOption()],
	};
}
