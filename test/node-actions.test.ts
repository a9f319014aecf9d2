/** Record actions inside n8n's engine: Copy, Execute Action, Convert and Share, against the emulator. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { id, rl, TestBed } from './harness/bed';

let bed: TestBed;
let projectId: string;
let otherProjectId: string;
let users: string[];

before(async () => {
	bed = await TestBed.start();
	const store = bed.emulator.store;
	projectId = String(store.all('PROJ')[0].ID);
	otherProjectId = String(store.all('PROJ')[1].ID);
	users = store.all('USER').slice(2, 5).map((u) => String(u.ID));
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

async function createTask(name: string, extra: Record<string, unknown> = {}): Promise<string> {
	const [item] = await bed.ok({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name, projectID: projectId, ...extra }) });
	return String(item.json.ID);
}

async function createIssue(name: string, extra: Record<string, unknown> = {}): Promise<string> {
	const [item] = await bed.ok({ operation: 'create', objCode: rl('OPTASK'), inputMode: 'json', jsonData: JSON.stringify({ name, projectID: projectId, ...extra }) });
	return String(item.json.ID);
}

const act = (objCode: string, recordId: string, parameters: Record<string, unknown>) =>
	({ operation: 'executeAction', objCode: rl(objCode), recordId: id(recordId), ...parameters }) as never;

describe('copy', () => {
	test('copies a task with new values and copy options; the copy is returned with Fields to Return', async () => {
		const source = await createTask('Copy source', { status: 'INP', percentComplete: 60, description: 'keep me' });
		await bed.ok(act('TASK', source, { recordAction: 'assign', assigneeId: users[0] }));
		const [copy] = await bed.ok({
			operation: 'copy',
			objCode: rl('TASK'),
			recordId: id(source),
			fieldValues: { values: [{ field: 'name', value: 'Copied task' }] },
			copyOptions: ['clearProgress', 'clearAssignments'],
			fields: ['status', 'percentComplete', 'description'],
		});
		assert.notEqual(copy.json.ID, source);
		assert.equal(copy.json.name, 'Copied task');
		assert.equal(copy.json.status, 'NEW');
		assert.equal(copy.json.percentComplete, 0);
		assert.equal(copy.json.description, 'keep me');
		assert.equal(bed.emulator.store.all('ASSGN').filter((a) => a.taskID === copy.json.ID).length, 0);
		const [plain] = await bed.ok({ operation: 'copy', objCode: rl('TASK'), recordId: id(source) });
		assert.equal(bed.emulator.store.get('TASK', String(plain.json.ID))!.name, 'Copy source');
		assert.equal(bed.emulator.store.all('ASSGN').filter((a) => a.taskID === plain.json.ID).length, 1, 'assignments are copied by default');
	});

	test('an option that does not apply to the type is refused before any request; options typed by hand reach Workfront', async () => {
		const source = await createTask('Copy options');
		const calls = bed.emulator.requests.length;
		const error = await bed.fails({ operation: 'copy', objCode: rl('TASK'), recordId: id(source), copyOptions: ['clearRisks'] });
		assert.match(error.message, /Copy Options: clearRisks cannot be used when copying TASK/);
		assert.match(String(error.description), /TASK accepts: clearApprovers/);
		assert.equal(bed.emulator.requests.filter((r) => r.method !== 'GET').length, bed.emulator.requests.slice(0, calls).filter((r) => r.method !== 'GET').length);
		const [project] = await bed.ok({ operation: 'copy', objCode: rl('PROJ'), recordId: id(projectId), moreCopyOptions: '["clearRisks","clearBillingRates"]', fieldValues: { values: [{ field: 'name', value: 'Project copy' }] } });
		const sourceTasks = bed.emulator.store.all('TASK').filter((t) => t.projectID === projectId).length;
		assert.equal(bed.emulator.store.all('TASK').filter((t) => t.projectID === project.json.ID).length, sourceTasks);
	});
});

describe('execute action', () => {
	test('assign, assign multiple and unassign change ASSGN rows; the record is read back', async () => {
		const task = await createTask('Team work');
		const [assigned] = await bed.ok(act('TASK', task, { recordAction: 'assign', assigneeType: 'USER', assigneeId: users[0], fields: ['assignedToID'] }));
		assert.equal(assigned.json.assignedToID, users[0]);
		await bed.ok(act('TASK', task, { recordAction: 'assignMultiple', userIds: `${users[1]}, ${users[2]}` }));
		const assignees = () => bed.emulator.store.all('ASSGN').filter((a) => a.taskID === task).map((a) => String(a.assignedToID)).sort();
		assert.deepEqual(assignees(), [...users].sort());
		await bed.ok(act('TASK', task, { recordAction: 'unassign', userId: users[1] }));
		assert.deepEqual(assignees(), [users[0], users[2]].sort());
		const posts = bed.requests((r) => r.method === 'POST' && r.path.endsWith(`/task/${task}/unassign`));
		assert.equal(posts.length, 1, 'sent as POST with method=PUT, arguments in the form body');
		assert.deepEqual(posts[0].query, {}, 'no arguments in the URL');
	});

	test('move, mark done, attach template, calculate timeline (the action\'s own answer) and approvals', async () => {
		const task = await createTask('Move me');
		await bed.ok(act('TASK', task, { recordAction: 'move', projectId: otherProjectId }));
		assert.equal(bed.emulator.store.get('TASK', task)!.projectID, otherProjectId);
		const [done] = await bed.ok(act('TASK', task, { recordAction: 'markDone', fields: ['percentComplete'] }));
		assert.equal(done.json.status, 'CPL');
		assert.equal(done.json.percentComplete, 100);
		const template = bed.emulator.store.all('TMPL')[0];
		const [project] = await bed.ok({ operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"name": "Templated"}' });
		await bed.ok(act('PROJ', String(project.json.ID), { recordAction: 'attachTemplate', templateId: String(template.ID) }));
		assert.equal(
			bed.emulator.store.all('TASK').filter((t) => t.projectID === project.json.ID).length,
			bed.emulator.store.all('TTSK').filter((t) => t.templateID === template.ID).length,
		);
		const [answer] = await bed.ok(act('PROJ', String(project.json.ID), { recordAction: 'calculateTimeline', returnRecord: false }));
		assert.deepEqual(answer.json, { success: true });
		await bed.ok(act('PROJ', String(project.json.ID), { recordAction: 'approveApproval', comment: 'fine' }));
		assert.equal(bed.emulator.store.get('PROJ', String(project.json.ID))!.approvalStatus, 'APPROVED');
	});

	test('a custom action with JSON arguments; JSON arguments override the fields', async () => {
		const task = await createTask('Custom action');
		await bed.ok(act('TASK', task, { recordAction: 'custom', customAction: 'assign', actionArguments: JSON.stringify({ objID: users[2], objCode: 'USER' }) }));
		assert.equal(bed.emulator.store.get('TASK', task)!.assignedToID, users[2]);
		await bed.ok(act('TASK', task, { recordAction: 'move', projectId: projectId, actionArguments: JSON.stringify({ projectID: otherProjectId }) }));
		assert.equal(bed.emulator.store.get('TASK', task)!.projectID, otherProjectId);
	});

	test('clear errors: unknown action, bad action name, bad arguments JSON, a bad ID argument', async () => {
		const task = await createTask('Errors');
		const unknown = await bed.fails(act('TASK', task, { recordAction: 'custom', customAction: 'doMagic' }));
		assert.match(unknown.message, /does not support action doMagic \(Task\)/);
		const badName = await bed.fails(act('TASK', task, { recordAction: 'custom', customAction: 'do/../magic' }));
		assert.match(badName.message, /Action Name "do\/..\/magic" is not a Workfront action name/);
		const badJson = await bed.fails(act('TASK', task, { recordAction: 'markDone', actionArguments: '{"status": ' }));
		assert.match(badJson.message, /Arguments \(JSON\) is not valid JSON/);
		const notObject = await bed.fails(act('TASK', task, { recordAction: 'markDone', actionArguments: '[1,2]' }));
		assert.match(notObject.message, /Arguments \(JSON\) must be a JSON object/);
		const badId = await bed.fails(act('TASK', task, { recordAction: 'assign', assigneeId: 'alice' }));
		assert.match(badId.message, /Assignee ID "alice" is not a Workfront ID/);
		assert.notEqual(bed.emulator.store.get('TASK', task)!.status, 'CPL');
	});

	test('continue on fail: one error item per failing input item, paired; the others run', async () => {
		const good = await createTask('Good');
		const run = await bed.run(
			{ operation: 'executeAction', objCode: rl('TASK'), recordId: id('={{ $json.task }}'), recordAction: 'markDone', returnRecord: false },
			[{ task: good }, { task: 'a'.repeat(32) }],
			{ onError: 'continueRegularOutput' },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(run.items[0].json, { success: true });
		assert.match(String(run.items[1].json.error), /not found/);
		assert.deepEqual(run.items[1].pairedItem, { item: 1 });
	});
});

describe('convert', () => {
	test('issue → project keeps and links the issue; the new project is returned with the source ID', async () => {
		const issue = await createIssue('Needs a project', { description: 'big', ownerID: users[1] });
		const [project] = await bed.ok({
			operation: 'convert',
			conversion: 'issueToProject',
			objCode: rl('OPTASK'),
			recordId: id(issue),
			preserveOptions: ['preserveIssue', 'preservePrimaryContact'],
			fields: ['description', 'ownerID'],
		});
		assert.equal(project.json.objCode, 'PROJ');
		assert.equal(project.json.name, 'Needs a project');
		assert.equal(project.json.description, 'big');
		assert.equal(project.json.ownerID, users[1]);
		assert.equal(project.json.sourceID, issue);
		assert.equal(bed.emulator.store.get('OPTASK', issue)!.resolveProjectID, project.json.ID);
	});

	test('issue → task in another project with a new name; without Preserve Issue the issue is gone', async () => {
		const issue = await createIssue('Becomes a task');
		const [task] = await bed.ok({
			operation: 'convert',
			conversion: 'issueToTask',
			objCode: rl('OPTASK'),
			recordId: id(issue),
			targetProjectId: otherProjectId,
			newName: 'Converted task',
			preserveOptions: [],
			fields: ['projectID'],
		});
		assert.equal(task.json.objCode, 'TASK');
		assert.equal(task.json.name, 'Converted task');
		assert.equal(task.json.projectID, otherProjectId);
		assert.equal(bed.emulator.store.get('OPTASK', issue), undefined);
	});

	test('task → project with a template; the wrong object type is refused before any request', async () => {
		const task = await createTask('Grows up');
		const template = bed.emulator.store.all('TMPL')[1];
		const [project] = await bed.ok({ operation: 'convert', conversion: 'taskToProject', objCode: rl('TASK'), recordId: id(task), templateId: String(template.ID) });
		assert.equal(project.json.name, 'Grows up');
		assert.ok(bed.emulator.store.all('TASK').some((t) => t.projectID === project.json.ID), 'the template added tasks');
		const wrong = await bed.fails({ operation: 'convert', conversion: 'issueToProject', objCode: rl('TASK'), recordId: id(task) });
		assert.match(wrong.message, /Conversion needs an issue \(OPTASK\), but Object Type is TASK/);
		assert.match(String(wrong.description), /Set Object Type to OPTASK/);
		const badJson = await bed.fails({ operation: 'convert', conversion: 'taskToProject', objCode: rl('TASK'), recordId: id(task), additionalFields: 'name: x' });
		assert.match(badJson.message, /Additional Fields \(JSON\) is not valid JSON/);
	});
});

describe('share', () => {
	test('grant, change and revoke access; the access rules are returned', async () => {
		const task = await createTask('Shared');
		const [granted] = await bed.ok({ operation: 'share', objCode: rl('TASK'), recordId: id(task), accessorObjCode: 'USER', accessorId: users[0], coreAction: 'VIEW' });
		assert.deepEqual(granted.json.accessRules, [{ ID: (granted.json.accessRules as Array<{ ID: string }>)[0].ID, objCode: 'ACSRUL', accessorID: users[0], accessorObjCode: 'USER', coreAction: 'VIEW' }]);
		const group = String(bed.emulator.store.all('GROUP')[0].ID);
		await bed.ok({ operation: 'share', objCode: rl('TASK'), recordId: id(task), accessorObjCode: 'GROUP', accessorId: group, coreAction: 'EDIT' });
		await bed.ok({ operation: 'share', objCode: rl('TASK'), recordId: id(task), accessorObjCode: 'USER', accessorId: users[0], coreAction: 'LIMITED_EDIT' });
		const rules = () => bed.emulator.store.all('ACSRUL').filter((r) => r.securityObjID === task).map((r) => `${String(r.accessorObjCode)}:${String(r.coreAction)}`).sort();
		assert.deepEqual(rules(), ['GROUP:EDIT', 'USER:LIMITED_EDIT']);
		const [revoked] = await bed.ok({ operation: 'share', objCode: rl('TASK'), recordId: id(task), shareAction: 'unshare', accessorObjCode: 'USER', accessorId: users[0] });
		assert.deepEqual(rules(), ['GROUP:EDIT']);
		assert.equal((revoked.json.accessRules as unknown[]).length, 1);
		const bad = await bed.fails({ operation: 'share', objCode: rl('TASK'), recordId: id(task), accessorId: 'everyone' });
		assert.match(bad.message, /Accessor ID "everyone" is not a Workfront ID/);
	});
});
