import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, recordLocator, simplifyOption } from '../common.descriptions';
import { buildRecord, getFields, getObjCode, getRecordIds, maybeSimplify } from '../../helpers/records';
import { formWrite, splitList } from '../../helpers/requests';
import { objectPath } from '../../transport';
import type { ItemOperation } from '../types';
import { writeInputs } from './shared';

const TASK_OPTIONS = [
	'clearApprovers', 'clearAssignments', 'clearConstraints', 'clearCustomData', 'clearDocuments', 'clearExpenses',
	'clearFinancials', 'clearPermissions', 'clearPredecessors', 'clearProgress', 'clearTimedNotifications',
];
const PROJECT_OPTIONS = [...TASK_OPTIONS, 'clearBillingRates', 'clearDeliverables', 'clearHourTypes', 'clearIssueSetup', 'clearRisks', 'clearSharingOptions'];

/** Workfront's documented copy options per object type; other types take options typed by hand. */
export const COPY_OPTIONS: Record<string, string[]> = {
	TASK: TASK_OPTIONS,
	OPTASK: ['clearAssignments', 'clearCustomData', 'clearDocuments', 'clearPermissions', 'clearProgress', 'clearUpdates'],
	PROJ: PROJECT_OPTIONS,
	TMPL: PROJECT_OPTIONS,
};

const OPTION_LABELS: Record<string, [string, string]> = {
	clearApprovers: ['Clear Approvers', 'Task, project, template'],
	clearAssignments: ['Clear Assignments', 'Task, issue, project, template'],
	clearBillingRates: ['Clear Billing Rates', 'Project, template'],
	clearConstraints: ['Clear Constraints', 'Task, project, template'],
	clearCustomData: ['Clear Custom Data', 'Task, issue, project, template'],
	clearDeliverables: ['Clear Deliverables', 'Project, template'],
	clearDocuments: ['Clear Documents', 'Task, issue, project, template'],
	clearExpenses: ['Clear Expenses', 'Task, project, template'],
	clearFinancials: ['Clear Financials', 'Task, project, template'],
	clearHourTypes: ['Clear Hour Types', 'Project, template'],
	clearIssueSetup: ['Clear Issue Setup', 'Project, template'],
	clearPermissions: ['Clear Permissions', 'Task, issue, project, template'],
	clearPredecessors: ['Clear Predecessors', 'Task, project, template'],
	clearProgress: ['Clear Progress', 'Task, issue, project, template: status and percent complete start over'],
	clearRisks: ['Clear Risks', 'Project, template'],
	clearSharingOptions: ['Clear Sharing Options', 'Project, template'],
	clearTimedNotifications: ['Clear Timed Notifications', 'Task, project, template'],
	clearUpdates: ['Clear Updates', 'Issue: comments are not copied'],
};

const properties: INodeProperties[] = [
	recordLocator({ description: 'The record to copy: pick it, give its ID, or paste its Workfront URL' }),
	...writeInputs(['copy'], false),
	{
		displayName: 'Copy Options',
		name: 'copyOptions',
		type: 'multiOptions',
		options: Object.entries(OPTION_LABELS).map(([value, [name, description]]) => ({ name, value, description })),
		default: [],
		description: 'What not to carry over to the copy. Tasks, issues, projects and templates each accept their own set (shown under each option).',
	},
	{
		displayName: 'More Copy Options',
		name: 'moreCopyOptions',
		type: 'string',
		default: '',
		placeholder: 'e.g. clearAssignments,clearProgress',
		description: 'Other copy option names, comma-separated or as a JSON array, for object types not listed above',
	},
	...fieldsToReturn,
	simplifyOption,
];

export const copy: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['copy'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID to copy', 'Copy one record per input item.');
		const options = [...new Set([
			...(this.getNodeParameter('copyOptions', itemIndex, []) as string[]),
			...splitList(this.getNodeParameter('moreCopyOptions', itemIndex, '')),
		])];
		const known = COPY_OPTIONS[objCode.toUpperCase()];
		const wrong = known ? options.filter((option) => !known.includes(option)) : [];
		if (wrong.length > 0) {
			throw new WorkfrontInputError(
				`Copy Options: ${wrong.join(', ')} cannot be used when copying ${objCode}`,
				`${objCode} accepts: ${known.join(', ')}.`,
			);
		}
		const updates = await buildRecord.call(this, itemIndex, objCode, { forUpdate: true });
		delete updates.__attachForms;
		const created = (await formWrite.call(this, {
			method: 'POST',
			path: objectPath(objCode),
			params: {
				copySourceID: id,
				updates: Object.keys(updates).length > 0 ? updates : undefined,
				options: options.length > 0 ? options : undefined,
				fields: getFields.call(this, itemIndex),
			},
			itemIndex,
			objCode,
		})) as IDataObject;
		return maybeSimplify.call(this, itemIndex, [created]);
	},
};
