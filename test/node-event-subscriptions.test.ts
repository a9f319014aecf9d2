/** The Workfront node's Event Subscription resource, inside n8n's engine, against the emulator. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { TestBed } from './harness/bed';

let bed: TestBed;
before(async () => {
	bed = await TestBed.start({ deliveryRetryDelaysMs: [] });
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});
beforeEach(async () => {
	await bed.ok({ resource: 'eventSubscription', operation: 'deleteAllForUrl', url: 'http://127.0.0.1:9/', urlMatch: 'prefix' });
});

const URL_A = 'http://127.0.0.1:9/hooks/a';
const URL_B = 'http://127.0.0.1:9/hooks/b';
const TOKEN = 'node-test-token-0123456789abcdef';

function create(parameters: IDataObject = {}) {
	return bed.ok({ resource: 'eventSubscription', operation: 'create', subscriptionObjCode: 'TASK', eventType: 'UPDATE', url: URL_A, authToken: TOKEN, ...parameters } as never);
}

describe('event subscriptions through the node', () => {
	test('create sends the subscription and returns id, version, location; the token stays masked', async () => {
		const [item] = await create({
			objId: 'abcdefabcdefabcdefabcdefabcdef12',
			subscriptionFilters: { filter: [{ fieldName: 'status', comparison: 'eq', fieldValue: 'INP' }, { fieldName: 'percentComplete', comparison: 'changed' }] },
			filterConnector: 'OR',
			base64Encoding: true,
		});
		const out = item.json;
		assert.match(String(out.id), /^[0-9a-f-]{36}$/);
		assert.equal(out.version, 'v2');
		assert.equal(out.location, `${bed.emulator.url}/attask/eventsubscription/api/v1/subscriptions/${String(out.id)}`);
		assert.equal(out.authToken, '****cdef');
		const stored = bed.emulator.subscriptions().find((sub) => sub.id === out.id)!;
		assert.equal(stored.authToken, TOKEN);
		assert.equal(stored.objCode, 'TASK');
		assert.equal(stored.objId, 'abcdefabcdefabcdefabcdefabcdef12');
		assert.deepEqual(stored.filters, [
			{ fieldName: 'status', comparison: 'eq', fieldValue: 'INP' },
			{ fieldName: 'percentComplete', comparison: 'changed' },
		]);
		assert.equal(stored.filterConnector, 'OR');
		assert.equal(stored.base64Encoding, true);
		const request = bed.requests((r) => r.method === 'POST' && r.path === '/attask/eventsubscription/api/v1/subscriptions').pop();
		assert.equal(request?.status, 201);
	});

	test('filter groups from JSON and containsOnly lists', async () => {
		const [item] = await create({
			subscriptionFilters: { filter: [{ fieldName: 'DE:Regions', comparison: 'containsOnly', fieldValue: 'EMEA, APAC', state: 'oldState' }] },
			subscriptionFiltersJson: '[{"type":"group","connector":"OR","filters":[{"fieldName":"status","fieldValue":"CUR"},{"fieldName":"status","fieldValue":"PLN"}]}]',
		});
		const stored = bed.emulator.subscriptions().find((sub) => sub.id === item.json.id)!;
		assert.deepEqual(stored.filters, [
			{ fieldName: 'DE:Regions', comparison: 'containsOnly', fieldValue: ['EMEA', 'APAC'], state: 'oldState' },
			{ type: 'group', connector: 'OR', filters: [{ fieldName: 'status', fieldValue: 'CUR' }, { fieldName: 'status', fieldValue: 'PLN' }] },
		]);
	});

	test('a duplicate (409) surfaces as a clear error', async () => {
		await create();
		const error = await bed.fails({ resource: 'eventSubscription', operation: 'create', subscriptionObjCode: 'TASK', eventType: 'UPDATE', url: URL_A, authToken: TOKEN });
		assert.match(error.message, /already exists \(HTTP 409\)/);
		assert.match(String(error.description), /does not allow duplicate subscriptions/);
		assert.equal((error as unknown as { httpCode?: string }).httpCode, '409');
	});

	test('bad URL and an over-long token are refused before calling Workfront', async () => {
		const calls = bed.requests((r) => r.path.startsWith('/attask/eventsubscription')).length;
		const badUrl = await bed.fails({ resource: 'eventSubscription', operation: 'create', subscriptionObjCode: 'TASK', eventType: 'UPDATE', url: 'ftp://x', authToken: TOKEN });
		assert.match(badUrl.message, /not an http\(s\) address/);
		const noToken = await bed.fails({ resource: 'eventSubscription', operation: 'create', subscriptionObjCode: 'TASK', eventType: 'UPDATE', url: URL_A, authToken: 'x'.repeat(255) });
		assert.match(noToken.message, /Auth Token must be 1 to 254 characters/);
		assert.equal(bed.requests((r) => r.path.startsWith('/attask/eventsubscription')).length, calls);
	});

	test('get returns the subscription with a masked token; unknown ID is a clear 404', async () => {
		const [created] = await create();
		const [item] = await bed.ok({ resource: 'eventSubscription', operation: 'get', subscriptionId: String(created.json.id) });
		assert.equal(item.json.id, created.json.id);
		assert.equal(item.json.url, URL_A);
		assert.equal(item.json.authToken, '****cdef');
		const error = await bed.fails({ resource: 'eventSubscription', operation: 'get', subscriptionId: 'no-such-subscription' });
		assert.match(error.message, /no event subscription with ID no-such-subscription/);
	});

	test('get many: limit, return all across pages of 1000, and local filters', async () => {
		for (let i = 0; i < 3; i++) await create({ eventType: 'CREATE', objId: `obj${i}` });
		for (let i = 0; i < 2; i++) await create({ eventType: 'DELETE', url: URL_B, objId: `obj${i}` });
		const limited = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', limit: 2 });
		assert.equal(limited.length, 2);
		const all = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', returnAll: true });
		assert.equal(all.length, 5);
		assert.ok(all.every((item) => String(item.json.authToken).startsWith('****')));
		const deletes = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', returnAll: true, listFilters: { eventType: 'DELETE' } });
		assert.deepEqual(deletes.map((item) => item.json.url), [URL_B, URL_B]);
		const byUrl = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', limit: 10, listFilters: { url: '/hooks/a' } });
		assert.equal(byUrl.length, 3);
		const pages = bed.requests((r) => r.method === 'GET' && r.path === '/attask/eventsubscription/api/v1/subscriptions');
		assert.ok(pages.every((r) => Number(r.query.limit) <= 1000));
		assert.equal(pages.at(-1)?.query.limit, '1000', 'filtered lists read whole pages');
	});

	test('return all follows page_count past 1000 subscriptions', async () => {
		const emulator = bed.emulator;
		const { ApiClient, login } = await import('../emulator/testkit');
		const client = new ApiClient(emulator.url, await login(emulator.credentials));
		await Promise.all(
			Array.from({ length: 1003 }, (_, i) =>
				fetch(`${emulator.url}/attask/eventsubscription/api/v1/subscriptions`, {
					method: 'POST',
					headers: { sessionID: client.token, 'Content-Type': 'application/json' },
					body: JSON.stringify({ objCode: 'HOUR', eventType: 'CREATE', url: `${URL_B}/${i}`, authToken: TOKEN }),
				}),
			),
		);
		const all = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', returnAll: true });
		assert.equal(all.length, 1003);
		assert.equal(new Set(all.map((item) => item.json.id)).size, 1003);
		const pages = bed.requests((r) => r.method === 'GET' && r.path === '/attask/eventsubscription/api/v1/subscriptions').slice(-2);
		assert.deepEqual(pages.map((r) => r.query.page), ['1', '2']);
	});

	test('delete removes one; a second delete is a clear 404', async () => {
		const [created] = await create();
		const id = String(created.json.id);
		const [item] = await bed.ok({ resource: 'eventSubscription', operation: 'delete', subscriptionId: id });
		assert.deepEqual(item.json, { id, deleted: true });
		assert.equal(bed.emulator.subscriptions().some((sub) => sub.id === id), false);
		const error = await bed.fails({ resource: 'eventSubscription', operation: 'delete', subscriptionId: id });
		assert.match(error.message, /no event subscription/);
	});

	test('delete all for a URL removes exactly that URL\'s subscriptions (exact or prefix)', async () => {
		await create({ eventType: 'CREATE' });
		await create({ eventType: 'UPDATE' });
		await create({ eventType: 'DELETE', url: URL_B });
		const [exact] = await bed.ok({ resource: 'eventSubscription', operation: 'deleteAllForUrl', url: URL_A });
		assert.equal(exact.json.deletedCount, 2);
		assert.deepEqual((exact.json.deleted as IDataObject[]).map((d) => d.eventType).sort(), ['CREATE', 'UPDATE']);
		assert.deepEqual(bed.emulator.subscriptions().map((sub) => sub.url), [URL_B]);
		const [none] = await bed.ok({ resource: 'eventSubscription', operation: 'deleteAllForUrl', url: URL_A });
		assert.equal(none.json.deletedCount, 0);
		const [prefix] = await bed.ok({ resource: 'eventSubscription', operation: 'deleteAllForUrl', url: 'http://127.0.0.1:9/hooks/', urlMatch: 'prefix' });
		assert.equal(prefix.json.deletedCount, 1);
		assert.equal(bed.emulator.subscriptions().length, 0);
	});
});
