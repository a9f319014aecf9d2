/**
 * Case 1: JWT exchanges over many API calls spread across many executions, in n8n's engine. The credential
 * starts with an empty session token (as right after it is saved); each execution runs the node's Get on
 * `callsPerExecution` input items (one API call each), `parallelExecutions` executions at a time.
 */
import { N8nBed, rl } from '../lib/n8n';
import { measured, readStats, resetStats, type ChildResult, type Task } from '../lib/proc';

type TokensTask = Extract<Task, { kind: 'tokens' }>;

export async function tokensCase(task: TokensTask): Promise<ChildResult> {
	const bed = await N8nBed.create(task.credentials);
	const items = Array.from({ length: task.callsPerExecution }, (_, index) => ({ id: task.ids[index % task.ids.length] }));
	const parameters = { operation: 'get', objCode: rl('TASK'), recordId: rl('={{ $json.id }}', 'id'), fields: ['name'] };
	let next = 0;
	let matched = 0;
	let outputs = 0;
	const worker = async () => {
		while (next < task.executions) {
			next++;
			const output = await bed.run(parameters, items);
			outputs += output.length;
			matched += output.filter((item, index) => item.json.ID === items[index].id).length;
		}
	};
	await resetStats(task.url);
	const { measure } = await measured(() => Promise.all(Array.from({ length: task.parallelExecutions }, worker)));
	const stats = await readStats(task.url);
	const events = { ...bed.helper.events };
	bed.close();
	return { measure, stats, facts: { executions: task.executions, outputs, matched, preAuthentications: events.preAuthentications, credentialWrites: events.writes } };
}
