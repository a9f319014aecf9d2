import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { parseJsonParameter } from '../../helpers/values';
import { getConnection, workfrontFullRequest } from '../../transport';
import type { ItemOperation } from '../types';
import { parseQuery } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		options: ['GET', 'POST', 'PUT', 'DELETE'].map((method) => ({ name: method, value: method })),
		default: 'GET',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. proj/search or /attask/api-internal/…',
		description:
			'Relative paths go under /attask/api/vN/ with the credential\'s API version (e.g. proj/search, task/ID/move). A path starting with / is taken from the instance origin. Full URLs must be on the credential\'s instance.',
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		placeholder: 'e.g. status=CUR&fields=name,owner:name or {"status": "CUR"}',
		description: 'Query parameters as a query string or a JSON object',
	},
	{
		displayName: 'Send Body',
		name: 'sendBody',
		type: 'boolean',
		default: false,
		displayOptions: { show: { method: ['POST', 'PUT'] } },
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: { show: { method: ['POST', 'PUT'], sendBody: [true] } },
		description: 'JSON body; for creates and updates Workfront reads it as the fields to set',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Headers (JSON)',
				name: 'headers',
				type: 'json',
				default: '{}',
				description: 'Extra request headers as a JSON object. Authentication headers are set by the credential and cannot be overridden.',
			},
			{
				displayName: 'Never Error',
				name: 'neverError',
				type: 'boolean',
				default: false,
				description: 'Whether to return 4xx/5xx answers as output instead of failing',
			},
		],
	},
];

/** Headers never returned: sessions, cookies, tokens. */
const SECRET_HEADER = /session|cookie|token|authori[sz]ation|api-?key|x-xsrf/i;
/** JSON keys whose values are never returned (GET /session answers the session ID). */
const SECRET_KEY = /^(sessionid|accesstoken|access_token|apikey|authtoken|xsrftoken)$/i;

function redact(value: unknown, depth = 0): unknown {
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((entry) => redact(entry, depth + 1));
	const out: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : (redact(entry, depth + 1) as IDataObject[string]);
	return out;
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return null;
	if (!/^[[{"]/.test(text)) return body;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}

export const customCall: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['api'], operation: ['customCall'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const method = this.getNodeParameter('method', itemIndex, 'GET') as IHttpRequestMethods;
		let path = String(this.getNodeParameter('path', itemIndex, '') ?? '').trim();
		if (path === '') throw new WorkfrontInputError('Path is empty', 'Give a path such as proj/search (under /attask/api/vN/) or /attask/api/v22.0/session.');
		const { baseUrl } = await getConnection(this);
		if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
			if (!URL.canParse(path) || new URL(path).origin !== baseUrl) {
				throw new WorkfrontInputError('Path must be on the credential\'s Workfront instance', `Use a path relative to ${baseUrl}; the session is never sent to another host.`);
			}
			const url = new URL(path);
			path = `${url.pathname}${url.search}`;
		}
		if (path.startsWith('//')) throw new WorkfrontInputError('Path must not start with //', 'Start it with a single / for a path from the instance origin.');
		let query: IDataObject = {};
		const question = path.indexOf('?');
		if (question >= 0) {
			query = parseQuery(path.slice(question + 1), 'Path');
			path = path.slice(0, question);
		}
		query = { ...query, ...parseQuery(this.getNodeParameter('query', itemIndex, ''), 'Query') };
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const headers = parseJsonParameter<IDataObject>(options.headers ?? '{}', 'Headers (JSON)', 'object');
		for (const key of Object.keys(headers)) {
			if (SECRET_HEADER.test(key)) throw new WorkfrontInputError(`Headers (JSON) must not set "${key}"`, 'The credential authenticates the call; remove the header.');
		}
		let body: IDataObject | IDataObject[] | undefined;
		if ((method === 'POST' || method === 'PUT') && (this.getNodeParameter('sendBody', itemIndex, false) as boolean)) {
			body = parseJsonParameter<IDataObject | IDataObject[]>(this.getNodeParameter('body', itemIndex, '{}'), 'Body (JSON)');
			if (body === null || typeof body !== 'object') throw new WorkfrontInputError('Body (JSON) must be a JSON object or array', 'e.g. {"name": "New project"}.');
		}
		const response = await workfrontFullRequest.call(this, {
			method,
			path,
			qs: query,
			body,
			headers,
			itemIndex,
			ignoreHttpStatusErrors: options.neverError === true,
			full: true,
		});
		const responseHeaders: IDataObject = {};
		for (const [key, value] of Object.entries(response.headers ?? {})) if (!SECRET_HEADER.test(key)) responseHeaders[key] = value;
		return { statusCode: response.statusCode, headers: responseHeaders, body: redact(parseBody(response.body)) as IDataObject };
	},
};
