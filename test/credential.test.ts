import assert from 'node:assert/strict';
import { generateKeyPairSync, createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IDataObject } from 'n8n-workflow';

import { assertNoSecrets } from './harness/secrets';

// The built (bundled) credential: what n8n loads from dist/.
const { WorkfrontJwtApi } = require('../dist/credentials/WorkfrontJwtApi.credentials.js') as typeof import('../credentials/WorkfrontJwtApi.credentials');

const KEY_DIR = path.join(__dirname, '..', 'emulator', 'keys');
const PKCS8 = fs.readFileSync(path.join(KEY_DIR, 'demo-private.key'), 'utf8');
const CERT = fs.readFileSync(path.join(KEY_DIR, 'demo-certificate.crt'), 'utf8');
const PUBLIC_SPKI = new X509Certificate(CERT).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PKCS1 = createPrivateKey(PKCS8).export({ type: 'pkcs1', format: 'pem' }).toString();
const CLIENT_SECRET = 'client-secret-value-0123456789abcdef';
const TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';

interface Call {
	options: IHttpRequestOptions;
	form: URLSearchParams;
}

type Responder = (call: Call) => { statusCode: number; body: unknown } | Promise<{ statusCode: number; body: unknown }>;

function settings(overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: 'https://acme.my.workfront.com',
		clientId: 'client-id-1',
		clientSecret: CLIENT_SECRET,
		customerId: 'customer-abc',
		userId: 'user-xyz',
		privateKey: PKCS8,
		apiVersion: '22.0',
		jwtLifetime: 300,
		accessToken: '',
		...overrides,
	};
}

async function preAuth(creds: ICredentialDataDecryptedObject, respond: Responder = () => ({ statusCode: 200, body: JSON.stringify({ access_token: TOKEN, token_type: 'sessionID' }) })) {
	const calls: Call[] = [];
	const credential = new WorkfrontJwtApi();
	const helpers = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				const call = { options, form: new URLSearchParams(String(options.body)) };
				calls.push(call);
				return await respond(call);
			},
		},
	};
	const result = await credential.preAuthentication.call(helpers as never, creds);
	return { result, calls };
}

async function preAuthError(creds: ICredentialDataDecryptedObject, respond?: Responder): Promise<Error & { description?: string }> {
	try {
		await preAuth(creds, respond);
	} catch (error) {
		return error as Error & { description?: string };
	}
	assert.fail('expected preAuthentication to fail');
}

async function verify(jwt: string) {
	return await jwtVerify(jwt, await importSPKI(PUBLIC_SPKI, 'RS256'), { algorithms: ['RS256'] });
}

describe('credential description', () => {
	const credential = new WorkfrontJwtApi();
	test('has the documented properties, with the hidden expirable token defaulting to ""', () => {
		const names = credential.properties.map((p) => p.name);
		assert.deepEqual(names, ['baseUrl', 'clientId', 'clientSecret', 'customerId', 'userId', 'privateKey', 'apiVersion', 'jwtLifetime', 'accessToken']);
		const token = credential.properties.find((p) => p.name === 'accessToken');
		assert.equal(token?.type, 'hidden');
		assert.equal(token?.default, '');
		assert.deepEqual(token?.typeOptions, { expirable: true, password: true });
		for (const secret of ['clientSecret', 'privateKey']) {
			assert.equal(credential.properties.find((p) => p.name === secret)?.typeOptions?.password, true, secret);
		}
		const version = credential.properties.find((p) => p.name === 'apiVersion');
		assert.equal(version?.default, '22.0');
		assert.deepEqual(version?.options?.map((o) => ('value' in o ? o.value : '')), ['22.0', '21.0', '20.0', '19.0', '18.0', '17.0', '16.0']);
	});
	test('authenticates with the sessionID header, never Authorization', () => {
		assert.deepEqual(credential.authenticate, { type: 'generic', properties: { headers: { sessionID: '={{$credentials.accessToken}}' } } });
	});
	test('tests with GET /attask/api/v<version>/session on the instance origin', () => {
		assert.equal(credential.test.request.url, '=/attask/api/v{{$credentials.apiVersion}}/session');
		assert.equal(credential.test.request.method, 'GET');
		// The baseURL expression strips a trailing slash or a pasted path.
		const expression = String(credential.test.request.baseURL).replace(/^=\{\{\$credentials\.baseUrl\.replace\(/, '').replace(/\)\}\}$/, '');
		const [pattern, replacement] = expression.split(', ');
		const regex = eval(pattern) as RegExp;
		for (const input of ['https://acme.my.workfront.com/', 'https://acme.my.workfront.com', 'https://acme.my.workfront.com/attask/api/v22.0']) {
			assert.equal(input.replace(regex, JSON.parse(replacement) as string), 'https://acme.my.workfront.com');
		}
	});
});

describe('preAuthentication: JWT and exchange request', () => {
	test('signs an RS256 JWT with iss = customer ID, sub = user ID, iat and exp = iat + lifetime', async () => {
		const before = Math.floor(Date.now() / 1000);
		const { calls } = await preAuth(settings({ jwtLifetime: 240 }));
		const after = Math.floor(Date.now() / 1000);
		const jwt = calls[0].form.get('jwt_token') ?? '';
		assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'RS256', typ: 'JWT' });
		const { payload } = await verify(jwt);
		assert.equal(payload.iss, 'customer-abc');
		assert.equal(payload.sub, 'user-xyz');
		assert.ok(payload.iat! >= before && payload.iat! <= after);
		assert.equal(payload.exp! - payload.iat!, 240);
		assert.equal(payload.aud, undefined);
	});
	test('default lifetime is a few minutes (300 s)', async () => {
		const { calls } = await preAuth(settings({ jwtLifetime: undefined }));
		const { payload } = await verify(calls[0].form.get('jwt_token') ?? '');
		assert.equal(payload.exp! - payload.iat!, 300);
	});
	test('POSTs exactly client_id, client_secret, jwt_token form-encoded to <baseUrl>/integrations/oauth2/api/v1/jwt/exchange', async () => {
		const { calls } = await preAuth(settings({ baseUrl: 'https://acme.my.workfront.adobe.com/' }));
		assert.equal(calls.length, 1);
		const { options, form } = calls[0];
		assert.equal(options.method, 'POST');
		assert.equal(options.url, 'https://acme.my.workfront.adobe.com/integrations/oauth2/api/v1/jwt/exchange');
		assert.equal((options.headers as IDataObject)['Content-Type'], 'application/x-www-form-urlencoded');
		assert.deepEqual([...form.keys()], ['client_id', 'client_secret', 'jwt_token']);
		assert.equal(form.get('client_id'), 'client-id-1');
		assert.equal(form.get('client_secret'), CLIENT_SECRET);
		assert.equal(options.headers?.Authorization, undefined);
	});
	test('returns exactly { accessToken }', async () => {
		const { result } = await preAuth(settings());
		assert.deepEqual(result, { accessToken: TOKEN });
	});
	test('accepts an already-parsed JSON body too', async () => {
		const { result } = await preAuth(settings(), () => ({ statusCode: 200, body: { access_token: 'abc123', token_type: 'sessionID' } }));
		assert.deepEqual(result, { accessToken: 'abc123' });
	});
});

describe('preAuthentication: every key form a user may paste', () => {
	const flattenedSpaces = PKCS8.trim().replace(/\n/g, ' ');
	const literalBackslashN = PKCS8.trim().replace(/\n/g, '\\n');
	const forms: Record<string, string> = {
		'PKCS#8 (BEGIN PRIVATE KEY)': PKCS8,
		'PKCS#1 (BEGIN RSA PRIVATE KEY)': PKCS1,
		'newlines flattened to spaces': flattenedSpaces,
		'PKCS#1 flattened to spaces': PKCS1.trim().replace(/\n/g, ' '),
		'newlines as literal \\n': literalBackslashN,
		'quoted JSON string with literal \\n': `"${literalBackslashN}"`,
		'CRLF line endings': PKCS8.replace(/\n/g, '\r\n'),
		'certificate and key in one file': `${CERT}\n${PKCS8}`,
		'key then certificate': `${PKCS8}${CERT}`,
		'surrounding blank lines and indentation': `\n\n   ${PKCS8}\n\n`,
	};
	for (const [name, privateKey] of Object.entries(forms)) {
		test(name, async () => {
			const { calls, result } = await preAuth(settings({ privateKey }));
			await verify(calls[0].form.get('jwt_token') ?? '');
			assert.deepEqual(result, { accessToken: TOKEN });
		});
	}
});

describe('preAuthentication: bad keys give a clear error naming the field', () => {
	const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const encrypted8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
	const encrypted1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();
	const cases: Array<[string, string, RegExp, RegExp]> = [
		['a certificate', CERT, /Private Key: this is a certificate/, /private key \(private\.key\)/],
		['a public key', PUBLIC_SPKI, /Private Key: this is a public key/, /Paste the private key/],
		['an encrypted PKCS#8 key', encrypted8, /Private Key: the key is encrypted/, /openssl pkey/],
		['an encrypted PKCS#1 key', encrypted1, /Private Key: the key is encrypted/, /openssl pkey/],
		['an EC key', ec, /Private Key: this is an EC key.*RSA/, /openssl/],
		['an Ed25519 key', ed, /Private Key: this is a ED25519 key.*RSA/, /openssl/],
		['an RSA key under 2048 bits', rsa1024, /Private Key: the RSA key has 1024 bits; Workfront needs at least 2048/, /rsa:2048/],
		['garbage', 'hello, this is not a key', /Private Key: this is not a PEM private key/, /BEGIN and END/],
		['an empty field', '   ', /Private Key: the field is empty/, /openssl/],
		['a truncated PEM', PKCS8.slice(0, 300), /Private Key: the PEM block is incomplete/, /openssl/],
		['a damaged body', PKCS8.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n'), /Private Key: the key could not be read/, /openssl/],
	];
	for (const [name, privateKey, message, hint] of cases) {
		test(name, async () => {
			let called = false;
			const error = await preAuthError(settings({ privateKey }), () => {
				called = true;
				return { statusCode: 200, body: '{}' };
			});
			assert.match(error.message, message);
			assert.match(error.description ?? '', hint);
			assert.equal(called, false, 'no exchange request is sent with a bad key');
			assertNoSecrets(error, [privateKey.length > 40 ? privateKey : undefined, CLIENT_SECRET], name);
		});
	}
});

describe('preAuthentication: bad fields and URLs', () => {
	const cases: Array<[string, IDataObject, RegExp]> = [
		['http:// on a public host', { baseUrl: 'http://acme.my.workfront.com' }, /Base URL must use https:\/\//],
		['a URL without scheme', { baseUrl: 'acme.my.workfront.com' }, /Base URL "acme\.my\.workfront\.com" must start with https:\/\//],
		['an unrelated path', { baseUrl: 'https://acme.my.workfront.com/some/path' }, /without the path "\/some\/path"/],
		['a query string', { baseUrl: 'https://acme.my.workfront.com/?x=1' }, /query string/],
		['an empty Base URL', { baseUrl: '' }, /Base URL is empty/],
		['ftp://', { baseUrl: 'ftp://acme.my.workfront.com' }, /must start with https:\/\//],
		['an empty Client ID', { clientId: '' }, /Client ID is empty/],
		['an empty Client Secret', { clientSecret: '' }, /Client Secret is empty/],
		['an empty Customer ID', { customerId: ' ' }, /Customer ID is empty/],
		['an empty User ID', { userId: '' }, /User ID is empty/],
		['a JWT lifetime of 5 s', { jwtLifetime: 5 }, /JWT Lifetime must be a whole number of seconds between 30 and 3600/],
	];
	for (const [name, overrides, message] of cases) {
		test(name, async () => {
			const error = await preAuthError(settings(overrides));
			assert.match(error.message, message);
			assert.ok((error.description ?? '').length > 20, 'has a how-to-fix description');
		});
	}
	test('http:// is allowed for loopback hosts (the emulator)', async () => {
		for (const baseUrl of ['http://127.0.0.1:8080', 'http://localhost:1234/', 'http://[::1]:9999']) {
			const { calls } = await preAuth(settings({ baseUrl }));
			assert.equal(calls[0].options.url, `${baseUrl.replace(/\/$/, '')}/integrations/oauth2/api/v1/jwt/exchange`);
		}
	});
	test('a pasted API URL is cut back to the origin', async () => {
		const { calls } = await preAuth(settings({ baseUrl: 'https://acme.preview.workfront.com/attask/api/v22.0/' }));
		assert.equal(calls[0].options.url, 'https://acme.preview.workfront.com/integrations/oauth2/api/v1/jwt/exchange');
	});
});

describe('preAuthentication: exchange failures are clear and leak nothing', () => {
	const oauthError = (statusCode: number, type: string, message: string) => () => ({
		statusCode,
		body: JSON.stringify({ statusCode, error: true, type, message }),
	});
	const cases: Array<[string, Responder, RegExp, RegExp]> = [
		['wrong client ID or secret', oauthError(401, 'invalid_client', 'Invalid client credentials'), /HTTP 401\): Invalid client credentials/, /Client ID and Client Secret/],
		['signature matches no public key', oauthError(401, 'invalid_signature', 'JWT signature does not match any public key of the application'), /does not match any public key/, /Upload the certificate/],
		['unknown customer', oauthError(401, 'invalid_grant', 'Unknown customer'), /Unknown customer/, /Customer ID must be/],
		['unknown user', oauthError(401, 'invalid_grant', 'Unknown user for this customer'), /Unknown user/, /User ID must be/],
		['JWT already expired (clock skew)', oauthError(401, 'jwt_expired', 'JWT has expired'), /JWT has expired/, /clock of the n8n host/],
		['Workfront error envelope', () => ({ statusCode: 400, body: JSON.stringify({ error: { class: 'x', message: 'Bad request body' } }) }), /Bad request body/, /Check/],
		['an HTML error page', () => ({ statusCode: 404, body: '<html><body>Not Found</body></html>' }), /HTTP 404\) with an HTML page/, /Base URL/],
		['HTML with status 200', () => ({ statusCode: 200, body: '<!doctype html><html>login</html>' }), /with an HTML page/, /Base URL/],
		['non-JSON text with status 200', () => ({ statusCode: 200, body: 'OK' }), /not JSON/, /Base URL/],
		['JSON without access_token', () => ({ statusCode: 200, body: JSON.stringify({ token_type: 'sessionID' }) }), /no access_token/, /Base URL/],
		['a status without a message', () => ({ statusCode: 503, body: '' }), /HTTP 503/, /Check/],
		[
			'an error message that echoes the secret and the JWT',
			(call) => ({ statusCode: 400, body: JSON.stringify({ message: `bad secret ${call.form.get('client_secret')} for ${call.form.get('jwt_token')}` }) }),
			/bad secret \[redacted\] for \[redacted\]/,
			/Check/,
		],
		[
			'a network failure whose message includes the request body',
			(call) => {
				throw Object.assign(new Error(`connect ECONNREFUSED; body=${String(call.options.body)}`), { code: 'ECONNREFUSED' });
			},
			/Could not reach Workfront at https:\/\/acme\.my\.workfront\.com \(ECONNREFUSED\)/,
			/Check the Base URL/,
		],
	];
	for (const [name, respond, message, hint] of cases) {
		test(name, async () => {
			let jwt = '';
			const error = await preAuthError(settings(), (call) => {
				jwt = call.form.get('jwt_token') ?? '';
				return respond(call);
			});
			assert.match(error.message, message);
			assert.match(error.description ?? '', hint);
			assertNoSecrets(error, [CLIENT_SECRET, PKCS8, jwt, TOKEN], name);
		});
	}
});
