/**
 * Driving a real, pinned n8n CLI headless: a private user folder, the package installed the way a community
 * install puts it, `import:*`, `execute --id`, `export:credentials`, and `n8n start` with an owner login.
 * Shared by the e2e runner (e2e/run.ts) and the demo (scripts/demo.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import type { N8nInstall } from '../install';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-workfront';
export const NODE_TYPE = `${PACKAGE_NAME}.workfront`;
export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.workfrontTrigger`;
/** Fixed key so imported credentials decrypt in later commands; the user folder is throw-away. */
export const E2E_ENCRYPTION_KEY = 'e2e-only-encryption-key-not-a-secret-0123456789';

/** Parsed JSON printed by n8n: loosely typed on purpose so the checks can walk it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CliResult {
	args: string[];
	code: number | null;
	stdout: string;
	stderr: string;
	seconds: number;
}

/** A free TCP port on 127.0.0.1 (asks the OS). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Puts the built package where n8n's community-package install puts it:
 * `$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-workfront`, as a COPY of `package.json` plus the
 * entries of its `files` list (what `npm pack` would ship). The repo root is not symlinked on purpose: its
 * node_modules holds n8n-workflow 2.8.0, which the built node would then load instead of the n8n-workflow of
 * the n8n under test (a second copy of the error classes, and the wrong version on 2.41). With a copy, the
 * package's `require('n8n-workflow')` falls through to n8n's own copy, exactly as in a real install where the
 * peer dependency is provided by n8n.
 */
export function installPackage(userFolder: string, options: { repoRoot?: string; link?: boolean } = {}): string {
	const repoRoot = options.repoRoot ?? REPO_ROOT;
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files?: string[]; n8n?: { nodes?: string[]; credentials?: string[] } };
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	if (options.link) {
		// The `n8n-node dev` style: a symlink to the repo (n8n-workflow then comes from the repo's node_modules).
		fs.symlinkSync(repoRoot, target, 'dir');
		return target;
	}
	fs.mkdirSync(target, { recursive: true });
	fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(target, 'package.json'));
	for (const entry of pkg.files ?? ['dist']) {
		const src = path.join(repoRoot, entry);
		if (fs.existsSync(src)) fs.cpSync(src, path.join(target, entry), { recursive: true });
	}
	for (const file of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
		if (!fs.existsSync(path.join(target, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
	}
	// The folder n8n installs community packages into has its own package.json.
	const nodesPkg = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	if (!fs.existsSync(nodesPkg)) fs.writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: '*' } }, null, 2));
	return target;
}

/**
 * Parses the JSON run data that `n8n execute` prints (pretty-printed, after some log lines): from the first
 * line that is exactly `{` to the first later line that is exactly `}`.
 */
export function parseExecuteOutput(stdout: string): Json | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start < 0) return undefined;
	for (let end = start + 1; end < lines.length; end++) {
		if (lines[end] === '}') {
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				return undefined;
			}
		}
	}
	return undefined;
}

export interface N8nOptions {
	install: N8nInstall;
	/** Defaults to a fresh temp folder. */
	userFolder?: string;
	/** Extra environment. */
	env?: Record<string, string>;
	/** Called with every chunk n8n prints (stdout and stderr), e.g. to stream it. */
	onOutput?: (text: string) => void;
}

export class N8n {
	readonly install: N8nInstall;
	readonly userFolder: string;
	/** Every byte any n8n process of this instance printed, for the secret scan. */
	readonly transcript: string[] = [];
	/** Every REST response body, for the secret scan. */
	readonly restResponses: string[] = [];
	readonly calls: CliResult[] = [];
	private env: NodeJS.ProcessEnv;
	private server?: ChildProcess;
	private serverLog = '';
	port = 0;
	private cookie = '';

	private constructor(options: N8nOptions, brokerPort: number) {
		this.install = options.install;
		this.userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${options.install.name}-`));
		fs.mkdirSync(this.userFolder, { recursive: true });
		const env: NodeJS.ProcessEnv = {};
		// Keep PATH/HOME/locale; drop npm_* and NODE_OPTIONS of the calling npm script.
		for (const [k, v] of Object.entries(process.env)) {
			if (!k.startsWith('npm_') && k !== 'NODE_OPTIONS' && !k.startsWith('N8N_') && k !== 'DB_TYPE') env[k] = v;
		}
		this.env = {
			...env,
			PATH: `${path.dirname(options.install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			// `execute` prints its result through logger.info: anything above info hides it.
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_SECURE_COOKIE: 'false',
			N8N_HOST: '127.0.0.1',
			...options.env,
		};
		this.onOutput = options.onOutput;
	}

	private onOutput?: (text: string) => void;

	static async create(options: N8nOptions): Promise<N8n> {
		return new N8n(options, await freePort());
	}

	get version(): string {
		return this.install.version;
	}

	/** Runs one n8n CLI command to completion. */
	cli(args: string[], timeoutSeconds = 180): Promise<CliResult> {
		const t0 = performance.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.install.node, [this.install.n8nBin, ...args], { env: this.env, cwd: this.userFolder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
			const out: Buffer[] = [];
			const err: Buffer[] = [];
			child.stdout!.on('data', (c: Buffer) => {
				out.push(c);
				this.onOutput?.(c.toString('utf8'));
			});
			child.stderr!.on('data', (c: Buffer) => {
				err.push(c);
				this.onOutput?.(c.toString('utf8'));
			});
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					/* gone */
				}
			}, timeoutSeconds * 1000);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				const result: CliResult = {
					args,
					code,
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					seconds: Math.round((performance.now() - t0) / 100) / 10,
				};
				this.transcript.push(result.stdout, result.stderr);
				this.calls.push(result);
				resolve(result);
			});
		});
	}

	/** Runs a command and throws with its output when it exits non-zero. */
	async ok(args: string[], timeoutSeconds?: number): Promise<CliResult> {
		const r = await this.cli(args, timeoutSeconds);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${r.code}\n${explain(r.stdout + r.stderr)}`);
		return r;
	}

	private writeJson(name: string, value: unknown): string {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/** `import:credentials` of plaintext credentials (n8n encrypts them on import); the file is removed afterwards. */
	async importCredentials(credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>): Promise<CliResult> {
		const file = this.writeJson('e2e-credentials.json', credentials);
		try {
			return await this.ok(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	async importWorkflows(workflows: unknown[]): Promise<CliResult> {
		const file = this.writeJson('e2e-workflows.json', workflows);
		return await this.ok(['import:workflow', `--input=${file}`]);
	}

	/** `execute --id --rawOutput`; `run` is the parsed IRun (undefined when nothing could be parsed). */
	async execute(workflowId: string, timeoutSeconds = 300): Promise<CliResult & { run: Json }> {
		const r = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutSeconds);
		return { ...r, run: parseExecuteOutput(r.stdout) };
	}

	/** `export:credentials --all`, optionally decrypted; returns the parsed file and deletes it. */
	async exportCredentials(decrypted: boolean): Promise<{ result: CliResult; raw: string; credentials: Json[] }> {
		const file = path.join(this.userFolder, `e2e-export-${decrypted ? 'decrypted' : 'encrypted'}.json`);
		const args = ['export:credentials', '--all', `--output=${file}`, ...(decrypted ? ['--decrypted'] : [])];
		const result = await this.ok(args);
		const raw = fs.readFileSync(file, 'utf8');
		fs.rmSync(file, { force: true });
		return { result, raw, credentials: JSON.parse(raw) as Json[] };
	}

	// ---------- n8n start ----------

	/** Starts `n8n start` on a free port and waits for /healthz/readiness. */
	async start(options: { port?: number; timeoutSeconds?: number; inherit?: boolean } = {}): Promise<number> {
		this.port = options.port ?? (await freePort());
		const env = { ...this.env, N8N_PORT: String(this.port), N8N_LISTEN_ADDRESS: '127.0.0.1', WEBHOOK_URL: `http://127.0.0.1:${this.port}/` };
		const t0 = performance.now();
		const child = spawn(this.install.node, [this.install.n8nBin, 'start'], { env, cwd: this.userFolder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		this.server = child;
		const onData = (c: Buffer) => {
			const s = c.toString('utf8');
			this.serverLog += s;
			this.onOutput?.(s);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		let exited: number | null | undefined;
		child.on('close', (code) => {
			exited = code;
		});
		const deadline = t0 + (options.timeoutSeconds ?? 90) * 1000;
		for (;;) {
			if (exited !== undefined) throw new Error(`n8n start exited with ${exited}\n${tail(this.serverLog)}`);
			try {
				// /healthz/readiness only says the DB is migrated; the REST routes are mounted later (2.8.4 answers
				// 404 on /rest/* for a moment), so wait for the public settings endpoint too.
				const health = await fetch(`http://127.0.0.1:${this.port}/healthz/readiness`);
				if (health.ok) {
					const settings = await fetch(`http://127.0.0.1:${this.port}/rest/settings`);
					if (settings.ok) break;
				}
			} catch {
				/* not listening yet */
			}
			if (performance.now() > deadline) throw new Error(`n8n start not ready after ${options.timeoutSeconds ?? 90} s\n${tail(this.serverLog)}`);
			await new Promise((r) => setTimeout(r, 250));
		}
		return Math.round((performance.now() - t0) / 100) / 10;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** A REST call to the running n8n with the owner's cookie. */
	async rest(method: string, route: string, body?: unknown): Promise<{ status: number; json: Json; text: string }> {
		const res = await fetch(`${this.baseUrl}/rest/${route.replace(/^\//, '')}`, {
			method,
			headers: { 'Content-Type': 'application/json', 'browser-id': 'n8n-nodes-workfront-e2e', ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		this.restResponses.push(`${method} /rest/${route} -> ${res.status}\n${text}`);
		const cookies = res.headers.getSetCookie?.() ?? [];
		const auth = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		let json: Json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text };
	}

	/** Creates the instance owner (fresh database) and keeps its session cookie. */
	async setupOwner(owner = { email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' }): Promise<void> {
		const r = await this.rest('POST', 'owner/setup', owner);
		if (r.status !== 200) {
			const login = await this.rest('POST', 'login', { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password });
			if (login.status !== 200) throw new Error(`owner setup failed: HTTP ${r.status} ${r.text.slice(0, 300)}; login HTTP ${login.status} ${login.text.slice(0, 300)}`);
		}
		if (!this.cookie) throw new Error('owner setup returned no n8n-auth cookie');
	}

	get serverOutput(): string {
		return this.serverLog;
	}

	/** Stops `n8n start` (SIGTERM, then SIGKILL after 20 s). */
	async stop(): Promise<void> {
		const child = this.server;
		if (!child || child.exitCode !== null) return;
		const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			/* gone */
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, 20_000);
		await closed;
		clearTimeout(timer);
		this.transcript.push(this.serverLog);
		this.server = undefined;
	}

	/** Waits until the running server exits (Ctrl-C in the demo). */
	waitForExit(): Promise<number | null> {
		const child = this.server;
		if (!child) return Promise.resolve(null);
		return new Promise((resolve) => child.once('close', (code) => resolve(code)));
	}

	cleanup(): void {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export function tail(text: string, lines = 25): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** The lines of n8n's output that explain a failure (errors first), without the harmless Python-runner warning. */
export function explain(text: string, lines = 12): string {
	const all = text.split('\n').filter((l) => l.trim() !== '' && !l.includes('Python task runner'));
	const errors = all.filter((l) => /error|cannot|fail|refused|not found|missing/i.test(l)).slice(0, lines);
	return [...errors, '…', ...all.slice(-8)].join('\n');
}

/** The output items of a node in an IRun (first run, main output 0). */
export function nodeOutput(run: Json, nodeName: string, outputIndex = 0): Array<{ json: Json; pairedItem?: Json }> {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) throw new Error(`node "${nodeName}" did not run`);
	const task = runs[0];
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
	return task.data?.main?.[outputIndex] ?? [];
}
