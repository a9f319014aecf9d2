/**
 * Trigger harness: runs the Adobe Workfront Trigger's poll(), webhook lifecycle methods and webhook() inside n8n-core's
 * real execution contexts (PollContext, HookContext, WebhookContext) with the harness's credential store, a real
 * Workflow and its static data — the pieces n8n's ActiveWorkflows / webhook server put together.
 * `WebhookReceiver` is a tiny HTTP server standing in for n8n's webhook endpoint: every request becomes one
 * WebhookContext call of webhook(), answered the way n8n answers (responseMode onReceived).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { EmulatorOptions } from '../../emulator';
import { TestBed } from './bed';
import { buildAdditionalData, CREDENTIAL_TYPE, loadPackage, TestNodeTypes, type MemoryCredentialsHelper } from './n8n';

export const TRIGGER_TYPE = 'n8n-nodes-workfront.workfrontTrigger';

export type HookMethod = 'checkExists' | 'create' | 'delete';

export interface TriggerOptions {
	/** Base of the webhook URL n8n would hand out (the receiver's URL in webhook tests). */
	webhookBaseUrl?: string;
	webhookId?: string;
	/** Static data to start from (e.g. a copy from another TriggerWorkflow, as after a restart). */
	staticData?: IDataObject;
	name?: string;
	/** Credential id in the bed's store (default cred-1). */
	credentialId?: string;
}

let webhookCounter = 0;

/** One workflow holding one trigger node, with the contexts n8n would create for it. */
export class TriggerWorkflow {
	readonly workflow: Workflow;
	readonly node: INode;
	readonly nodeType: INodeType;

	constructor(
		private readonly nodeTypes: TestNodeTypes,
		private readonly credentialsHelper: MemoryCredentialsHelper,
		readonly parameters: INode['parameters'],
		readonly options: TriggerOptions = {},
	) {
		this.node = {
			id: 'trigger-node',
			name: options.name ?? 'Workfront Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			webhookId: options.webhookId ?? `hook-${++webhookCounter}`,
			credentials: { [CREDENTIAL_TYPE]: { id: options.credentialId ?? 'cred-1', name: 'Workfront' } },
		};
		this.workflow = new Workflow({
			id: 'wf-trigger',
			name: 'trigger test',
			nodes: [this.node],
			connections: {},
			nodeTypes,
			active: true,
			staticData: structuredClone(options.staticData ?? {}),
			settings: { executionOrder: 'v1' },
		});
		this.nodeType = nodeTypes.getByNameAndVersion(TRIGGER_TYPE, 1);
	}

	/** The node's static data (the object the node mutates). */
	staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/** A plain copy of the whole workflow static data, as n8n would save it. */
	savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The same trigger after n8n reloaded the workflow (static data from the last save). */
	restarted(parameters: INode['parameters'] = this.parameters): TriggerWorkflow {
		return new TriggerWorkflow(this.nodeTypes, this.credentialsHelper, parameters, {
			...this.options,
			webhookId: this.node.webhookId,
			staticData: this.savedStaticData(),
		});
	}

	additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return buildAdditionalData(this.credentialsHelper, {
			executionId: `trigger-${++webhookCounter}`,
			webhookBaseUrl: this.options.webhookBaseUrl,
			...extra,
		});
	}

	webhookData(): IWebhookData {
		const description = this.nodeType.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.additionalData(),
			webhookId: this.node.webhookId,
			isTest: false,
		} as IWebhookData;
	}

	/** poll() in a PollContext; `manual` is a test run from the editor. */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[][] | null> {
		const context = new PollContext(this.workflow, this.node, this.additionalData(), mode, mode === 'manual' ? 'manual' : 'activate');
		return await this.nodeType.poll!.call(context);
	}

	/** Rows of a poll result (empty for null). */
	async pollRows(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[]> {
		const result = await this.poll(mode);
		return result ? result[0].map((item) => item.json) : [];
	}

	/** One webhook lifecycle method in a HookContext. */
	async hook(method: HookMethod): Promise<boolean> {
		const context = new HookContext(this.workflow, this.node, this.additionalData(), 'trigger', 'activate', this.webhookData());
		return await this.nodeType.webhookMethods!.default![method]!.call(context);
	}

	/** What n8n does on activation: checkExists, and create when it says false. Returns whether create ran. */
	async activate(): Promise<boolean> {
		if (await this.hook('checkExists')) return false;
		await this.hook('create');
		return true;
	}

	async deactivate(): Promise<boolean> {
		return await this.hook('delete');
	}

	/** webhook() for one HTTP request, in a WebhookContext. */
	async receive(request: IncomingMessage & { body: unknown }, response: ServerResponse): Promise<IWebhookResponseData> {
		const additionalData = this.additionalData({ httpRequest: request as never, httpResponse: response as never });
		const context = new WebhookContext(this.workflow, this.node, additionalData, 'webhook', this.webhookData(), [], null);
		return await this.nodeType.webhook!.call(context);
	}
}

export interface ReceivedCall {
	path: string;
	headers: IncomingMessage['headers'];
	body: unknown;
	/** What the receiver answered. */
	status: number;
	/** The items the trigger emitted (undefined when it started no workflow). */
	items?: IDataObject[];
	result?: IWebhookResponseData;
	error?: string;
}

/** The n8n webhook endpoint stand-in: POST <base>/<webhookId>/webhook → the trigger of that webhookId. */
export class WebhookReceiver {
	readonly calls: ReceivedCall[] = [];
	private readonly triggers = new Map<string, TriggerWorkflow>();
	private server?: Server;
	url = '';
	/** Answer this many of the next calls with 500 after webhook() ran (the workflow started, but the answer was lost). */
	failAfterRun = 0;
	/** Wait this long before answering (to exceed the sender's timeout). */
	delayMs = 0;

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
		return this;
	}

	attach(trigger: TriggerWorkflow): void {
		this.triggers.set(String(trigger.node.webhookId), trigger);
	}

	/** Calls that started a workflow. */
	runs(): ReceivedCall[] {
		return this.calls.filter((call) => call.items !== undefined);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		let body: unknown = {};
		try {
			body = text.trim() ? JSON.parse(text) : {};
		} catch {
			body = text;
		}
		const path = new URL(req.url ?? '/', 'http://receiver').pathname;
		const call: ReceivedCall = { path, headers: req.headers, body, status: 0 };
		this.calls.push(call);
		const webhookId = path.split('/').filter(Boolean)[1];
		const trigger = this.triggers.get(webhookId ?? '');
		if (!trigger) {
			call.status = 404;
			res.writeHead(404).end();
			return;
		}
		try {
			const request = Object.assign(req, { body, query: {}, params: {} });
			const result = await trigger.receive(request, res);
			call.result = result;
			if (result.workflowData) call.items = result.workflowData[0].map((item) => item.json);
			if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
			if (result.noWebhookResponse) {
				call.status = res.statusCode;
				return;
			}
			if (this.failAfterRun > 0) {
				this.failAfterRun--;
				call.status = 500;
				res.writeHead(500).end();
				return;
			}
			// n8n with responseMode onReceived: 200 at once; the workflow runs afterwards.
			const answer = result.workflowData ? { message: 'Workflow was started' } : (result.webhookResponse ?? { message: 'Webhook call received' });
			call.status = 200;
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
		} catch (error) {
			call.error = (error as Error).message;
			call.status = 500;
			if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ message: call.error }));
		}
	}

	async close(): Promise<void> {
		if (!this.server) return;
		await new Promise<void>((resolve) => {
			this.server!.close(() => resolve());
			this.server!.closeAllConnections();
		});
	}
}

/** A test bed (emulator + credential store) plus trigger workflows. */
export class TriggerBed {
	private constructor(
		readonly bed: TestBed,
		readonly nodeTypes: TestNodeTypes,
	) {}

	static async start(options: EmulatorOptions = {}): Promise<TriggerBed> {
		const bed = await TestBed.start(options);
		return new TriggerBed(bed, new TestNodeTypes(await loadPackage()));
	}

	get emulator() {
		return this.bed.emulator;
	}

	trigger(parameters: INode['parameters'], options: TriggerOptions = {}): TriggerWorkflow {
		return new TriggerWorkflow(this.nodeTypes, this.bed.helper, parameters, options);
	}

	async close(): Promise<void> {
		await this.bed.close();
	}
}
