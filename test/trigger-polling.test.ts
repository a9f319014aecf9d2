/**
 * The Adobe Workfront Trigger in polling mode, in n8n's PollContext against the emulator: the cursor, ties at the
 * boundary timestamp, more than 2,000 changes between two polls, manual samples, Start From, new vs updated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { formatDateTime, parseDateInput } from '../emulator/dates';
import { ApiClient, login } from '../emulator/testkit';
import { rl } from './harness/bed';
import { TriggerBed, type TriggerWorkflow } from './harness/trigger';

let bed: TriggerBed;
let api: ApiClient;

before(async () => {
	bed = await TriggerBed.start();
	api = new ApiClient(bed.emulator.url, await login(bed.emulator.credentials));
});
after(async () => {
	await bed.close();
});

function pollingTrigger(parameters: IDataObject = {}): TriggerWorkflow {
	return bed.trigger({ triggerOn: 'polling', objCode: rl('PROJ'), event: 'newOrUpdated', fields: ['name'], ...parameters } as never);
}

function cursorOf(trigger: TriggerWorkflow): { key: string; value: string; ids: string[] } {
	return JSON.parse(JSON.stringify(trigger.staticData().cursor ?? null)) as never;
}

function ms(value: string): number {
	return parseDateInput(value, Date.now())!;
}

/** Sets lastUpdateDate of the records directly in the store (many records sharing one timestamp). */
function touch(objCode: string, ids: string[], at: number, field = 'lastUpdateDate'): void {
	for (const id of ids) bed.emulator.store.update(objCode, id, { [field]: formatDateTime(at) });
}

function generate(objCode: string, count: number): string[] {
	return bed.emulator.store.generate(objCode, count).map((rec) => String(rec.ID));
}

const idsOf = (rows: IDataObject[]) => rows.map((row) => String(row.ID));

describe('polling cursor', () => {
	test('first activation starts from now, then every change is reported exactly once across polls', async () => {
		const trigger = pollingTrigger();
		assert.equal(await trigger.poll(), null, 'no backlog on the first poll');
		const start = cursorOf(trigger);
		const newest = Math.max(...bed.emulator.store.all('PROJ').map((p) => ms(String(p.lastUpdateDate))));
		assert.equal(ms(start.value), newest, 'the cursor starts at the newest record (Workfront\'s own clock)');
		assert.equal(start.ids.length, bed.emulator.store.all('PROJ').filter((p) => ms(String(p.lastUpdateDate)) === newest).length);
		assert.equal(await trigger.poll(), null, 'nothing changed');

		const emitted: string[] = [];
		const base = newest + 1000;
		// 10 records sharing one timestamp.
		const first = generate('PROJ', 10);
		touch('PROJ', first, base);
		const poll1 = await trigger.pollRows();
		assert.deepEqual(idsOf(poll1).sort(), [...first].sort());
		emitted.push(...idsOf(poll1));
		assert.equal(cursorOf(trigger).value, formatDateTime(base));
		assert.deepEqual(cursorOf(trigger).ids.sort(), [...first].sort());

		// 5 more land on exactly the boundary timestamp after the poll: they are new, the first 10 are not.
		const ties = generate('PROJ', 5);
		touch('PROJ', ties, base);
		const poll2 = await trigger.pollRows();
		assert.deepEqual(idsOf(poll2).sort(), [...ties].sort());
		emitted.push(...idsOf(poll2));
		assert.equal(cursorOf(trigger).ids.length, 15);

		// More than 2,000 changes between two polls, in three timestamps, the first one equal to the cursor.
		const bulk = generate('PROJ', 2_600);
		touch('PROJ', bulk.slice(0, 300), base);
		touch('PROJ', bulk.slice(300, 1_500), base + 5);
		touch('PROJ', bulk.slice(1_500), base + 9);
		const pagesBefore = bed.emulator.requests.filter((r) => r.path.endsWith('/proj/search')).length;
		const poll3 = await trigger.pollRows();
		assert.equal(poll3.length, 2_600);
		assert.deepEqual(new Set(idsOf(poll3)), new Set(bulk));
		emitted.push(...idsOf(poll3));
		const pages = bed.emulator.requests.filter((r) => r.path.endsWith('/proj/search')).slice(pagesBefore);
		assert.ok(pages.length >= 2, 'Return All paging past 2,000 rows');
		assert.ok(pages.every((r) => r.query.lastUpdateDate_Mod === 'gte' && r.query.lastUpdateDate_1_Sort === 'asc' && r.query.ID_2_Sort === 'asc'));
		assert.equal(cursorOf(trigger).value, formatDateTime(base + 9));
		assert.equal(cursorOf(trigger).ids.length, 1_100);

		assert.equal(await trigger.poll(), null, 'nothing repeats');
		assert.equal(new Set(emitted).size, emitted.length, 'every record exactly once across polls');
		assert.equal(emitted.length, 2_615);

		// A record changed again is reported again (it is a new change), once.
		touch('PROJ', [first[0]], base + 20);
		assert.deepEqual(idsOf(await trigger.pollRows()), [first[0]]);
		assert.equal(await trigger.poll(), null);
	});

	test('the cursor survives a reload of the workflow (static data as saved)', async () => {
		const trigger = pollingTrigger();
		await trigger.poll();
		const reloaded = trigger.restarted();
		const next = generate('PROJ', 3);
		touch('PROJ', next, ms(cursorOf(reloaded).value) + 50);
		assert.deepEqual(idsOf(await reloaded.pollRows()).sort(), [...next].sort());
		assert.equal(await reloaded.restarted().poll(), null);
	});

	test('a manual run returns the most recent records and does not move the cursor', async () => {
		const trigger = pollingTrigger({ options: { sampleSize: 4 } });
		await trigger.poll();
		const latest = generate('PROJ', 2);
		touch('PROJ', latest, ms(cursorOf(trigger).value) + 100);
		const before = cursorOf(trigger);
		const sample = await trigger.pollRows('manual');
		assert.equal(sample.length, 4);
		assert.deepEqual(idsOf(sample.slice(0, 2)).sort(), [...latest].sort(), 'newest first');
		assert.deepEqual(cursorOf(trigger), before);
		assert.deepEqual(idsOf(await trigger.pollRows()).sort(), [...latest].sort(), 'the real poll still reports them');
		const fresh = pollingTrigger();
		await fresh.poll('manual');
		assert.equal(fresh.staticData().cursor, undefined, 'a manual run never creates a cursor');
	});

	test('Start From reports the backlog from that date on the first poll', async () => {
		const cutoff = Math.max(...bed.emulator.store.all('PROJ').map((p) => ms(String(p.lastUpdateDate)))) + 10_000;
		const old = generate('PROJ', 2);
		touch('PROJ', old, cutoff - 1);
		const recent = generate('PROJ', 3);
		touch('PROJ', recent, cutoff);
		const trigger = pollingTrigger({ options: { startFrom: new Date(cutoff).toISOString() } });
		assert.deepEqual(idsOf(await trigger.pollRows()).sort(), [...recent].sort());
		assert.equal(await trigger.poll(), null);
	});

	test('filters apply, including OR groups (the date condition is added to every group)', async () => {
		const trigger = pollingTrigger({
			filters: {
				conditions: [
					{ field: 'status', operator: 'eq', value: 'CUR', group: 0 },
					{ field: 'status', operator: 'eq', value: 'ONH', group: 1 },
				],
			},
		});
		await trigger.poll();
		const at = ms(cursorOf(trigger).value) + 200;
		const projects = generate('PROJ', 6);
		projects.forEach((id, index) => bed.emulator.store.update('PROJ', id, { status: ['CUR', 'ONH', 'PLN'][index % 3] }));
		touch('PROJ', projects, at);
		const rows = await trigger.pollRows();
		assert.deepEqual(idsOf(rows).sort(), projects.filter((_, index) => index % 3 !== 2).sort());
		assert.equal(await trigger.poll(), null, 'old ONH projects are not reported through the OR group');
		const search = bed.emulator.requests.filter((r) => r.path.endsWith('/proj/search')).pop()!;
		assert.equal(search.query['OR:1:lastUpdateDate_Mod'], 'gte');
	});
});

describe('what counts as a change', () => {
	test('New Records watches entryDate: updates are not reported', async () => {
		const trigger = pollingTrigger({ objCode: rl('TASK'), event: 'new', fields: [] });
		assert.equal(await trigger.poll(), null);
		assert.match(cursorOf(trigger).key, /^TASK\|entryDate$/);
		const existing = bed.emulator.store.all('TASK')[0];
		await api.put(`task/${String(existing.ID)}`, { description: 'changed' });
		assert.equal(await trigger.poll(), null);
		const created = generate('TASK', 3);
		touch('TASK', created, ms(cursorOf(trigger).value) + 10, 'entryDate');
		const rows = await trigger.pollRows();
		assert.deepEqual(idsOf(rows).sort(), [...created].sort());
		assert.ok(rows.every((row) => typeof row.entryDate === 'string'));
	});

	test('Updated Records leaves out records that were only created; simplify applies', async () => {
		const trigger = pollingTrigger({ objCode: rl('OPTASK'), event: 'updated', options: { simplify: true } });
		assert.equal(await trigger.poll(), null);
		const [existing] = bed.emulator.store.all('OPTASK');
		const created = (await api.post('optask', { name: 'Brand new issue', projectID: String(existing.projectID) })).body.data;
		assert.ok(created?.ID, 'issue created');
		await api.put(`optask/${String(existing.ID)}`, { description: 'edited' });
		const rows = await trigger.pollRows();
		assert.deepEqual(idsOf(rows), [existing.ID]);
		assert.match(String(rows[0].lastUpdateDate), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]00:00$/, 'simplified dates are ISO 8601');
		assert.equal(await trigger.poll(), null, 'the created one is not reported later either');
	});

	test('changing the object type starts a new cursor from now', async () => {
		const trigger = pollingTrigger();
		await trigger.poll();
		const moved = trigger.restarted({ ...trigger.parameters, objCode: rl('TASK') });
		assert.equal(await moved.poll(), null);
		assert.match(cursorOf(moved).key, /^TASK\|lastUpdateDate$/);
	});

	test('a bad object type is a clear node error', async () => {
		const trigger = pollingTrigger({ objCode: rl('no such!') });
		await assert.rejects(trigger.poll(), /Object Type "no such!" is not a Workfront object code/);
	});
});

describe('polling through faults', () => {
	test('resets, 5xx and 429s during a poll lose and repeat nothing; a failed poll keeps the cursor', async () => {
		const trigger = pollingTrigger();
		await trigger.poll();
		const start = ms(cursorOf(trigger).value);
		const changed = generate('PROJ', 4_100);
		touch('PROJ', changed, start + 100);
		bed.emulator.addFault({ path: '/proj/search$', action: { type: 'reset' } });
		bed.emulator.addFault({ path: '/proj/search$', skip: 1, action: { type: 'status', status: 503, body: '<html>busy</html>' } });
		bed.emulator.addFault({ path: '/proj/count$', action: { type: 'status', status: 429 } });
		const rows = await trigger.pollRows();
		assert.deepEqual(new Set(idsOf(rows)), new Set(changed));
		assert.equal(rows.length, changed.length);
		bed.emulator.clearFaults();

		// A poll that fails outright (the server keeps failing) throws and does not move the cursor.
		const before = JSON.stringify(cursorOf(trigger));
		const late = generate('PROJ', 3);
		touch('PROJ', late, start + 200);
		bed.emulator.addFault({ path: '/proj/(search|count)$', times: 20, action: { type: 'status', status: 500 } });
		await assert.rejects(() => trigger.poll());
		bed.emulator.clearFaults();
		assert.equal(JSON.stringify(cursorOf(trigger)), before, 'the cursor did not move');
		assert.deepEqual(idsOf(await trigger.pollRows()).sort(), [...late].sort(), 'the next poll picks the changes up');
	});
});
