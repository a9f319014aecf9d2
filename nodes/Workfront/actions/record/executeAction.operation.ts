import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, recordLocator, simplifyOption } from '../common.descriptions';
import { getFields, getObjCode, getRecordIds, maybeSimplify } from '../../helpers/records';
import { executeAction as runAction, splitList } from '../../helpers/requests';
import { isWorkfrontId, parseJsonParameter } from '../../helpers/values';
import { objectPath, workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';

const ACTION_NAME_REGEX = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const show = (actions: string[]) => ({ recordAction: actions });

const properties: INodeProperties[] = [
	recordLocator({ description: 'The record to act on: pick it, give its ID, or paste its Workfront URL' }),
	{
		displayName: 'Action',
		name: 'recordAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Approve Approval', value: 'approveApproval', description: 'Approve the pending approval step (project, task, issue)' },
			{ name: 'Assign', value: 'assign', description: 'Assign one user, job role or team (task, issue)' },
			{ name: 'Assign Multiple', value: 'assignMultiple', description: 'Assign several users and/or job roles at once (task, issue)' },
			{ name: 'Attach Template', value: 'attachTemplate', description: 'Add a template\'s tasks to the project' },
			{ name: 'Calculate Finance', value: 'calculateFinance', description: 'Recalculate the project\'s finances' },
			{ name: 'Calculate Timeline', value: 'calculateTimeline', description: 'Recalculate the project\'s timeline' },
			{ name: 'Custom Action', value: 'custom', description: 'Any other action by name, with its arguments as JSON' },
			{ name: 'Mark Done', value: 'markDone', description: 'Complete the task or issue' },
			{ name: 'Mark Not Done', value: 'markNotDone', description: 'Reopen a completed task or issue' },
			{ name: 'Move', value: 'move', description: 'Move the task (with its subtasks) or issue to another project' },
			{ name: 'Recall Approval', value: 'recallApproval', description: 'Recall a submitted approval (project, task, issue)' },
			{ name: 'Reject Approval', value: 'rejectApproval', description: 'Reject the pending approval step (project, task, issue)' },
			{ name: 'Unassign', value: 'unassign', description: 'Remove a user\'s assignment (task, issue)' },
		],
		default: 'markDone',
		description: 'The Workfront action to run (PUT /object/ID/action). Which actions an object type has is listed in Workfront\'s API Explorer.',
	},
	{
		displayName: 'Action Name',
		name: 'customAction',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. calculateDataExtension',
		displayOptions: { show: show(['custom']) },
		description: 'The action as Workfront names it (case-sensitive)',
	},
	{
		displayName: 'Assignee Type',
		name: 'assigneeType',
		type: 'options',
		options: [
			{ name: 'User', value: 'USER' },
			{ name: 'Job Role', value: 'ROLE' },
			{ name: 'Team', value: 'TEAMOB' },
		],
		default: 'USER',
		displayOptions: { show: show(['assign']) },
	},
	{
		displayName: 'Assignee ID',
		name: 'assigneeId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: show(['assign']) },
		description: 'ID of the user, job role or team to assign',
	},
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5f3c…e6f, 7a1b…c2d',
		displayOptions: { show: show(['assignMultiple']) },
		description: 'Users to assign, comma-separated or a JSON array',
	},
	{
		displayName: 'Job Role IDs',
		name: 'roleIds',
		type: 'string',
		default: '',
		displayOptions: { show: show(['assignMultiple']) },
		description: 'Job roles to assign, comma-separated or a JSON array',
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: show(['unassign']) },
		description: 'The user whose assignment is removed',
	},
	{
		displayName: 'Target Project ID',
		name: 'projectId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: show(['move']) },
		description: 'The project to move the work item to',
	},
	{
		displayName: 'Parent Task ID',
		name: 'parentId',
		type: 'string',
		default: '',
		displayOptions: { show: show(['move']) },
		description: 'Optional task in the target project to move a task under',
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: show(['attachTemplate']) },
		description: 'The template whose tasks are added to the project',
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		default: '',
		displayOptions: { show: show(['approveApproval', 'rejectApproval']) },
		description: 'Optional comment recorded with the decision',
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'actionArguments',
		type: 'json',
		default: '{}',
		description:
			'Arguments of the action as a JSON object, e.g. {"objID": "…", "objCode": "USER"}. For the listed actions they are added to (and override) the fields above.',
	},
	{
		displayName: 'Return Record',
		name: 'returnRecord',
		type: 'boolean',
		default: true,
		description: 'Whether to read the record again after the action and return it (with Fields to Return), rather than the action\'s own answer',
	},
	...fieldsToReturn.map((property) => ({ ...property, displayOptions: { show: { returnRecord: [true] } } })),
	{ ...simplifyOption, displayOptions: { show: { returnRecord: [true] } } },
];

function requireId(value: unknown, label: string): string {
	const text = String(value ?? '').trim();
	if (!isWorkfrontId(text)) {
		throw new WorkfrontInputError(
			text === '' ? `${label} is empty` : `${label} "${text}" is not a Workfront ID`,
			'Workfront IDs are 32 hexadecimal characters, e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f.',
		);
	}
	return text;
}

function idsOf(raw: unknown, label: string): string[] {
	return splitList(raw).map((value) => requireId(value, label));
}

/** The action name and its arguments for one item. */
function actionFor(this: IExecuteFunctions, itemIndex: number): { action: string; args: IDataObject } {
	const chosen = this.getNodeParameter('recordAction', itemIndex) as string;
	const extra = parseJsonParameter<IDataObject>(this.getNodeParameter('actionArguments', itemIndex, '{}'), 'Arguments (JSON)', 'object');
	const param = (name: string) => this.getNodeParameter(name, itemIndex, '') as string;
	let args: IDataObject = {};
	let action = chosen;
	switch (chosen) {
		case 'custom':
			action = String(param('customAction')).trim();
			if (!ACTION_NAME_REGEX.test(action)) {
				throw new WorkfrontInputError(
					action === '' ? 'Action Name is empty' : `Action Name "${action}" is not a Workfront action name`,
					'Type the action as Workfront names it, e.g. calculateDataExtension (letters and digits only).',
				);
			}
			break;
		case 'assign':
			args = { objID: requireId(param('assigneeId'), 'Assignee ID'), objCode: param('assigneeType') || 'USER' };
			break;
		case 'assignMultiple': {
			const userIDs = idsOf(param('userIds'), 'User IDs');
			const roleIDs = idsOf(param('roleIds'), 'Job Role IDs');
			if (userIDs.length === 0 && roleIDs.length === 0 && extra.userIDs === undefined && extra.roleIDs === undefined) {
				throw new WorkfrontInputError('Assign Multiple needs User IDs or Job Role IDs', 'Give at least one user or job role ID.');
			}
			if (userIDs.length > 0) args.userIDs = userIDs;
			if (roleIDs.length > 0) args.roleIDs = roleIDs;
			break;
		}
		case 'unassign':
			args = { userID: requireId(param('userId'), 'User ID') };
			break;
		case 'move':
			args = { projectID: requireId(param('projectId'), 'Target Project ID') };
			if (String(param('parentId')).trim() !== '') args.parentID = requireId(param('parentId'), 'Parent Task ID');
			break;
		case 'attachTemplate':
			args = { templateID: requireId(param('templateId'), 'Template ID') };
			break;
		case 'approveApproval':
		case 'rejectApproval':
			if (String(param('comment')).trim() !== '') args.comment = param('comment');
			break;
	}
	return { action, args: { ...args, ...extra } };
}

export const executeAction: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['executeAction'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID per action', 'Run the action once per input item.');
		const { action, args } = actionFor.call(this, itemIndex);
		const answer = await runAction.call(this, { objCode, id, action, args, itemIndex });
		if (!(this.getNodeParameter('returnRecord', itemIndex, true) as boolean)) {
			return answer !== null && typeof answer === 'object' && !Array.isArray(answer) ? (answer as IDataObject) : { result: answer as IDataObject[string] };
		}
		const record = (await workfrontRequest.call(this, {
			method: 'GET',
			path: objectPath(objCode, id),
			qs: { fields: getFields.call(this, itemIndex) },
			itemIndex,
			objCode,
		})) as IDataObject;
		return maybeSimplify.call(this, itemIndex, [record]);
	},
};
