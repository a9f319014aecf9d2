/**
 * Workflow for the trigger scenario (scenario 6 of e2e/run.ts). PROVISIONAL: written before the
 * `workfrontTrigger` node exists, against an assumed parameter set (objCode resource locator, events, webhook
 * mode). Align the parameter names with nodes/WorkfrontTrigger/*.ts when the node lands.
 */
import { TRIGGER_NODE_TYPE } from './n8n';
import { CRED_GOOD, objCode } from './workflows';

export const TRIGGER_WF = 'wfE2eTrigger';

export function triggerWorkflow() {
	return {
		id: TRIGGER_WF,
		name: 'E2E: Workfront trigger',
		active: false,
		nodes: [
			{
				id: 'workfront-trigger-0',
				name: 'Workfront Trigger',
				type: TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: '3f6d2a0e-6f0b-4a8e-9a57-0e2e7a1b9c01',
				parameters: { objCode: objCode('TASK'), events: ['UPDATE'] },
				credentials: { workfrontJwtApi: { id: CRED_GOOD.id, name: CRED_GOOD.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}
