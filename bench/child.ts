/**
 * Entry point of one measured run (spawned by bench/run.ts): reads BENCH_TASK, runs it, sends the result.
 * Cases are imported lazily, so a run of the official client never loads n8n.
 */
import type { ChildResult, Task } from './lib/proc';

async function run(task: Task): Promise<ChildResult> {
	switch (task.kind) {
		case 'probe':
			return await (await import('./cases/probe')).probeCase(task);
		case 'tokens':
			return await (await import('./cases/tokens')).tokensCase(task);
		case 'search':
			return await (await import('./cases/search')).searchCase(task);
		case 'bulk':
			return await (await import('./cases/bulk')).bulkCase(task);
		default:
			throw new Error(`unknown task ${JSON.stringify(task)}`);
	}
}

async function main(): Promise<void> {
	const result = await run(JSON.parse(process.env.BENCH_TASK ?? '{}') as Task);
	await new Promise<void>((resolve, reject) => process.send?.(result, (error: Error | null) => (error ? reject(error) : resolve())));
	process.exit(0);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
