/**
 * Case 3: create N records, in a fresh process.
 * - ours: the node's Bulk Create (input mode "Use Input Item", batches of 100) inside n8n's engine;
 * - official: workfront-api's `create`, one request per record, `concurrency` at a time (the same cap as ours,
 *   so the baseline gets every advantage the customer's concurrency limit allows).
 * Both first create one record (warm JIT, session token, and for ours the 10-minute metadata cache).
 */
import { NodeApi } from 'workfront-api';

import { login } from '../../emulator/testkit';
import { measured, readStats, resetStats, type ChildResult, type Task } from '../lib/proc';

type BulkTask = Extract<Task, { kind: 'bulk' }>;

const ID = /^[0-9a-f]{32}$/;

function inputs(label: string, count: number): Array<{ name: string; description: string }> {
	return Array.from({ length: count }, (_, index) => ({ name: `${label} ${index}`, description: `bench record ${index} of ${count}` }));
}

/** Runs `work` over `inputs` with at most `limit` in flight, results in input order. */
async function pool<I, O>(list: I[], limit: number, work: (input: I) => Promise<O>): Promise<O[]> {
	const out = new Array<O>(list.length);
	let next = 0;
	const worker = async () => {
		while (next < list.length) {
			const index = next++;
			out[index] = await work(list[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
	return out;
}

export async function bulkCase(task: BulkTask): Promise<ChildResult> {
	const records = inputs(task.label, task.count);
	if (task.client === 'official') {
		const api = new NodeApi({ url: task.url, version: task.credentials.apiVersion });
		api.setSessionID(await login(task.credentials));
		await api.create(task.objCode, { name: `${task.label} warm-up` });
		await resetStats(task.url);
		const { value: created, measure } = await measured(() =>
			pool(records, task.concurrency, async (record) => (await api.create(task.objCode, record)) as { ID: string; name: string }),
		);
		const stats = await readStats(task.url);
		const matched = created.filter((row, index) => ID.test(row.ID) && row.name === records[index].name).length;
		return { measure, stats, facts: { created: created.length, matched, unique: new Set(created.map((row) => row.ID)).size } };
	}
	const { N8nBed, rl } = await import('../lib/n8n'); // not loaded by the official client's runs
	const bed = await N8nBed.create(task.credentials);
	const parameters = { operation: 'bulkCreate', objCode: rl(task.objCode), inputMode: 'item' };
	await bed.run(parameters, [{ name: `${task.label} warm-up` }]);
	await resetStats(task.url);
	const { value: items, measure } = await measured(() => bed.run(parameters, records));
	const stats = await readStats(task.url);
	// Paired: output i comes from input i, and is the record created from it.
	const matched = items.filter((item, index) => {
		const paired = (item.pairedItem as { item: number } | undefined)?.item === index;
		return paired && ID.test(String(item.json.ID)) && item.json.name === records[index].name;
	}).length;
	bed.close();
	return { measure, stats, facts: { created: items.length, matched, unique: new Set(items.map((item) => String(item.json.ID))).size } };
}
