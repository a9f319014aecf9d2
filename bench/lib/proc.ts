/**
 * One process per measured run: the orchestrator (bench/run.ts) hosts the emulator and spawns
 * `node --import tsx --expose-gc bench/child.ts` with a task in BENCH_TASK; the child measures its own wall
 * time, CPU and RSS and sends one result over IPC. The emulator's work is therefore never counted in a
 * client's CPU or memory, and one run's garbage never inflates the next run's peak.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';

import type { EmulatorCredentials, EmulatorStats } from '../../emulator';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const ROOT = path.resolve(BENCH_DIR, '..');

export type Client = 'ours' | 'official';

export interface TaskBase {
	url: string;
	credentials: EmulatorCredentials;
}

export type Task =
	| (TaskBase & { kind: 'probe'; objCode: string; total: number; pageSize: number; samples: number; bytes: boolean })
	| (TaskBase & { kind: 'tokens'; executions: number; callsPerExecution: number; parallelExecutions: number; ids: string[] })
	| (TaskBase & { kind: 'search'; client: Client; objCode: string; warmupObjCode: string })
	| (TaskBase & { kind: 'bulk'; client: Client; objCode: string; count: number; label: string; concurrency: number });

/** Wall time, CPU and memory of the measured part of a child run. */
export interface Measure {
	wallMs: number;
	cpuMs: number;
	/** RSS right before the measured part (after a full GC). */
	rssBefore: number;
	/** Highest RSS reached during the measured part (getrusage maxrss, cross-checked by sampling). */
	rssPeak: number;
}

export interface ChildResult {
	measure: Measure;
	/** Emulator counters over the measured part only. */
	stats: EmulatorStats & { inFlight?: number };
	/** Case-specific facts (rows, checks…). */
	facts: Record<string, unknown>;
}

const CHILD = path.join(BENCH_DIR, 'child.ts');

/** Runs one task in a fresh Node process; rejects on failure or after `timeoutMs`. */
export function runChild(task: Task, timeoutMs = 120_000): Promise<ChildResult> {
	return new Promise((resolve, reject) => {
		// BENCH_CHILD_FLAGS: extra node flags for the children, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
		const flags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
		const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--expose-gc', CHILD], {
			cwd: ROOT,
			env: { ...process.env, BENCH_TASK: JSON.stringify(task) },
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		});
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		let result: ChildResult | undefined;
		child.on('message', (message) => (result = message as ChildResult));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`child ${task.kind} timed out after ${timeoutMs} ms\n${output.slice(-4000)}`));
		}, timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (code === 0 && result) resolve(result);
			else reject(new Error(`child ${task.kind}${'client' in task ? `/${task.client}` : ''} exited with ${code}\n${output.slice(-4000)}`));
		});
	});
}

// ---------- child side ----------

const KB = 1024;

function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (collect) {
		collect();
		collect();
	}
}

/**
 * Measures `work`: wall time, user+system CPU, RSS before (after a full GC) and the peak. getrusage's maxrss
 * is the lifetime peak, so it only counts when it grew during the work; a 50 ms sampler covers the other case.
 */
export async function measured<T>(work: () => Promise<T>): Promise<{ value: T; measure: Measure }> {
	gc();
	const rssBefore = process.memoryUsage().rss;
	const maxBefore = process.resourceUsage().maxRSS * KB;
	let sampled = rssBefore;
	const sampler = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage.rss());
	}, 50);
	const profile = await startProfile();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const value = await work();
	const wallMs = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	await profile?.();
	clearInterval(sampler);
	sampled = Math.max(sampled, process.memoryUsage().rss);
	const maxAfter = process.resourceUsage().maxRSS * KB;
	const rssPeak = maxAfter > maxBefore ? Math.max(maxAfter, sampled) : sampled;
	return { value, measure: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBefore, rssPeak } };
}

/**
 * BENCH_PROFILE=<dir>: a CPU profile of the measured part only (for finding where the time goes; it slows the
 * run down, so never for the numbers).
 */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
	const dir = process.env.BENCH_PROFILE;
	if (!dir) return undefined;
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	return async () => {
		const { profile } = await session.post('Profiler.stop');
		writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
		session.disconnect();
	};
}

/** The emulator's control endpoints (no auth; never counted as API calls). */
export async function resetStats(url: string): Promise<void> {
	const response = await fetch(`${url}/__emulator/reset-stats`, { method: 'POST' });
	await response.text();
}

export async function readStats(url: string): Promise<ChildResult['stats']> {
	const response = await fetch(`${url}/__emulator/stats`);
	return (await response.json()) as ChildResult['stats'];
}
