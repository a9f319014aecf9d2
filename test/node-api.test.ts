/** The API resource inside n8n's engine: Batch and Custom API Call, against the emulator. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { TestBed } from './harness/bed';

let bed: TestBed;
let projectId: string;

before(async () => {
	bed = await TestBed.start();
	projectId = String(bed.emulator.store.all('PROJ')[0].ID);
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

const batch = (parameters: IDataObject) => ({ resource: 'api', operation: 'batch', ...parameters });
const call = (parameters: IDataObject) => ({ resource: 'api', operation: 'customCall', ...parameters });

describe('batch', () => {
	test('several calls in one request; one output item per call, in order', async () => {
		const before = bed.emulator.store.count('PROJ');
		const items = await bed.ok(batch({
			calls: {
				call: [
					{ method: 'GET', path: `proj/${projectId}`, query: 'fields=name,status' },
					{ method: 'POST', path: 'proj', updates: '{"name": "Made in a batch"}' },
					{ method: 'GET', path: 'proj/count?status=CUR' },
				],
			},
		}));
		assert.equal(items.length, 3);
		assert.deepEqual(items.map((item) => item.json.index), [0, 1, 2]);
		assert.equal((items[0].json.data as IDataObject).ID, projectId);
		assert.equal((items[1].json.data as IDataObject).name, 'Made in a batch');
		assert.equal((items[2].json.data as IDataObject).count, bed.emulator.store.all('PROJ').filter((p) => p.status === 'CUR').length);
		assert.ok(items.every((item) => item.json.success === true));
		assert.deepEqual(items.map((item) => item.pairedItem), [{ item: 0 }, { item: 0 }, { item: 0 }]);
		assert.equal(bed.emulator.store.count('PROJ'), before + 1);
		assert.equal(bed.requests((r) => r.path.endsWith('/batch')).length, 1, 'one HTTP request for all calls');
	});

	test('a failed call fails the item by default (the others ran); with Fail on Any Error off it becomes an error item', async () => {
		const calls = [
			{ method: 'POST', path: 'proj', query: { name: 'Before the failure' } },
			{ method: 'GET', path: `task/${'a'.repeat(32)}` },
		];
		const error = await bed.fails(batch({ callsInput: 'json', callsJson: JSON.stringify(calls) }));
		assert.match(error.message, /batch call 2 \(GET task\/a{32}\) failed: .*not found/);
		assert.match(String(error.description), /1 of 2 calls failed; the others were applied/);
		assert.equal(bed.emulator.store.all('PROJ').filter((p) => p.name === 'Before the failure').length, 1);
		const items = await bed.ok(batch({ callsInput: 'json', callsJson: JSON.stringify(calls), options: { failOnError: false } }));
		assert.deepEqual(items.map((item) => item.json.success), [true, false]);
		assert.equal(items[1].json.errorClass, 'com.attask.common.NotFoundException');
	});

	test('atomic: all applied with one success item, or nothing applied and an error', async () => {
		const before = bed.emulator.store.count('PROJ');
		const [done] = await bed.ok(batch({
			atomic: true,
			callsInput: 'json',
			callsJson: JSON.stringify([
				{ method: 'POST', path: 'proj', updates: { name: 'Atomic A' } },
				{ method: 'POST', path: '/attask/api/v22.0/proj', updates: { name: 'Atomic B' } },
			]),
		}));
		assert.deepEqual(done.json, { success: true, atomic: true, calls: 2 });
		assert.equal(bed.emulator.store.count('PROJ'), before + 2);
		const failed = await bed.fails(batch({
			atomic: true,
			callsInput: 'json',
			callsJson: JSON.stringify([
				{ method: 'POST', path: 'proj', updates: { name: 'Atomic C' } },
				{ method: 'POST', path: 'task', updates: { name: 'No project' } },
			]),
		}));
		assert.match(failed.message, /projectID/);
		assert.equal(bed.emulator.store.all('PROJ').filter((p) => p.name === 'Atomic C').length, 0, 'rolled back');
	});

	test('bad input: no calls, a full URL, a bad method, invalid JSON', async () => {
		assert.match((await bed.fails(batch({ calls: {} }))).message, /Batch has no calls/);
		assert.match((await bed.fails(batch({ calls: { call: [{ method: 'GET', path: 'https://evil.example/attask/api/v22.0/proj/search' }] } }))).message, /Path must be relative to the API/);
		assert.match((await bed.fails(batch({ callsInput: 'json', callsJson: '[{"method": "PATCH", "path": "proj"}]' }))).message, /method "PATCH" is not GET, POST, PUT or DELETE/);
		assert.match((await bed.fails(batch({ callsInput: 'json', callsJson: '[{"method": "GET",' }))).message, /Calls \(JSON\) is not valid JSON/);
		assert.match((await bed.fails(batch({ calls: { call: [{ method: 'GET', path: 'proj/search', query: 'sessionID=x' }] } }))).message, /must not set "sessionID"/);
	});
});

describe('custom API call', () => {
	test('GET with a query returns status, headers and body', async () => {
		const [item] = await bed.ok(call({ method: 'GET', path: 'proj/search', query: '{"status": "CUR", "$$LIMIT": 3, "fields": "status"}' }));
		assert.equal(item.json.statusCode, 200);
		const body = item.json.body as { data: IDataObject[] };
		assert.equal(body.data.length, 3);
		assert.ok(body.data.every((row) => row.status === 'CUR'));
		assert.match(String((item.json.headers as IDataObject)['content-type']), /json/);
	});

	test('POST with a JSON body creates; an absolute path from the origin works', async () => {
		const [item] = await bed.ok(call({ method: 'POST', path: '/attask/api/v22.0/proj', sendBody: true, body: '{"name": "Custom call project"}' }));
		const created = (item.json.body as { data: IDataObject }).data;
		assert.equal(bed.emulator.store.get('PROJ', String(created.ID))!.name, 'Custom call project');
		assert.ok(bed.requests((r) => r.method === 'POST' && r.path === '/attask/api/v22.0/proj').length >= 1);
	});

	test('the session never reaches the output: GET /session has its sessionID redacted', async () => {
		const [item] = await bed.ok(call({ method: 'GET', path: 'session' }));
		const data = (item.json.body as { data: IDataObject }).data;
		assert.equal(data.sessionID, '[redacted]');
		assert.equal(data.userID, bed.emulator.credentials.userId);
		for (const name of Object.keys(item.json.headers as IDataObject)) assert.doesNotMatch(name, /session|cookie|token/i);
		bed.assertNothingLeaked();
	});

	test('4xx: an error by default, the answer with Never Error', async () => {
		const failed = await bed.fails(call({ method: 'GET', path: `task/${'b'.repeat(32)}` }));
		assert.match(failed.message, /not found/);
		const [item] = await bed.ok(call({ method: 'GET', path: `task/${'b'.repeat(32)}`, options: { neverError: true } }));
		assert.equal(item.json.statusCode, 404);
		assert.equal(((item.json.body as IDataObject).error as IDataObject).class, 'com.attask.common.NotFoundException');
	});

	test('bad input: another host, an auth header, bad body JSON', async () => {
		assert.match((await bed.fails(call({ path: 'https://elsewhere.example/attask/api/v22.0/session' }))).message, /Path must be on the credential's Workfront instance/);
		assert.match((await bed.fails(call({ path: 'proj/search', options: { headers: '{"sessionID": "stolen"}' } }))).message, /Headers \(JSON\) must not set "sessionID"/);
		assert.match((await bed.fails(call({ method: 'PUT', path: `proj/${projectId}`, sendBody: true, body: '{name: 1}' }))).message, /Body \(JSON\) is not valid JSON/);
		assert.match((await bed.fails(call({ path: '  ' }))).message, /Path is empty/);
	});
});
