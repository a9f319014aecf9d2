/**
 * The e2e workflows, built in code (ids, credential references and node names are shared with the runner's
 * assertions). `node --import tsx e2e/run.ts --write-workflows` writes them to e2e/workflows/*.json for reading
 * or importing by hand.
 */
import { NODE_TYPE } from './n8n';

export const CRED_GOOD = { id: 'e2eWorkfrontGood', name: 'Workfront (emulator)' };
export const CRED_BAD = { id: 'e2eWorkfrontBadSecret', name: 'Workfront (emulator, wrong client secret)' };

export const WF_MAIN = 'wfE2eMain';
export const WF_REUSE = 'wfE2eReuse';
export const WF_BAD = 'wfE2eBadSecret';

/** Node names used by the assertions. */
export const N = {
	start: 'Start',
	badBranch: 'Count with wrong secret (continue on fail)',
	search: 'Search overdue tasks',
	update: 'Flag task',
	create: 'Raise issue on project',
	report: 'Report raised issues by project',
	returnAll: 'Return all tasks',
	source: 'Take 500 tasks',
	bulk: 'Bulk create 500 issues',
	reuseCount: 'Count projects',
	badCount: 'Count with wrong secret',
} as const;

export const FLAG_DESCRIPTION = 'Overdue: flagged by the n8n e2e test';
export const ISSUE_PREFIX = 'Overdue: ';
export const BULK_PREFIX = 'E2E bulk #';

type Cred = { id: string; name: string };
type Params = Record<string, unknown>;

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
export const objCode = (code: string) => rl('code', code);

let y = 0;
function node(name: string, parameters: Params, position: [number, number], cred: Cred | null, extra: Params = {}) {
	return {
		id: `${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${(y++).toString(16)}`,
		name,
		type: cred ? NODE_TYPE : 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: cred ? { resource: 'record', ...parameters } : parameters,
		...(cred ? { credentials: { workfrontJwtApi: { id: cred.id, name: cred.name } } } : {}),
		...extra,
	};
}

function connect(pairs: Array<[string, string]>) {
	const out: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> = {};
	for (const [from, to] of pairs) {
		(out[from] ??= { main: [[]] }).main[0].push({ node: to, type: 'main', index: 0 });
	}
	return out;
}

function workflow(id: string, name: string, nodes: unknown[], connections: unknown) {
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}

const trigger = () => node(N.start, {}, [0, 600], null);

/**
 * One execution, several branches off the Manual Trigger (v1 order runs them top to bottom):
 *  - wrong-secret count with "continue on fail" (scenario 1),
 *  - search overdue tasks → update → create an issue on each task's project → report (scenario 2),
 *  - Return All over every task (scenario 4),
 *  - search 500 tasks → bulk create 500 issues (scenario 5).
 */
export function mainWorkflow() {
	const nodes = [
		trigger(),
		node(N.badBranch, { operation: 'count', objCode: objCode('PROJ') }, [300, 0], CRED_BAD, { onError: 'continueRegularOutput' }),
		node(
			N.search,
			{
				operation: 'search',
				objCode: objCode('TASK'),
				filters: {
					conditions: [
						{ field: 'plannedCompletionDate', operator: 'lt', value: '$$TODAY', group: 0 },
						{ field: 'status', operator: 'ne', value: 'CPL', group: 0 },
					],
				},
				extraFields: 'projectID,project:name,plannedCompletionDate,status',
				sort: { fields: [{ field: 'plannedCompletionDate', direction: 'asc' }] },
				returnAll: false,
				limit: 3,
			},
			[300, 300],
			CRED_GOOD,
		),
		node(
			N.update,
			{
				operation: 'update',
				objCode: objCode('TASK'),
				recordId: rl('id', '={{ $json.ID }}'),
				inputMode: 'fields',
				fieldValues: {
					values: [
						{ field: 'description', value: FLAG_DESCRIPTION },
						{ field: 'priority', value: '4' },
					],
				},
				extraFields: 'description,priority,projectID',
			},
			[550, 300],
			CRED_GOOD,
		),
		node(
			N.create,
			{
				operation: 'create',
				objCode: objCode('OPTASK'),
				inputMode: 'fields',
				fieldValues: {
					values: [
						{ field: 'name', value: `={{ '${ISSUE_PREFIX}' + $json.name }}` },
						{ field: 'projectID', value: '={{ $json.projectID }}' },
						{ field: 'description', value: `={{ 'Raised for task ' + $('${N.search}').item.json.ID }}` },
					],
				},
				extraFields: 'projectID,description',
			},
			[800, 300],
			CRED_GOOD,
		),
		node(
			N.report,
			{
				operation: 'report',
				objCode: objCode('OPTASK'),
				filters: { conditions: [{ field: 'name', operator: 'startswith', value: ISSUE_PREFIX, group: 0 }] },
				groupBy: { fields: [{ field: 'projectID' }] },
				aggregates: { values: [{ function: 'count', field: 'ID' }] },
				rollup: true,
			},
			[1050, 300],
			CRED_GOOD,
			{ executeOnce: true },
		),
		node(N.returnAll, { operation: 'search', objCode: objCode('TASK'), returnAll: true }, [300, 600], CRED_GOOD),
		node(N.source, { operation: 'search', objCode: objCode('TASK'), extraFields: 'projectID', returnAll: false, limit: 500 }, [300, 900], CRED_GOOD),
		node(
			N.bulk,
			{
				operation: 'bulkCreate',
				objCode: objCode('OPTASK'),
				inputMode: 'fields',
				fieldValues: {
					values: [
						{ field: 'name', value: `={{ '${BULK_PREFIX}' + $itemIndex + ' for task ' + $json.ID }}` },
						{ field: 'projectID', value: '={{ $json.projectID }}' },
					],
				},
				extraFields: 'projectID',
				options: { batchSize: 100 },
			},
			[550, 900],
			CRED_GOOD,
		),
	];
	return workflow(
		WF_MAIN,
		'E2E: Workfront node against the emulator',
		nodes,
		connect([
			[N.start, N.badBranch],
			[N.start, N.search],
			[N.search, N.update],
			[N.update, N.create],
			[N.create, N.report],
			[N.start, N.returnAll],
			[N.start, N.source],
			[N.source, N.bulk],
		]),
	);
}

/** One API call with the good credential: token reuse, and the 401 → re-exchange after a revoke. */
export function reuseWorkflow() {
	return workflow(
		WF_REUSE,
		'E2E: token reuse',
		[trigger(), node(N.reuseCount, { operation: 'count', objCode: objCode('PROJ') }, [300, 600], CRED_GOOD)],
		connect([[N.start, N.reuseCount]]),
	);
}

/** The wrong client secret without "continue on fail": the execution must fail with the exchange error. */
export function badSecretWorkflow() {
	return workflow(
		WF_BAD,
		'E2E: wrong client secret',
		[trigger(), node(N.badCount, { operation: 'count', objCode: objCode('PROJ') }, [300, 600], CRED_BAD)],
		connect([[N.start, N.badCount]]),
	);
}

export function allWorkflows() {
	return [mainWorkflow(), reuseWorkflow(), badSecretWorkflow()];
}
