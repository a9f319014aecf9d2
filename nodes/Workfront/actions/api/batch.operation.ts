import { NodeApiError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties, type JsonObject } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { parseJsonParameter } from '../../helpers/values';
import { encodeQuery, workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';
import { parseQuery } from './shared';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

const properties: INodeProperties[] = [
	{
		displayName: 'Calls Input',
		name: 'callsInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Define Below', value: 'fields', description: 'One row per call' },
			{ name: 'JSON', value: 'json', description: 'A JSON array of calls' },
		],
		default: 'fields',
	},
	{
		displayName: 'Calls',
		name: 'calls',
		type: 'fixedCollection',
		placeholder: 'Add Call',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: { show: { callsInput: ['fields'] } },
		description: 'The Workfront calls to send together, run in this order',
		options: [
			{
				displayName: 'Call',
				name: 'call',
				values: [
					{
						displayName: 'Method',
						name: 'method',
						type: 'options',
						options: METHODS.map((method) => ({ name: method, value: method })),
						default: 'GET',
					},
					{
						displayName: 'Path',
						name: 'path',
						type: 'string',
						default: '',
						placeholder: 'e.g. task/search or proj/5f3c…e6f/calculateTimeline',
						description: 'Path under /attask/api/vN/ (N: the credential\'s API version), optionally with a query string',
					},
					{
						displayName: 'Query',
						name: 'query',
						type: 'string',
						default: '',
						placeholder: 'e.g. status=CUR&fields=name',
						description: 'Query parameters as a query string or a JSON object',
					},
					{
						displayName: 'Updates (JSON)',
						name: 'updates',
						type: 'json',
						default: '',
						description: 'Fields to create or change (POST and PUT), as a JSON object or array; sent as updates=',
					},
				],
			},
		],
	},
	{
		displayName: 'Calls (JSON)',
		name: 'callsJson',
		type: 'json',
		default: '[\n  {"method": "GET", "path": "proj/search", "query": {"status": "CUR", "$$LIMIT": 10}}\n]',
		displayOptions: { show: { callsInput: ['json'] } },
		description: 'A JSON array of calls: {"method", "path", "query" (object or query string), "updates" (object or array)}',
	},
	{
		displayName: 'Atomic',
		name: 'atomic',
		type: 'boolean',
		default: false,
		description:
			'Whether all calls run in one transaction: all succeed, or none is applied. Workfront then answers only success (one output item) instead of each call\'s result.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrent',
				name: 'concurrent',
				type: 'boolean',
				default: false,
				description: 'Whether Workfront may run the calls in parallel (not atomic only)',
			},
			{
				displayName: 'Fail on Any Error',
				name: 'failOnError',
				type: 'boolean',
				default: true,
				description:
					'Whether a failed call fails the item (the other calls have run). Off: the failed call\'s output item carries its error.',
			},
		],
	},
];

interface BatchCall {
	method: string;
	path: string;
	query: IDataObject;
	updates?: unknown;
}

function toCall(raw: IDataObject, index: number): BatchCall {
	const label = `Call ${index + 1}`;
	const method = String(raw.method ?? 'GET').trim().toUpperCase();
	if (!METHODS.includes(method)) throw new WorkfrontInputError(`${label}: method "${method}" is not GET, POST, PUT or DELETE`, 'Pick one of the four methods.');
	let path = String(raw.path ?? '').trim();
	if (path === '') throw new WorkfrontInputError(`${label}: Path is empty`, 'Give the path under /attask/api/vN/, e.g. task/search or proj/ID.');
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
		throw new WorkfrontInputError(`${label}: Path must be relative to the API, not a full URL`, 'Write it like task/search or proj/ID; the credential\'s instance and API version are used.');
	}
	path = path.replace(/^\/+/, '').replace(/^attask\/api\/v\d+(\.\d+)?\//i, '');
	let query: IDataObject = {};
	const question = path.indexOf('?');
	if (question >= 0) {
		query = parseQuery(path.slice(question + 1), `${label}: Path`);
		path = path.slice(0, question);
	}
	if (raw.query !== undefined && raw.query !== null && raw.query !== '') {
		query = { ...query, ...parseQuery(raw.query, `${label}: Query`) };
	}
	let updates: unknown;
	if (raw.updates !== undefined && raw.updates !== null && raw.updates !== '') {
		updates = typeof raw.updates === 'string' ? parseJsonParameter(raw.updates, `${label}: Updates (JSON)`) : raw.updates;
		if (typeof updates !== 'object' || updates === null) throw new WorkfrontInputError(`${label}: Updates must be a JSON object or array`, 'e.g. {"name": "New name"}.');
	}
	return { method, path, query, updates };
}

/** One URI of the batch: the path with its query, the updates and the method override. */
function toUri(call: BatchCall): string {
	const query: IDataObject = { ...call.query };
	delete query.method;
	if (call.updates !== undefined) query.updates = JSON.stringify(call.updates);
	query.method = call.method;
	const qs = encodeQuery(query);
	return `${call.path}?${qs}`;
}

export const batch: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['api'], operation: ['batch'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const input = this.getNodeParameter('callsInput', itemIndex, 'fields') as string;
		const rows =
			input === 'json'
				? parseJsonParameter<IDataObject[]>(this.getNodeParameter('callsJson', itemIndex, '[]'), 'Calls (JSON)', 'array')
				: ((this.getNodeParameter('calls.call', itemIndex, []) as IDataObject[]) ?? []);
		if (rows.length === 0) throw new WorkfrontInputError('Batch has no calls', 'Add at least one call (method and path).');
		rows.forEach((row, index) => {
			if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new WorkfrontInputError(`Calls (JSON): element ${index + 1} is not an object`, 'Each call is {"method": "GET", "path": "proj/search", …}.');
		});
		const calls = rows.map((row, index) => toCall(row, index));
		const atomic = this.getNodeParameter('atomic', itemIndex, false) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const uris = calls.map(toUri);
		// Form body with one uri= per call (repeated keys), as Workfront's batch endpoint reads it.
		const answer = await workfrontRequest.call(this, {
			method: 'POST',
			path: 'batch',
			rawBody: encodeQuery({ atomic: String(atomic), concurrent: String(!atomic && options.concurrent === true), uri: uris }),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			itemIndex,
			write: true,
		});
		return await finish.call(this, { answer, calls, uris, atomic, failOnError: options.failOnError !== false, itemIndex });
	},
};

async function finish(
	this: IExecuteFunctions,
	run: { answer: unknown; calls: BatchCall[]; uris: string[]; atomic: boolean; failOnError: boolean; itemIndex: number },
): Promise<IDataObject[]> {
	const { answer, calls, atomic } = run;
	if (atomic) {
		const success = !!answer && typeof answer === 'object' && (answer as IDataObject).success === true;
		return [{ success, atomic: true, calls: calls.length }];
	}
	const results = Array.isArray(answer) ? (answer as IDataObject[]) : [];
	const out: IDataObject[] = calls.map((call, index) => {
		const entry = results[index] ?? {};
		const base: IDataObject = { index, method: call.method, path: call.path };
		if (entry.error) {
			const error = entry.error as IDataObject;
			return { ...base, success: false, error: String(error.message ?? 'Workfront reported an error'), errorClass: (error.class as string) ?? null };
		}
		return { ...base, success: true, data: (entry.data ?? null) as IDataObject };
	});
	const failed = out.filter((entry) => entry.success === false);
	if (failed.length > 0 && run.failOnError) {
		const first = failed[0];
		const message = `Workfront: batch call ${Number(first.index) + 1} (${String(first.method)} ${String(first.path)}) failed: ${String(first.error)}`;
		throw new NodeApiError(this.getNode(), { message } as JsonObject, {
			message,
			description: `${failed.length} of ${calls.length} calls failed; the others were applied. Switch on Atomic to apply all or nothing, or switch off "Fail on Any Error" to get one item per call with its error.`,
			itemIndex: run.itemIndex,
		});
	}
	return out;
}
