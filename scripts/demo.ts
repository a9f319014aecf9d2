/**
 * One-command demo: the Workfront node inside a real n8n (2.8.4), against the local Workfront emulator.
 *
 *   npm run demo                 # headless: run examples/overdue-tasks-to-issues.json once and print the result
 *   npm run demo -- --ui         # n8n editor on http://localhost:5678 with the package and credential ready; Ctrl-C stops
 *   npm run demo -- --ui --port 5679 --emulator-port 8090
 *   npm run demo -- --fresh      # start from an empty n8n user folder
 *
 * First run installs n8n 2.8.4 (about 4 minutes, cached outside the repo afterwards; see e2e/install.ts).
 * n8n's data lives in .demo/n8n (git-ignored). The emulator's credentials are a throw-away demo key.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startEmulator } from '../emulator';
import { ensureN8n } from '../e2e/install';
import { installPackage, N8n, nodeOutput, REPO_ROOT, tail, type Json } from '../e2e/lib/n8n';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'overdue-tasks-to-issues.json');
const USER_FOLDER = path.join(REPO_ROOT, '.demo', 'n8n');
const CREDENTIAL = { id: 'workfrontDemo', name: 'Workfront (local emulator)' };
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-Passw0rd' };

const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;
const say = (s: string) => console.log(s);
const step = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
	const t0 = performance.now();
	const r = await fn();
	say(`  ✓ ${label} (${secs(t0)} s)`);
	return r;
};

function table(rows: Array<Record<string, unknown>>, columns: Array<[string, string]>): string {
	const cells = rows.map((r) => columns.map(([key]) => String(r[key] ?? '')));
	const widths = columns.map(([, title], i) => Math.min(48, Math.max(title.length, ...cells.map((c) => c[i].length))));
	const fmt = (values: string[]) => values.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join('  ');
	return [fmt(columns.map(([, t]) => t)), fmt(widths.map((w) => '-'.repeat(w))), ...cells.map(fmt)].map((l) => `    ${l}`).join('\n');
}

async function main() {
	const ui = flag('--ui');
	const t0 = performance.now();
	say(`n8n-nodes-workfront demo${ui ? ' (editor UI)' : ''}`);

	const install = await step('n8n 2.8.4 installed (cached after the first run)', () => ensureN8n('2.8'));
	await step('npm run build', () => {
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`npm run build failed:\n${tail(`${r.stdout}${r.stderr}`)}`);
	});
	const emulatorPort = Number(option('--emulator-port') ?? 0);
	const emulator = await step('Workfront emulator started', () => startEmulator({ port: emulatorPort }));
	say(`    ${emulator.url}  (200 projects, 2,000 tasks, 500 issues, 3,000 hours; demo user ${emulator.credentials.userId})`);

	if (flag('--fresh')) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const n8n = await N8n.create({ install, userFolder: USER_FOLDER });
	await step(`package installed as a community package (${path.relative(REPO_ROOT, installPackage(USER_FOLDER))})`, () => undefined);
	await step('credential imported (encrypted by n8n)', () =>
		n8n.importCredentials([{ ...CREDENTIAL, type: 'workfrontJwtApi', data: { ...emulator.credentials, jwtLifetime: 300, accessToken: '' } }]),
	);
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as { id: string; name: string };
	await step(`workflow imported: "${workflow.name}"`, () => n8n.importWorkflows([workflow]));

	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		await n8n.stop();
		await emulator.close();
		process.exit(code);
	};

	if (ui) {
		const port = Number(option('--port') ?? 5678);
		const ready = await step(`n8n started on port ${port}`, () => n8n.start({ port }));
		void ready;
		await n8n.setupOwner(OWNER);
		process.on('SIGINT', () => void shutdown(0));
		process.on('SIGTERM', () => void shutdown(0));
		say('');
		say(`  Editor:    http://localhost:${port}/workflow/${workflow.id}`);
		say(`  Log in as: ${OWNER.email} / ${OWNER.password}   (local demo account)`);
		say(`  Emulator:  ${emulator.url}   counters: ${emulator.url}/__emulator/stats`);
		say(`  Credential "${CREDENTIAL.name}" points at the emulator. Open the workflow and click "Execute workflow".`);
		say('  Ctrl-C stops n8n and the emulator.');
		const code = await n8n.waitForExit();
		if (!stopping) {
			say(`n8n exited with ${code}`);
			await emulator.close();
			process.exit(code ?? 1);
		}
		return;
	}

	const exec = await step('workflow executed headless (n8n execute)', () => n8n.execute(workflow.id));
	if (exec.code !== 0 || !exec.run) {
		say(`\nThe execution failed (exit ${exec.code}):\n${tail(exec.stdout + exec.stderr, 30)}`);
		await shutdown(1);
		return;
	}
	const run = exec.run as Json;
	const tasks = nodeOutput(run, 'Find overdue tasks').map((i) => i.json);
	const issues = nodeOutput(run, 'Raise an issue on the project').map((i) => i.json);
	const notes = nodeOutput(run, 'Add a note to the issue').map((i) => i.json);
	const report = nodeOutput(run, 'Report hours by project').map((i) => i.json);

	say('');
	say(`Overdue tasks found (${tasks.length}):`);
	say(
		table(
			tasks.map((t) => ({ ...t, due: String(t.plannedCompletionDate ?? '').slice(0, 10), project: t.project?.name, done: `${t.percentComplete}%`, who: t.assignedTo?.name })),
			[['name', 'Task'], ['project', 'Project'], ['due', 'Due'], ['done', 'Done'], ['who', 'Assigned to']],
		),
	);
	say('');
	say(`Issues raised (${issues.length}):`);
	say(table(issues.map((o) => ({ ...o, project: o.project?.name })), [['ID', 'Issue ID'], ['name', 'Name'], ['project', 'Project'], ['status', 'Status']]));
	say('');
	say(`Notes added (${notes.length}):`);
	for (const n of notes) say(`    • on issue ${n.objID}: ${n.noteText}`);
	say('');
	say('Hours logged on those projects:');
	say(
		table(
			report.map((r) => ({ project: r.rollup ? 'TOTAL' : r['project:name'] ?? r.group, hours: r.sum_hours })),
			[['project', 'Project'], ['hours', 'Hours']],
		),
	);
	const s = emulator.stats;
	say('');
	say(`Emulator counters: ${s.exchanges} JWT exchange(s), ${s.apiCalls} API calls, ${s.writes} record(s) written, ${s.unauthorized} × 401`);
	say(`Done in ${secs(t0)} s. Run \`npm run demo -- --ui\` to open the same workflow in the n8n editor.`);
	await shutdown(0);
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
