/**
 * Cases 2 and 4: Return All of every record of a type, in a fresh process.
 * - ours: the Workfront node's Search with Return All, inside n8n's engine (n8n's per-item work included);
 * - official: workfront-api 6.2.0, paging sequentially with $$FIRST/$$LIMIT=2000 as its users do.
 * Both first run a smaller Return All (warm JIT, session token, connections), then the measured one.
 */
import { NodeApi } from 'workfront-api';

import { login } from '../../emulator/testkit';
import { checkRows } from '../lib/check';
import { measured, readStats, resetStats, type ChildResult, type Task } from '../lib/proc';

type SearchTask = Extract<Task, { kind: 'search' }>;

export const PAGE = 2000;

/** The official client paging the way it offers: sequential $$FIRST/$$LIMIT, with a stable sort. */
export async function officialReturnAll(api: NodeApi, objCode: string, fields: string[]): Promise<Array<{ ID: string }>> {
	const rows: Array<{ ID: string }> = [];
	for (let first = 0; ; first += PAGE) {
		const page = (await api.search(objCode, { $$FIRST: first, $$LIMIT: PAGE, ID_Sort: 'asc' }, fields)) as Array<{ ID: string }>;
		for (const row of page) rows.push(row);
		if (page.length < PAGE) return rows;
	}
}

export async function searchCase(task: SearchTask): Promise<ChildResult> {
	const fields = ['name'];
	if (task.client === 'official') {
		const api = new NodeApi({ url: task.url, version: task.credentials.apiVersion });
		api.setSessionID(await login(task.credentials));
		await officialReturnAll(api, task.warmupObjCode, fields);
		await resetStats(task.url);
		const { value: rows, measure } = await measured(() => officialReturnAll(api, task.objCode, fields));
		const stats = await readStats(task.url);
		return { measure, stats, facts: { ...checkRows(rows.map((row) => row.ID)) } };
	}
	const { N8nBed, rl } = await import('../lib/n8n'); // not loaded by the official client's runs
	const bed = await N8nBed.create(task.credentials);
	// The node's defaults: pages of 2,000, 5 at a time (Parallel Pages and Max Concurrent Requests).
	const parameters = (objCode: string) => ({ operation: 'search', objCode: rl(objCode), returnAll: true, fields });
	await bed.run(parameters(task.warmupObjCode));
	await resetStats(task.url);
	const { value: items, measure } = await measured(() => bed.run(parameters(task.objCode)));
	const stats = await readStats(task.url);
	const paired = items.every((item) => (item.pairedItem as { item: number } | undefined)?.item === 0);
	bed.close();
	return { measure, stats, facts: { ...checkRows(items.map((item) => String(item.json.ID))), paired } };
}
