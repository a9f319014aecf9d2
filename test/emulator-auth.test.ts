/** Emulator over HTTP: JWT exchange, sessions, header auth, envelopes and API versions. */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importPKCS8, SignJWT } from 'jose';
import { startEmulator, type Emulator } from '../emulator/index';
import { ApiClient, login } from '../emulator/testkit';

const EXCHANGE = '/integrations/oauth2/api/v1/jwt/exchange';

interface ExchangeResult {
	status: number;
	body: { statusCode?: number; error?: boolean; type?: string; message?: string; access_token?: string; token_type?: string };
}

async function exchange(emu: Emulator, form: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<ExchangeResult> {
	const body = contentType.includes('json') ? JSON.stringify(form) : new URLSearchParams(form).toString();
	const res = await fetch(emu.url + EXCHANGE, { method: 'POST', headers: { 'Content-Type': contentType }, body });
	return { status: res.status, body: (await res.json()) as ExchangeResult['body'] };
}

async function signRs256(pem: string, claims: { iss?: string; sub?: string; exp?: number }): Promise<string> {
	const key = await importPKCS8(pem, 'RS256');
	let jwt = new SignJWT({}).setProtectedHeader({ alg: 'RS256', typ: 'JWT' });
	if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss);
	if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
	if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
	return jwt.sign(key);
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

describe('JWT exchange', () => {
	let emu: Emulator;
	let good: { iss: string; sub: string; exp: number };
	const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const otherPem = otherKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

	before(async () => {
		emu = await startEmulator({ seed: false });
		good = { iss: emu.credentials.customerId, sub: emu.credentials.userId, exp: nowSec() + 120 };
	});
	after(() => emu.close());

	const form = async (overrides: Record<string, string> = {}, claims: Partial<typeof good> = {}): Promise<Record<string, string>> => ({
		client_id: emu.credentials.clientId,
		client_secret: emu.credentials.clientSecret,
		jwt_token: await signRs256(emu.credentials.privateKey, { ...good, ...claims }),
		...overrides,
	});

	test('a valid JWT gives a 32-hex sessionID token that works on the API', async () => {
		const r = await exchange(emu, await form());
		assert.equal(r.status, 200);
		assert.equal(r.body.token_type, 'sessionID');
		assert.match(r.body.access_token ?? '', /^[0-9a-f]{32}$/);
		assert.ok(emu.issuedTokens().includes(r.body.access_token!));
		const api = new ApiClient(emu.url, r.body.access_token!);
		const s = await api.get('session');
		assert.equal(s.status, 200);
		assert.equal(s.body.data.userID, emu.credentials.userId);
		assert.equal(s.body.data.customerID, emu.credentials.customerId);
		assert.equal(s.body.data.isAdmin, true);
		assert.equal(s.body.data.versionInformation.currentAPIVersion, '22.0');
	});

	test('each failure class answers in the oauth error shape and is counted', async () => {
		const before = emu.stats.exchangeFailures;
		const cases: [string, Record<string, string>, number, string, RegExp][] = [
			['unknown client', await form({ client_id: 'nope' }), 401, 'invalid_client', /client_id/],
			['wrong secret', await form({ client_secret: 'wrong' }), 401, 'invalid_client', /client_secret/],
			['malformed jwt', await form({ jwt_token: 'not-a-jwt' }), 400, 'invalid_request', /well-formed/],
			['missing jwt', { client_id: emu.credentials.clientId, client_secret: emu.credentials.clientSecret }, 400, 'invalid_request', /required/],
			['foreign key', await form({ jwt_token: await signRs256(otherPem, good) }), 401, 'invalid_signature', /no public key/],
			['wrong iss', await form({}, { iss: '0'.repeat(32) }), 401, 'invalid_grant', /Unknown customer/],
			['unknown sub', await form({}, { sub: 'f'.repeat(32) }), 401, 'invalid_grant', /Unknown user/],
			['expired', await form({}, { exp: nowSec() - 3600 }), 401, 'jwt_expired', /expired/],
		];
		for (const [name, f, status, type, message] of cases) {
			const r = await exchange(emu, f);
			assert.equal(r.status, status, name);
			assert.equal(r.body.statusCode, status, name);
			assert.equal(r.body.error, true, name);
			assert.equal(r.body.type, type, name);
			assert.match(r.body.message ?? '', message, name);
		}
		assert.equal(emu.stats.exchangeFailures, before + cases.length);
	});

	test('alg other than RS256 is refused with 400', async () => {
		const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(good.iss).setSubject(good.sub).setExpirationTime(good.exp).sign(new TextEncoder().encode('x'.repeat(32)));
		const r = await exchange(emu, await form({ jwt_token: hs }));
		assert.equal(r.status, 400);
		assert.match(r.body.message ?? '', /RS256/);
	});

	test('exp is required; exp within the clock skew is accepted', async () => {
		const noExp = await signRs256(emu.credentials.privateKey, { iss: good.iss, sub: good.sub });
		assert.equal((await exchange(emu, await form({ jwt_token: noExp }))).body.type, 'jwt_expired');
		assert.equal((await exchange(emu, await form({}, { exp: nowSec() - 30 }))).status, 200);
	});

	test('the body must be form-encoded', async () => {
		const r = await exchange(emu, await form(), 'application/json');
		assert.equal(r.status, 400);
		assert.equal(r.body.type, 'invalid_request');
	});

	test('an app may register several certificates or bare public keys', async () => {
		const otherPublic = otherKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
		const cert = readFileSync(join(__dirname, '..', 'emulator', 'keys', 'demo-certificate.crt'), 'utf8');
		const emu2 = await startEmulator({ seed: false, apps: [{ clientId: 'app2', clientSecret: 's2', customerId: emu.credentials.customerId, certificates: [otherPublic, cert] }] });
		try {
			for (const pem of [otherPem, emu.credentials.privateKey]) {
				const jwt = await signRs256(pem, good);
				const r = await exchange(emu2, { client_id: 'app2', client_secret: 's2', jwt_token: jwt });
				assert.equal(r.status, 200);
			}
		} finally {
			await emu2.close();
		}
	});
});

describe('sessions and header auth', () => {
	let emu: Emulator;
	let api: ApiClient;
	before(async () => {
		emu = await startEmulator({ seed: false });
		api = new ApiClient(emu.url, await login(emu.credentials));
	});
	after(() => emu.close());

	const NOT_LOGGED_IN = { class: 'com.attask.common.AuthenticationException', message: 'You are not currently logged in.', title: null, msgKey: 'exception.attask', attributes: [], code: 0 };

	test('only the sessionID header authenticates (any case); Bearer and ?sessionID= are refused', async () => {
		const url = api.url('user/search');
		for (const name of ['sessionID', 'SessionID', 'SESSIONID']) {
			assert.equal((await fetch(url, { headers: { [name]: api.token } })).status, 200, name);
		}
		const unauthorizedBefore = emu.stats.unauthorized;
		const bearer = await fetch(url, { headers: { Authorization: `Bearer ${api.token}` } });
		assert.equal(bearer.status, 401);
		assert.deepEqual(await bearer.json(), { error: NOT_LOGGED_IN });
		assert.equal((await fetch(`${url}?sessionID=${api.token}`)).status, 401);
		assert.equal((await fetch(url, { headers: { sessionID: 'f'.repeat(32) } })).status, 401);
		assert.equal(emu.stats.unauthorized, unauthorizedBefore + 3);
	});

	test('success envelope is {data}; apiCalls counts authenticated calls', async () => {
		const calls = emu.stats.apiCalls;
		const r = await api.get('user/search', { $$LIMIT: 1 });
		assert.deepEqual(Object.keys(r.body), ['data']);
		assert.ok(Array.isArray(r.body.data));
		assert.equal(r.headers.get('content-type'), 'application/json;charset=UTF-8');
		assert.equal(emu.stats.apiCalls, calls + 1);
	});

	test('versions 16.0-22.0 work, 15.0 and older are gone (410), others 404', async () => {
		for (const v of ['16.0', '19.0', '22.0']) assert.equal((await new ApiClient(emu.url, api.token, v).get('user/search')).status, 200, v);
		for (const v of ['15.0', '11.0']) {
			const r = await new ApiClient(emu.url, api.token, v).get('user/search');
			assert.equal(r.status, 410, v);
			assert.equal(typeof r.body.error.class, 'string');
			assert.match(r.body.error.message, /no longer available/);
		}
		for (const v of ['23.0', '22.5']) assert.equal((await new ApiClient(emu.url, api.token, v).get('user/search')).status, 404, v);
		const unversioned = await fetch(`${emu.url}/attask/api/user/search`, { headers: { sessionID: api.token } });
		assert.equal(unversioned.status, 200);
	});

	test('error envelope carries class, message, title, msgKey, attributes, code', async () => {
		const r = await api.get('nosuchthing/search');
		assert.equal(r.status, 404);
		assert.deepEqual(Object.keys(r.body.error).sort(), ['attributes', 'class', 'code', 'message', 'msgKey', 'title']);
		assert.match(r.body.error.message, /nosuchthing/);
	});

	test('revokeAll, expireAll, logout and the control endpoint end sessions', async () => {
		const t1 = await login(emu.credentials);
		emu.revokeAll();
		assert.equal((await new ApiClient(emu.url, t1).get('session')).status, 401);
		const t2 = await login(emu.credentials);
		emu.expireAll();
		assert.equal((await new ApiClient(emu.url, t2).get('session')).status, 401);
		const t3 = await login(emu.credentials);
		assert.equal((await fetch(`${emu.url}/__emulator/revoke`, { method: 'POST' })).status, 200);
		assert.equal((await new ApiClient(emu.url, t3).get('session')).status, 401);
		const t4 = new ApiClient(emu.url, await login(emu.credentials));
		assert.deepEqual((await t4.get('logout')).body, { data: { success: true } });
		assert.equal((await t4.get('session')).status, 401);
		api.token = await login(emu.credentials);
	});

	test('sessions expire after sessionTtlSeconds', async () => {
		const short = await startEmulator({ seed: false, sessionTtlSeconds: 1 });
		try {
			const c = new ApiClient(short.url, await login(short.credentials));
			assert.equal((await c.get('session')).status, 200);
			await new Promise((r) => setTimeout(r, 1100));
			const r = await c.get('session');
			assert.equal(r.status, 401);
			assert.equal(r.body.error.message, 'You are not currently logged in.');
		} finally {
			await short.close();
		}
	});
});
