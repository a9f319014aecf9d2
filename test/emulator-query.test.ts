/** Emulator over HTTP: reads — get, fields, search modifiers, sorting, paging, count, report, metadata, named queries. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../emulator/index';
import { ApiClient, login, type Json } from '../emulator/testkit';

let emu: Emulator;
let api: ApiClient;
let labId: string;
const lab: Record<string, string> = {};

before(async () => {
	emu = await startEmulator();
	api = new ApiClient(emu.url, await login(emu.credentials));
	const project = await api.post('proj', { name: 'Modifier Lab', fields: 'ID' });
	labId = project.body.data.ID;
	const rows: [string, number, string | null, string][] = [
		['Alpha one', 0, null, 'NEW'],
		['alpha two', 10, 'first', 'INP'],
		['Beta', 20, '', 'INP'],
		['Gamma ray', 100, 'third', 'CPL'],
		['delta_x', 40, null, 'NEW'],
		['Epsilon', 50, 'fifth', 'INP'],
	];
	for (const [name, pct, description, status] of rows) {
		const r = await api.post('task', { fields: 'ID' }, { name, projectID: labId, percentComplete: pct, description, status: status === 'CPL' ? 'INP' : status });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		lab[name] = r.body.data.ID;
		if (status === 'CPL') await api.put(`task/${r.body.data.ID}`, { status: 'CPL' });
	}
});
after(() => emu.close());

async function names(params: Record<string, string | number | (string | number)[]>): Promise<string[]> {
	const r = await api.get('task/search', { projectID: labId, ...params });
	assert.equal(r.status, 200, JSON.stringify(r.body));
	return (r.body.data as Json[]).map((t) => t.name as string).sort();
}

describe('get and fields', () => {
	test('GET one with default fields; GET several by id list or repeated id; 404 for unknown IDs', async () => {
		const one = await api.get(`task/${lab.Beta}`);
		assert.equal(one.status, 200);
		assert.equal(one.body.data.name, 'Beta');
		assert.equal(one.body.data.objCode, 'TASK');
		for (const key of ['ID', 'status', 'percentComplete', 'plannedCompletionDate']) assert.ok(key in one.body.data, key);
		assert.ok(!('description' in one.body.data));
		const list = await api.get('task', { id: `${lab.Beta},${lab.Epsilon}` });
		assert.deepEqual(list.body.data.map((t: Json) => t.name), ['Beta', 'Epsilon']);
		const repeated = await api.get('task', { id: [lab.Beta, lab.Epsilon] });
		assert.equal(repeated.body.data.length, 2);
		const missing = await api.get(`task/${'0'.repeat(32)}`);
		assert.equal(missing.status, 404);
		assert.equal(missing.body.error.class, 'com.attask.common.NotFoundException');
	});

	test('*, ref:field, ref:*, collection:*, nested paths, DE fields and parameterValues', async () => {
		const withForm = emu.store.all('PROJ').find((p) => p['DE:Business Unit'] !== undefined)!;
		const r = await api.get(`project/${withForm.ID as string}`, {
			fields: '*,owner:emailAddr,portfolio:*,tasks:name,issues:*,program:portfolio:name,DE:Business Unit,parameterValues',
		});
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const d = r.body.data;
		assert.equal(d.description, withForm.description);
		assert.equal(d.owner.emailAddr, emu.store.get('USER', withForm.ownerID as string)!.emailAddr);
		assert.equal(d.owner.objCode, 'USER');
		assert.equal(d.portfolio.ID, withForm.portfolioID);
		assert.ok('isActive' in d.portfolio);
		assert.equal(d.tasks.length, emu.store.all('TASK').filter((t) => t.projectID === withForm.ID).length);
		assert.ok(d.tasks.every((t: Json) => typeof t.name === 'string' && t.objCode === 'TASK'));
		assert.equal(typeof d.program.portfolio.name, 'string');
		assert.equal(d.issues.length, emu.store.all('OPTASK').filter((o) => o.projectID === withForm.ID).length);
		assert.ok(d.issues.every((o: Json) => 'opTaskType' in o && 'referenceNumber' in o));
		assert.equal(d['DE:Business Unit'], withForm['DE:Business Unit']);
		assert.deepEqual(d.parameterValues['DE:Channels'] ?? null, withForm['DE:Channels'] ?? null);
		assert.match(d.entryDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}:\d{3}-0000$/);
	});

	test('an unknown field is a 422 naming the field and the object', async () => {
		const r = await api.get(`task/${lab.Beta}`, { fields: 'name,bogusField' });
		assert.equal(r.status, 422);
		assert.equal(r.body.error.class, 'java.lang.IllegalArgumentException');
		assert.match(r.body.error.message, /bogusField \(Task\)/);
		assert.equal((await api.get('task/search', { fields: 'DE:No Such Field' })).status, 422);
	});

	test('object segment is case-insensitive and may be the objCode or the name', async () => {
		for (const seg of ['optask', 'OPTASK', 'issue', 'opTask']) {
			const r = await api.get(`${seg}/search`, { $$LIMIT: 1 });
			assert.equal(r.status, 200, seg);
			assert.equal(r.body.data[0].objCode, 'OPTASK');
		}
	});

	test('map=true keys the results by ID', async () => {
		const r = await api.get('task/search', { projectID: labId, map: 'true' });
		assert.deepEqual(Object.keys(r.body.data).sort(), Object.values(lab).sort());
	});
});

describe('search filters', () => {
	test('comparison and text modifiers', async () => {
		assert.deepEqual(await names({ name: 'Beta' }), ['Beta']);
		assert.deepEqual(await names({ name: 'beta', name_Mod: 'cieq' }), ['Beta']);
		assert.equal((await names({ name: 'Beta', name_Mod: 'ne' })).length, 5);
		assert.deepEqual(await names({ name: 'ALPHA', name_Mod: 'cicontains' }), ['Alpha one', 'alpha two']);
		assert.deepEqual(await names({ name: 'lpha', name_Mod: 'contains' }), ['Alpha one', 'alpha two']);
		assert.deepEqual(await names({ name: 'a', name_Mod: 'notcontains' }), ['Epsilon']);
		assert.deepEqual(await names({ name: 'Alpha%', name_Mod: 'like' }), ['Alpha one']);
		assert.deepEqual(await names({ name: 'alpha%', name_Mod: 'cilike' }), ['Alpha one', 'alpha two']);
		assert.deepEqual(await names({ name: '_eta', name_Mod: 'like' }), ['Beta']);
		assert.deepEqual(await names({ name: 'G', name_Mod: 'startswith' }), ['Gamma ray']);
		assert.deepEqual(await names({ name: 'gamma,EPS', name_Mod: 'cicontainsany' }), ['Epsilon', 'Gamma ray']);
		assert.deepEqual(await names({ name: 'al,ph', name_Mod: 'cicontainsall' }), ['Alpha one', 'alpha two']);
	});

	test('numeric, range, list and null modifiers', async () => {
		assert.deepEqual(await names({ percentComplete: 20, percentComplete_Mod: 'lt' }), ['Alpha one', 'alpha two']);
		assert.deepEqual(await names({ percentComplete: 20, percentComplete_Mod: 'lte' }), ['Alpha one', 'Beta', 'alpha two']);
		assert.deepEqual(await names({ percentComplete: 40, percentComplete_Mod: 'gt' }), ['Epsilon', 'Gamma ray']);
		assert.equal((await names({ percentComplete: 40, percentComplete_Mod: 'gte' })).length, 3);
		assert.deepEqual(await names({ percentComplete: 10, percentComplete_Range: 20, percentComplete_Mod: 'between' }), ['Beta', 'alpha two']);
		assert.equal((await names({ percentComplete: 10, percentComplete_Range: 20, percentComplete_Mod: 'notbetween' })).length, 4);
		assert.deepEqual(await names({ status: ['NEW', 'CPL'] }), ['Alpha one', 'Gamma ray', 'delta_x']);
		assert.deepEqual(await names({ status: 'NEW,CPL', status_Mod: 'in' }), ['Alpha one', 'Gamma ray', 'delta_x']);
		assert.deepEqual(await names({ status: 'NEW,INP', status_Mod: 'notin' }), ['Gamma ray']);
		assert.deepEqual(await names({ description_Mod: 'isnull' }), ['Alpha one', 'delta_x']);
		assert.equal((await names({ description_Mod: 'notnull' })).length, 4);
		assert.deepEqual(await names({ description_Mod: 'isblank' }), ['Alpha one', 'Beta', 'delta_x']);
		assert.equal((await names({ description_Mod: 'notblank' })).length, 3);
	});

	test('OR groups and filters=<JSON>', async () => {
		// The plain filters are the first alternative, each OR:<n>: group another; nothing is implied across them.
		const either = await api.get('task/search', { projectID: labId, name: 'Beta', 'OR:1:projectID': labId, 'OR:1:percentComplete': 50, 'OR:1:percentComplete_Mod': 'gte' });
		assert.deepEqual(either.body.data.map((t: Json) => t.name).sort(), ['Beta', 'Epsilon', 'Gamma ray']);
		const groupsOnly = await api.get('task/search', { 'OR:1:projectID': labId, 'OR:1:name': 'Beta', 'OR:2:projectID': labId, 'OR:2:percentComplete': 50, 'OR:2:percentComplete_Mod': 'gte' });
		assert.deepEqual(groupsOnly.body.data.map((t: Json) => t.name).sort(), ['Beta', 'Epsilon', 'Gamma ray']);
		const notImplied = await api.get('task/search', { projectID: labId, name: 'Alpha one', 'OR:1:percentComplete': 100, $$LIMIT: 2000 });
		const expected = emu.store.all('TASK').filter((t) => (t.projectID === labId && t.name === 'Alpha one') || Number(t.percentComplete) === 100);
		assert.deepEqual(notImplied.body.data.map((t: Json) => t.ID).sort(), expected.map((t) => t.ID).sort(), 'the OR group is not limited to the plain filters\' project');
		const json = await api.get('task/search', { filters: JSON.stringify({ projectID: labId, percentComplete_Mod: 'gte', percentComplete: 30 }) });
		assert.deepEqual(json.body.data.map((t: Json) => t.name).sort(), ['Epsilon', 'Gamma ray', 'delta_x']);
	});

	test('username clashes with the auth parameter: ignored as a query filter, works inside filters=<JSON>', async () => {
		const user = emu.store.all('USER')[3];
		const all = await api.get('user/count', { username: user.username as string });
		assert.equal(all.body.data.count, emu.store.count('USER'));
		const one = await api.get('user/search', { filters: JSON.stringify({ username: user.username }), fields: 'username' });
		assert.deepEqual(one.body.data.map((u: Json) => u.ID), [user.ID]);
	});

	test('reference paths', async () => {
		const r = await api.get('task/search', { 'project:name': 'Modifier Lab', $$LIMIT: 50 });
		assert.equal(r.body.data.length, 6);
		const admin = emu.store.get('USER', emu.credentials.userId)!;
		const byOwner = await api.get('proj/count', { 'owner:emailAddr': admin.emailAddr as string });
		assert.equal(byOwner.body.data.count, emu.store.all('PROJ').filter((p) => p.ownerID === admin.ID).length);
	});

	test('custom fields: DE: equality, allof on multi-selects, numeric comparison', async () => {
		const projects = emu.store.all('PROJ');
		const count = async (params: Record<string, string | number | string[]>): Promise<number> => (await api.get('proj/count', params)).body.data.count;
		assert.equal(await count({ 'DE:Business Unit': 'Marketing' }), projects.filter((p) => p['DE:Business Unit'] === 'Marketing').length);
		const hasAll = (p: Json): boolean => Array.isArray(p['DE:Channels']) && p['DE:Channels'].includes('Email') && p['DE:Channels'].includes('Web');
		assert.equal(await count({ 'DE:Channels': ['Email', 'Web'], 'DE:Channels_Mod': 'allof' }), projects.filter(hasAll).length);
		assert.ok(projects.filter(hasAll).length > 0);
		assert.equal(await count({ 'DE:Expected Revenue': 250000, 'DE:Expected Revenue_Mod': 'gt' }), projects.filter((p) => (p['DE:Expected Revenue'] as number) > 250000).length);
	});

	test('wildcards $$TODAY and $$USER.ID (overdue tasks, my tasks)', async () => {
		const today = new Date();
		today.setUTCHours(0, 0, 0, 0);
		const overdue = await api.get('task/count', { plannedCompletionDate: '$$TODAY', plannedCompletionDate_Mod: 'lt', status: 'CPL', status_Mod: 'ne' });
		const expected = emu.store.all('TASK').filter((t) => t.status !== 'CPL' && typeof t.plannedCompletionDate === 'string' && t.plannedCompletionDate.replace(/:(\d{3})-0000$/, '.$1Z') < today.toISOString()).length;
		assert.ok(expected > 0);
		assert.equal(overdue.body.data.count, expected);
		const weekAgo = new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
		const recent = await api.get('hour/count', { entryDate: '$$TODAY-7d', entryDate_Mod: 'gte' });
		assert.equal(recent.body.data.count, emu.store.all('HOUR').filter((h) => (h.entryDate as string) >= weekAgo).length);
		const future = await api.get('task/count', { plannedStartDate: '$$NOW', plannedStartDate_Mod: 'gt' });
		assert.equal(future.body.data.count, emu.store.all('TASK').filter((t) => Date.parse((t.plannedStartDate as string).replace(/:(\d{3})-0000$/, '.$1Z')) > Date.now()).length);
		const mine = await api.get('task/count', { assignedToID: '$$USER.ID' });
		assert.equal(mine.body.data.count, emu.store.all('TASK').filter((t) => t.assignedToID === emu.credentials.userId).length);
	});

	test('sorting: asc/desc/ciasc and numbered multi-sort', async () => {
		const sorted = async (params: Record<string, string>): Promise<string[]> => (await api.get('task/search', { projectID: labId, ...params })).body.data.map((t: Json) => t.name);
		assert.deepEqual(await sorted({ name_Sort: 'asc' }), ['Alpha one', 'Beta', 'Epsilon', 'Gamma ray', 'alpha two', 'delta_x']);
		assert.deepEqual(await sorted({ name_Sort: 'ciasc' }), ['Alpha one', 'alpha two', 'Beta', 'delta_x', 'Epsilon', 'Gamma ray']);
		assert.deepEqual(await sorted({ percentComplete_Sort: 'desc' }), ['Gamma ray', 'Epsilon', 'delta_x', 'Beta', 'alpha two', 'Alpha one']);
		assert.deepEqual(await sorted({ status_1_Sort: 'asc', name_2_Sort: 'desc' }), ['Gamma ray', 'alpha two', 'Epsilon', 'Beta', 'delta_x', 'Alpha one']);
	});

	test('unknown filter field, modifier or sort direction is refused', async () => {
		const field = await api.get('task/search', { nosuch: 'x' });
		assert.equal(field.status, 422);
		assert.match(field.body.error.message, /nosuch \(Task\)/);
		const mod = await api.get('task/search', { name: 'x', name_Mod: 'sortof' });
		assert.equal(mod.status, 422);
		assert.match(mod.body.error.message, /sortof/);
		assert.equal((await api.get('task/search', { name_Sort: 'up' })).status, 422);
	});
});

describe('limits and paging', () => {
	test('default $$LIMIT is 100, 2000 is allowed, more is an IllegalArgumentException', async () => {
		assert.equal((await api.get('task/search')).body.data.length, 100);
		assert.equal((await api.get('task/search', { $$LIMIT: 2000 })).body.data.length, 2000);
		const over = await api.get('task/search', { $$LIMIT: 2001 });
		assert.equal(over.status, 422);
		assert.equal(over.body.error.class, 'java.lang.IllegalArgumentException');
	});

	test('unsorted paging is unstable; ID_Sort=asc pages cover every row exactly once', async () => {
		const total = (await api.get('task/count')).body.data.count as number;
		const collect = async (extra: Record<string, string>): Promise<string[]> => {
			const ids: string[] = [];
			for (let first = 0; first < total; first += 200) {
				const page = await api.get('task/search', { $$FIRST: first, $$LIMIT: 200, fields: 'ID', ...extra });
				ids.push(...page.body.data.map((t: Json) => t.ID));
			}
			return ids;
		};
		const unsorted = await collect({});
		assert.equal(unsorted.length, total);
		assert.ok(new Set(unsorted).size < total, 'unsorted pages should repeat and miss rows');
		const sorted = await collect({ ID_Sort: 'asc' });
		assert.equal(new Set(sorted).size, total);
		assert.deepEqual(sorted, [...sorted].sort());
	});

	test('count honours the same filters as search', async () => {
		const r = await api.get('task/count', { status: 'INP' });
		assert.deepEqual(r.body, { data: { count: emu.store.all('TASK').filter((t) => t.status === 'INP').length } });
	});
});

describe('report, metadata, named queries', () => {
	test('report groups by a reference path with sum and rollup', async () => {
		const r = await api.get('hour/report', { 'project:status_1_GroupBy': 'true', hours_AggFunc: 'sum', $$ROLLUP: 'true' });
		assert.equal(r.status, 200);
		const expected = new Map<string, number>();
		for (const h of emu.store.all('HOUR')) {
			const status = emu.store.get('PROJ', h.projectID as string)!.status as string;
			expected.set(status, (expected.get(status) ?? 0) + (h.hours as number));
		}
		for (const [status, sum] of expected) {
			assert.equal(r.body.data[status]['project:status'], status);
			assert.ok(Math.abs(r.body.data[status].sum_hours - sum) < 1e-9);
		}
		const total = emu.store.all('HOUR').reduce((a, h) => a + (h.hours as number), 0);
		assert.ok(Math.abs(r.body.data.$$ROLLUP.sum_hours - total) < 1e-9);
	});

	test('report: several group fields, count/dcount/avg/max, filters', async () => {
		const r = await api.get('task/report', { projectID: labId, status_1_GroupBy: 'true', priority_2_GroupBy: 'true', ID_AggFunc: 'count', percentComplete_AggFunc: 'max' });
		const keys = Object.keys(r.body.data);
		assert.ok(keys.every((k) => /^(NEW|INP|CPL)\|\d$/.test(k)), keys.join());
		const sum = Object.values(r.body.data as Record<string, Json>).reduce((a, g) => a + g.count_ID, 0);
		assert.equal(sum, 6);
		const plain = await api.get('optask/report', { status_GroupBy: 'true' });
		assert.equal(plain.body.data.NEW.dcount_ID, emu.store.all('OPTASK').filter((o) => o.status === 'NEW').length);
		const avg = await api.get('task/report', { projectID: labId, percentComplete_AggFunc: 'avg' });
		assert.equal(avg.body.data.$$ROLLUP.avg_percentComplete, 220 / 6);
	});

	test('metadata lists objects and describes fields, references and collections', async () => {
		const list = await api.get('metadata');
		assert.equal(list.body.data.objects.PROJ.name, 'Project');
		assert.equal(list.body.data.objects.OPTASK.label, 'Issue');
		const meta = await api.get('project/metadata');
		const d = meta.body.data;
		assert.equal(d.objCode, 'PROJ');
		assert.equal(d.fields.name.fieldType, 'string');
		assert.ok(d.fields.name.flags.includes('REQUIRED'));
		assert.equal(d.fields.plannedStartDate.fieldType, 'dateTime');
		assert.ok(d.fields.status.enumValues.includes('CUR'));
		assert.ok(d.fields.entryDate.flags.includes('READ_ONLY'));
		assert.equal(d.references.owner.objCode, 'USER');
		assert.equal(d.collections.tasks.objCode, 'TASK');
		assert.equal((await api.get('HOUR/metadata')).body.data.fields.hours.fieldType, 'double');
	});

	test('work/myWork returns open tasks and issues of the session user; unknown queries are named', async () => {
		const r = await api.get('work/myWork', { fields: 'assignedToID' });
		assert.equal(r.status, 200);
		const me = emu.credentials.userId;
		const assigned = new Set(emu.store.all('ASSGN').filter((a) => a.assignedToID === me).map((a) => a.taskID ?? a.opTaskID));
		const expected = [...emu.store.all('TASK'), ...emu.store.all('OPTASK')].filter((w) => w.status !== 'CPL' && (w.assignedToID === me || assigned.has(w.ID)));
		assert.ok(expected.length > 0);
		assert.equal(r.body.data.length, expected.length);
		assert.ok(r.body.data.every((w: Json) => w.objCode === 'TASK' || w.objCode === 'OPTASK'));
		assert.ok(r.body.data.every((w: Json) => w.status !== 'CPL'));
		const unknown = await api.get('task/fooBarQuery');
		assert.equal(unknown.status, 400);
		assert.match(unknown.body.error.message, /fooBarQuery/);
	});
});
