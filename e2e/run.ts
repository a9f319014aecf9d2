/**
 * End-to-end tests of n8n-nodes-workfront inside REAL n8n (n8n 2.8.4 on Node 20 and n8n 2.41.1 on Node 24),
 * against the Workfront emulator.
 *
 *   node --import tsx e2e/run.ts                  # build, install n8n if needed, run every scenario on both versions
 *   node --import tsx e2e/run.ts --versions 2.8   # one version
 *   node --import tsx e2e/run.ts --no-build       # dist/ is already fresh (e.g. after `npm run build`)
 *   node --import tsx e2e/run.ts --keep           # keep the n8n user folders (paths are printed)
 *   node --import tsx e2e/run.ts --link           # symlink the repo into the nodes folder instead of copying package.json + dist
 *   node --import tsx e2e/run.ts --verbose        # stream n8n's output
 *   node --import tsx e2e/run.ts --write-workflows  # only write e2e/workflows/*.json
 *
 * Prints one line per scenario per version and ends with exactly `N passed, N failed`; exits 1 on any failure.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startEmulator, type Emulator } from '../emulator';
import { ApiClient, login } from '../emulator/testkit';
import { ALL_VERSIONS, ensureN8n, type N8nInstall, type N8nVersionName } from './install';
import { explain, installPackage, N8n, NODE_TYPE, nodeOutput, REPO_ROOT, tail, TRIGGER_NODE_TYPE, type Json } from './lib/n8n';
import { findSecrets, secretNeedles } from './lib/secrets';
import { POLL_NOTE, pollingWorkflow, WEBHOOK_ID, WEBHOOK_NOTE, webhookWorkflow, WF_WEBHOOK } from './lib/trigger';
import {
	allWorkflows,
	BULK_PREFIX,
	CRED_BAD,
	CRED_GOOD,
	FLAG_DESCRIPTION,
	ISSUE_PREFIX,
	N,
	WF_BAD,
	WF_MAIN,
	WF_REUSE,
} from './lib/workflows';

const TRIGGER_DIST = path.join(REPO_ROOT, 'dist', 'nodes', 'WorkfrontTrigger', 'WorkfrontTrigger.node.js');
const WRONG_SECRET = 'wrong-client-secret-for-the-e2e-test';
const EXCHANGE_ERROR = 'Workfront refused the JWT exchange (HTTP 401)';
const GENERATED_TASKS = 10_000;
const HEX32 = /^[0-9a-f]{32}$/;

// ---------------------------------------------------------------- arguments

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};
const versions = (option('--versions') ?? ALL_VERSIONS.join(',')).split(',').map((v) => v.trim()) as N8nVersionName[];
const verbose = flag('--verbose');
const keep = flag('--keep');

const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

// ---------------------------------------------------------------- soft assertions

class Checks {
	readonly failures: string[] = [];
	ok(cond: unknown, what: string): boolean {
		if (!cond) this.failures.push(what);
		return !!cond;
	}
	eq(actual: unknown, expected: unknown, what: string): boolean {
		const a = JSON.stringify(actual);
		const e = JSON.stringify(expected);
		return this.ok(a === e, `${what}: expected ${clip(e)}, got ${clip(a)}`);
	}
	/** Field-by-field comparison of an object against expected values. */
	fields(actual: Record<string, unknown> | undefined, expected: Record<string, unknown>, what: string): void {
		for (const [k, v] of Object.entries(expected)) this.eq(actual?.[k], v, `${what}.${k}`);
	}
}
const clip = (s: string | undefined, n = 160) => (s === undefined ? 'undefined' : s.length > n ? `${s.slice(0, n)}…` : s);

interface ScenarioResult {
	version: string;
	id: number;
	title: string;
	status: 'pass' | 'fail' | 'skip';
	seconds: number;
	details: string[];
}
const results: ScenarioResult[] = [];

function report(r: ScenarioResult) {
	results.push(r);
	const tag = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : 'SKIP';
	console.log(`${tag} [n8n ${r.version}] ${r.id}. ${r.title} (${r.seconds} s)`);
	for (const d of r.details) console.log(`       ${d.split('\n').join('\n       ')}`);
}

async function scenario(version: string, id: number, title: string, body: (c: Checks) => Promise<void | string>): Promise<void> {
	const t0 = performance.now();
	const c = new Checks();
	let skipped: string | undefined;
	try {
		const r = await body(c);
		if (typeof r === 'string') skipped = r;
	} catch (e) {
		c.failures.push(`error: ${(e as Error).stack ?? String(e)}`);
	}
	report({
		version,
		id,
		title,
		status: skipped !== undefined && c.failures.length === 0 ? 'skip' : c.failures.length ? 'fail' : 'pass',
		seconds: secs(t0),
		details: skipped !== undefined && c.failures.length === 0 ? [skipped] : c.failures.slice(0, 25),
	});
}

// ---------------------------------------------------------------- emulator helpers (over HTTP, like an outside client)

async function control(em: Emulator, method: string, action: string, body?: unknown): Promise<Json> {
	const res = await fetch(`${em.url}/__emulator/${action}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = await res.json();
	if (!res.ok) throw new Error(`${method} /__emulator/${action}: HTTP ${res.status} ${JSON.stringify(json)}`);
	return json;
}
const stats = (em: Emulator) => control(em, 'GET', 'stats');
const resetStats = (em: Emulator) => control(em, 'POST', 'reset-stats');

function pairedIndex(item: { pairedItem?: Json }): number | undefined {
	const p = item.pairedItem;
	if (typeof p === 'number') return p;
	if (Array.isArray(p)) return p.length === 1 ? p[0]?.item : undefined;
	return p?.item;
}

function execError(run: Json): string {
	const e = run?.data?.resultData?.error;
	return e ? `${e.message ?? ''} ${e.description ?? ''}` : '';
}

// ---------------------------------------------------------------- one n8n version

async function runVersion(install: N8nInstall): Promise<void> {
	const v = install.version;
	const setupT0 = performance.now();
	const em = await startEmulator();
	const n8n = await N8n.create({ install, onOutput: verbose ? (s) => process.stdout.write(s) : undefined });
	const timings: string[] = [];
	const wrongSecretData = { ...em.credentials, clientSecret: WRONG_SECRET, jwtLifetime: 300, accessToken: '' };
	let mainRun: Json;
	let mainExecCode: number | null = null;
	let mainStats: Json;
	let setupError: string | undefined;
	const mainCalls: Array<{ method: string; path: string }> = [];
	/** Secrets made during the run (the trigger's subscription authTokens). */
	const extraSecrets: string[] = [];
	const hasTrigger = fs.existsSync(TRIGGER_DIST);
	/** The decrypted export (kept in memory only): the positive control of the secret scan. */
	let decryptedExport = '';

	try {
		installPackage(n8n.userFolder, { link: flag('--link') });
		let r = await n8n.importCredentials([
			{ id: CRED_GOOD.id, name: CRED_GOOD.name, type: 'workfrontJwtApi', data: { ...em.credentials, jwtLifetime: 300, accessToken: '' } },
			{ id: CRED_BAD.id, name: CRED_BAD.name, type: 'workfrontJwtApi', data: wrongSecretData },
		]);
		timings.push(`import:credentials ${r.seconds} s`);
		r = await n8n.importWorkflows([...allWorkflows(), ...(hasTrigger ? [webhookWorkflow()] : [])]);
		timings.push(`import:workflow ${r.seconds} s`);
		const gen = await control(em, 'POST', 'generate', { objCode: 'TASK', count: GENERATED_TASKS });
		if (gen.generated !== GENERATED_TASKS) throw new Error(`generate: ${JSON.stringify(gen)}`);
		await resetStats(em);
		const before = em.requests.length;
		const exec = await n8n.execute(WF_MAIN);
		mainCalls.push(...em.requests.slice(before).map((q) => ({ method: q.method, path: q.path })));
		mainStats = await stats(em);
		timings.push(`execute main ${exec.seconds} s`);
		mainRun = exec.run;
		mainExecCode = exec.code;
		if (exec.code !== 0 || !mainRun) {
			throw new Error(`execute ${WF_MAIN} exited with ${exec.code}${mainRun ? `: ${execError(mainRun)}` : ' and printed no run data'}\n${explain(exec.stdout + exec.stderr)}`);
		}
	} catch (e) {
		setupError = (e as Error).message;
	}
	console.log(`---- n8n ${v} (node ${install.node === process.execPath ? process.version : path.relative(REPO_ROOT, install.node)}; user folder ${n8n.userFolder}) setup ${secs(setupT0)} s: ${timings.join(', ')}`);

	const needSetup = (c: Checks) => {
		if (setupError) {
			c.failures.push(`setup failed: ${setupError}`);
			return false;
		}
		return true;
	};

	// 1. The credential ------------------------------------------------------------------------------
	await scenario(v, 1, 'credential: works; a wrong client secret fails with the exchange error; n8n credential test and editor lookups', async (c) => {
		if (!needSetup(c)) return;
		c.eq(mainExecCode, 0, 'main workflow exit code');
		c.eq(mainRun.status ?? 'success', 'success', 'main workflow status');
		c.ok(!mainRun.data.resultData.error, `main workflow error: ${execError(mainRun)}`);
		c.ok(nodeOutput(mainRun, N.search).length > 0, 'a node using the good credential returned items');
		const bad = nodeOutput(mainRun, N.badBranch);
		c.eq(bad.length, 1, 'wrong-secret branch (continue on fail) item count');
		c.ok(String(bad[0]?.json?.error ?? '').includes(EXCHANGE_ERROR), `wrong-secret branch error item says "${EXCHANGE_ERROR}…": got ${clip(JSON.stringify(bad[0]?.json))}`);
		c.eq(mainStats?.exchangeFailures, 1, 'emulator exchangeFailures during the main run');

		await resetStats(em);
		const r = await n8n.execute(WF_BAD);
		c.eq(r.code, 1, `exit code of "n8n execute --id ${WF_BAD}"`);
		const printed = r.stdout + r.stderr;
		c.ok(printed.includes(EXCHANGE_ERROR), `"n8n execute" output contains "${EXCHANGE_ERROR}": ${clip(printed.split('\n').find((l) => /error/i.test(l)) ?? tail(printed, 5), 300)}`);
		if (r.run) c.ok(execError(r.run).includes(EXCHANGE_ERROR), `run data error message: ${clip(execError(r.run))}`);
		const s = await stats(em);
		c.fields(s, { exchanges: 0, exchangeFailures: 1, apiCalls: 0 }, 'emulator stats of the wrong-secret run');

		// n8n's own credential test (the "Test" button): POST /rest/credentials/test under `n8n start`.
		const ready = await n8n.start();
		try {
			await n8n.setupOwner();
			const test = async (id: string, name: string, data: Record<string, unknown>) =>
				await n8n.rest('POST', 'credentials/test', { credentials: { id, name, type: 'workfrontJwtApi', data } });
			const good = await test(CRED_GOOD.id, CRED_GOOD.name, { ...em.credentials, jwtLifetime: 300 });
			c.eq(good.status, 200, 'credential test (good) HTTP status');
			const goodBody = good.json?.data ?? good.json;
			c.eq(goodBody?.status, 'OK', `credential test (good) result ${clip(good.text)}`);
			const wrong = await test(CRED_BAD.id, CRED_BAD.name, wrongSecretData);
			const wrongBody = wrong.json?.data ?? wrong.json;
			c.eq(wrongBody?.status, 'Error', 'credential test (wrong secret) status');
			c.ok(String(wrongBody?.message ?? '').includes('refused the JWT exchange'), `credential test (wrong secret) message: ${clip(String(wrongBody?.message))}`);

			// The editor's lookups through n8n's REST API with the stored credential: loadOptions and listSearch.
			const lookup = { nodeTypeAndVersion: { name: NODE_TYPE, version: 1 }, credentials: { workfrontJwtApi: CRED_GOOD } };
			const options = await n8n.rest('POST', 'dynamic-node-parameters/options', {
				...lookup,
				path: 'parameters.fieldValues.values.field',
				methodName: 'getWritableFields',
				currentNodeParameters: { resource: 'record', operation: 'create', objCode: { __rl: true, mode: 'code', value: 'OPTASK' } },
			});
			const values = ((options.json?.data ?? []) as Array<{ value: string }>).map((o) => o.value);
			c.ok(options.status === 200 && values.includes('name') && values.includes('projectID'), `loadOptions getWritableFields (OPTASK) lists name and projectID: HTTP ${options.status} ${clip(options.text)}`);
			const found = await n8n.rest('POST', 'dynamic-node-parameters/resource-locator-results', {
				...lookup,
				path: 'parameters.objCode',
				methodName: 'searchObjectTypes',
				filter: 'issue',
				currentNodeParameters: { resource: 'record', operation: 'search' },
			});
			c.ok((found.json?.data?.results ?? []).some((r: Json) => r.value === 'OPTASK'), `listSearch searchObjectTypes("issue") finds OPTASK: HTTP ${found.status} ${clip(found.text)}`);
			timings.push(`n8n start ready ${ready} s`);
		} finally {
			await n8n.stop();
		}
	});

	// 2. search → update → create → report -----------------------------------------------------------
	await scenario(v, 2, 'workflow: search overdue tasks → update → create issue → report, field by field', async (c) => {
		if (!needSetup(c)) return;
		const search = nodeOutput(mainRun, N.search);
		// The emulator's own answer to the same query is the oracle (one extra login, outside the measured runs).
		const api = new ApiClient(em.url, await login(em.credentials), em.credentials.apiVersion);
		const oracle = await api.get('task/search', {
			plannedCompletionDate: '$$TODAY',
			plannedCompletionDate_Mod: 'lt',
			status: 'CPL',
			status_Mod: 'ne',
			plannedCompletionDate_Sort: 'asc',
			ID_Sort: 'asc',
			$$LIMIT: 3,
			fields: 'projectID,project:name',
		});
		const expected = oracle.body.data as Json[];
		c.eq(search.length, 3, 'search item count');
		c.eq(search.map((i) => i.json.ID), expected.map((t) => t.ID), 'search IDs (emulator answer to the same query, same order)');
		search.forEach((item, i) => {
			const t = item.json;
			const stored = em.store.get('TASK', t.ID) ?? {};
			c.fields(t, { objCode: 'TASK', name: stored.name, projectID: stored.projectID, status: stored.status, plannedCompletionDate: stored.plannedCompletionDate }, `search[${i}]`);
			c.ok(t.status !== 'CPL', `search[${i}].status is not CPL`);
			c.eq(t.project?.ID, t.projectID, `search[${i}].project.ID`);
			c.eq(t.project?.name, em.store.get('PROJ', t.projectID)?.name, `search[${i}].project.name`);
			if (i > 0) c.ok(String(search[i - 1].json.plannedCompletionDate) <= String(t.plannedCompletionDate), `search sorted by plannedCompletionDate at ${i}`);
		});

		const update = nodeOutput(mainRun, N.update);
		c.eq(update.length, 3, 'update item count');
		update.forEach((item, i) => {
			const src = search[i]?.json ?? {};
			c.eq(pairedIndex(item), i, `update[${i}].pairedItem`);
			c.fields(item.json, { ID: src.ID, objCode: 'TASK', name: src.name, description: FLAG_DESCRIPTION, priority: 4, projectID: src.projectID }, `update[${i}]`);
			c.fields(em.store.get('TASK', src.ID), { description: FLAG_DESCRIPTION, priority: 4 }, `stored TASK ${src.ID}`);
		});

		const create = nodeOutput(mainRun, N.create);
		c.eq(create.length, 3, 'create item count');
		create.forEach((item, i) => {
			const src = search[i]?.json ?? {};
			const issue = item.json;
			c.eq(pairedIndex(item), i, `create[${i}].pairedItem`);
			c.ok(HEX32.test(issue.ID ?? ''), `create[${i}].ID is a new 32-hex ID: ${issue.ID}`);
			const expectedIssue = { objCode: 'OPTASK', name: `${ISSUE_PREFIX}${src.name}`, projectID: src.projectID, description: `Raised for task ${src.ID}` };
			c.fields(issue, expectedIssue, `create[${i}]`);
			c.fields(em.store.get('OPTASK', issue.ID), expectedIssue, `stored OPTASK ${issue.ID}`);
		});

		const reportItems = nodeOutput(mainRun, N.report);
		const raised = em.store.all('OPTASK').filter((o) => String(o.name).startsWith(ISSUE_PREFIX));
		const perProject = new Map<string, number>();
		for (const o of raised) perProject.set(String(o.projectID), (perProject.get(String(o.projectID)) ?? 0) + 1);
		const groups = reportItems.filter((i) => !i.json.rollup);
		const rollup = reportItems.filter((i) => i.json.rollup);
		c.eq(raised.length, 3, 'issues named "Overdue: …" in the emulator');
		c.eq(groups.length, perProject.size, 'report group count (one per project)');
		for (const g of groups) {
			c.fields(g.json, { group: g.json.projectID, count_ID: perProject.get(String(g.json.projectID)) }, `report group ${g.json.projectID}`);
		}
		c.eq(new Set(groups.map((g) => g.json.projectID)).size, perProject.size, 'report groups are distinct projects');
		c.eq(rollup.length, 1, 'report rollup item count');
		c.fields(rollup[0]?.json, { count_ID: 3, rollup: true }, 'report rollup');
		c.eq(reportItems.every((i) => pairedIndex(i) === 0), true, 'report items pair to item 0 (Execute Once)');
	});

	// 3. Token reuse, revoke → one re-exchange, persisted token --------------------------------------
	await scenario(v, 3, 'token: one exchange per run, reused by the next execution, one re-exchange after revoke, persisted', async (c) => {
		if (!needSetup(c)) return;
		c.fields(mainStats, { exchanges: 1, unauthorized: 0 }, 'first execution (empty token, 5 nodes on the good credential)');

		await resetStats(em);
		let r = await n8n.execute(WF_REUSE);
		c.eq(r.code, 0, `second execution exit code ${r.code ? tail(r.stdout + r.stderr, 8) : ''}`);
		c.eq(r.run ? nodeOutput(r.run, N.reuseCount).map((i) => i.json) : null, [{ objCode: 'PROJ', count: 200 }], 'second execution output');
		let s = await stats(em);
		c.fields(s, { exchanges: 0, unauthorized: 0, apiCalls: 1 }, 'second execution (new process, token from the DB)');

		const tokensBefore = new Set<string>((await control(em, 'GET', 'tokens')).tokens);
		await control(em, 'POST', 'revoke');
		await resetStats(em);
		r = await n8n.execute(WF_REUSE);
		c.eq(r.code, 0, `execution after revoke exit code ${r.code ? tail(r.stdout + r.stderr, 8) : ''}`);
		c.eq(r.run ? nodeOutput(r.run, N.reuseCount).map((i) => i.json) : null, [{ objCode: 'PROJ', count: 200 }], 'output after revoke');
		s = await stats(em);
		// The node reads the first 401 itself, then resends letting n8n refresh (n8n only refreshes on a thrown 401):
		// one or two 401s, but exactly one exchange.
		c.fields(s, { exchanges: 1, apiCalls: 1 }, 'execution after revoke (401 → one re-exchange → retry)');
		c.ok(s.unauthorized >= 1 && s.unauthorized <= 2, `execution after revoke: 1 or 2 answers 401 (got ${s.unauthorized})`);
		const newTokens = ((await control(em, 'GET', 'tokens')).tokens as string[]).filter((t) => !tokensBefore.has(t));
		c.eq(newTokens.length, 1, 'tokens issued by the execution after revoke');

		const exported = await n8n.exportCredentials(true);
		decryptedExport = exported.raw;
		const good = exported.credentials.find((x) => x.id === CRED_GOOD.id);
		const bad = exported.credentials.find((x) => x.id === CRED_BAD.id);
		c.ok(typeof good?.data?.accessToken === 'string' && good.data.accessToken.length > 0, 'export:credentials --decrypted: accessToken persisted');
		c.ok(good?.data?.accessToken === newTokens[0], 'persisted accessToken is the token issued after the revoke');
		c.ok(!bad?.data?.accessToken, 'wrong-secret credential has no accessToken');
		c.eq(good?.data?.clientId, em.credentials.clientId, 'exported clientId');
	});

	// 4. Return All over 10,000+ rows ----------------------------------------------------------------
	await scenario(v, 4, `return all: ${GENERATED_TASKS.toLocaleString('en')}+ generated tasks, every row exactly once`, async (c) => {
		if (!needSetup(c)) return;
		const rows = nodeOutput(mainRun, N.returnAll);
		const expected = new Set(em.store.all('TASK').map((t) => String(t.ID)));
		const got = rows.map((i) => String(i.json.ID));
		const gotSet = new Set(got);
		c.ok(expected.size > GENERATED_TASKS, `emulator holds more than ${GENERATED_TASKS} tasks (${expected.size})`);
		c.eq(rows.length, expected.size, 'rows returned');
		c.eq(gotSet.size, got.length, 'distinct IDs (no duplicates)');
		const missing = [...expected].filter((id) => !gotSet.has(id));
		const extra = [...gotSet].filter((id) => !expected.has(id));
		c.eq(missing.length, 0, `missing IDs ${missing.slice(0, 3).join(',')}`);
		c.eq(extra.length, 0, `unexpected IDs ${extra.slice(0, 3).join(',')}`);
		c.ok(rows.every((i) => i.json.objCode === 'TASK' && pairedIndex(i) === 0), 'every row is a TASK paired to item 0');
		const pages = mainCalls.filter((q) => q.method === 'GET' && q.path.endsWith('/task/search')).length;
		c.ok(pages >= Math.ceil(expected.size / 2000), `task/search requests (${pages}) cover ${expected.size} rows in pages of at most 2,000`);
	});

	// 5. Bulk create of 500 items --------------------------------------------------------------------
	await scenario(v, 5, 'bulk create: 500 items in 5 requests, each output paired to its input', async (c) => {
		if (!needSetup(c)) return;
		const source = nodeOutput(mainRun, N.source);
		const out = nodeOutput(mainRun, N.bulk);
		c.eq(source.length, 500, 'input items');
		c.eq(out.length, 500, 'output items');
		const ids = new Set<string>();
		out.forEach((item, i) => {
			const src = source[i]?.json ?? {};
			const issue = item.json;
			c.eq(pairedIndex(item), i, `bulk[${i}].pairedItem`);
			c.fields(issue, { objCode: 'OPTASK', name: `${BULK_PREFIX}${i} for task ${src.ID}`, projectID: src.projectID }, `bulk[${i}]`);
			c.ok(HEX32.test(issue.ID ?? '') && !ids.has(issue.ID), `bulk[${i}].ID new and unique: ${issue.ID}`);
			ids.add(issue.ID);
			c.eq(em.store.get('OPTASK', issue.ID)?.name, issue.name, `stored OPTASK ${issue.ID}.name`);
		});
		const posts = mainCalls.filter((q) => q.method === 'POST' && q.path.endsWith('/optask')).length;
		c.eq(posts, 5 + 3, 'POST /optask requests in the main run (5 bulk batches of 100 + 3 single creates)');
	});

	// 6. Trigger -------------------------------------------------------------------------------------
	await scenario(v, 6, 'trigger: activation subscribes, webhook event and polling reach n8n, deactivation unsubscribes', async (c): Promise<string | void> => {
		if (!hasTrigger) {
			return `skipped: ${path.relative(REPO_ROOT, TRIGGER_DIST)} does not exist yet (the ${TRIGGER_NODE_TYPE} node has not landed)`;
		}
		if (!needSetup(c)) return;
		await triggerScenario(c, n8n, em, extraSecrets);
	});

	// 7. Secrets -------------------------------------------------------------------------------------
	await scenario(v, 7, 'secrets: no private key, client secret, session token or webhook token in any output, log or encrypted export', async (c) => {
		if (!needSetup(c)) return;
		const tokens = (await control(em, 'GET', 'tokens')).tokens as string[];
		c.ok(tokens.length >= 3, `emulator issued tokens (${tokens.length})`);
		const needles = secretNeedles([em.credentials.privateKey, em.credentials.clientSecret, WRONG_SECRET, ...tokens]);
		const encrypted = await n8n.exportCredentials(false);
		const logs: Record<string, string> = {};
		n8n.calls.forEach((call, i) => {
			logs[`stdout of n8n ${call.args[0]} (#${i + 1})`] = call.stdout;
			logs[`stderr of n8n ${call.args[0]} (#${i + 1})`] = call.stderr;
		});
		n8n.transcript.forEach((t, i) => (logs[`n8n output #${i + 1}`] = t));
		const haystacks: Record<string, string> = { ...logs };
		n8n.restResponses.forEach((t, i) => (haystacks[`REST response #${i + 1}: ${t.split('\n')[0]}`] = t));
		haystacks['export:credentials (encrypted) file'] = encrypted.raw;
		// Every file n8n wrote into its user folder (SQLite DB with execution data, config, logs), except our package copy.
		for (const file of walk(n8n.userFolder)) {
			if (file.includes(`${path.sep}nodes${path.sep}node_modules${path.sep}`)) continue;
			haystacks[`file ${path.relative(n8n.userFolder, file)}`] = fs.readFileSync(file).toString('latin1');
		}
		for (const hit of findSecrets(haystacks, needles)) c.failures.push(hit);
		// Positive control: the same scan does find the secrets where they must be (the decrypted export).
		c.eq(findSecrets({ decrypted: decryptedExport }, needles).length, 1, 'positive control: the scan finds the secrets in the decrypted export');
		// The trigger's webhook authToken lives in the workflow's static data while the workflow is active (as n8n's
		// own webhook triggers keep their secrets), so the DB and the workflow REST answers hold it; logs must not.
		for (const hit of findSecrets(logs, secretNeedles(extraSecrets))) c.failures.push(`${hit} (webhook authToken)`);
		c.ok(encrypted.credentials.length === 2 && encrypted.credentials.every((x) => typeof x.data === 'string'), 'encrypted export holds 2 credentials with encrypted data strings');
		for (const hit of findSecrets(haystacks, needles)) c.failures.push(hit);
		// Positive control: the same scan does find the secrets where they must be (the decrypted export).
		c.eq(findSecrets({ decrypted: decryptedExport }, needles).length, 1, 'positive control: the scan finds the secrets in the decrypted export');
		c.ok(Object.keys(haystacks).length > 10, `searched ${Object.keys(haystacks).length} outputs/files`);
	});

	await em.close();
	if (keep) {
		const log = n8n.calls.map((r) => `$ n8n ${r.args.join(' ')}   -> exit ${r.code} in ${r.seconds} s\n${r.stdout}\n--- stderr\n${r.stderr}`).join('\n\n');
		fs.writeFileSync(path.join(n8n.userFolder, 'e2e-transcript.log'), `${log}\n\n--- n8n start\n${n8n.serverOutput}`);
		console.log(`       kept ${n8n.userFolder} (n8n output in e2e-transcript.log)`);
	}
	else n8n.cleanup();
}

function* walk(dir: string): Generator<string> {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) yield* walk(p);
		else if (e.isFile()) yield p;
	}
}

/** Polls `probe` until `done` holds for its value or the time is up; returns the last value. */
async function waitFor<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * The trigger under `n8n start`: activating the webhook workflow creates one event subscription in the emulator;
 * a project change is delivered to n8n's webhook URL and runs the workflow (which writes a note); a polling
 * workflow picks up a task change on its next poll; deactivating deletes the subscription. n8n 2.41 publishes
 * (activates) asynchronously, so every step waits for its observable effect instead of assuming it.
 */
async function triggerScenario(c: Checks, n8n: N8n, em: Emulator, secrets: string[]): Promise<void> {
	await n8n.start();
	try {
		await n8n.setupOwner();
		const activate = async (id: string) => {
			const wf = await n8n.rest('GET', `workflows/${id}`);
			return await n8n.rest('POST', `workflows/${id}/activate`, { versionId: wf.json?.data?.versionId });
		};
		const webhookUrl = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;

		// 1. Activation → one event subscription, and n8n's webhook answering (the node refuses a tokenless call: 401).
		let r = await activate(WF_WEBHOOK);
		c.eq(r.status, 200, `activate ${WF_WEBHOOK}: ${clip(r.text, 300)}`);
		const subs = await waitFor(() => em.subscriptions(), (l) => l.length >= 1, 30_000);
		for (const sub of subs) secrets.push(sub.authToken);
		c.eq(subs.length, 1, 'event subscriptions after activation');
		c.fields(subs[0] as unknown as Record<string, unknown>, { objCode: 'PROJ', eventType: 'UPDATE', url: webhookUrl, objId: null }, 'subscription');
		c.ok(/^[0-9a-f]{64}$/.test(subs[0]?.authToken ?? ''), 'subscription authToken is a fresh 256-bit token');
		const probe = await waitFor(async () => (await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, (s) => s !== 404, 30_000);
		c.eq(probe, 401, 'webhook registered in n8n (a delivery without the token is refused with 401)');

		// 2. A project change → event delivered → the workflow writes a note on that project.
		const api = new ApiClient(em.url, await login(em.credentials), em.credentials.apiVersion);
		const project = em.store.all('PROJ')[7];
		const put1 = await api.put(`proj/${String(project.ID)}`, {}, { description: 'Changed by the e2e test (webhook)' });
		c.eq(put1.status, 200, 'emulator update of the project');
		await control(em, 'POST', 'events/flush');
		const delivered = em.deliveries.filter((d) => d.objID === project.ID);
		c.ok(delivered.length >= 1 && delivered[0].ok && delivered[0].status === 200, `event delivered to n8n: ${clip(JSON.stringify(delivered.map((d) => ({ status: d.status, error: d.error }))))}`);
		const webhookNotes = await waitFor(() => em.store.all('NOTE').filter((n) => n.objID === project.ID && String(n.noteText).startsWith(WEBHOOK_NOTE)), (l) => l.length >= 1, 20_000);
		c.eq(webhookNotes.length, 1, 'notes written by the webhook workflow on the changed project');
		c.ok(String(webhookNotes[0]?.noteText ?? '').startsWith(`${WEBHOOK_NOTE}UPDATE `) && String(webhookNotes[0]?.noteText).includes('description'), `webhook event seen as UPDATE with description changed: ${clip(String(webhookNotes[0]?.noteText))}`);

		// 3. Polling: created now with a poll second ~15 s ahead; the activation poll sets the cursor, then one task changes.
		const cronSecond = (new Date().getUTCSeconds() + 15) % 60;
		const { id: _unused, ...pollingBody } = pollingWorkflow(cronSecond);
		void _unused;
		const created = await n8n.rest('POST', 'workflows', pollingBody);
		const pollingId = String(created.json?.data?.id ?? '');
		c.ok(created.status === 200 && pollingId !== '', `create the polling workflow over REST: ${clip(created.text, 200)}`);
		const searchesBefore = em.requests.length;
		r = await activate(pollingId);
		c.eq(r.status, 200, `activate the polling workflow: ${clip(r.text, 300)}`);
		const cursorSearch = await waitFor(() => em.requests.slice(searchesBefore).filter((q) => q.path.endsWith('/task/search')), (l) => l.length >= 1, 30_000);
		c.ok(cursorSearch.length >= 1, 'the activation poll read the newest task (initial cursor)');
		await new Promise((res) => setTimeout(res, 1000));
		const task = em.store.all('TASK')[11];
		const put2 = await api.put(`task/${String(task.ID)}`, {}, { description: 'Changed by the e2e test (polling)' });
		c.eq(put2.status, 200, 'emulator update of the task');
		const pollT0 = Date.now();
		const pollNotes = await waitFor(() => em.store.all('NOTE').filter((n) => n.objID === task.ID && String(n.noteText).startsWith(POLL_NOTE)), (l) => l.length >= 1, 80_000);
		c.ok(pollNotes.length >= 1, `the polling workflow picked up the task change (waited ${Math.round((Date.now() - pollT0) / 1000)} s for the poll at second ${cronSecond})`);
		c.eq(pollNotes[0]?.noteText, `${POLL_NOTE}${String(task.name)}`, 'poll note text');
		const otherPollNotes = em.store.all('NOTE').filter((n) => String(n.noteText).startsWith(POLL_NOTE) && n.objID !== task.ID);
		c.eq(otherPollNotes.length, 0, 'the poll reported only the changed task');

		// 4. Deactivation → the subscription is deleted, and later changes are not delivered.
		r = await n8n.rest('POST', `workflows/${WF_WEBHOOK}/deactivate`, {});
		c.eq(r.status, 200, `deactivate ${WF_WEBHOOK}: ${clip(r.text, 300)}`);
		const left = await waitFor(() => em.subscriptions().length, (n) => n === 0, 30_000);
		c.eq(left, 0, 'event subscriptions after deactivation');
		r = await n8n.rest('POST', `workflows/${pollingId}/deactivate`, {});
		c.eq(r.status, 200, 'deactivate the polling workflow');
		const afterCount = em.deliveries.length;
		await api.put(`proj/${String(project.ID)}`, {}, { description: 'Changed again after deactivation' });
		await control(em, 'POST', 'events/flush');
		c.eq(em.deliveries.length - afterCount, 0, 'no delivery after deactivation');
	} finally {
		await n8n.stop();
	}
}

// ---------------------------------------------------------------- main

async function main() {
	if (flag('--write-workflows')) {
		const dir = path.join(__dirname, 'workflows');
		fs.mkdirSync(dir, { recursive: true });
		for (const wf of allWorkflows()) fs.writeFileSync(path.join(dir, `${wf.id}.json`), `${JSON.stringify(wf, null, '\t')}\n`);
		console.log(`wrote ${allWorkflows().length} workflows to ${path.relative(process.cwd(), dir)}`);
		return;
	}
	const t0 = performance.now();
	if (!flag('--no-build')) {
		const b0 = performance.now();
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: verbose ? 'inherit' : 'pipe', encoding: 'utf8' });
		if (r.status !== 0) {
			console.log(`FAIL build: npm run build exited with ${r.status}\n${tail(`${r.stdout ?? ''}${r.stderr ?? ''}`)}`);
			console.log('0 passed, 1 failed');
			process.exit(1);
		}
		console.log(`---- npm run build ${secs(b0)} s`);
	}
	// Install (or find in the cache) every version at once: on a fresh machine both `npm ci` run side by side.
	const i0 = performance.now();
	const installs = await Promise.allSettled(versions.map((name) => ensureN8n(name)));
	for (const [index, name] of versions.entries()) {
		const outcome = installs[index];
		if (outcome.status === 'rejected') {
			report({ version: name, id: 0, title: 'install', status: 'fail', seconds: secs(i0), details: [String((outcome.reason as Error)?.message ?? outcome.reason)] });
			continue;
		}
		const install = outcome.value;
		const stages = Object.entries(install.timings).map(([k, v]) => `${k} ${v} s`).join(', ');
		console.log(`---- n8n ${install.version}: ${install.cached ? 'cached install' : 'installed'} (${stages})`);
		await runVersion(install);
	}
	const passed = results.filter((r) => r.status === 'pass').length;
	const failed = results.filter((r) => r.status === 'fail').length;
	const skipped = results.filter((r) => r.status === 'skip').length;
	console.log(`---- e2e finished in ${secs(t0)} s${skipped ? `; ${skipped} skipped` : ''}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
	console.error(e);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
