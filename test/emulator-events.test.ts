/** Emulator over HTTP: the Event Subscription API, event delivery with filters, base64, retries and the controls. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import { startEmulator, type Emulator } from '../emulator/index';
import { ApiClient, login, type Json } from '../emulator/testkit';

const PATH = '/attask/eventsubscription/api/v1/subscriptions';

interface Received {
	headers: IncomingMessage['headers'];
	body: Json;
}

/** A receiver that answers with the next status of `plan` (then 200), after `delayMs`. */
class Receiver {
	received: Received[] = [];
	plan: number[] = [];
	delayMs = 0;
	url = '';
	private server!: Server;

	async start(): Promise<void> {
		this.server = createServer(async (req, res) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			this.received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			const status = this.plan.shift() ?? 200;
			if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
			if (!res.destroyed) res.writeHead(status).end();
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

let emu: Emulator;
let api: ApiClient;
let token: string;
const receiver = new Receiver();

async function es(method: string, path = '', body?: unknown, query = ''): Promise<{ status: number; body: Json; headers: Headers }> {
	const res = await fetch(`${emu.url}${PATH}${path}${query}`, {
		method,
		headers: { sessionID: token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function subscribe(extra: Record<string, unknown> = {}): Promise<string> {
	const res = await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: receiver.url, authToken: 'token-abcdefgh-1234', ...extra });
	assert.equal(res.status, 201, JSON.stringify(res.body));
	return res.body.id;
}

before(async () => {
	await receiver.start();
	emu = await startEmulator({ deliveryRetryDelaysMs: [20, 40], deliveryTimeoutMs: 300 });
	token = await login(emu.credentials);
	api = new ApiClient(emu.url, token);
});
after(async () => {
	await emu.close();
	await receiver.close();
});
beforeEach(async () => {
	for (const sub of emu.subscriptions()) await es('DELETE', `/${sub.id}`);
	await emu.flushDeliveries();
	receiver.received = [];
	receiver.plan = [];
	receiver.delayMs = 0;
});

describe('subscription API', () => {
	test('create answers 201 with {id, version} and a Location header; get masks the authToken', async () => {
		const res = await es('POST', '', { objCode: 'TASK', eventType: 'CREATE', url: receiver.url, authToken: 'my-secret-token-9876' });
		assert.equal(res.status, 201);
		assert.deepEqual(Object.keys(res.body).sort(), ['id', 'version']);
		assert.equal(res.body.version, 'v2');
		assert.equal(res.headers.get('location'), `${emu.url}${PATH}/${res.body.id}`);
		const one = await es('GET', `/${res.body.id}`);
		assert.equal(one.status, 200);
		assert.equal(one.body.objCode, 'TASK');
		assert.equal(one.body.eventType, 'CREATE');
		assert.equal(one.body.url, receiver.url);
		assert.equal(one.body.authToken, '****9876');
		assert.ok(!JSON.stringify(one.body).includes('my-secret-token'));
		const short = await es('POST', '', { objCode: 'TASK', eventType: 'DELETE', url: receiver.url, authToken: 'abc123' });
		assert.equal((await es('GET', `/${short.body.id}`)).body.authToken, '******', 'tokens of 8 characters or fewer are fully masked');
	});

	test('list pages with page/limit and meta; limit above 1000 is refused', async () => {
		for (let i = 0; i < 5; i++) await subscribe({ objId: `obj-${i}` });
		const first = await es('GET', '', undefined, '?page=1&limit=2');
		assert.equal(first.status, 200);
		assert.equal(first.body.subscriptions.length, 2);
		assert.deepEqual(first.body.meta, { page: 1, limit: 2, page_count: 3, total_count: 5 });
		const last = await es('GET', '', undefined, '?page=3&limit=2');
		assert.equal(last.body.subscriptions.length, 1);
		const ids = new Set([...first.body.subscriptions, ...(await es('GET', '', undefined, '?page=2&limit=2')).body.subscriptions, ...last.body.subscriptions].map((s: Json) => s.id));
		assert.equal(ids.size, 5);
		const defaults = await es('GET');
		assert.deepEqual(defaults.body.meta, { page: 1, limit: 100, page_count: 1, total_count: 5 });
		assert.ok(defaults.body.subscriptions.every((s: Json) => s.authToken === '****1234'));
		assert.equal((await es('GET', '', undefined, '?limit=1001')).status, 400);
	});

	test('409 for a duplicate (same objCode, eventType, url, objId and filters); different filters are fine', async () => {
		const filters = [{ fieldName: 'status', fieldValue: 'CUR', comparison: 'eq' }];
		await subscribe({ filters });
		const again = await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: receiver.url, authToken: 'another-token-0000', filters });
		assert.equal(again.status, 409);
		assert.match(again.body.message, /already exists/);
		const other = await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: receiver.url, authToken: 'another-token-0000', filters: [{ fieldName: 'status', fieldValue: 'PLN' }] });
		assert.equal(other.status, 201);
	});

	test('400 for an invalid url, unknown body fields, bad objCode or eventType; 404 for unknown ids; 401 without a session', async () => {
		assert.equal((await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: 'not a url', authToken: 'x-token-123456' })).status, 400);
		const extra = await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: receiver.url, authToken: 'x-token-123456', name: 'mine' });
		assert.equal(extra.status, 400);
		assert.match(extra.body.message, /Unknown field\(s\): name/);
		assert.equal((await es('POST', '', { objCode: 'NOPE', eventType: 'UPDATE', url: receiver.url, authToken: 'x-token-123456' })).status, 400);
		assert.equal((await es('POST', '', { objCode: 'PROJ', eventType: 'SHARE', url: receiver.url, authToken: 'x-token-123456' })).status, 400);
		assert.equal((await es('POST', '', { objCode: 'PROJ', eventType: 'UPDATE', url: receiver.url })).status, 400, 'authToken is required');
		assert.equal((await es('GET', '/no-such-id')).status, 404);
		assert.equal((await es('DELETE', '/no-such-id')).status, 404);
		const anonymous = await fetch(`${emu.url}${PATH}`);
		assert.equal(anonymous.status, 401);
		assert.equal((await fetch(`${emu.url}${PATH}`, { headers: { sessionID: 'bogus' } })).status, 401);
	});

	test('delete answers 200 and the subscription is gone; filters cannot be edited', async () => {
		const id = await subscribe();
		assert.equal((await es('PUT', `/${id}`, { filters: [] })).status, 405);
		const res = await fetch(`${emu.url}${PATH}/${id}`, { method: 'DELETE', headers: { sessionID: token } });
		assert.equal(res.status, 200);
		assert.equal(await res.text(), '');
		assert.equal((await es('GET', `/${id}`)).status, 404);
	});
});

describe('delivery', () => {
	test('an update through the API is POSTed with the Bearer token, v2 envelope, both states', async () => {
		const id = await subscribe();
		const project = (await api.post('proj', { name: 'Delivery one' })).body.data;
		const before = emu.stats.deliveries;
		await api.put(`proj/${project.ID}`, { status: 'CUR' });
		await emu.flushDeliveries();
		assert.equal(receiver.received.length, 1, 'CREATE is not subscribed, only the UPDATE arrives');
		const [{ headers, body }] = receiver.received;
		assert.equal(headers.authorization, 'Bearer token-abcdefgh-1234');
		assert.equal(headers['content-type'], 'application/json');
		assert.equal(body.eventType, 'UPDATE');
		assert.equal(body.subscriptionId, id);
		assert.equal(body.eventVersion, 'v2');
		assert.equal(body.subscriptionVersion, 'v2');
		assert.equal(body.customerId, emu.credentials.customerId);
		assert.equal(body.userId, emu.credentials.userId);
		assert.ok(Number.isInteger(body.eventTime.epochSecond) && Number.isInteger(body.eventTime.nano));
		assert.equal(body.newState.ID, project.ID);
		assert.equal(body.newState.status, 'CUR');
		assert.equal(body.oldState.status, project.status ?? 'PLN');
		assert.equal(emu.stats.deliveries - before, 1);
		assert.equal(emu.deliveries.at(-1)!.ok, true);
	});

	test('CREATE has oldState {}, DELETE has newState {}', async () => {
		await subscribe({ eventType: 'CREATE' });
		await subscribe({ eventType: 'DELETE' });
		const project = (await api.post('proj', { name: 'Born and gone' })).body.data;
		await api.del(`proj/${project.ID}`);
		await emu.flushDeliveries();
		const byType = Object.fromEntries(receiver.received.map((r) => [r.body.eventType, r.body]));
		assert.deepEqual(byType.CREATE.oldState, {});
		assert.equal(byType.CREATE.newState.name, 'Born and gone');
		assert.deepEqual(byType.DELETE.newState, {});
		assert.equal(byType.DELETE.oldState.ID, project.ID);
	});

	test('objId, filters (eq, changed, containsOnly, oldState), groups and the OR connector select events', async () => {
		const a = (await api.post('proj', { name: 'Alpha', status: 'PLN' })).body.data.ID;
		const b = (await api.post('proj', { name: 'Beta', status: 'PLN' })).body.data.ID;
		const onlyA = await subscribe({ objId: a });
		const toCur = await subscribe({ filters: [{ fieldName: 'status', fieldValue: 'CUR', comparison: 'eq' }] });
		const nameChanged = await subscribe({ filters: [{ fieldName: 'name', comparison: 'changed' }] });
		const fromPln = await subscribe({ filters: [{ fieldName: 'status', fieldValue: 'PLN', state: 'oldState' }, { fieldName: 'status', fieldValue: 'ONH' }] });
		const either = await subscribe({
			filterConnector: 'OR',
			filters: [{ fieldName: 'name', fieldValue: 'Gamma' }, { type: 'group', connector: 'AND', filters: [{ fieldName: 'status', fieldValue: 'ONH' }, { fieldName: 'name', fieldValue: 'Beta' }] }],
		});
		const multi = await subscribe({ objCode: 'PROJ', filters: [{ fieldName: 'tags', fieldValue: ['x', 'y'], comparison: 'containsOnly' }] });
		emu.emitEvent({ eventType: 'UPDATE', objCode: 'PROJ', newState: { ID: 'm1', tags: ['y', 'x'] }, oldState: { ID: 'm1', tags: [] } });
		emu.emitEvent({ eventType: 'UPDATE', objCode: 'PROJ', newState: { ID: 'm2', tags: ['x', 'y', 'z'] }, oldState: { ID: 'm2' } });
		await api.put(`proj/${a}`, { status: 'CUR' });
		await api.put(`proj/${b}`, { status: 'ONH' });
		await api.put(`proj/${b}`, { name: 'Gamma' });
		await emu.flushDeliveries();
		const got = (sub: string) => receiver.received.filter((r) => r.body.subscriptionId === sub).map((r) => r.body.newState.ID);
		assert.deepEqual(got(onlyA), [a]);
		assert.deepEqual(got(toCur), [a]);
		assert.deepEqual(got(nameChanged), [b]);
		assert.deepEqual(got(fromPln), [b], 'old status PLN and new status ONH');
		assert.deepEqual(got(either), [b, b], 'the group (ONH and Beta) then the name Gamma');
		assert.deepEqual(got(multi), ['m1']);
	});

	test('base64Encoding sends both states as base64 JSON', async () => {
		await subscribe({ base64Encoding: true });
		emu.emitEvent({ eventType: 'UPDATE', objCode: 'PROJ', newState: { ID: 'b64', name: 'Ünïcode' }, oldState: { ID: 'b64', name: 'old' } });
		await emu.flushDeliveries();
		const { body } = receiver.received[0];
		assert.equal(typeof body.newState, 'string');
		assert.deepEqual(JSON.parse(Buffer.from(body.newState, 'base64').toString('utf8')), { ID: 'b64', name: 'Ünïcode' });
		assert.deepEqual(JSON.parse(Buffer.from(body.oldState, 'base64').toString('utf8')), { ID: 'b64', name: 'old' });
	});

	test('a failing receiver gets retries on the configured schedule, then the log shows every attempt', async () => {
		const id = await subscribe();
		receiver.plan = [500, 503];
		const failuresBefore = emu.stats.deliveryFailures;
		emu.emitEvent({ eventType: 'UPDATE', objCode: 'PROJ', newState: { ID: 'r1' }, oldState: { ID: 'r1' } });
		await emu.flushDeliveries();
		const attempts = emu.deliveries.filter((d) => d.subscriptionId === id);
		assert.deepEqual(attempts.map((d) => [d.attempt, d.status, d.ok]), [[1, 500, false], [2, 503, false], [3, 200, true]]);
		assert.ok(attempts[1].at - attempts[0].at >= 15, 'waited for the first retry delay');
		assert.equal(emu.stats.deliveryFailures - failuresBefore, 2);
		assert.equal(receiver.received.length, 3);
		assert.deepEqual(receiver.received[2].body, receiver.received[0].body, 'a retry is the same message (same eventTime)');
	});

	test('no answer within the timeout counts as a failure; retries stop after the schedule', async () => {
		const id = await subscribe();
		receiver.delayMs = 500;
		emu.emitEvent({ eventType: 'UPDATE', objCode: 'PROJ', newState: { ID: 't1' }, oldState: { ID: 't1' } });
		await emu.flushDeliveries();
		const attempts = emu.deliveries.filter((d) => d.subscriptionId === id);
		assert.equal(attempts.length, 3, 'first try + 2 retries');
		assert.ok(attempts.every((d) => !d.ok && d.status === 0 && /no answer/.test(d.error ?? '')));
		const view = await es('GET', `/${id}`);
		assert.equal(view.body.subscription_url.failures, 3);
	});

	test('atomic bulk writes that fail deliver nothing; HTTP controls emit and flush', async () => {
		await subscribe({ eventType: 'CREATE' });
		const failed = await api.post('proj', { atomic: 'true' }, [{ name: 'ok one' }, { name: 'bad', status: 'NOPE' }]);
		assert.notEqual(failed.status, 200);
		const emitted = await fetch(`${emu.url}/__emulator/events/emit`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ eventType: 'CREATE', objCode: 'PROJ', newState: { ID: 'ctl', name: 'via control' } }),
		});
		assert.deepEqual(await emitted.json(), { ok: true, scheduled: 1 });
		const flushed = await fetch(`${emu.url}/__emulator/events/flush`, { method: 'POST' });
		assert.equal(flushed.status, 200);
		assert.equal(((await flushed.json()) as Json).ok, true);
		assert.deepEqual(receiver.received.map((r) => r.body.newState.ID), ['ctl'], 'the rolled-back bulk create announced nothing');
		const log = (await (await fetch(`${emu.url}/__emulator/events/deliveries`)).json()) as Json;
		assert.ok(log.deliveries.some((d: Json) => d.objID === 'ctl' && d.ok));
	});
});
