/**
 * Reliability: every operation through injected faults (429 with and without Retry-After, 5xx with HTML bodies,
 * resets, answers slower than the timeout, malformed JSON, errors inside 200, sessions expiring mid-run) and a
 * suite of bad inputs. For each: a clear error, no crash, no lost or repeated rows, no write sent twice, and no
 * secret anywhere.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FaultRule } from '../emulator';
import { id, rl, TestBed } from './harness/bed';

let bed: TestBed;
before(async () => {
	bed = await TestBed.start();
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

const HTML_502 = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
const fault = (path: string, action: FaultRule['action'], extra: Partial<FaultRule> = {}) => bed.emulator.addFault({ path, action, ...extra });
const count = (method: string, path: RegExp, since: number) =>
	bed.emulator.requests.slice(since).filter((r) => r.method === method && path.test(r.path)).length;
const project = () => bed.emulator.store.all('PROJ').find((p) => p.status === 'CUR')!;
const task = () => bed.emulator.store.all('TASK').find((t) => t.status !== 'CPL')!;

const READS: Array<[string, () => INodeParameters, RegExp]> = [
	['search', () => ({ operation: 'search', objCode: rl('TASK'), limit: 5, fields: ['name'] }), /\/task\/search$/],
	['get', () => ({ operation: 'get', objCode: rl('TASK'), recordId: id(String(task().ID)), fields: ['name'] }), /\/task\/[0-9a-f]{32}$/],
	['count', () => ({ operation: 'count', objCode: rl('TASK') }), /\/task\/count$/],
	['report', () => ({ operation: 'report', objCode: rl('HOUR'), groupBy: { fields: [{ field: 'status' }] }, aggregates: { values: [{ function: 'sum', field: 'hours' }] } }), /\/hour\/report$/],
	['named query', () => ({ operation: 'namedQuery', objCode: rl('WORK'), queryName: 'myWork' }), /\/work\/myWork$/],
];

describe('reads are retried through transient faults and succeed', () => {
	const faults: Array<[string, FaultRule['action']]> = [
		['429 without Retry-After', { type: 'status', status: 429 }],
		['429 with Retry-After: 1', { type: 'status', status: 429, headers: { 'Retry-After': '1' } }],
		['500 with an HTML body', { type: 'status', status: 500, body: '<html><body>Internal Server Error</body></html>' }],
		['502 with an HTML body', { type: 'status', status: 502, body: HTML_502 }],
		['503', { type: 'status', status: 503, body: '<html>Service Unavailable</html>' }],
		['connection reset', { type: 'reset' }],
		['malformed JSON', { type: 'malformed' }],
	];
	for (const [operation, parameters, path] of READS) {
		for (const [name, action] of faults) {
			test(`${operation}: ${name}`, async () => {
				const since = bed.emulator.requests.length;
				fault(path.source, action);
				const started = Date.now();
				const items = await bed.ok(parameters());
				assert.ok(items.length > 0);
				assert.ok(items.every((item) => item.json.error === undefined));
				assert.equal(count(path.test('/x/work/myWork') ? 'GET' : 'GET', path, since), 2, 'one failure, one retry');
				if ('headers' in action) assert.ok(Date.now() - started >= 950, 'waited as Retry-After asked');
			});
		}
	}

	test('a response slower than the request timeout is abandoned and the read retried', async () => {
		const since = bed.emulator.requests.length;
		fault('/task/count$', { type: 'delay', ms: 1500 });
		const [item] = await bed.ok({ operation: 'count', objCode: rl('TASK'), requestOptions: { timeout: 1 } });
		assert.equal(item.json.count, bed.emulator.store.count('TASK'));
		assert.equal(count('GET', /\/task\/count$/, since), 2);
	});

	test('429s exhausting the retries give a clear error naming the cause and the setting to change', async () => {
		fault('/task/count$', { type: 'status', status: 429 }, { times: 3 });
		const error = await bed.fails({ operation: 'count', objCode: rl('TASK'), requestOptions: { maxRetries: 2 } });
		assert.match(error.message, /Too many concurrent API requests.*after 2 retries/);
		assert.match(String(error.description), /Max Concurrent Requests/);
		bed.emulator.clearFaults();
	});

	test('an error inside HTTP 200 is an error and is not retried', async () => {
		const since = bed.emulator.requests.length;
		fault('/task/count$', { type: 'errorIn200', message: 'Query too complex' });
		const error = await bed.fails({ operation: 'count', objCode: rl('TASK') });
		assert.match(error.message, /Workfront: Query too complex/);
		assert.equal(count('GET', /\/task\/count$/, since), 1);
	});
});

describe('writes are never sent twice after an ambiguous failure', () => {
	const WRITES: Array<[string, () => INodeParameters, string, RegExp, (() => IDataObject[]) | undefined]> = [
		['create', () => ({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name: 'w', projectID: project().ID }) }), 'POST', /\/task$/, undefined],
		['update', () => ({ operation: 'update', objCode: rl('TASK'), recordId: id(String(task().ID)), fieldValues: { values: [{ field: 'description', value: 'x' }] } }), 'PUT', /\/task\/[0-9a-f]{32}$/, undefined],
		['bulk create', () => ({ operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item' }), 'POST', /\/task$/, () => [{ name: 'b1', projectID: String(project().ID) }, { name: 'b2', projectID: String(project().ID) }]],
		['bulk update', () => ({ operation: 'bulkUpdate', objCode: rl('TASK'), updateId: String(task().ID), inputMode: 'json', jsonData: '{"description":"y"}' }), 'PUT', /\/task$/, undefined],
	];
	const ambiguous: Array<[string, FaultRule['action'], RegExp]> = [
		['502 HTML', { type: 'status', status: 502, body: HTML_502 }, /NOT sent again|not resent/],
		['500', { type: 'status', status: 500 }, /NOT sent again|not resent/],
		['connection reset', { type: 'reset' }, /NOT sent again|not resent/],
		['malformed JSON', { type: 'malformed' }, /not valid JSON/],
	];
	for (const [operation, parameters, method, path, items] of WRITES) {
		for (const [name, action, message] of ambiguous) {
			test(`${operation}: ${name}`, async () => {
				const since = bed.emulator.requests.length;
				fault(path.source, action, { method });
				const run = await bed.run(parameters(), items ? items() : [{ x: 1 }]);
				assert.ok(run.error, 'the item failed');
				assert.match(`${run.error.message} ${String((run.error as { description?: string }).description)}`, message);
				assert.equal(count(method, path, since), 1, 'sent exactly once');
			});
		}
	}

	test('delete: a reset is not retried', async () => {
		const created = await bed.ok({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name: 'to delete', projectID: project().ID }) });
		const since = bed.emulator.requests.length;
		fault('/task/[0-9a-f]{32}$', { type: 'reset' }, { method: 'DELETE' });
		const error = await bed.fails({ operation: 'delete', objCode: rl('TASK'), recordId: id(String(created[0].json.ID)) });
		assert.match(String(error.description), /NOT sent again/);
		assert.equal(count('DELETE', /\/task\/[0-9a-f]{32}$/, since), 1);
	});

	test('a write slower than the timeout is not resent, and lands once', async () => {
		const before = bed.emulator.store.count('TASK');
		const since = bed.emulator.requests.length;
		fault('/task$', { type: 'delay', ms: 1500 }, { method: 'POST' });
		const error = await bed.fails({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name: 'slow', projectID: project().ID }), requestOptions: { timeout: 1 } });
		assert.match(error.message, /no answer before the request timeout/);
		assert.match(String(error.description), /may or may not have applied/);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		assert.equal(count('POST', /\/task$/, since), 1);
		assert.equal(bed.emulator.store.count('TASK'), before + 1, 'the late write landed exactly once');
	});

	test('a 429 on a write is retried (Workfront refused it) and the record is created once', async () => {
		const before = bed.emulator.store.count('TASK');
		const since = bed.emulator.requests.length;
		fault('/task$', { type: 'status', status: 429 }, { method: 'POST', times: 2 });
		const [item] = await bed.ok({ operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: JSON.stringify({ name: 'throttled', projectID: project().ID }) });
		assert.ok(item.json.ID);
		assert.equal(count('POST', /\/task$/, since), 3);
		assert.equal(bed.emulator.store.count('TASK'), before + 1);
	});

	test('bulk: a failed batch yields per-item errors for its items only; other batches go on; each batch sent once', async () => {
		const inputs = Array.from({ length: 9 }, (_, i) => ({ name: `chunked ${i}`, projectID: String(project().ID) }));
		const since = bed.emulator.requests.length;
		fault('/task$', { type: 'status', status: 502, body: HTML_502 }, { method: 'POST', skip: 1 });
		const run = await bed.run({ operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', options: { batchSize: 3 } }, inputs, { onError: 'continueRegularOutput' });
		assert.equal(run.error, undefined);
		assert.equal(count('POST', /\/task$/, since), 3);
		assert.deepEqual(run.items.map((item) => item.pairedItem), inputs.map((_, index) => ({ item: index })));
		assert.deepEqual(run.items.map((item) => (item.json.error ? 'error' : 'ok')), ['ok', 'ok', 'ok', 'error', 'error', 'error', 'ok', 'ok', 'ok']);
	});
});

describe('Return All loses and repeats nothing through faults', () => {
	test('resets, 5xx, 429 and an expired session in the middle of paging', async () => {
		bed.emulator.store.generate('NOTE', 9000, { noteObjCode: 'PROJ', objID: String(project().ID) });
		const expected = new Set(bed.emulator.store.all('NOTE').map((n) => String(n.ID)));
		fault('/note/search$', { type: 'reset' }, { skip: 1 });
		fault('/note/search$', { type: 'status', status: 503 }, { skip: 2 });
		fault('/note/search$', { type: 'status', status: 429 }, { skip: 3, times: 2 });
		fault('/note/search$', { type: 'expireSession' }, { skip: 4 });
		fault('/note/search$', { type: 'malformed' }, { skip: 5 });
		const exchanges = bed.emulator.stats.exchanges;
		const items = await bed.ok({ operation: 'search', objCode: rl('NOTE'), returnAll: true, fields: ['noteText'] });
		const got = items.map((item) => String(item.json.ID));
		assert.equal(got.length, expected.size);
		assert.deepEqual(new Set(got), expected);
		assert.equal(bed.emulator.stats.exchanges - exchanges, 1, 'one re-exchange for the expired session');
		bed.emulator.clearFaults();
	});

	test('the concurrency cap is shared by every request of the execution; a tighter server limit is absorbed by retries', async () => {
		bed.emulator.setLatency(10);
		bed.emulator.resetStats();
		const items = await bed.ok({ operation: 'search', objCode: rl('NOTE'), returnAll: true, fields: ['noteText'], options: { concurrency: 10 }, requestOptions: { maxConcurrency: 2 } });
		assert.equal(items.length, bed.emulator.store.count('NOTE'));
		assert.ok(bed.emulator.stats.maxInFlight <= 2, `at most 2 in flight (saw ${bed.emulator.stats.maxInFlight})`);
		bed.emulator.setConcurrencyLimit(2);
		bed.emulator.resetStats();
		const again = await bed.ok({ operation: 'search', objCode: rl('NOTE'), returnAll: true, fields: ['noteText'] });
		assert.equal(new Set(again.map((item) => item.json.ID)).size, bed.emulator.store.count('NOTE'));
		assert.ok(bed.emulator.stats.tooManyRequests > 0, 'the server refused some requests');
		bed.emulator.setConcurrencyLimit(10);
		bed.emulator.setLatency(0);
	});
});

describe('bad input: a clear error that names the field or cause, no crash, no secret', () => {
	const P = () => String(project().ID);
	const nodeCases: Array<[string, INodeParameters, RegExp, IDataObject[]?]> = [
		['unknown object type', { operation: 'search', objCode: rl('NOPE') }, /Unknown object type "nope"/],
		['malformed object type', { operation: 'search', objCode: rl('={{ "PROJ;DROP" }}') }, /Object Type "PROJ;DROP" is not a Workfront object code/],
		['empty object type', { operation: 'search', objCode: rl('={{ "" }}') }, /Object Type is empty/],
		['unknown field in JSON Data', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"nmae":"x"}' }, /Field "nmae" does not exist on PROJ/],
		['field with the wrong case', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"Name":"x"}' }, /Field "Name" does not exist.*|Did you mean "name"/],
		['unknown field to return', { operation: 'search', objCode: rl('PROJ'), fields: ['nmae'] }, /nmae/],
		['unknown filter field', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'colour', value: 'red' }] } }, /colour/],
		['unknown sort field', { operation: 'search', objCode: rl('PROJ'), sort: { fields: [{ field: 'colour', direction: 'asc' }] } }, /colour/],
		['unknown modifier', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'name', operator: '={{ "almost" }}', value: 'x' }] } }, /"almost" is not a Workfront filter modifier/],
		['filter without field', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: '', value: 'x' }] } }, /Filter 1: Field is empty/],
		['bad raw filter JSON', { operation: 'search', objCode: rl('PROJ'), rawFilter: '{"status": CUR}' }, /Raw Filter is not valid JSON/],
		['raw filter setting the session', { operation: 'search', objCode: rl('PROJ'), rawFilter: 'sessionID=abc' }, /Raw Filter must not set "sessionID"/],
		['between without Value To', { operation: 'search', objCode: rl('TASK'), filters: { conditions: [{ field: 'percentComplete', operator: 'between', value: '1' }] } }, /between needs Value and Value To/],
		['in-list without values', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', operator: 'in', value: ' , ' }] } }, /in needs at least one value/],
		['in-list with a broken JSON array', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', operator: 'in', value: '["CUR",' }] } }, /not valid JSON/],
		['same field twice in a group', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', value: 'CUR' }, { field: 'status', value: 'PLN' }] } }, /used twice in match group 0/],
		['negative match group', { operation: 'search', objCode: rl('PROJ'), filters: { conditions: [{ field: 'status', value: 'CUR', group: '={{ -1 }}' }] } }, /Match Group must be 0 or a positive whole number/],
		['limit 0', { operation: 'search', objCode: rl('PROJ'), limit: '={{ 0 }}' }, /Limit must be a whole number of 1 or more/],
		['bad JSON Data', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{"name": ' }, /JSON Data is not valid JSON/],
		['JSON Data that is an array', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '[{"name":"x"}]' }, /JSON Data must be a JSON object/],
		['create with no fields', { operation: 'create', objCode: rl('PROJ'), inputMode: 'json', jsonData: '{}' }, /Nothing to create/],
		['missing required field', { operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: '{"name":"no project"}' }, /projectID/],
		['reference to a record that does not exist', { operation: 'create', objCode: rl('TASK'), inputMode: 'json', jsonData: '{"name":"x","projectID":"ffffffffffffffffffffffffffffffff"}' }, /projectID|ffffffff/],
		['number field given text', { operation: 'create', objCode: rl('PROJ'), fieldValues: { values: [{ field: 'name', value: 'x' }, { field: 'priority', value: 'high' }] } }, /Field "priority" needs a number/],
		['date field given garbage', { operation: 'create', objCode: rl('PROJ'), fieldValues: { values: [{ field: 'name', value: 'x' }, { field: 'plannedStartDate', value: 'next tuesday-ish' }] } }, /Field "plannedStartDate" needs a date/],
		['enum field given an unknown value', { operation: 'create', objCode: rl('PROJ'), fieldValues: { values: [{ field: 'name', value: 'x' }, { field: 'status', value: 'SOMEDAY' }] } }, /Field "status" does not accept "SOMEDAY"/],
		['same field set twice', { operation: 'create', objCode: rl('PROJ'), fieldValues: { values: [{ field: 'name', value: 'x' }, { field: 'name', value: 'y' }] } }, /"name" is set twice/],
		['custom field multi-select with broken JSON', { operation: 'update', objCode: rl('PROJ'), recordId: id('={{ $json.p }}'), fieldValues: { values: [{ field: 'DE:Channels', value: '["Email",' }] } }, /Value of DE:Channels is not valid JSON/],
		['custom field without its form', { operation: 'update', objCode: rl('PROJ'), recordId: id('={{ $json.bare }}'), inputMode: 'json', jsonData: '{"DE:Effort Size":"M"}' }, /Effort Size|form/],
		['ID of the wrong shape (get)', { operation: 'get', objCode: rl('PROJ'), recordId: id('={{ "12345" }}') }, /Record "12345" is not a Workfront ID/],
		['ID of the wrong shape (update)', { operation: 'update', objCode: rl('PROJ'), recordId: id('={{ "not-an-id" }}'), fieldValues: { values: [{ field: 'name', value: 'x' }] } }, /Record "not-an-id" is not a Workfront ID/],
		['ID of the wrong shape (delete)', { operation: 'delete', objCode: rl('PROJ'), recordId: id('={{ "zz" }}') }, /Record "zz" is not a Workfront ID/],
		['empty ID', { operation: 'get', objCode: rl('PROJ'), recordId: id('={{ "" }}') }, /Record is empty/],
		['unknown ID', { operation: 'get', objCode: rl('PROJ'), recordId: id('0123456789abcdef0123456789abcdef') }, /Workfront: .*(not found|No|does not exist)/i],
		['two IDs for an update', { operation: 'update', objCode: rl('PROJ'), recordId: id('={{ $json.two }}'), fieldValues: { values: [{ field: 'name', value: 'x' }] } }, /Record: give one ID to update/],
		['update with nothing to change', { operation: 'update', objCode: rl('PROJ'), recordId: id('={{ $json.p }}') }, /Nothing to update/],
		['oversized batch', { operation: 'bulkCreate', objCode: rl('TASK'), inputMode: 'item', options: { batchSize: 500 } }, /Batch Size must be a whole number from 1 to 100/],
		['bulk update with a bad ID', { operation: 'bulkUpdate', objCode: rl('TASK'), updateId: '={{ $json.missing }}', inputMode: 'json', jsonData: '{"description":"x"}' }, /Record ID is empty/],
		['report without aggregates', { operation: 'report', objCode: rl('HOUR') }, /Aggregates: add at least one/],
		['report aggregate without field', { operation: 'report', objCode: rl('HOUR'), aggregates: { values: [{ function: 'sum', field: '' }] } }, /Aggregate 1: Field is empty/],
		['report aggregating one field twice', { operation: 'report', objCode: rl('HOUR'), aggregates: { values: [{ function: 'sum', field: 'hours' }, { function: 'avg', field: 'hours' }] } }, /"hours" is aggregated twice/],
		['named query with a bad name', { operation: 'namedQuery', objCode: rl('WORK'), queryName: 'my work!' }, /Query Name "my work!" is not a query name/],
		['unknown named query', { operation: 'namedQuery', objCode: rl('WORK'), queryName: 'theirWork' }, /theirWork/],
	];
	for (const [name, parameters, message] of nodeCases) {
		test(name, async () => {
			const bare = bed.emulator.store.all('PROJ').find((p) => !p.categoryID && !(p.objectCategories as unknown[] | undefined)?.length);
			const run = await bed.run(parameters, [{ p: P(), two: `${P()},${P()}`, bare: String(bare?.ID ?? P()) }]);
			assert.ok(run.error, 'the run failed with an error, not a crash');
			assert.match(run.error.message, message);
			assert.ok(String((run.error as { description?: string }).description ?? '').length > 10, `a hint on how to fix it: ${run.error.message}`);
		});
	}

	const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
	const credentialCases: Array<[string, () => IDataObject, RegExp]> = [
		['Base URL over plain http', () => ({ baseUrl: 'http://acme.my.workfront.com' }), /Base URL must use https/],
		['Base URL without scheme', () => ({ baseUrl: 'acme.my.workfront.com' }), /must start with https/],
		['Base URL with a path', () => ({ baseUrl: `${bed.emulator.url}/some/where` }), /without the path/],
		['Base URL with a query', () => ({ baseUrl: `${bed.emulator.url}/?a=1` }), /query string/],
		['empty Base URL', () => ({ baseUrl: '' }), /Base URL is empty/],
		['wrong Client ID', () => ({ clientId: 'nobody' }), /HTTP 401\).*client/i],
		['wrong Client Secret', () => ({ clientSecret: 'wrong-secret-value-123' }), /HTTP 401\)/],
		['wrong Customer ID', () => ({ customerId: '00000000000000000000000000000000' }), /HTTP 401\).*customer/i],
		['wrong User ID', () => ({ userId: '00000000000000000000000000000000' }), /HTTP 401\).*user/i],
		['a key Workfront does not know', () => ({ privateKey: other.export({ type: 'pkcs8', format: 'pem' }).toString() }), /public key/],
		['a certificate instead of the key', () => ({ privateKey: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }), /Private Key: this is a certificate/],
		['an encrypted key', () => ({ privateKey: other.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' }).toString() }), /Private Key: the key is encrypted/],
		['an EC key', () => ({ privateKey: ec }), /Private Key: this is an EC key/],
		['a 1024-bit RSA key', () => ({ privateKey: rsa1024 }), /Private Key: the RSA key has 1024 bits/],
		['garbage as the key', () => ({ privateKey: 'paste here' }), /Private Key: this is not a PEM private key/],
		['an unsupported API version', () => ({ apiVersion: '9.0' }), /Workfront: /],
		['a JWT lifetime out of range', () => ({ jwtLifetime: 99999 }), /JWT Lifetime must be/],
	];
	for (const [name, overrides, message] of credentialCases) {
		test(`credential: ${name}`, async () => {
			const saved = bed.store['cred-1'];
			bed.store['cred-1'] = { ...bed.emulator.credentials, accessToken: '', ...overrides() };
			try {
				const run = await bed.run({ operation: 'count', objCode: rl('PROJ') });
				assert.ok(run.error, 'the run failed with an error, not a crash');
				assert.match(`${run.error.message}`, message);
				assert.ok(String((run.error as { description?: string }).description ?? '').length > 10, 'a hint on how to fix it');
			} finally {
				bed.store['cred-1'] = saved;
			}
		});
	}

	test('continueOnFail keeps going: bad items become paired error items, good items succeed', async () => {
		const good = String(task().ID);
		const run = await bed.run(
			{ operation: 'update', objCode: rl('TASK'), recordId: id('={{ $json.id }}'), fieldValues: { values: [{ field: 'percentComplete', value: '={{ $json.pc }}' }] } },
			[{ id: good, pc: 5 }, { id: good, pc: 'lots' }, { id: 'nope', pc: 1 }, { id: good, pc: 7 }],
			{ onError: 'continueRegularOutput' },
		);
		assert.equal(run.error, undefined);
		assert.deepEqual(run.items.map((item) => item.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		assert.equal(run.items[0].json.ID, good);
		assert.match(String(run.items[1].json.error), /needs a number/);
		assert.match(String(run.items[2].json.error), /not a Workfront ID/);
		assert.equal(bed.emulator.store.get('TASK', good)?.percentComplete, 7);
	});
});

describe('documents, API calls, event subscriptions and actions through faults', () => {
	const fileItem = (text: string) => ({ json: { n: 1 }, binary: { data: { data: Buffer.from(text).toString('base64'), mimeType: 'text/plain', fileName: 'f.txt' } } });

	test('document download (a read) is retried after a 502 and returns the bytes', async () => {
		const [uploaded] = await bed.ok({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: String(project().ID) }, [fileItem('exact bytes')] as never);
		const since = bed.emulator.requests.length;
		fault('download', { type: 'status', status: 502, body: HTML_502 });
		const [item] = await bed.ok({ resource: 'document', operation: 'download', documentId: id(String(uploaded.json.ID)), binaryPropertyName: 'file' });
		assert.equal(Buffer.from(String(item.binary?.file.data), 'base64').toString(), 'exact bytes');
		assert.equal(count('GET', /download/, since), 2);
	});

	test('document upload (a write) is not resent after a reset', async () => {
		const since = bed.emulator.requests.length;
		const documents = bed.emulator.store.count('DOCU');
		fault('/upload$', { type: 'reset' });
		const error = await bed.fails({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: String(project().ID) }, [fileItem('lost')] as never);
		assert.match(String(error.description), /NOT sent again/);
		assert.equal(count('POST', /\/upload$/, since), 1);
		assert.equal(bed.emulator.store.count('DOCU'), documents);
	});

	test('custom API call GET is retried after a 503; POST is not resent after a 500', async () => {
		let since = bed.emulator.requests.length;
		fault('/proj/count$', { type: 'status', status: 503 });
		const [read] = await bed.ok({ resource: 'api', operation: 'customCall', method: 'GET', path: 'proj/count' });
		assert.equal(read.json.statusCode, 200);
		assert.equal(count('GET', /\/proj\/count$/, since), 2);
		since = bed.emulator.requests.length;
		fault('/proj$', { type: 'status', status: 500 }, { method: 'POST' });
		const run = await bed.run({ resource: 'api', operation: 'customCall', method: 'POST', path: 'proj', sendBody: true, body: '{"name":"once"}' });
		assert.equal(count('POST', /\/proj$/, since), 1, 'sent once');
		assert.ok(run.error || run.items[0].json.statusCode === 500, 'the failure is reported');
	});

	test('event subscriptions: listing is retried after a reset; creating is not resent after a 502', async () => {
		let since = bed.emulator.requests.length;
		fault('/subscriptions$', { type: 'reset' }, { method: 'GET' });
		const listed = await bed.ok({ resource: 'eventSubscription', operation: 'getAll', returnAll: true });
		assert.ok(Array.isArray(listed));
		assert.equal(count('GET', /\/subscriptions$/, since), 2);
		since = bed.emulator.requests.length;
		fault('/subscriptions$', { type: 'status', status: 502, body: HTML_502 }, { method: 'POST' });
		const error = await bed.fails({ resource: 'eventSubscription', operation: 'create', subscriptionObjCode: 'TASK', eventType: 'UPDATE', url: 'http://127.0.0.1:9/reliability', authToken: 'reliability-token-1' });
		assert.match(`${error.message} ${String(error.description)}`, /NOT sent again|502/);
		assert.equal(count('POST', /\/subscriptions$/, since), 1);
	});

	test('an action (markDone) is not resent after a timeout', async () => {
		const target = task();
		const since = bed.emulator.requests.length;
		fault('/markDone$', { type: 'delay', ms: 1500 });
		const error = await bed.fails({ operation: 'executeAction', objCode: rl('TASK'), recordId: id(String(target.ID)), recordAction: 'markDone', requestOptions: { timeout: 1 } });
		assert.match(error.message, /no answer before the request timeout/);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		assert.equal(bed.emulator.requests.slice(since).filter((r) => /\/markDone$/.test(r.path)).length, 1);
	});
});
