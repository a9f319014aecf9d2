/**
 * Workflows for the trigger scenario (scenario 6 of e2e/run.ts), run under `n8n start`:
 *  - webhook mode: an event subscription on PROJ UPDATE; each delivered event writes a NOTE on the project;
 *  - polling mode: TASK, new or updated, polled once a minute; each picked-up record writes a NOTE on the task.
 * The notes make the trigger's output observable in the emulator without reading n8n's execution data.
 */
import { NODE_TYPE, TRIGGER_NODE_TYPE } from './n8n';
import { CRED_GOOD, objCode } from './workflows';

export const WF_WEBHOOK = 'wfE2eWebhook';
export const WF_POLLING = 'wfE2ePolling';
export const WEBHOOK_ID = '3f6d2a0e-6f0b-4a8e-9a57-0e2e7a1b9c01';
export const WEBHOOK_NOTE = 'e2e webhook: ';
export const POLL_NOTE = 'e2e poll: ';
/**
 * Once a minute at the given second. n8n refuses sub-minute polling (2.41 checks that the seconds field is one
 * number), so the runner picks a second shortly after activation to keep the wait short.
 */
export const pollCron = (second: number) => `${second} * * * * *`;

const credentials = { workfrontJwtApi: { id: CRED_GOOD.id, name: CRED_GOOD.name } };

function noteNode(name: string, jsonData: string, position: [number, number]) {
	return {
		id: `${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-note`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: { resource: 'record', operation: 'create', objCode: objCode('NOTE'), inputMode: 'json', jsonData },
		credentials,
	};
}

function workflow(id: string, name: string, trigger: Record<string, unknown>, note: ReturnType<typeof noteNode>) {
	return {
		id,
		name,
		active: false,
		nodes: [trigger, note],
		connections: { [trigger.name as string]: { main: [[{ node: note.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}

export function webhookWorkflow() {
	return workflow(
		WF_WEBHOOK,
		'E2E: Workfront trigger (event subscription)',
		{
			id: 'workfront-trigger-webhook',
			name: 'Project updated (event)',
			type: TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: { triggerOn: 'webhook', eventObjCode: 'PROJ', eventTypes: ['UPDATE'], options: {} },
			credentials,
		},
		noteNode(
			'Note the event',
			`={{ JSON.stringify({ noteObjCode: 'PROJ', objID: $json.objID, noteText: '${WEBHOOK_NOTE}' + $json.eventType + ' ' + ($json.changedFields || []).join(',') }) }}`,
			[250, 0],
		),
	);
}

export function pollingWorkflow(cronSecond: number) {
	return workflow(
		WF_POLLING,
		'E2E: Workfront trigger (polling)',
		{
			id: 'workfront-trigger-polling',
			name: 'Task new or updated (polling)',
			type: TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				triggerOn: 'polling',
				objCode: objCode('TASK'),
				event: 'newOrUpdated',
				pollTimes: { item: [{ mode: 'custom', cronExpression: pollCron(cronSecond) }] },
				options: {},
			},
			credentials,
		},
		noteNode('Note the change', `={{ JSON.stringify({ noteObjCode: 'TASK', objID: $json.ID, noteText: '${POLL_NOTE}' + $json.name }) }}`, [250, 0]),
	);
}
