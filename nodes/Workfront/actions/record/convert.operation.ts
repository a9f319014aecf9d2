import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, recordLocator, simplifyOption } from '../common.descriptions';
import { getFields, getObjCode, getRecordIds, maybeSimplify } from '../../helpers/records';
import { executeAction } from '../../helpers/requests';
import { isWorkfrontId, parseJsonParameter } from '../../helpers/values';
import { objectPath, workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';

interface Conversion {
	source: string;
	sourceLabel: string;
	target: 'PROJ' | 'TASK';
	action: string;
	argument: 'project' | 'task';
}

const CONVERSIONS: Record<string, Conversion> = {
	issueToProject: { source: 'OPTASK', sourceLabel: 'an issue (OPTASK)', target: 'PROJ', action: 'convertToProject', argument: 'project' },
	issueToTask: { source: 'OPTASK', sourceLabel: 'an issue (OPTASK)', target: 'TASK', action: 'convertToTask', argument: 'task' },
	taskToProject: { source: 'TASK', sourceLabel: 'a task (TASK)', target: 'PROJ', action: 'convertToProject', argument: 'project' },
};

const properties: INodeProperties[] = [
	{
		displayName: 'Conversion',
		name: 'conversion',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Issue → Project', value: 'issueToProject', description: 'Turn an issue (Object Type OPTASK) into a new project' },
			{ name: 'Issue → Task', value: 'issueToTask', description: 'Turn an issue (Object Type OPTASK) into a task of a project' },
			{ name: 'Task → Project', value: 'taskToProject', description: 'Turn a task (Object Type TASK) into a new project' },
		],
		default: 'issueToProject',
		description: 'What to convert into what. Object Type must be the source type (OPTASK for issues, TASK for tasks).',
	},
	recordLocator({ description: 'The issue or task to convert: pick it, give its ID, or paste its Workfront URL' }),
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		displayOptions: { show: { conversion: ['issueToProject', 'taskToProject'] } },
		description: 'Optional project template whose tasks the new project gets',
	},
	{
		displayName: 'Project ID',
		name: 'targetProjectId',
		type: 'string',
		default: '',
		displayOptions: { show: { conversion: ['issueToTask'] } },
		description: 'Project the new task goes into. Empty: the issue\'s own project.',
	},
	{
		displayName: 'Parent Task ID',
		name: 'parentTaskId',
		type: 'string',
		default: '',
		displayOptions: { show: { conversion: ['issueToTask'] } },
		description: 'Optional parent task of the new task',
	},
	{
		displayName: 'Name',
		name: 'newName',
		type: 'string',
		default: '',
		description: 'Name of the new record. Empty: the source\'s name (with Copy Native Fields).',
	},
	{
		displayName: 'Preserve Options',
		name: 'preserveOptions',
		type: 'multiOptions',
		options: [
			{ name: 'Preserve Issue', value: 'preserveIssue', description: 'Keep the original issue and tie its resolution to the new record (otherwise it is removed)' },
			{ name: 'Preserve Primary Contact', value: 'preservePrimaryContact', description: 'The issue\'s primary contact becomes the new record\'s owner' },
			{ name: 'Preserve Completion Date', value: 'preserveCompletionDate', description: 'Keep the issue\'s planned completion date' },
		],
		default: ['preserveIssue'],
		displayOptions: { show: { conversion: ['issueToProject', 'issueToTask'] } },
	},
	{
		displayName: 'Copy Native Fields',
		name: 'copyNativeFields',
		type: 'boolean',
		default: true,
		description: 'Whether to copy the source\'s own fields (name, description, priority …) to the new record',
	},
	{
		displayName: 'Copy Custom Forms',
		name: 'copyCategories',
		type: 'boolean',
		default: true,
		description: 'Whether to carry the source\'s custom forms and their values over (forms that also apply to the new type)',
	},
	{
		displayName: 'Additional Fields (JSON)',
		name: 'additionalFields',
		type: 'json',
		default: '{}',
		description: 'More fields of the new project or task as a JSON object, e.g. {"ownerID": "…", "plannedStartDate": "2026-03-02"}',
	},
	...fieldsToReturn,
	simplifyOption,
];

function optionalId(value: unknown, label: string): string | undefined {
	const text = String(value ?? '').trim();
	if (text === '') return undefined;
	if (!isWorkfrontId(text)) throw new WorkfrontInputError(`${label} "${text}" is not a Workfront ID`, 'Workfront IDs are 32 hexadecimal characters.');
	return text;
}

export const convert: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['convert'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const conversion = CONVERSIONS[this.getNodeParameter('conversion', itemIndex) as string];
		if (!conversion) throw new WorkfrontInputError('Conversion is not one of Issue → Project, Issue → Task, Task → Project', 'Pick a conversion from the list.');
		const objCode = getObjCode.call(this, itemIndex).toUpperCase();
		if (objCode !== conversion.source) {
			throw new WorkfrontInputError(
				`Conversion needs ${conversion.sourceLabel}, but Object Type is ${objCode}`,
				`Set Object Type to ${conversion.source} and pick the record to convert, or choose another conversion.`,
			);
		}
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID to convert', 'Convert one record per input item.');
		const fields: IDataObject = parseJsonParameter<IDataObject>(this.getNodeParameter('additionalFields', itemIndex, '{}'), 'Additional Fields (JSON)', 'object');
		const name = String(this.getNodeParameter('newName', itemIndex, '') ?? '').trim();
		if (name !== '') fields.name = name;
		if (conversion.target === 'PROJ') {
			const templateID = optionalId(this.getNodeParameter('templateId', itemIndex, ''), 'Template ID');
			if (templateID) fields.templateID = templateID;
		} else {
			const projectID = optionalId(this.getNodeParameter('targetProjectId', itemIndex, ''), 'Project ID');
			const parentID = optionalId(this.getNodeParameter('parentTaskId', itemIndex, ''), 'Parent Task ID');
			if (projectID) fields.projectID = projectID;
			if (parentID) fields.parentID = parentID;
		}
		const options = conversion.source === 'OPTASK' ? (this.getNodeParameter('preserveOptions', itemIndex, []) as string[]) : [];
		const answer = await executeAction.call(this, {
			objCode,
			id,
			action: conversion.action,
			args: {
				[conversion.argument]: fields,
				options: options.length > 0 ? options : undefined,
				copyNativeFields: this.getNodeParameter('copyNativeFields', itemIndex, true) as boolean,
				copyCategories: this.getNodeParameter('copyCategories', itemIndex, true) as boolean,
			},
			itemIndex,
		});
		const newId = answer && typeof answer === 'object' ? (answer as IDataObject).result ?? (answer as IDataObject).ID : answer;
		if (typeof newId !== 'string' || !isWorkfrontId(newId)) {
			return { sourceID: id, sourceObjCode: objCode, result: answer as IDataObject[string] };
		}
		const created = (await workfrontRequest.call(this, {
			method: 'GET',
			path: objectPath(conversion.target, newId),
			qs: { fields: getFields.call(this, itemIndex) },
			itemIndex,
			objCode: conversion.target,
		})) as IDataObject;
		return maybeSimplify.call(this, itemIndex, [{ ...created, sourceID: id, sourceObjCode: objCode }]);
	},
};
