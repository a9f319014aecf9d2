/** Emulator over HTTP: concurrency limit, URI length, method override, fault injection, control endpoints, bulk data, CLI. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../emulator/index';
import { ApiClient, login, type Json } from '../emulator/testkit';

async function control(emu: Emulator, method: string, action: string, body?: unknown): Promise<{ status: number; body: Json }> {
	const res = await fetch(`${emu.url}/__emulator/${action}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
	return { status: res.status, body: await res.json() };
}

describe('concurrency, URI length and method override', () => {
	let emu: Emulator;
	let api: ApiClient;
	before(async () => {
		emu = await startEmulator({ seed: false, latencyMs: 500, concurrencyLimit: 3 });
		api = new ApiClient(emu.url, await login(emu.credentials));
	});
	after(() => emu.close());

	test('more than concurrencyLimit requests in flight get 429 TooManyRequestsException', async () => {
		emu.resetStats();
		const started = Date.now();
		const results = await Promise.all(Array.from({ length: 8 }, () => api.get('user/search')));
		const ok = results.filter((r) => r.status === 200);
		const limited = results.filter((r) => r.status === 429);
		assert.equal(ok.length, 3);
		assert.equal(limited.length, 5);
		for (const r of limited) {
			assert.equal(r.body.error.class, 'com.attask.common.TooManyRequestsException');
			assert.equal(r.body.error.message, 'Too many concurrent API requests for the given customer.');
		}
		assert.ok(Date.now() - started >= 140, 'latency applies');
		assert.equal(emu.stats.tooManyRequests, 5);
		assert.equal(emu.stats.maxInFlight, 3);
		emu.setConcurrencyLimit(10);
		const again = await Promise.all(Array.from({ length: 8 }, () => api.get('user/search')));
		assert.ok(again.every((r) => r.status === 200));
		assert.equal(emu.stats.maxInFlight, 8);
		emu.setConcurrencyLimit(3);
	});

	test('a request-target over 8,892 bytes is a 414 HTML page; the same query as POST method=GET works', async () => {
		const long = 'x'.repeat(9000);
		const r = await api.get('user/search', { firstName: long });
		assert.equal(r.status, 414);
		assert.match(r.headers.get('content-type') ?? '', /text\/html/);
		assert.match(String(r.body), /Request-URI Too Long/);
		const viaPost = await api.form('user/search', { method: 'GET', firstName: long, fields: 'ID' });
		assert.equal(viaPost.status, 200);
		assert.deepEqual(viaPost.body.data, []);
		const plainPost = await api.form('user/search', { firstName: 'x' });
		assert.equal(plainPost.status, 400);
	});

	test('method= in the query string overrides the HTTP verb', async () => {
		emu.setLatency(0);
		const created = await api.get('group', { method: 'POST', name: 'Created by GET' });
		assert.equal(created.status, 200);
		assert.equal(emu.store.get('GROUP', created.body.data.ID)!.name, 'Created by GET');
		emu.setLatency(500);
	});
});

describe('fault injection', () => {
	let emu: Emulator;
	let api: ApiClient;
	before(async () => {
		emu = await startEmulator({ seed: false });
		api = new ApiClient(emu.url, await login(emu.credentials));
	});
	after(() => emu.close());

	test('status: 429 with Retry-After, 502 with an HTML body; times and skip', async () => {
		emu.addFault({ path: '/user/search$', times: 2, action: { type: 'status', status: 429, headers: { 'Retry-After': '1' } } });
		for (let i = 0; i < 2; i++) {
			const r = await api.get('user/search');
			assert.equal(r.status, 429);
			assert.equal(r.headers.get('retry-after'), '1');
			assert.equal(r.body.error.class, 'com.attask.common.TooManyRequestsException');
		}
		assert.equal((await api.get('user/search')).status, 200);
		emu.addFault({ method: 'GET', skip: 1, action: { type: 'status', status: 502, body: '<html><body>Bad Gateway</body></html>' } });
		assert.equal((await api.get('user/search')).status, 200);
		const bad = await api.get('user/search');
		assert.equal(bad.status, 502);
		assert.match(bad.headers.get('content-type') ?? '', /text\/html/);
		assert.equal((await api.get('user/search')).status, 200);
	});

	test('method and path must both match', async () => {
		emu.addFault({ method: 'POST', path: '/proj', action: { type: 'status', status: 500 } });
		assert.equal((await api.get('user/search')).status, 200);
		assert.equal((await api.post('user', { firstName: 'a', lastName: 'b', emailAddr: 'ab@example.com' })).status, 200);
		assert.equal((await api.post('proj', { name: 'x' })).status, 500);
	});

	test('reset destroys the socket', async () => {
		emu.addFault({ action: { type: 'reset' } });
		await assert.rejects(fetch(api.url('user/search'), { headers: { sessionID: api.token } }));
		assert.equal((await api.get('user/search')).status, 200);
	});

	test('delay answers normally, later', async () => {
		emu.addFault({ action: { type: 'delay', ms: 200 } });
		const t = Date.now();
		const r = await api.get('user/search');
		assert.equal(r.status, 200);
		assert.ok(Date.now() - t >= 190);
	});

	test('malformed is a 200 with truncated JSON; errorIn200 is a 200 carrying an error', async () => {
		emu.addFault({ action: { type: 'malformed' } });
		const res = await fetch(api.url('user/search'), { headers: { sessionID: api.token } });
		assert.equal(res.status, 200);
		await assert.rejects(res.json());
		emu.addFault({ action: { type: 'errorIn200', message: 'Something broke', class: 'com.attask.common.ProjectStatusViolationException' } });
		const r = await api.get('user/search');
		assert.equal(r.status, 200);
		assert.equal(r.body.error.message, 'Something broke');
		assert.equal(r.body.error.class, 'com.attask.common.ProjectStatusViolationException');
	});

	test('expireSession ends the caller session (401 now and afterwards)', async () => {
		emu.addFault({ action: { type: 'expireSession' } });
		assert.equal((await api.get('user/search')).status, 401);
		assert.equal((await api.get('user/search')).status, 401);
		api.token = await login(emu.credentials);
	});

	test('clearFaults and the faults control endpoints', async () => {
		emu.addFault({ times: 5, action: { type: 'status', status: 503 } });
		emu.clearFaults();
		assert.equal((await api.get('user/search')).status, 200);
		const add = await control(emu, 'POST', 'faults', [{ action: { type: 'status', status: 500 } }, { action: { type: 'status', status: 503 } }]);
		assert.equal(add.body.activeFaults, 2);
		assert.equal((await api.get('user/search')).status, 500);
		assert.equal((await control(emu, 'DELETE', 'faults')).status, 200);
		assert.equal((await api.get('user/search')).status, 200);
		assert.equal((await control(emu, 'POST', 'faults', { action: { type: 'nonsense' } })).status, 400);
	});
});

describe('control endpoints and bulk data', () => {
	let emu: Emulator;
	let api: ApiClient;
	before(async () => {
		emu = await startEmulator({ seed: false });
		api = new ApiClient(emu.url, await login(emu.credentials));
	});
	after(() => emu.close());

	test('stats, tokens, reset-stats, latency and the request log', async () => {
		await api.get('user/search');
		const stats = await control(emu, 'GET', 'stats');
		for (const k of ['exchanges', 'exchangeFailures', 'apiCalls', 'unauthorized', 'tooManyRequests', 'maxInFlight', 'writes', 'issuedTokenCount']) assert.equal(typeof stats.body[k], 'number', k);
		assert.equal(stats.body.exchanges, 1);
		assert.ok(stats.body.apiCalls >= 1);
		assert.deepEqual((await control(emu, 'GET', 'tokens')).body.tokens, [api.token]);
		await control(emu, 'POST', 'reset-stats');
		assert.equal(emu.stats.apiCalls, 0);
		await control(emu, 'POST', 'latency', { ms: 120 });
		const t = Date.now();
		await api.get('user/search');
		assert.ok(Date.now() - t >= 110);
		await control(emu, 'POST', 'latency', { ms: 0 });
		const entry = emu.requests.find((r) => r.path.endsWith('/user/search'))!;
		assert.equal(entry.method, 'GET');
		assert.equal(entry.status, 200);
		assert.equal(typeof entry.at, 'number');
		const withQuery = emu.requests.filter((r) => r.path === '/__emulator/latency');
		assert.equal(withQuery.length, 2);
	});

	test('generate 100,000 tasks, then page through all of them exactly once with ID_Sort', async () => {
		const gen = await control(emu, 'POST', 'generate', { objCode: 'TASK', count: 100_000, fields: { description: 'bulk {n}' } });
		assert.equal(gen.status, 200, JSON.stringify(gen.body));
		assert.equal(gen.body.generated, 100_000);
		const total = (await api.get('task/count')).body.data.count as number;
		assert.equal(total, 100_000);
		const seen = new Set<string>();
		let last = '';
		for (let first = 0; ; first += 2000) {
			const page = await api.get('task/search', { $$FIRST: first, $$LIMIT: 2000, ID_Sort: 'asc', fields: 'ID' });
			assert.equal(page.status, 200);
			const rows = page.body.data as Json[];
			for (const r of rows) {
				assert.ok(r.ID > last, 'ascending across pages');
				last = r.ID;
				seen.add(r.ID);
			}
			if (rows.length < 2000) break;
		}
		assert.equal(seen.size, 100_000);
		const sample = await api.get('task/search', { description: 'bulk 7', fields: 'description,projectID,project:name' });
		assert.equal(sample.body.data.length, 1);
		assert.equal(typeof sample.body.data[0].project.name, 'string');
	});
});

test('CLI prints the URL and an n8n credential, and stops on SIGTERM', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'emulator', 'cli.ts'), '--no-seed', '--port', '0', '--latency', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout.on('data', (c: Buffer) => {
			out += c.toString();
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m && out.includes('"apiVersion": "22.0"\n')) resolve(m[1]);
		});
		child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
	});
	const cred = JSON.parse(out.slice(out.indexOf('['))) as Json[];
	assert.equal(cred[0].type, 'workfrontJwtApi');
	assert.equal(cred[0].data.baseUrl, url);
	assert.match(cred[0].data.privateKey, /BEGIN PRIVATE KEY/);
	const stats = await fetch(`${url}/__emulator/stats`);
	assert.equal(stats.status, 200);
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	assert.equal(await exited, 0);
});
