/**
 * Inputs of the "limit" and of the memory goal, measured against the same emulator:
 * - RTT: median time of a small request (GET /session), one at a time, after a few warm-up calls;
 * - page RTT: median time of one full page alone (for the report);
 * - raw JSON: bytes of the response bodies that carry every row of the Return All (same query as the node).
 */
import { ApiClient, login } from '../../emulator/testkit';
import { checkRows } from '../lib/check';
import { readStats, resetStats, type ChildResult, type Task } from '../lib/proc';
import { median } from '../lib/stats';

type ProbeTask = Extract<Task, { kind: 'probe' }>;

export async function probeCase(task: ProbeTask): Promise<ChildResult> {
	const api = new ApiClient(task.url, await login(task.credentials), task.credentials.apiVersion);
	const times: number[] = [];
	for (let index = 0; index < task.samples + 5; index++) {
		const t0 = performance.now();
		const response = await api.get('session');
		if (response.status !== 200) throw new Error(`GET /session answered ${response.status}`);
		if (index >= 5) times.push(performance.now() - t0);
	}
	await resetStats(task.url);
	let bytes = 0;
	const ids: string[] = [];
	const pages = task.bytes ? Math.ceil(task.total / task.pageSize) : 0;
	for (let start = 0; start < pages; start += 5) {
		const batch = Array.from({ length: Math.min(5, pages - start) }, (_, offset) => (start + offset) * task.pageSize);
		const texts = await Promise.all(
			batch.map(async (first) => {
				const response = await fetch(api.url(`${task.objCode.toLowerCase()}/search`, { fields: 'name', ID_Sort: 'asc', $$FIRST: first, $$LIMIT: task.pageSize }), {
					headers: { sessionID: api.token },
				});
				return await response.text();
			}),
		);
		for (const text of texts) {
			bytes += Buffer.byteLength(text);
			for (const row of (JSON.parse(text) as { data: Array<{ ID: string }> }).data) ids.push(row.ID);
		}
	}
	const stats = await readStats(task.url);
	// One full page alone (cached rows on the emulator, as during the runs).
	const pageTimes: number[] = [];
	for (let index = 0; index < (task.bytes ? 7 : 0); index++) {
		const t0 = performance.now();
		const response = await fetch(api.url(`${task.objCode.toLowerCase()}/search`, { fields: 'name', ID_Sort: 'asc', $$FIRST: 0, $$LIMIT: task.pageSize }), { headers: { sessionID: api.token } });
		await response.text();
		if (index >= 2) pageTimes.push(performance.now() - t0);
	}
	return {
		measure: { wallMs: 0, cpuMs: 0, rssBefore: 0, rssPeak: 0 },
		stats,
		facts: { rttMs: median(times), rttMin: Math.min(...times), rttMax: Math.max(...times), rawJsonBytes: bytes, pageRttMs: median(pageTimes), ...checkRows(ids) },
	};
}
