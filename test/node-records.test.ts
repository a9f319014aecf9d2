/** The Workfront node's record operations, inside n8n's engine, against the emulator. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { id, rl, TestBed } from './harness/bed';

let bed: TestBed;
before(async () => {
	bed = await TestBed.start();
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

const ids = (rows: Array<{ json: IDataObject }>) => rows.map((row) => String(row.json.ID));

describe('search', () => {
	test('filters with a modifier and a limit; every item is paired with its input item', async () => {
		const items = await bed.ok({
			operation: 'search',
			objCode: rl('PROJ'),
			filters: { conditions: [{ field: 'status', operator: 'eq', value: 'CUR' }] },
			fields: ['name', 'status'],
			limit: 7,
		});
		assert.equal(items.length, 7);
		for (const item of items) {
			assert.equal(item.json.status, 'CUR');
			assert.deepEqual(item.pairedItem, { item: 0 });
		}
		const expected = bed.emulator.store.all('PROJ').filter((p) => p.status === 'CUR').map((p) => String(p.ID)).sort().slice(0, 7);
		assert.deepEqual(ids(items), expected, 'the first 7 by ID (ID_Sort=asc is added)');
	});

	test('OR groups: group 0 or group 1', async () => {
		const items = await bed.ok({
			operation: 'search',
			objCode: rl('PROJ'),
			filters: {
				conditions: [
					{ field: 'status', operator: 'eq', value: 'CPL', group: 0 },
					{ field: 'status', operator: 'eq', value: 'ONH', group: 1 },
				],
			},
			fields: ['status'],
			returnAll: true,
		});
		const expected = bed.emulator.store.all('PROJ').filter((p) => p.status === 'CPL' || p.status === 'ONH');
		assert.equal(items.length, expected.length);
		assert.ok(items.length > 0);
		assert.ok(items.every((item) => item.json.status === 'CPL' || item.json.status === 'ONH'));
	});

	test('raw filter as a query string and as JSON', async () => {
		const asQuery = await bed.ok({ operation: 'search', objCode: rl('PROJ'), rawFilter: 'status=PLN&name_Mod=cicontains&name=a', returnAll: true, fields: ['name', 'status'] });
		const asJson = await bed.ok({ operation: 'search', objCode: rl('PROJ'), rawFilter: '{"status":"PLN","name_Mod":"cicontains","name":"a"}', returnAll: true, fields: ['name', 'status'] });
		const expected = bed.emulator.store.all('PROJ').filter((p) => p.status === 'PLN' && String(p.name).toLowerCase().includes('a'));
		assert.equal(asQuery.length, expected.length);
		assert.deepEqual(ids(asJson).sort(), ids(asQuery).sort());
	});

	test('in-list, between and notnull modifiers', async () => {
		const inList = await bed.ok({ operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', operator: 'in', value: 'CUR, PLN' }] }, returnAll: true, fields: ['status'] });
		assert.equal(inList.length, bed.emulator.store.all('PROJ').filter((p) => ['CUR', 'PLN'].includes(String(p.status))).length);
		const between = await bed.ok({ operation: 'search', objCode: rl('TASK'), filters: { conditions: [{ field: 'percentComplete', operator: 'between', value: '10', valueTo: '20' }] }, returnAll: true, fields: ['percentComplete'] });
		assert.ok(between.length > 0);
		assert.ok(between.every((item) => Number(item.json.percentComplete) >= 10 && Number(item.json.percentComplete) <= 20));
		assert.equal(between.length, bed.emulator.store.all('TASK').filter((t) => Number(t.percentComplete) >= 10 && Number(t.percentComplete) <= 20).length);
	});

	test('sort descending with ID as tie-breaker', async () => {
		const items = await bed.ok({ operation: 'search', objCode: rl('PROJ'), sort: { fields: [{ field: 'name', direction: 'desc' }] }, fields: ['name'], limit: 20 });
		const names = items.map((item) => String(item.json.name));
		assert.deepEqual(names, [...names].sort().reverse());
		const request = bed.requests((r) => r.path.endsWith('/proj/search')).pop();
		assert.equal(request?.query.name_1_Sort, 'desc');
		assert.equal(request?.query.ID_2_Sort, 'asc');
	});

	test('Return All past 2,000 rows: every row exactly once, pages of 2,000, sorted by ID, fetched concurrently', async () => {
		bed.emulator.store.generate('HOUR', 6500);
		const total = bed.emulator.store.count('HOUR');
		bed.emulator.resetStats();
		bed.emulator.setLatency(15);
		const before = bed.emulator.requests.length;
		const items = await bed.ok({ operation: 'search', objCode: rl('HOUR'), returnAll: true, fields: ['hours'] });
		bed.emulator.setLatency(0);
		const got = ids(items);
		assert.equal(got.length, total);
		assert.equal(new Set(got).size, total, 'no duplicates');
		assert.deepEqual(new Set(got), new Set(bed.emulator.store.all('HOUR').map((h) => String(h.ID))), 'nothing missing');
		const pages = bed.emulator.requests.slice(before).filter((r) => r.path.endsWith('/hour/search'));
		assert.equal(pages.length, Math.ceil(total / 2000));
		assert.ok(pages.every((r) => r.query.$$LIMIT === '2000' && r.query.ID_Sort === 'asc'));
		assert.ok(bed.emulator.stats.maxInFlight > 1, 'pages were fetched concurrently');
		assert.ok(bed.emulator.stats.maxInFlight <= 5, 'under the default cap of 5');
	});

	test('Return All survives 429s mid-pagination and a session revoked mid-pagination', async () => {
		const total = bed.emulator.store.count('HOUR');
		bed.emulator.addFault({ path: '/hour/search$', skip: 1, times: 3, action: { type: 'status', status: 429, body: JSON.stringify({ error: { class: 'com.attask.common.TooManyRequestsException', message: 'Too many concurrent API requests for the given customer.' } }), contentType: 'application/json' } });
		bed.emulator.addFault({ path: '/hour/search$', skip: 2, times: 1, action: { type: 'expireSession' } });
		const exchanges = bed.emulator.stats.exchanges;
		const throttled = bed.emulator.stats.tooManyRequests;
		const items = await bed.ok({ operation: 'search', objCode: rl('HOUR'), returnAll: true, fields: ['hours'] });
		assert.equal(items.length, total);
		assert.equal(new Set(ids(items)).size, total);
		assert.equal(bed.emulator.stats.exchanges - exchanges, 1, 'one re-exchange after the revoke');
		assert.ok(bed.emulator.stats.tooManyRequests - throttled >= 0);
		bed.emulator.clearFaults();
	});

	test('a query longer than Workfront\'s URI limit goes as POST with method=GET', async () => {
		const projects = bed.emulator.store.all('PROJ').slice(0, 150).map((p) => String(p.ID));
		const filler = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(32, '0'));
		const items = await bed.ok({
			operation: 'search',
			objCode: rl('PROJ'),
			filters: { conditions: [{ field: 'ID', operator: 'in', value: [...projects, ...filler].join(',') }] },
			returnAll: true,
			fields: ['name'],
		});
		assert.deepEqual(new Set(ids(items)), new Set(projects));
		assert.ok(bed.requests((r) => r.path.endsWith('/proj/search') && r.method === 'POST').length > 0, 'sent as POST');
		assert.equal(bed.requests((r) => r.status === 414).length, 0);
	});
});

describe('count, report, named query, get', () => {
	test('count matches the store', async () => {
		const [item] = await bed.ok({ operation: 'count', objCode: rl('TASK'), filters: { conditions: [{ field: 'status', operator: 'ne', value: 'CPL' }] } });
		assert.equal(item.json.count, bed.emulator.store.all('TASK').filter((t) => t.status !== 'CPL').length);
		assert.equal(item.json.objCode, 'TASK');
	});

	test('report: hours summed by project, one item per group, with rollup', async () => {
		const items = await bed.ok({
			operation: 'report',
			objCode: rl('HOUR'),
			groupBy: { fields: [{ field: 'projectID' }] },
			aggregates: { values: [{ function: 'sum', field: 'hours' }] },
			rollup: true,
		});
		const sums = new Map<string, number>();
		for (const hour of bed.emulator.store.all('HOUR')) sums.set(String(hour.projectID), (sums.get(String(hour.projectID)) ?? 0) + Number(hour.hours));
		const groups = items.filter((item) => !item.json.rollup);
		assert.equal(groups.length, sums.size);
		for (const item of groups) {
			assert.ok(Math.abs(Number(item.json.sum_hours) - (sums.get(String(item.json.group)) ?? NaN)) < 1e-6, `sum for ${String(item.json.group)}`);
		}
		const rollup = items.find((item) => item.json.rollup);
		const total = [...sums.values()].reduce((a, b) => a + b, 0);
		assert.ok(rollup && Math.abs(Number(rollup.json.sum_hours) - total) < 1e-6);
	});

	test('named query work/myWork', async () => {
		const items = await bed.ok({ operation: 'namedQuery', objCode: rl('WORK'), queryName: 'myWork', fields: ['name'] });
		assert.ok(items.length > 0);
		assert.ok(items.every((item) => typeof item.json.ID === 'string'));
	});

	test('get one ID, and several IDs in one request', async () => {
		const [a, b, c] = bed.emulator.store.all('TASK').slice(0, 3);
		const one = await bed.ok({ operation: 'get', objCode: rl('TASK'), recordId: id(String(a.ID)), fields: ['name'] });
		assert.equal(one.length, 1);
		assert.equal(one[0].json.name, a.name);
		const before = bed.emulator.requests.length;
		const many = await bed.ok({ operation: 'get', objCode: rl('TASK'), recordId: id(`${String(a.ID)}, ${String(b.ID)},${String(c.ID)}`), fields: ['name'] });
		assert.deepEqual(ids(many).sort(), [a, b, c].map((t) => String(t.ID)).sort());
		assert.equal(bed.emulator.requests.slice(before).filter((r) => /\/task$/.test(r.path)).length, 1, 'one request');
	});

	test('get by Workfront URL', async () => {
		const project = bed.emulator.store.all('PROJ')[5];
		const items = await bed.ok({ operation: 'get', objCode: rl('PROJ'), recordId: { __rl: true, mode: 'url', value: `https://acme.my.workfront.com/project/${String(project.ID)}/overview` } });
		assert.equal(items[0].json.ID, project.ID);
	});
});

describe('create, update, delete, custom forms', () => {
	let projectId = '';
	test('create with picked fields, typed from metadata', async () => {
		const [item] = await bed.ok({
			operation: 'create',
			objCode: rl('PROJ'),
			inputMode: 'fields',
			fieldValues: { values: [{ field: 'name', value: 'n8n launch' }, { field: 'priority', value: '3' }, { field: 'status', value: 'CUR' }] },
			fields: ['name', 'priority', 'status'],
		});
		projectId = String(item.json.ID);
		assert.match(projectId, /^[0-9a-f]{32}$/);
		const stored = bed.emulator.store.get('PROJ', projectId);
		assert.equal(stored?.name, 'n8n launch');
		assert.equal(stored?.priority, 3, 'priority was sent as a number');
		assert.equal(item.json.status, 'CUR');
	});

	test('update is sparse', async () => {
		const before = { ...bed.emulator.store.get('PROJ', projectId) };
		const [item] = await bed.ok({ operation: 'update', objCode: rl('PROJ'), recordId: id(projectId), fieldValues: { values: [{ field: 'status', value: 'ONH' }] }, fields: ['status', 'name'] });
		assert.equal(item.json.status, 'ONH');
		const after = bed.emulator.store.get('PROJ', projectId);
		assert.equal(after?.name, before.name);
		assert.equal(after?.priority, before.priority);
	});

	test('custom form: attach on update, set DE fields (multi-select as array), read back via parameterValues', async () => {
		const form = bed.emulator.store.all('CTGY').find((c) => c.name === 'Project Intake');
		assert.ok(form);
		await bed.ok({
			operation: 'update',
			objCode: rl('PROJ'),
			recordId: id(projectId),
			inputMode: 'json',
			jsonData: JSON.stringify({ 'DE:Business Unit': 'Sales', 'DE:Channels': ['Email', 'Web'], 'DE:Budget Code': 'BC-1234' }),
			options: { customForms: [String(form.ID)] },
		});
		const [read] = await bed.ok({ operation: 'get', objCode: rl('PROJ'), recordId: id(projectId), fields: ['parameterValues'] });
		const values = read.json.parameterValues as IDataObject;
		assert.equal(values['DE:Business Unit'], 'Sales');
		assert.deepEqual(values['DE:Channels'], ['Email', 'Web']);
		await bed.ok({ operation: 'update', objCode: rl('PROJ'), recordId: id(projectId), fieldValues: { values: [{ field: 'DE:Budget Code', value: '' }, { field: 'DE:Channels', value: 'Social, Print' }] } });
		const [again] = await bed.ok({ operation: 'get', objCode: rl('PROJ'), recordId: id(projectId), fields: ['parameterValues'], simplify: true });
		assert.deepEqual(again.json['DE:Channels'], ['Social', 'Print'], 'a comma list becomes an array for a multi-select');
		assert.ok(again.json['DE:Budget Code'] === undefined || again.json['DE:Budget Code'] === null || again.json['DE:Budget Code'] === '', 'an empty value clears the field');
		assert.equal(again.json['DE:Business Unit'], 'Sales');
	});

	test('delete: refused without force when dependants exist, done with force', async () => {
		const task = await bed.ok({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name: 'child', projectID: projectId }) });
		assert.ok(task[0].json.ID);
		const error = await bed.fails({ operation: 'delete', objCode: rl('PROJ'), recordId: id(projectId) });
		assert.match(error.message, /Workfront: /);
		assert.ok(bed.emulator.store.get('PROJ', projectId));
		const [done] = await bed.ok({ operation: 'delete', objCode: rl('PROJ'), recordId: id(projectId), force: true });
		assert.deepEqual(done.json, { ID: projectId, objCode: 'PROJ', deleted: true });
		assert.equal(bed.emulator.store.get('PROJ', projectId), undefined);
	});
});

describe('bulk writes', () => {
	const project = () => String(bed.emulator.store.all('PROJ')[0].ID);

	test('bulk create of 250 items: 3 requests of ≤100, outputs paired with inputs', async () => {
		const inputs = Array.from({ length: 250 }, (_, i) => ({ name: `bulk task ${i}`, projectID: project() }));
		const before = bed.emulator.requests.length;
		const items = await bed.ok({ operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', fields: ['name'] }, inputs);
		const posts = bed.emulator.requests.slice(before).filter((r) => r.method === 'POST' && /\/task$/.test(r.path));
		assert.equal(posts.length, 3);
		assert.equal(items.length, 250);
		items.forEach((item, index) => {
			assert.deepEqual(item.pairedItem, { item: index });
			assert.equal(item.json.name, `bulk task ${index}`);
			assert.ok(bed.emulator.store.get('TASK', String(item.json.ID)));
		});
	});

	test('a failing item, not atomic: its batch stops there, earlier batches stand, errors are per item under continueOnFail', async () => {
		const inputs = Array.from({ length: 6 }, (_, i) => ({ name: `nb ${i}`, projectID: i === 4 ? 'ffffffffffffffffffffffffffffffff' : project() }));
		const before = bed.emulator.store.count('TASK');
		const run = await bed.run({ operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', options: { batchSize: 3 } }, inputs, { onError: 'continueRegularOutput' });
		assert.equal(run.error, undefined);
		assert.equal(run.items.length, 6);
		run.items.forEach((item, index) => assert.deepEqual(item.pairedItem, { item: index }));
		assert.ok(run.items.slice(0, 3).every((item) => typeof item.json.ID === 'string'), 'first batch created');
		assert.ok(run.items.slice(3).every((item) => typeof item.json.error === 'string'), 'second batch reported per item');
		assert.match(String(run.items[3].json.description), /may have been written/);
		assert.equal(bed.emulator.store.count('TASK') - before, 4, 'first batch + the item before the failing one');
	});

	test('a failing item, atomic: nothing of its batch is written, nothing sent twice', async () => {
		const inputs = Array.from({ length: 4 }, (_, i) => ({ name: `atomic ${i}`, projectID: i === 2 ? 'ffffffffffffffffffffffffffffffff' : project() }));
		const before = bed.emulator.store.count('TASK');
		const posts = bed.emulator.requests.length;
		const run = await bed.run({ operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', options: { atomic: true } }, inputs, { onError: 'continueRegularOutput' });
		assert.equal(bed.emulator.store.count('TASK'), before);
		assert.equal(run.items.length, 4);
		assert.ok(run.items.every((item) => /nothing of this batch was written/.test(String(item.json.description))));
		assert.equal(bed.emulator.requests.slice(posts).filter((r) => r.method === 'POST').length, 1, 'sent once');
	});

	test('bulk update by ID from each item', async () => {
		const tasks = bed.emulator.store.all('TASK').filter((t) => t.status !== 'CPL').slice(0, 5);
		const items = await bed.ok(
			{ operation: 'bulkUpdate', objCode: rl('TASK'), updateId: '={{ $json.ID }}', inputMode: 'fields', fieldValues: { values: [{ field: 'percentComplete', value: '={{ $json.pc }}' }] }, fields: ['percentComplete'] },
			tasks.map((t, i) => ({ ID: String(t.ID), pc: 10 * i })),
		);
		assert.equal(items.length, 5);
		tasks.forEach((t, i) => assert.equal(bed.emulator.store.get('TASK', String(t.ID))?.percentComplete, 10 * i));
	});
});

describe('bad input: clear errors naming the parameter', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		['unknown object type', { operation: 'search', objCode: rl('NOPE') }, /Unknown object type "nope"/i],
		['malformed object type', { operation: 'search', objCode: rl('={{ "12 3" }}') }, /Object Type "12 3" is not a Workfront object code/],
		['unknown field on create', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"nmae": "x"}' }, /Field "nmae" does not exist on PROJ/],
		['bad JSON data', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"name": ' }, /JSON Data is not valid JSON/],
		['bad raw filter JSON', { operation: 'search', objCode: rl('PROJ'), rawFilter: '{"status": }' }, /Raw Filter is not valid JSON/],
		['bad ID', { operation: 'get', objCode: rl('PROJ'), recordId: id('={{ "1234" }}') }, /Record "1234" is not a Workfront ID/],
		['unknown ID', { operation: 'get', objCode: rl('PROJ'), recordId: id('0123456789abcdef0123456789abcdef') }, /Workfront: /],
		['number field given text', { operation: 'create', objCode: rl('PROJ'), fieldValues: { values: [{ field: 'name', value: 'x' }, { field: 'priority', value: 'high' }] } }, /Field "priority" needs a number/],
		['same field twice in a filter group', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', value: 'CUR' }, { field: 'status', value: 'PLN' }] } }, /used twice in match group 0/],
		['report without aggregates', { operation: 'report', objCode: rl('HOUR') }, /Aggregates: add at least one/],
		['batch size over 100', { operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', options: { batchSize: 500 } }, /Batch Size must be a whole number from 1 to 100/],
	];
	for (const [name, parameters, message] of cases) {
		test(name, async () => {
			const error = await bed.fails(parameters, [{ name: 'x' }]);
			assert.match(error.message, message);
			assert.ok(String(error.description ?? '').length > 10, `has a hint: ${error.message}`);
		});
	}

	test('continueOnFail: bad items become paired error items, good ones go on', async () => {
		const good = String(bed.emulator.store.all('TASK')[0].ID);
		const run = await bed.run(
			{ operation: 'get', objCode: rl('TASK'), recordId: id('={{ $json.id }}'), fields: ['name'] },
			[{ id: good }, { id: 'bad' }, { id: good }],
			{ onError: 'continueRegularOutput' },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(run.items.map((item) => item.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assert.equal(run.items[0].json.ID, good);
		assert.match(String(run.items[1].json.error), /not a Workfront ID/);
		assert.equal(run.items[2].json.ID, good);
	});
});
