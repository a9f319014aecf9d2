/**
 * The Workfront node inside n8n's real engine (test/harness/n8n.ts: WorkflowExecute, the node execution
 * contexts, httpRequestWithAuthentication and the CLI's credential rules), pointed at an emulator that runs in
 * another process. Loads the built package from dist/.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { EmulatorCredentials } from '../../emulator';
import { credentialNode, loadPackage, MemoryCredentialsHelper, runWorkflow, shutdownN8n } from '../../test/harness/n8n';

export const NODE_TYPE = 'n8n-nodes-workfront.workfront';

export const rl = (value: string, mode = 'code') => ({ __rl: true, mode, value });

export class N8nBed {
	private constructor(readonly helper: MemoryCredentialsHelper) {}

	/** A stored credential with an empty session token, as right after it was saved in n8n. */
	static async create(credentials: EmulatorCredentials): Promise<N8nBed> {
		const store = { 'cred-1': { ...credentials, accessToken: '' } };
		return new N8nBed(new MemoryCredentialsHelper(await loadPackage(), store as never));
	}

	/** One execution of a one-node workflow; throws when the workflow fails. */
	async run(parameters: INode['parameters'], items?: IDataObject[]): Promise<INodeExecutionData[]> {
		const node = credentialNode('Workfront', NODE_TYPE, { resource: 'record', ...parameters });
		const result = await runWorkflow({ nodes: [node], items, credentialsHelper: this.helper });
		if (result.error) {
			const description = (result.error as { description?: string }).description;
			throw new Error(`workflow failed: ${result.error.message}${description ? ` — ${description}` : ''}`);
		}
		return result.output('Workfront');
	}

	close(): void {
		shutdownN8n();
	}
}
