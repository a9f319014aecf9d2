/** Emulator over HTTP: object actions, copy, conversions, sharing, document upload/download and /batch. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startEmulator, type Emulator } from '../emulator/index';
import { storedBytes } from '../emulator/documents';
import { ApiClient, login, toSearchParams, type Json, type Params } from '../emulator/testkit';

let emu: Emulator;
let api: ApiClient;
let projectId: string;
let otherProjectId: string;
const users: string[] = [];

before(async () => {
	emu = await startEmulator();
	api = new ApiClient(emu.url, await login(emu.credentials));
	projectId = (await api.post('proj', { name: 'Action Lab' })).body.data.ID;
	otherProjectId = (await api.post('proj', { name: 'Action Lab 2' })).body.data.ID;
	users.push(...emu.store.all('USER').slice(1, 4).map((u) => String(u.ID)));
});
after(() => emu.close());

/** An action the way the official client sends it: POST with method=PUT and the arguments in a form body. */
function action(path: string, args: Params = {}) {
	return api.form(path, { method: 'PUT', ...args });
}

async function newTask(name: string, extra: Params = {}): Promise<string> {
	const r = await api.post('task', { name, projectID: projectId, ...extra });
	assert.equal(r.status, 200, JSON.stringify(r.body));
	return r.body.data.ID;
}

async function newIssue(name: string, extra: Params = {}): Promise<string> {
	const r = await api.post('optask', { name, projectID: projectId, ...extra });
	assert.equal(r.status, 200, JSON.stringify(r.body));
	return r.body.data.ID;
}

function ok(r: { status: number; body: Json }): Json {
	assert.equal(r.status, 200, JSON.stringify(r.body));
	return r.body.data;
}

describe('actions', () => {
	test('assign, assignMultiple and unassign keep ASSGN rows and assignedToID in step', async () => {
		const taskId = await newTask('Assign me');
		assert.deepEqual(ok(await action(`task/${taskId}/assign`, { objID: users[0], objCode: 'USER' })), { success: true });
		assert.equal(emu.store.get('TASK', taskId)!.assignedToID, users[0]);
		ok(await action(`task/${taskId}/assignMultiple`, { userIDs: JSON.stringify([users[1], users[2]]) }));
		const assigned = () => emu.store.all('ASSGN').filter((a) => a.taskID === taskId).map((a) => a.assignedToID).sort();
		assert.deepEqual(assigned(), [...users].sort());
		ok(await action(`task/${taskId}/assign`, { objID: users[0], objCode: 'USER' }));
		assert.equal(assigned().length, 3, 'assigning the same user twice adds nothing');
		ok(await action(`task/${taskId}/unassign`, { userID: users[0] }));
		assert.deepEqual(assigned(), [users[1], users[2]].sort());
		assert.ok([users[1], users[2]].includes(String(emu.store.get('TASK', taskId)!.assignedToID)), 'the primary assignee moves to a remaining user');
		const notAssigned = await action(`task/${taskId}/unassign`, { userID: users[0] });
		assert.equal(notAssigned.status, 422);
		const badUser = await action(`task/${taskId}/assign`, { objID: 'f'.repeat(32), objCode: 'USER' });
		assert.equal(badUser.status, 422);
		assert.match(badUser.body.error.message, /no User with ID/);
	});

	test('move takes subtasks and hours along; parent must be in the target project', async () => {
		const parent = await newTask('Mover');
		const child = await newTask('Mover child', { parentID: parent });
		const hour = ok(await api.post('hour', { taskID: child, hours: 2 })).ID;
		ok(await action(`task/${parent}/move`, { projectID: otherProjectId }));
		assert.equal(emu.store.get('TASK', parent)!.projectID, otherProjectId);
		assert.equal(emu.store.get('TASK', child)!.projectID, otherProjectId);
		assert.equal(emu.store.get('HOUR', hour)!.projectID, otherProjectId);
		const foreignParent = await newTask('Stays home');
		const bad = await action(`task/${parent}/move`, { projectID: otherProjectId, parentID: foreignParent });
		assert.equal(bad.status, 422);
		assert.match(bad.body.error.message, /parent task must be in the target project/);
	});

	test('markDone and markNotDone; the ?action= form and PUT /task/<action>?ID= work too', async () => {
		const taskId = await newTask('Finish me');
		ok(await action(`task/${taskId}/markDone`));
		assert.equal(emu.store.get('TASK', taskId)!.status, 'CPL');
		assert.equal(emu.store.get('TASK', taskId)!.percentComplete, 100);
		ok(await api.put('task', { action: 'markNotDone', ID: taskId }));
		assert.equal(emu.store.get('TASK', taskId)!.status, 'INP');
		assert.equal(emu.store.get('TASK', taskId)!.actualCompletionDate, null);
		ok(await api.put('task/markDone', { ID: taskId }));
		assert.equal(emu.store.get('TASK', taskId)!.status, 'CPL');
	});

	test('attachTemplate adds the template tasks; calculate* succeed without changes; approvals set approvalStatus', async () => {
		const template = emu.store.all('TMPL')[0];
		const steps = emu.store.all('TTSK').filter((t) => t.templateID === template.ID).map((t) => t.name).sort();
		const project = ok(await api.post('proj', { name: 'From template' })).ID;
		ok(await action(`proj/${project}/attachTemplate`, { templateID: String(template.ID) }));
		assert.deepEqual(emu.store.all('TASK').filter((t) => t.projectID === project).map((t) => t.name).sort(), steps);
		assert.equal(emu.store.get('PROJ', project)!.templateID, template.ID);
		const before = JSON.stringify(emu.store.get('PROJ', project));
		assert.deepEqual(ok(await action(`proj/${project}/calculateTimeline`)), { success: true });
		assert.deepEqual(ok(await action(`proj/${project}/calculateFinance`)), { success: true });
		assert.equal(JSON.stringify(emu.store.get('PROJ', project)), before);
		ok(await action(`proj/${project}/approveApproval`));
		assert.equal(ok(await api.get(`proj/${project}`, { fields: 'approvalStatus' })).approvalStatus, 'APPROVED');
		ok(await action(`proj/${project}/rejectApproval`));
		assert.equal(emu.store.get('PROJ', project)!.approvalStatus, 'REJECTED');
	});

	test('unknown actions, actions on the wrong type and a missing record', async () => {
		const taskId = await newTask('No such action');
		const unknown = await action(`task/${taskId}/doMagic`);
		assert.equal(unknown.status, 400);
		assert.match(unknown.body.error.message, /does not support action doMagic \(Task\)/);
		const wrongType = await action(`proj/${projectId}/assign`, { objID: users[0] });
		assert.equal(wrongType.status, 400);
		const missing = await action(`task/${'a'.repeat(32)}/markDone`);
		assert.equal(missing.status, 404);
		const badJson = await action(`task/${taskId}/assignMultiple`, { userIDs: '["oops' });
		assert.equal(badJson.status, 400);
		assert.equal(badJson.body.error.class, 'org.json.JSONException');
	});

	test('share adds an access rule (readable as accessRules:*), share again changes its level, unshare removes it', async () => {
		const team = emu.store.all('TEAMOB')[0] ?? ok(await api.post('teamob', { name: 'Share team' }));
		ok(await action(`proj/${projectId}/share`, { accessorID: users[0], accessorObjCode: 'USER', coreAction: 'VIEW' }));
		ok(await action(`proj/${projectId}/share`, { accessorID: String(team.ID), accessorObjCode: 'TEAMOB', coreAction: 'EDIT' }));
		ok(await action(`proj/${projectId}/share`, { accessorID: users[0], accessorObjCode: 'USER', coreAction: 'LIMITED_EDIT' }));
		const rules = ok(await api.get(`proj/${projectId}`, { fields: 'accessRules:*' })).accessRules as Json[];
		assert.deepEqual(rules.map((r) => `${r.accessorObjCode}:${r.coreAction}`).sort(), ['TEAMOB:EDIT', 'USER:LIMITED_EDIT']);
		ok(await action(`proj/${projectId}/unshare`, { accessorID: users[0] }));
		assert.deepEqual(emu.store.all('ACSRUL').filter((r) => r.securityObjID === projectId).map((r) => r.accessorID), [team.ID]);
		const badLevel = await action(`proj/${projectId}/share`, { accessorID: users[0], coreAction: 'OWN' });
		assert.equal(badLevel.status, 422);
		assert.match(badLevel.body.error.message, /coreAction must be one of/);
	});
});

describe('copy', () => {
	test('copies a task with its subtasks and assignments; new values apply; clear* options', async () => {
		const source = await newTask('Copy source', { description: 'original', percentComplete: 40, status: 'INP' });
		const child = await newTask('Copy child', { parentID: source });
		ok(await action(`task/${source}/assign`, { objID: users[0] }));
		const plain = ok(await api.post('task', { copySourceID: source, name: 'Plain copy', fields: 'description,percentComplete,status' }));
		assert.notEqual(plain.ID, source);
		assert.equal(plain.name, 'Plain copy');
		assert.equal(plain.description, 'original');
		assert.equal(plain.percentComplete, 40);
		assert.equal(emu.store.all('ASSGN').filter((a) => a.taskID === plain.ID).length, 1);
		const copiedChildren = emu.store.all('TASK').filter((t) => t.parentID === plain.ID);
		assert.deepEqual(copiedChildren.map((t) => t.name), ['Copy child']);
		assert.notEqual(copiedChildren[0].ID, child);
		const cleared = ok(await api.post('task', {
			copySourceID: source,
			updates: JSON.stringify({ name: 'Cleared copy' }),
			options: JSON.stringify(['clearAssignments', 'clearProgress']),
			fields: 'percentComplete,status',
		}));
		assert.equal(cleared.status, 'NEW');
		assert.equal(cleared.percentComplete, 0);
		assert.equal(emu.store.all('ASSGN').filter((a) => a.taskID === cleared.ID).length, 0);
	});

	test('a project copy brings its tasks; unknown options and a missing source are refused', async () => {
		const project = ok(await api.post('proj', { name: 'Copy me' })).ID;
		await api.post('task', { name: 'P task 1', projectID: project });
		await api.post('task', { name: 'P task 2', projectID: project });
		const copy = ok(await api.post('proj', { copySourceID: project, name: 'Copied project', options: JSON.stringify(['clearRisks']) }));
		assert.deepEqual(emu.store.all('TASK').filter((t) => t.projectID === copy.ID).map((t) => t.name).sort(), ['P task 1', 'P task 2']);
		const bad = await api.post('task', { copySourceID: await newTask('x'), options: JSON.stringify(['clearRisks']) });
		assert.equal(bad.status, 422);
		assert.match(bad.body.error.message, /Unknown copy option\(s\) for Task: clearRisks; valid: clearApprovers/);
		const missing = await api.post('proj', { copySourceID: 'b'.repeat(32) });
		assert.equal(missing.status, 404);
	});
});

describe('convert', () => {
	test('issue → project with preserveIssue: the issue is linked to the new project', async () => {
		const issue = await newIssue('Big request', { description: 'needs a project', ownerID: users[1] });
		const result = ok(await action(`optask/${issue}/convertToProject`, {
			project: JSON.stringify({ name: 'Converted project' }),
			options: JSON.stringify(['preserveIssue', 'preservePrimaryContact']),
			copyNativeFields: 'true',
		}));
		const project = emu.store.get('PROJ', result.result)!;
		assert.equal(project.name, 'Converted project');
		assert.equal(project.description, 'needs a project');
		assert.equal(project.ownerID, users[1]);
		assert.equal(project.convertedOpTaskID, issue);
		const kept = emu.store.get('OPTASK', issue)!;
		assert.equal(kept.resolvingObjCode, 'PROJ');
		assert.equal(kept.resolveProjectID, project.ID);
	});

	test('issue → project without preserveIssue removes the issue; a template adds tasks', async () => {
		const issue = await newIssue('Gone after convert');
		const template = emu.store.all('TMPL')[1];
		const result = ok(await action(`optask/${issue}/convertToProject`, { project: JSON.stringify({ templateID: String(template.ID) }) }));
		assert.equal(emu.store.get('OPTASK', issue), undefined);
		assert.equal(emu.store.get('PROJ', result.result)!.name, 'Gone after convert');
		assert.equal(emu.store.all('TASK').filter((t) => t.projectID === result.result).length, emu.store.all('TTSK').filter((t) => t.templateID === template.ID).length);
	});

	test('issue → task and task → project; converting a project is an unknown action', async () => {
		const issue = await newIssue('Make it a task');
		const asTask = ok(await action(`optask/${issue}/convertToTask`, { task: JSON.stringify({ projectID: otherProjectId }), options: JSON.stringify(['preserveIssue']) }));
		const task = emu.store.get('TASK', asTask.result)!;
		assert.equal(task.projectID, otherProjectId);
		assert.equal(task.name, 'Make it a task');
		assert.equal(emu.store.get('OPTASK', issue)!.resolveTaskID, task.ID);
		const asProject = ok(await action(`task/${String(task.ID)}/convertToProject`, { project: JSON.stringify({ name: 'From a task' }) }));
		assert.equal(emu.store.get('PROJ', asProject.result)!.name, 'From a task');
		const wrong = await action(`proj/${projectId}/convertToProject`);
		assert.equal(wrong.status, 400);
		const badOption = await action(`optask/${await newIssue('bad option')}/convertToProject`, { options: JSON.stringify(['keepEverything']) });
		assert.equal(badOption.status, 422);
		assert.match(badOption.body.error.message, /Unknown convertToProject option/);
	});
});

/** A multipart body built by hand, as a client library would send it. */
function multipart(fileName: string, bytes: Buffer, type = 'application/octet-stream', field = 'uploadedFile'): { body: Buffer; contentType: string } {
	const boundary = '----emulator-test-boundary';
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`);
	return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(fileName: string, bytes: Buffer, type?: string, field?: string) {
	const { body, contentType } = multipart(fileName, bytes, type, field);
	return api.request('POST', 'upload', undefined, { body, headers: { 'Content-Type': contentType } });
}

async function download(path: string, token = api.token) {
	const res = await fetch(`${emu.url}${path}`, { headers: { sessionID: token } });
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('documents', () => {
	const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 13, 10, 45, 45, 0xff]);

	test('upload → handle → document with a first version → download gives the same bytes', async () => {
		const handle = ok(await upload('report.pdf', bytes, 'application/pdf')).handle;
		assert.match(handle, /^[0-9a-f]{32}$/);
		const doc = ok(await api.post('document', { fields: 'downloadURL,currentVersionID,currentVersion:fileName,currentVersion:docSize' }, {
			name: 'Q3 report', handle, docObjCode: 'PROJ', objID: projectId, currentVersion: { version: 'v1.0', fileName: 'report.pdf' },
		}));
		assert.equal(doc.currentVersion.fileName, 'report.pdf');
		assert.equal(doc.currentVersion.docSize, bytes.length);
		assert.deepEqual(storedBytes(emu.store, doc.currentVersionID), bytes);
		const got = await download(doc.downloadURL);
		assert.equal(got.status, 200);
		assert.deepEqual(got.bytes, bytes);
		assert.equal(got.headers.get('content-type'), 'application/pdf');
		assert.match(got.headers.get('content-disposition') ?? '', /filename="report.pdf"/);
		const reused = await api.post('document', {}, { name: 'again', handle, docObjCode: 'PROJ', objID: projectId });
		assert.equal(reused.status, 422, 'a handle is used once');
	});

	test('a new version (DOCV with documentID + handle) becomes the current one; older versions stay downloadable', async () => {
		const first = ok(await upload('plan.txt', Buffer.from('version one'), 'text/plain')).handle;
		const doc = ok(await api.post('document', { fields: 'currentVersionID' }, { name: 'Plan', handle: first, docObjCode: 'PROJ', objID: projectId }));
		const second = ok(await upload('plan-v2.txt', Buffer.from('version two'), 'text/plain')).handle;
		const version = ok(await api.post('docv', { fields: 'version,fileName,docSize' }, { documentID: doc.ID, handle: second }));
		assert.equal(version.version, 'v2.0');
		assert.equal(version.fileName, 'plan-v2.txt');
		assert.equal(emu.store.get('DOCU', doc.ID)!.currentVersionID, version.ID);
		assert.equal((await download(`/document/download?ID=${doc.ID}`)).bytes.toString(), 'version two');
		assert.equal((await download(`/document/download?ID=${doc.ID}&versionID=${doc.currentVersionID}`)).bytes.toString(), 'version one');
	});

	test('folders, bad uploads and unauthenticated downloads', async () => {
		const folder = ok(await api.post('docfdr', { name: 'Briefs', projectID: projectId })).ID;
		const handle = ok(await upload('brief.txt', Buffer.from('brief'))).handle;
		const doc = ok(await api.post('document', { fields: 'folderID' }, { handle, docObjCode: 'PROJ', objID: projectId, folderIDs: [folder] }));
		assert.equal(doc.folderID, folder);
		assert.equal(doc.name, 'brief.txt', 'the name defaults to the uploaded file name');
		assert.deepEqual(ok(await api.get(`docfdr/${folder}`, { fields: 'documents' })).documents.map((d: Json) => d.ID), [doc.ID]);
		const wrongPart = await upload('x.txt', Buffer.from('x'), 'text/plain', 'file');
		assert.equal(wrongPart.status, 400);
		assert.match(wrongPart.body.error.message, /no part named uploadedFile/);
		const notMultipart = await api.post('upload', {}, { file: 'x' });
		assert.equal(notMultipart.status, 400);
		assert.equal((await download(`/document/download?ID=${doc.ID}`, 'not-a-session')).status, 401);
		assert.equal((await download(`/document/download?ID=${'c'.repeat(32)}`)).status, 404);
	});
});

describe('batch', () => {
	function batch(uris: string[], extra: Params = {}) {
		return api.form('batch', { uri: uris, ...extra });
	}

	test('not atomic: one envelope per call, in order; a failed call does not stop the others', async () => {
		const before = emu.store.count('PROJ');
		const r = ok(await batch([
			`proj/search?${toSearchParams({ name: 'Action Lab', fields: 'name', method: 'GET' })}`,
			`proj?${toSearchParams({ method: 'POST', updates: JSON.stringify({ name: 'Batch made' }) })}`,
			`task/${'d'.repeat(32)}?method=GET`,
			`proj/count?method=GET`,
		], { atomic: 'false', concurrent: 'false' }));
		assert.equal(r.length, 4);
		assert.equal(r[0].data[0].name, 'Action Lab');
		assert.equal(r[1].data.name, 'Batch made');
		assert.equal(r[2].error.class, 'com.attask.common.NotFoundException');
		assert.equal(r[3].data.count, before + 1);
		assert.equal(emu.store.count('PROJ'), before + 1);
	});

	test('atomic: {success:true}, or an error with nothing applied', async () => {
		const before = emu.store.count('PROJ');
		assert.deepEqual(ok(await batch([`proj?method=POST&name=Atomic%201`, `proj?method=POST&name=Atomic%202`], { atomic: 'true' })), { success: true });
		assert.equal(emu.store.count('PROJ'), before + 2);
		const taskId = await newTask('Atomic target');
		const failed = await batch([`proj?method=POST&name=Atomic%203`, `task/${taskId}/markDone?method=PUT`, `task?method=POST&name=No%20project`], { atomic: 'true' });
		assert.equal(failed.status, 422);
		assert.match(failed.body.error.message, /projectID/);
		assert.equal(emu.store.count('PROJ'), before + 2, 'the first call was rolled back');
		assert.notEqual(emu.store.get('TASK', taskId)!.status, 'CPL', 'the action was rolled back');
		const empty = await api.form('batch', { atomic: 'true' });
		assert.equal(empty.status, 400);
		const absolute = await batch(['https://elsewhere.example/attask/api/v22.0/proj/search']);
		assert.equal(absolute.status, 400);
	});
});
