import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../credentials/workfront/baseUrl';
import { describeResponse } from '../transport/errors';
import { toNodeError, workfrontRequest, type FullResponse, type WorkfrontContext } from '../transport';
import { parseJsonParameter } from './values';

/** The Event Subscription API: same host and session as the core API, no API version in the path. */
export const SUBSCRIPTIONS_PATH = '/attask/eventsubscription/api/v1/subscriptions';
/** Largest `limit` the list endpoint accepts. */
export const MAX_SUBSCRIPTION_PAGE = 1000;

/** Object types Workfront can send events for (research notes §4.2; the approval codes are lowercase). */
export const SUBSCRIPTION_OBJECT_TYPES: INodePropertyOptions[] = [
	{ name: 'Approval', value: 'approval' },
	{ name: 'Approval Stage', value: 'approval_stage' },
	{ name: 'Approval Stage Participant', value: 'approval_stage_participant' },
	{ name: 'Assignment (ASSGN)', value: 'ASSGN' },
	{ name: 'Company (CMPY)', value: 'CMPY' },
	{ name: 'Dashboard (PTLTAB)', value: 'PTLTAB' },
	{ name: 'Document (DOCU)', value: 'DOCU' },
	{ name: 'Document Version (DOCV)', value: 'DOCV' },
	{ name: 'Expense (EXPNS)', value: 'EXPNS' },
	{ name: 'Field (FIELD)', value: 'FIELD' },
	{ name: 'Hour (HOUR)', value: 'HOUR' },
	{ name: 'Issue (OPTASK)', value: 'OPTASK' },
	{ name: 'Note (NOTE)', value: 'NOTE' },
	{ name: 'Portfolio (PORT)', value: 'PORT' },
	{ name: 'Program (PRGM)', value: 'PRGM' },
	{ name: 'Project (PROJ)', value: 'PROJ' },
	{ name: 'Proof Approval (PRFAPL)', value: 'PRFAPL' },
	{ name: 'Record (RECORD)', value: 'RECORD' },
	{ name: 'Record Type (RECORD_TYPE)', value: 'RECORD_TYPE' },
	{ name: 'Report (PTLSEC)', value: 'PTLSEC' },
	{ name: 'Staffing Plan (STAFFP)', value: 'STAFFP' },
	{ name: 'Staffing Plan Availability (SPAVAL)', value: 'SPAVAL' },
	{ name: 'Staffing Plan Availability Setting (SAVSET)', value: 'SAVSET' },
	{ name: 'Staffing Plan Resource (STAFFR)', value: 'STAFFR' },
	{ name: 'Staffing Plan Resource Value (SRPVAL)', value: 'SRPVAL' },
	{ name: 'Staffing Plan Value (SPVAL)', value: 'SPVAL' },
	{ name: 'Task (TASK)', value: 'TASK' },
	{ name: 'Template (TMPL)', value: 'TMPL' },
	{ name: 'Timesheet (TSHET)', value: 'TSHET' },
	{ name: 'User (USER)', value: 'USER' },
	{ name: 'Workspace (WORKSPACE)', value: 'WORKSPACE' },
];

export const SUBSCRIPTION_EVENT_TYPES: INodePropertyOptions[] = [
	{ name: 'Create', value: 'CREATE', description: 'A record was created' },
	{ name: 'Update', value: 'UPDATE', description: 'A record was changed' },
	{ name: 'Delete', value: 'DELETE', description: 'A record was deleted' },
];

export const FILTER_COMPARISONS: INodePropertyOptions[] = [
	{ name: 'Changed', value: 'changed', description: 'The field differs between the old and the new state (Value is ignored)' },
	{ name: 'Contains', value: 'contains', description: 'Text contains the value, or a multi-select holds it' },
	{ name: 'Contains Only', value: 'containsOnly', description: 'A multi-select holds exactly these values (JSON array or comma list)' },
	{ name: 'Does Not Contain', value: 'notContains' },
	{ name: 'Equals', value: 'eq', description: 'Exact, case-sensitive match' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
	{ name: 'Not Equals', value: 'ne' },
];

/** The subscription fields the API accepts on create; anything else makes Workfront refuse it. */
export interface SubscriptionInput {
	objCode: string;
	eventType: string;
	url: string;
	authToken: string;
	objId?: string;
	filters?: IDataObject[];
	filterConnector?: 'AND' | 'OR';
	base64Encoding?: boolean;
}

export interface CreatedSubscription {
	id: string;
	version?: string;
	location?: string;
}

export interface FilterRow {
	fieldName?: string;
	comparison?: string;
	fieldValue?: unknown;
	state?: string;
}

function parseValue(raw: unknown, comparison: string): unknown {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim();
	if (comparison === 'containsOnly') {
		if (text.startsWith('[')) return parseJsonParameter<unknown[]>(text, 'Filter value', 'array');
		return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
	}
	if (text.startsWith('{') || text.startsWith('[')) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return raw;
		}
	}
	return raw;
}

/** Subscription filters from the UI rows plus an optional JSON array (for groups and nested values). */
export function buildSubscriptionFilters(rows: FilterRow[], json: unknown): IDataObject[] {
	const filters: IDataObject[] = rows.map((row, index) => {
		const fieldName = String(row.fieldName ?? '').trim();
		if (fieldName === '') throw new WorkfrontInputError(`Filter ${index + 1}: Field is empty`, 'Give the field name (e.g. status) or remove the filter.');
		const comparison = String(row.comparison ?? 'eq');
		const filter: IDataObject = { fieldName, comparison };
		if (comparison !== 'changed') filter.fieldValue = parseValue(row.fieldValue ?? '', comparison) as IDataObject[string];
		if (row.state === 'oldState') filter.state = 'oldState';
		return filter;
	});
	const extra = typeof json === 'string' ? json.trim() : json;
	if (extra !== undefined && extra !== null && extra !== '') {
		const list = Array.isArray(extra) ? extra : parseJsonParameter<unknown[]>(extra, 'Filters (JSON)', 'array');
		for (const entry of list) {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
				throw new WorkfrontInputError('Filters (JSON): every element must be an object', 'E.g. [{"fieldName":"status","fieldValue":"CUR","comparison":"eq"}] or a group {"type":"group","connector":"OR","filters":[…]}.');
			}
			filters.push(entry as IDataObject);
		}
	}
	return filters;
}

function bodyOf(response: FullResponse): IDataObject {
	const body = response.body;
	if (typeof body === 'string') {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return body && typeof body === 'object' ? (body as IDataObject) : {};
}

function header(response: FullResponse, name: string): string | undefined {
	const value = response.headers?.[name] ?? response.headers?.[name.toLowerCase()];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

async function call(
	context: WorkfrontContext,
	request: { method: 'GET' | 'POST' | 'DELETE'; path: string; qs?: IDataObject; body?: IDataObject; itemIndex?: number },
): Promise<FullResponse> {
	return (await workfrontRequest.call(context, {
		...request,
		full: true,
		ignoreHttpStatusErrors: true,
		headers: request.body ? { 'Content-Type': 'application/json' } : undefined,
	})) as FullResponse;
}

function fail(context: WorkfrontContext, response: FullResponse, method: 'GET' | 'POST' | 'DELETE', itemIndex?: number, message?: string, description?: string): never {
	const failure = describeResponse(response.statusCode, response.body, response.headers);
	if (message) failure.message = message;
	if (description) failure.description = description;
	throw toNodeError(context, failure, { method, itemIndex });
}

const ADMIN_HINT = 'Event subscriptions need a Workfront user with the System Administrator access level (the credential\'s User ID).';

function checkCommon(context: WorkfrontContext, response: FullResponse, method: 'GET' | 'POST' | 'DELETE', itemIndex?: number): void {
	if (response.statusCode === 403) fail(context, response, method, itemIndex, undefined, ADMIN_HINT);
	if (response.statusCode < 200 || response.statusCode >= 300) fail(context, response, method, itemIndex);
}

export class DuplicateSubscriptionError extends Error {}

/**
 * Creates a subscription. Workfront answers 201 with {id, version} and a Location header; 409 means an identical
 * subscription exists (thrown as DuplicateSubscriptionError when `duplicateAsError` is false, for callers that
 * resolve it themselves).
 */
export async function createSubscription(
	context: WorkfrontContext,
	input: SubscriptionInput,
	options: { itemIndex?: number; duplicateAsError?: boolean } = {},
): Promise<CreatedSubscription> {
	const body: IDataObject = { objCode: input.objCode, eventType: input.eventType, url: input.url, authToken: input.authToken };
	if (input.objId) body.objId = input.objId;
	if (input.filters && input.filters.length > 0) body.filters = input.filters;
	if (input.filterConnector && input.filters && input.filters.length > 1) body.filterConnector = input.filterConnector;
	if (input.base64Encoding) body.base64Encoding = true;
	const response = await call(context, { method: 'POST', path: SUBSCRIPTIONS_PATH, body, itemIndex: options.itemIndex });
	if (response.statusCode === 409) {
		if (options.duplicateAsError === false) throw new DuplicateSubscriptionError('duplicate subscription');
		fail(
			context,
			response,
			'POST',
			options.itemIndex,
			`A subscription for ${input.eventType} events of ${input.objCode} to this URL with the same object ID and filters already exists (HTTP 409)`,
			'Workfront does not allow duplicate subscriptions. Use Get Many to find the existing one, or Delete All for a URL to clean up before creating it again.',
		);
	}
	if (response.statusCode === 400) {
		fail(context, response, 'POST', options.itemIndex, undefined, 'Workfront refused the subscription: check the URL (it must be a reachable http(s) address), the object type and the event type.');
	}
	checkCommon(context, response, 'POST', options.itemIndex);
	const created = bodyOf(response);
	const location = header(response, 'location');
	const id = typeof created.id === 'string' ? created.id : location?.split('/').pop();
	if (!id) fail(context, response, 'POST', options.itemIndex, 'the subscription was created but its ID was not returned');
	return { id, version: typeof created.version === 'string' ? created.version : undefined, location };
}

/** One subscription, or undefined when Workfront answers 404. */
export async function getSubscription(context: WorkfrontContext, id: string, itemIndex?: number): Promise<IDataObject | undefined> {
	const response = await call(context, { method: 'GET', path: `${SUBSCRIPTIONS_PATH}/${encodeURIComponent(id)}`, itemIndex });
	if (response.statusCode === 404) return undefined;
	checkCommon(context, response, 'GET', itemIndex);
	return bodyOf(response);
}

/** Deletes one subscription; false when Workfront answers 404 (already gone). */
export async function deleteSubscription(context: WorkfrontContext, id: string, itemIndex?: number): Promise<boolean> {
	const response = await call(context, { method: 'DELETE', path: `${SUBSCRIPTIONS_PATH}/${encodeURIComponent(id)}`, itemIndex });
	if (response.statusCode === 404) return false;
	checkCommon(context, response, 'DELETE', itemIndex);
	return true;
}

export interface SubscriptionPage {
	subscriptions: IDataObject[];
	meta: { page: number; limit: number; page_count: number; total_count: number };
}

export async function listSubscriptionPage(context: WorkfrontContext, page: number, limit: number, itemIndex?: number): Promise<SubscriptionPage> {
	const response = await call(context, { method: 'GET', path: SUBSCRIPTIONS_PATH, qs: { page, limit }, itemIndex });
	checkCommon(context, response, 'GET', itemIndex);
	const body = bodyOf(response);
	const subscriptions = Array.isArray(body.subscriptions) ? (body.subscriptions as IDataObject[]) : Array.isArray(body) ? (body as unknown as IDataObject[]) : [];
	const meta = (body.meta as IDataObject | undefined) ?? {};
	return {
		subscriptions,
		meta: {
			page: Number(meta.page ?? page),
			limit: Number(meta.limit ?? limit),
			page_count: Number(meta.page_count ?? 0),
			total_count: Number(meta.total_count ?? subscriptions.length),
		},
	};
}

/** Subscriptions page by page (1000 at a time) until `max` are collected or the pages end. */
export async function listSubscriptions(context: WorkfrontContext, max = Infinity, itemIndex?: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	const limit = Number.isFinite(max) ? Math.max(1, Math.min(MAX_SUBSCRIPTION_PAGE, max)) : MAX_SUBSCRIPTION_PAGE;
	for (let page = 1; out.length < max; page++) {
		const result = await listSubscriptionPage(context, page, limit, itemIndex);
		for (const sub of result.subscriptions) {
			const id = String(sub.id ?? '');
			if (id && seen.has(id)) continue;
			if (id) seen.add(id);
			out.push(sub);
		}
		const lastPage = result.meta.page_count > 0 ? page >= result.meta.page_count : result.subscriptions.length < limit;
		if (lastPage || result.subscriptions.length === 0) break;
	}
	return out.slice(0, max);
}
