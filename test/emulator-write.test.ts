/** Emulator over HTTP: create, update, delete, validation, custom data, bulk and atomic writes. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../emulator/index';
import { ApiClient, login, type Json } from '../emulator/testkit';

const WF_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}-0000$/;

let emu: Emulator;
let api: ApiClient;
let projectId: string;

before(async () => {
	emu = await startEmulator();
	api = new ApiClient(emu.url, await login(emu.credentials));
	projectId = (await api.post('proj', { name: 'Write Lab' })).body.data.ID;
});
after(() => emu.close());

function expect422(r: { status: number; body: Json }, message: RegExp): void {
	assert.equal(r.status, 422, JSON.stringify(r.body));
	assert.match(r.body.error.message, message);
}

describe('create', () => {
	test('from query params, updates=<JSON> and a JSON body; server sets ID, dates and enteredByID', async () => {
		const before = emu.stats.writes;
		const a = await api.post('proj', { name: 'From params', status: 'CUR', fields: 'enteredByID,entryDate,lastUpdateDate,status' });
		assert.equal(a.status, 200, JSON.stringify(a.body));
		assert.match(a.body.data.ID, /^[0-9a-f]{32}$/);
		assert.equal(a.body.data.objCode, 'PROJ');
		assert.equal(a.body.data.status, 'CUR');
		assert.equal(a.body.data.enteredByID, emu.credentials.userId);
		assert.match(a.body.data.entryDate, WF_DATE);
		assert.match(a.body.data.lastUpdateDate, WF_DATE);
		const b = await api.post('proj', { updates: JSON.stringify({ name: 'From updates', plannedStartDate: '2026-03-02T09:00:00.000Z' }), fields: 'plannedStartDate' });
		assert.equal(b.body.data.plannedStartDate, '2026-03-02T09:00:00:000-0000');
		const c = await api.post('task', { fields: 'projectID,percentComplete' }, { name: 'From JSON', projectID: projectId, percentComplete: '12.5' });
		assert.equal(c.body.data.percentComplete, 12.5);
		assert.equal(emu.store.get('TASK', c.body.data.ID)!.name, 'From JSON');
		assert.equal(emu.stats.writes, before + 3);
	});

	test('unknown fields, bad types, bad enum values and read-only fields are 422', async () => {
		const unknown = await api.post('proj', { name: 'x', colour: 'red' });
		expect422(unknown, /colour \(Project\)/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, percentComplete: 'abc' }), /percentComplete \(Task\).*number/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, priority: 9 }), /priority.*valid values/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, status: 'DONE' }), /status/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, isDurationLocked: 'maybe' }), /true or false/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, plannedStartDate: 'next tuesday' }), /date/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, workRequired: 1.5 }), /integer/);
		expect422(await api.post('task', {}, { name: 't', projectID: projectId, entryDate: '2026-01-01' }), /read-only/);
	});

	test('required fields and references per type', async () => {
		expect422(await api.post('proj', {}, { description: 'no name' }), /Missing required.*name/);
		expect422(await api.post('task', {}, { name: 'orphan' }), /projectID/);
		expect422(await api.post('task', {}, { name: 'bad ref', projectID: 'a'.repeat(32) }), /no Project with ID a{32}/);
		expect422(await api.post('optask', {}, { name: 'issue' }), /projectID/);
		expect422(await api.post('hour', {}, { hours: 2 }), /taskID, projectID, opTaskID/);
		expect422(await api.post('hour', {}, { projectID: projectId }), /hours/);
		expect422(await api.post('note', {}, { noteText: 'hi' }), /noteObjCode, objID/);
		expect422(await api.post('user', {}, { firstName: 'A' }), /lastName, emailAddr/);
		const task = (await api.post('task', {}, { name: 'Has hours', projectID: projectId })).body.data.ID;
		const hour = await api.post('hour', { fields: 'projectID,ownerID,entryDate' }, { hours: 2.5, taskID: task });
		assert.equal(hour.status, 200, JSON.stringify(hour.body));
		assert.equal(hour.body.data.projectID, projectId);
		assert.equal(hour.body.data.ownerID, emu.credentials.userId);
		const note = await api.post('note', { fields: 'projectID,taskID' }, { noteText: 'hi', noteObjCode: 'TASK', objID: task });
		assert.equal(note.body.data.projectID, projectId);
		const user = await api.post('user', { fields: 'name,username' }, { firstName: 'Zoe', lastName: 'Quinn', emailAddr: 'zoe@example.com' });
		assert.equal(user.body.data.name, 'Zoe Quinn');
		expect422(await api.post('user', {}, { firstName: 'Zed', lastName: 'Q', emailAddr: 'z@example.com', username: 'zoe@example.com' }), /unique/);
	});
});

describe('update and delete', () => {
	test('PUT is sparse, bumps lastUpdateDate strictly, 404 for unknown IDs; method override works', async () => {
		const id = (await api.post('task', {}, { name: 'Edit me', projectID: projectId, description: 'keep' })).body.data.ID;
		const a = await api.put(`task/${id}`, { name: 'Edited', fields: 'description,lastUpdateDate' });
		assert.equal(a.status, 200);
		assert.equal(a.body.data.name, 'Edited');
		assert.equal(a.body.data.description, 'keep');
		const b = await api.put(`task/${id}`, { percentComplete: 5, fields: 'lastUpdateDate' });
		assert.ok(b.body.data.lastUpdateDate > a.body.data.lastUpdateDate, `${b.body.data.lastUpdateDate} > ${a.body.data.lastUpdateDate}`);
		const missing = await api.put(`task/${'b'.repeat(32)}`, { name: 'x' });
		assert.equal(missing.status, 404);
		const viaPost = await api.form(`task/${id}`, { method: 'PUT', name: 'Via override' });
		assert.equal(viaPost.body.data.name, 'Via override');
		expect422(await api.put(`task/${id}`, { projectID: 'c'.repeat(32) }), /no Project/);
		expect422(await api.put(`task/${id}`, { name: '' }), /Missing required.*name/);
	});

	test('deleting a project with work needs force=true, which cascades', async () => {
		const p = (await api.post('proj', { name: 'Doomed' })).body.data.ID;
		const t = (await api.post('task', {}, { name: 'T', projectID: p })).body.data.ID;
		await api.post('hour', {}, { hours: 1, taskID: t });
		const refused = await api.del(`proj/${p}`);
		expect422(refused, /force=true/);
		assert.ok(emu.store.get('TASK', t));
		const ok = await api.del(`proj/${p}`, { force: 'true' });
		assert.deepEqual(ok.body, { data: { success: true } });
		assert.equal(emu.store.get('PROJ', p), undefined);
		assert.equal(emu.store.get('TASK', t), undefined);
		assert.equal(emu.store.all('HOUR').filter((h) => h.taskID === t).length, 0);
		assert.equal((await api.del(`proj/${p}`)).status, 404);
		const empty = (await api.post('proj', { name: 'Empty' })).body.data.ID;
		assert.equal((await api.get(`proj/${empty}`, { method: 'DELETE' })).status, 200);
		assert.equal(emu.store.get('PROJ', empty), undefined);
	});
});

describe('custom data', () => {
	const form = (name: string): string => emu.store.all('CTGY').find((c) => c.name === name)!.ID as string;

	test('DE: values need an attached form; dropdown options and types are validated', async () => {
		const refused = await api.post('task', {}, { name: 'No form', projectID: projectId, 'DE:Effort Size': 'M' });
		expect422(refused, /DE:Effort Size.*[Aa]ttach/);
		const created = await api.post('task', { fields: 'DE:Effort Size,parameterValues,objectCategories:categoryID' }, {
			name: 'With form',
			projectID: projectId,
			categoryID: form('Task Details'),
			'DE:Effort Size': 'M',
			parameterValues: { 'DE:Tags': ['Urgent', 'Legal'], 'DE:Review Rounds': '3' },
		});
		assert.equal(created.status, 200, JSON.stringify(created.body));
		const d = created.body.data;
		assert.equal(d['DE:Effort Size'], 'M');
		assert.deepEqual(d.parameterValues['DE:Tags'], ['Urgent', 'Legal']);
		assert.equal(d.parameterValues['DE:Review Rounds'], 3);
		assert.deepEqual(d.objectCategories.map((o: Json) => o.categoryID), [form('Task Details')]);
		expect422(await api.put(`task/${d.ID}`, { 'DE:Effort Size': 'XXL' }), /not a valid option/);
		expect422(await api.put(`task/${d.ID}`, { 'DE:Review Rounds': 'many' }), /number/);
		expect422(await api.put(`task/${d.ID}`, { 'DE:Unknown Thing': 'x' }), /DE:Unknown Thing \(Task\)/);
		expect422(await api.put(`task/${d.ID}`, { categoryID: form('Project Intake') }), /cannot be attached/);
		const cleared = await api.put(`task/${d.ID}`, { fields: 'parameterValues' }, { 'DE:Effort Size': null, 'DE:Tags': '' });
		assert.deepEqual(Object.keys(cleared.body.data.parameterValues), ['DE:Review Rounds']);
	});

	test('objectCategories attaches a form on update, then DE: writes are accepted', async () => {
		const id = (await api.post('task', {}, { name: 'Attach later', projectID: projectId })).body.data.ID;
		const r = await api.put(`task/${id}`, { fields: 'DE:Budget Code,categoryID' }, { objectCategories: [{ categoryID: form('Task Details') }], 'DE:Budget Code': 'BC-1' });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.equal(r.body.data['DE:Budget Code'], 'BC-1');
		assert.equal(r.body.data.categoryID, form('Task Details'));
		const found = await api.get('task/search', { 'DE:Budget Code': 'BC-1', fields: 'ID' });
		assert.deepEqual(found.body.data.map((t: Json) => t.ID), [id]);
	});
});

describe('bulk writes', () => {
	const items = (n: number, bad?: number): Json[] => Array.from({ length: n }, (_, i) => ({ name: `Bulk ${i}`, projectID: projectId, ...(i === bad ? { percentComplete: 'bad' } : {}) }));
	const taskCount = (): number => emu.store.count('TASK');

	test('an updates array creates several; more than 100 is refused', async () => {
		const r = await api.post('task', { updates: JSON.stringify(items(3)), fields: 'projectID' });
		assert.equal(r.status, 200);
		assert.equal(r.body.data.length, 3);
		assert.ok(r.body.data.every((t: Json) => t.projectID === projectId));
		const before = taskCount();
		const tooMany = await api.post('task', {}, items(101));
		expect422(tooMany, /100/);
		assert.equal(taskCount(), before);
	});

	test('atomic=true is all-or-nothing and answers success:true', async () => {
		const before = taskCount();
		const writes = emu.stats.writes;
		const failed = await api.post('task', { atomic: 'true' }, items(3, 1));
		expect422(failed, /percentComplete/);
		assert.equal(taskCount(), before);
		assert.equal(emu.stats.writes, writes);
		const ok = await api.post('task', { atomic: 'true' }, items(3));
		assert.deepEqual(ok.body, { data: { success: true } });
		assert.equal(taskCount(), before + 3);
		assert.equal(emu.stats.writes, writes + 3);
	});

	test('without atomic, elements before the failing one are kept and the rest skipped', async () => {
		const before = taskCount();
		const r = await api.post('task', {}, items(3, 1));
		expect422(r, /percentComplete/);
		assert.equal(taskCount(), before + 1);
	});

	test('PUT /<obj> with an array updates each element by ID', async () => {
		const created = (await api.post('task', {}, items(2))).body.data as Json[];
		const r = await api.put('task', { fields: 'description' }, created.map((t) => ({ ID: t.ID, description: `updated ${t.ID}` })));
		assert.equal(r.status, 200);
		assert.deepEqual(r.body.data.map((t: Json) => t.description), created.map((t) => `updated ${t.ID}`));
		expect422(await api.put('task', {}, [{ description: 'no id' }]), /needs its ID/);
	});
});
