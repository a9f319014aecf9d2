/**
 * The credential inside n8n's real engine: a minimal node calls httpRequestWithAuthentication('workfrontJwtApi')
 * against the emulator; the token is exchanged only when needed and refreshed once after a revoke.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { credentialNode, loadPackage, MemoryCredentialsHelper, runWorkflow, shutdownN8n } from './harness/n8n';
import { assertNoSecrets } from './harness/secrets';

const probe: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'calls GET /session',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'workfrontJwtApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const credentials = await this.getCredentials('workfrontJwtApi');
		const base = String(credentials.baseUrl).replace(/\/$/, '');
		const out = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'workfrontJwtApi', {
				method: 'GET',
				url: `${base}/attask/api/v${String(credentials.apiVersion)}/session`,
				json: true,
			})) as { data: IDataObject };
			out.push({ json: { userID: response.data.userID, customerID: response.data.customerID }, pairedItem: { item: i } });
		}
		return [out];
	},
};

describe('credential inside n8n (in-process engine)', () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ seed: false });
		await loadPackage();
	});
	after(async () => {
		await emulator.close();
		shutdownN8n();
	});

	const node = () => credentialNode('Probe', 'probe', {});

	test('first run exchanges once; later runs reuse the stored token; a revoke costs one 401 and one re-exchange', async () => {
		const store: Record<string, IDataObject> = { 'cred-1': { ...emulator.credentials, accessToken: '' } };
		const helper = new MemoryCredentialsHelper(await loadPackage(), store as never);
		const run = () => runWorkflow({ nodes: [node()], credentialsHelper: helper, extraNodeTypes: { probe } });

		const first = await run();
		assert.equal(first.error, undefined);
		assert.equal(first.output()[0].json.userID, emulator.credentials.userId);
		assert.equal(emulator.stats.exchanges, 1);
		assert.equal(helper.events.writes, 1);
		const stored = String(store['cred-1'].accessToken);
		assert.match(stored, /^[0-9a-f]{32}$/);
		assert.deepEqual(Object.keys(store['cred-1']).sort(), [...Object.keys(emulator.credentials), 'accessToken'].sort(), 'only accessToken was added');

		const second = await run();
		assert.equal(second.error, undefined);
		assert.equal(emulator.stats.exchanges, 1, 'second execution reuses the stored token');
		assert.equal(helper.events.preAuthentications, 1);

		emulator.revokeAll();
		const unauthorizedBefore = emulator.stats.unauthorized;
		const third = await run();
		assert.equal(third.error, undefined);
		assert.equal(third.output()[0].json.userID, emulator.credentials.userId);
		assert.equal(emulator.stats.unauthorized - unauthorizedBefore, 1, 'exactly one 401');
		assert.equal(emulator.stats.exchanges, 2, 'exactly one re-exchange');
		assert.equal(helper.events.forcedRefreshes, 1);
		assert.notEqual(store['cred-1'].accessToken, stored, 'the new token was persisted');

		const fourth = await run();
		assert.equal(fourth.error, undefined);
		assert.equal(emulator.stats.exchanges, 2);

		const secrets = [emulator.credentials.clientSecret, emulator.credentials.privateKey, ...emulator.issuedTokens()];
		for (const result of [first, second, third, fourth]) {
			assertNoSecrets(result.output(), secrets, 'output');
			assertNoSecrets(result.logs, secrets, 'logs');
		}
	});

	test('executions that start together with no stored session share one exchange', async () => {
		const store: Record<string, IDataObject> = { 'cred-1': { ...emulator.credentials, accessToken: '' } };
		const helper = new MemoryCredentialsHelper(await loadPackage(), store as never);
		const before = emulator.stats.exchanges;
		const runs = await Promise.all(Array.from({ length: 6 }, () => runWorkflow({ nodes: [node()], credentialsHelper: helper, extraNodeTypes: { probe } })));
		for (const run of runs) assert.equal(run.error, undefined);
		assert.equal(emulator.stats.exchanges - before, 1, 'one exchange for six concurrent executions');
		assert.ok(helper.events.preAuthentications >= 2, `several executions signed in at once (${helper.events.preAuthentications})`);
	});

	test('a wrong client secret fails the run with Workfront\'s message, one exchange attempt, and no secret in the error', async () => {
		const wrongSecret = 'this-is-the-wrong-secret-0000';
		const store: Record<string, IDataObject> = { 'cred-1': { ...emulator.credentials, clientSecret: wrongSecret, accessToken: '' } };
		const helper = new MemoryCredentialsHelper(await loadPackage(), store as never);
		const failuresBefore = emulator.stats.exchangeFailures;
		const result = await runWorkflow({ nodes: [node()], credentialsHelper: helper, extraNodeTypes: { probe } });
		assert.ok(result.error, 'the run failed');
		assert.match(result.error.message, /Workfront refused the JWT exchange \(HTTP 401\)/);
		assert.match(String((result.error as { description?: string }).description), /Client ID and Client Secret/);
		assert.equal(emulator.stats.exchangeFailures - failuresBefore, 1, 'the exchange was not attempted twice');
		assert.equal(store['cred-1'].accessToken, '', 'nothing was persisted');
		assertNoSecrets(result.run, [wrongSecret, emulator.credentials.privateKey, ...emulator.issuedTokens()], 'run data');
		assertNoSecrets(result.logs, [wrongSecret, emulator.credentials.privateKey], 'logs');
	});
});
