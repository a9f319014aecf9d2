/**
 * In-process n8n harness: runs workflows of this package inside n8n's real engine (n8n-core WorkflowExecute,
 * the real node execution contexts and httpRequestWithAuthentication with its 401 → re-authenticate → retry-once
 * logic). The only part written here is the credentials store, a port of the n8n CLI's CredentialsHelper rules:
 * preAuthentication runs when the first hidden+expirable field is '' or after a 401, and only the keys the hook
 * returns are persisted (n8n 2.x behaviour).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'wf-n8n-'));
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key-not-secret';

import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
} from 'n8n-workflow';

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const CREDENTIAL_TYPE = 'workfrontJwtApi';

let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package (dist/) the way n8n loads an installed community package. */
export function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

export class TestNodeTypes implements INodeTypes {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly extra: Record<string, INodeType> = {},
	) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const short = type.split('.').pop() ?? type;
		const found = this.extra[type] ?? this.extra[short] ?? this.loader.nodeTypes[short]?.type;
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return this.loader.known.nodes;
	}
}

/** Counts what n8n asked of the credential, like the CLI would see it. */
export interface CredentialEvents {
	preAuthentications: number;
	forcedRefreshes: number;
	writes: number;
}

export class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly events: CredentialEvents = { preAuthentications: 0, forcedRefreshes: 0, writes: 0 };

	constructor(
		private readonly loader: PackageDirectoryLoader,
		readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const found = this.loader.credentialTypes[name]?.type;
		if (!found) throw new Error(`Unknown credential type ${name}`);
		return found;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string) {
		return this.type(type).properties;
	}

	async getDecrypted(_additional: IWorkflowExecuteAdditionalData, nodeCredentials: INodeCredentialsDetails) {
		const data = this.store[nodeCredentials.id ?? ''];
		if (!data) throw new Error(`No credential ${nodeCredentials.id}`);
		return structuredClone(data);
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the harness');
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		this.events.writes++;
		this.store[nodeCredentials.id ?? ''] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.type(typeName);
		const authenticate = credentialType.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
					)
				: value;
		const target = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outer, values] of Object.entries(authenticate.properties)) {
			target[outer] ??= {};
			for (const [key, value] of Object.entries(values as IDataObject)) {
				target[outer][String(resolve(key))] = resolve(value) as string;
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: { helpers: unknown },
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.events.preAuthentications++;
		if (credentialsExpired) this.events.forcedRefreshes++;
		const output = await credentialType.preAuthentication.call(helpers as never, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[credentialType.name];
		if (!details) return undefined;
		// n8n 2.x: copy only the returned keys over the stored data, then persist.
		const stored = structuredClone(this.store[details.id ?? ''] ?? {});
		await this.updateCredentials(details, credentialType.name, Object.assign(stored, output));
		return Object.assign(credentials, output);
	}
}

export interface RunOptions {
	/** Nodes of the workflow; the first one receives `items` as its input. */
	nodes: INode[];
	connections?: IConnections;
	items?: IDataObject[] | INodeExecutionData[];
	credentialsHelper: MemoryCredentialsHelper;
	extraNodeTypes?: Record<string, INodeType>;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
}

export interface RunResult {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName?: string): INodeExecutionData[];
	/** The workflow-level error, if the run failed. */
	error: Error | undefined;
	/** Everything printed to stdout/stderr while the workflow ran. */
	logs: string;
}

let executionCounter = 0;

/** What n8n hands every node context: the credentials helper, URLs and no-op UI hooks. */
export function buildAdditionalData(
	credentialsHelper: ICredentialsHelper,
	extra: Partial<IWorkflowExecuteAdditionalData> & { webhookBaseUrl?: string } = {},
): IWorkflowExecuteAdditionalData {
	const webhookBaseUrl = extra.webhookBaseUrl ?? 'http://localhost:5678/webhook';
	return {
		credentialsHelper,
		executionId: `exec-${++executionCounter}`,
		variables: {},
		userId: 'user-1',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl,
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: `${webhookBaseUrl}-test`,
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		currentNodeParameters: undefined,
		setExecutionStatus() {},
		sendDataToUI() {},
		logAiEvent() {},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function toExecutionData(items: RunOptions['items']): INodeExecutionData[] {
	if (!items || items.length === 0) return [{ json: {} }];
	return (items as Array<IDataObject | INodeExecutionData>).map((item) =>
		item && typeof item === 'object' && 'json' in item && typeof item.json === 'object'
			? (item as INodeExecutionData)
			: { json: item as IDataObject },
	);
}

async function captureOutput<T>(work: () => Promise<T>): Promise<{ value: T; logs: string }> {
	const chunks: string[] = [];
	const stdout = process.stdout.write.bind(process.stdout);
	const stderr = process.stderr.write.bind(process.stderr);
	const tap = (original: typeof stdout) =>
		((chunk: unknown, ...rest: unknown[]) => {
			chunks.push(String(chunk));
			return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stdout;
	process.stdout.write = tap(stdout);
	process.stderr.write = tap(stderr);
	try {
		const value = await work();
		return { value, logs: chunks.join('') };
	} finally {
		process.stdout.write = stdout;
		process.stderr.write = stderr;
	}
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const loader = await loadPackage();
	const nodeTypes = new TestNodeTypes(loader, options.extraNodeTypes);
	const executionId = `exec-${++executionCounter}`;
	const workflowData = { id: 'wf-test', name: 'test', nodes: options.nodes, connections: options.connections ?? {}, active: false };
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: options.nodes,
		connections: workflowData.connections,
		nodeTypes,
		active: false,
		staticData: options.staticData,
		settings: { executionOrder: 'v1' },
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData as never);
	let finished!: (run: IRun) => void;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => finished(run));
	const additionalData = buildAdditionalData(options.credentialsHelper, { hooks, executionId });
	const startNode = workflow.getNode(options.nodes[0].name);
	if (!startNode) throw new Error('start node missing');
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: startNode, data: { main: [toExecutionData(options.items)] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const { value: run, logs } = await captureOutput(async () => {
		await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		return await done;
	});
	return {
		run,
		logs,
		error: run.data.resultData.error as Error | undefined,
		output(nodeName = options.nodes[options.nodes.length - 1].name) {
			return run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
		},
	};
}

/** Stops n8n-core's background interval so `node --test` can exit. Call in after(). */
export function shutdownN8n(): void {
	void Container.get(SSHClientsManager).onShutdown();
}

export function credentialNode(
	name: string,
	type: string,
	parameters: INode['parameters'],
	extra: Partial<INode> = {},
	credentialId = 'cred-1',
): INode {
	return {
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: credentialId, name: 'Workfront' } },
		...extra,
	};
}
