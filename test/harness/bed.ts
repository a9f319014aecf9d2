/** A test bed: one emulator, one stored credential, and a way to run the Workfront node on items. */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { credentialNode, loadPackage, MemoryCredentialsHelper, runWorkflow, shutdownN8n, type RunResult } from './n8n';
import { assertNoSecrets } from './secrets';

export const NODE_TYPE = 'n8n-nodes-workfront.workfront';

export interface NodeRun extends RunResult {
	items: INodeExecutionData[];
}

export class TestBed {
	emulator!: Emulator;
	helper!: MemoryCredentialsHelper;
	store: Record<string, IDataObject> = {};
	readonly runs: NodeRun[] = [];

	static async start(options: EmulatorOptions = {}): Promise<TestBed> {
		const bed = new TestBed();
		bed.emulator = await startEmulator(options);
		bed.store['cred-1'] = { ...bed.emulator.credentials, accessToken: '' };
		bed.helper = new MemoryCredentialsHelper(await loadPackage(), bed.store as never);
		return bed;
	}

	/** Runs the Workfront node with `parameters` on `items` (default: one empty item); items may carry binary data. */
	async run(parameters: INode['parameters'], items?: IDataObject[] | INodeExecutionData[], extra: Partial<INode> = {}): Promise<NodeRun> {
		const node = credentialNode('Workfront', NODE_TYPE, { resource: 'record', ...parameters }, extra);
		const result = await runWorkflow({ nodes: [node], items, credentialsHelper: this.helper });
		const run = { ...result, items: result.output('Workfront') };
		this.runs.push(run);
		return run;
	}

	/** Runs and fails the test if the workflow failed. */
	async ok(parameters: INode['parameters'], items?: IDataObject[] | INodeExecutionData[], extra: Partial<INode> = {}): Promise<INodeExecutionData[]> {
		const run = await this.run(parameters, items, extra);
		if (run.error) throw new Error(`workflow failed: ${run.error.message} — ${String((run.error as { description?: string }).description ?? '')}`);
		return run.items;
	}

	/** Runs and returns the workflow error (fails if the run succeeded). */
	async fails(parameters: INode['parameters'], items?: IDataObject[] | INodeExecutionData[]): Promise<Error & { description?: string; context?: IDataObject }> {
		const run = await this.run(parameters, items);
		if (!run.error) throw new Error(`expected the workflow to fail, got ${run.items.length} items`);
		return run.error as Error & { description?: string };
	}

	secrets(): string[] {
		return [this.emulator.credentials.clientSecret, this.emulator.credentials.privateKey, ...this.emulator.issuedTokens()];
	}

	/** No secret in any output, error or log line of every run so far. */
	assertNothingLeaked(): void {
		for (const run of this.runs) {
			assertNoSecrets(run.run.data.resultData, this.secrets(), 'run data');
			assertNoSecrets(run.logs, this.secrets(), 'logs');
		}
	}

	requests(filter: (entry: Emulator['requests'][number]) => boolean = () => true) {
		return this.emulator.requests.filter(filter);
	}

	async close(): Promise<void> {
		await this.emulator.close();
		shutdownN8n();
	}
}

export const rl = (value: string, mode = 'code') => ({ __rl: true, mode, value });
export const id = (value: string) => ({ __rl: true, mode: 'id', value });
