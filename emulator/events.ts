/**
 * Event Subscriptions: the subscription API under `/attask/eventsubscription/api/v1/subscriptions` and the
 * delivery of CREATE/UPDATE/DELETE events to each matching subscription's URL, with retries.
 *
 * Delivery follows the research notes (workfront-api.md §4): an HTTP POST with a JSON body
 * `{eventType, subscriptionId, eventTime:{epochSecond,nano}, eventVersion, subscriptionVersion, customerId, userId,
 * newState, oldState}`; CREATE has `oldState: {}`, DELETE has `newState: {}` (UNCONFIRMED in the docs); the
 * authToken goes in `Authorization: Bearer <authToken>` (UNCONFIRMED in the docs). A delivery fails when the
 * receiver answers non-2xx or not within `deliveryTimeoutMs`; it is then retried after each delay of
 * `deliveryRetryDelaysMs` (real Workfront waits minutes to hours; tests use milliseconds).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { EmulatorStats, Rec } from './types';

export const SUBSCRIPTIONS_PATH = '/attask/eventsubscription/api/v1/subscriptions';

/** Object codes Workfront accepts in a subscription (workfront-api.md §4.2). */
export const SUBSCRIBABLE_OBJ_CODES = [
	'PROJ', 'TASK', 'OPTASK', 'USER', 'DOCU', 'DOCV', 'HOUR', 'NOTE', 'PORT', 'PRGM', 'TMPL', 'ASSGN', 'CMPY', 'EXPNS', 'TSHET',
	'PTLSEC', 'PTLTAB', 'FIELD', 'PRFAPL', 'RECORD', 'RECORD_TYPE', 'WORKSPACE', 'approval', 'approval_stage',
	'approval_stage_participant', 'STAFFP', 'SPVAL', 'STAFFR', 'SPAVAL', 'SAVSET', 'SRPVAL',
];
export const EVENT_TYPES = ['CREATE', 'UPDATE', 'DELETE'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const BODY_FIELDS = new Set(['objCode', 'eventType', 'url', 'authToken', 'objId', 'filters', 'filterConnector', 'base64Encoding']);
const MAX_LIMIT = 1000;
const MAX_DELIVERY_LOG = 10_000;

export interface Subscription {
	id: string;
	objCode: string;
	eventType: EventType;
	url: string;
	authToken: string;
	objId: string | null;
	filters: unknown[];
	filterConnector: 'AND' | 'OR';
	base64Encoding: boolean;
	customerId: string;
	version: 'v2';
	date_created: string;
	date_modified: string;
	dateVersionUpdated: string;
	successes: number;
	failures: number;
}

/** An event to deliver: what changed, and who changed it. */
export interface EmittedEvent {
	eventType: EventType;
	objCode: string;
	/** The record after the change ({} or omitted for DELETE). */
	newState?: Rec;
	/** The record before the change ({} or omitted for CREATE). */
	oldState?: Rec;
	/** The user who made the change (top-level `userId` of the message). */
	userId?: string;
	/** When it happened (epoch ms); defaults to now. */
	at?: number;
}

/** One delivery attempt. */
export interface DeliveryRecord {
	subscriptionId: string;
	url: string;
	eventType: EventType;
	objCode: string;
	objID: string | null;
	/** 1 for the first try, 2 for the first retry … */
	attempt: number;
	/** HTTP status, or 0 when there was no answer in time. */
	status: number;
	ok: boolean;
	error?: string;
	at: number;
	/** The JSON body that was sent (the authToken is in the header, never here). */
	body: Rec;
}

export interface EventHubOptions {
	customerId: string;
	stats: EmulatorStats;
	/** Waits before each retry of a failed delivery; the length is the number of retries. */
	retryDelaysMs?: number[];
	/** A receiver that has not answered within this time has failed (Workfront: 5 s). */
	timeoutMs?: number;
	/** The emulator's own origin, for the Location header. */
	baseUrl: () => string;
}

export interface SubscriptionResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

class SubscriptionError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function isObject(value: unknown): value is Rec {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable JSON (sorted keys) for duplicate detection. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function deepEqual(a: unknown, b: unknown): boolean {
	return stableJson(a) === stableJson(b);
}

export function maskToken(token: string): string {
	return token.length <= 8 ? '*'.repeat(token.length) : `****${token.slice(-4)}`;
}

/** A stored record as Workfront sends it in an event: custom data under parameterValues. */
export function eventState(record: Rec | undefined): Rec {
	if (!record) return {};
	const out: Rec = {};
	const custom: Rec = {};
	for (const [key, value] of Object.entries(record)) {
		if (key.startsWith('DE:')) custom[key] = value;
		else out[key] = value;
	}
	if (Object.keys(custom).length > 0) out.parameterValues = custom;
	return structuredClone(out);
}

// ---------- filters ----------

function fieldOf(state: Rec, name: string): unknown {
	if (name in state) return state[name];
	const custom = state.parameterValues;
	if (isObject(custom)) return custom[name.startsWith('DE:') ? name : `DE:${name}`];
	return undefined;
}

function asNumber(value: unknown): number | null {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

function compareValues(actual: unknown, expected: unknown): number | null {
	if (actual === undefined || actual === null) return null;
	const a = asNumber(actual);
	const b = asNumber(expected);
	if (a !== null && b !== null) return a - b;
	return String(actual) < String(expected) ? -1 : String(actual) > String(expected) ? 1 : 0;
}

/** eq on an object value: every key of the expected object matches (nested objects such as RECORD data). */
function valueEquals(actual: unknown, expected: unknown): boolean {
	if (isObject(expected)) {
		if (!isObject(actual)) return false;
		return Object.entries(expected).every(([key, value]) => valueEquals(actual[key], value));
	}
	if (Array.isArray(expected) || Array.isArray(actual)) return deepEqual(actual, expected);
	if (typeof actual === 'number' || typeof expected === 'number') return asNumber(actual) === asNumber(expected) && actual !== null;
	return actual === expected;
}

function contains(actual: unknown, expected: unknown): boolean {
	if (Array.isArray(actual)) return actual.some((entry) => valueEquals(entry, expected));
	if (typeof actual === 'string') return actual.includes(String(expected));
	return false;
}

function filterMatches(filter: unknown, newState: Rec, oldState: Rec): boolean {
	if (!isObject(filter)) return false;
	if (filter.type === 'group') {
		const inner = Array.isArray(filter.filters) ? filter.filters : [];
		return combine(inner, newState, oldState, String(filter.connector ?? 'AND'));
	}
	const name = String(filter.fieldName ?? '');
	const comparison = String(filter.comparison ?? 'eq');
	const expected = filter.fieldValue;
	if (comparison === 'changed') return !deepEqual(fieldOf(newState, name) ?? null, fieldOf(oldState, name) ?? null);
	const state = filter.state === 'oldState' ? oldState : newState;
	const actual = fieldOf(state, name);
	switch (comparison) {
		case 'eq':
			return valueEquals(actual, expected);
		case 'ne':
			return actual !== undefined && !valueEquals(actual, expected);
		case 'gt':
		case 'gte':
		case 'lt':
		case 'lte': {
			const order = compareValues(actual, expected);
			if (order === null) return false;
			return comparison === 'gt' ? order > 0 : comparison === 'gte' ? order >= 0 : comparison === 'lt' ? order < 0 : order <= 0;
		}
		case 'contains':
			return contains(actual, expected);
		case 'notContains':
			return actual !== undefined && !contains(actual, expected);
		case 'containsOnly': {
			const have = Array.isArray(actual) ? actual : actual === undefined || actual === null ? [] : [actual];
			const want = Array.isArray(expected) ? expected : [expected];
			return have.length === want.length && want.every((value) => have.some((entry) => valueEquals(entry, value)));
		}
		default:
			// Workfront reports no error for a bad filter: the subscription simply gets no messages.
			return false;
	}
}

function combine(filters: unknown[], newState: Rec, oldState: Rec, connector: string): boolean {
	if (filters.length === 0) return true;
	return connector === 'OR'
		? filters.some((filter) => filterMatches(filter, newState, oldState))
		: filters.every((filter) => filterMatches(filter, newState, oldState));
}

export function subscriptionMatches(sub: Subscription, event: EmittedEvent, newState: Rec, oldState: Rec): boolean {
	if (sub.eventType !== event.eventType) return false;
	if (sub.objCode.toUpperCase() !== event.objCode.toUpperCase()) return false;
	const id = newState.ID ?? oldState.ID;
	if (sub.objId && sub.objId !== id) return false;
	return combine(sub.filters, newState, oldState, sub.filterConnector);
}

// ---------- the hub ----------

export class EventHub {
	readonly deliveries: DeliveryRecord[] = [];
	private readonly subscriptions = new Map<string, Subscription>();
	private readonly pending = new Set<Promise<void>>();
	private readonly timers = new Set<ReturnType<typeof setTimeout>>();
	private readonly wakers = new Set<() => void>();
	private closed = false;
	retryDelaysMs: number[];
	timeoutMs: number;

	constructor(private readonly options: EventHubOptions) {
		this.retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 30_000];
		this.timeoutMs = options.timeoutMs ?? 5_000;
	}

	list(): Subscription[] {
		return [...this.subscriptions.values()];
	}

	get(id: string): Subscription | undefined {
		return this.subscriptions.get(id);
	}

	/** The subscription API. `segments` are the path parts after `/subscriptions`. */
	handle(method: string, segments: string[], query: URLSearchParams, rawBody: string): SubscriptionResponse {
		try {
			if (segments.length === 0) {
				if (method === 'GET') return this.listPage(query);
				if (method === 'POST') return this.create(rawBody);
				throw new SubscriptionError(405, `${method} is not supported on the subscriptions collection`);
			}
			if (segments.length === 1) {
				const sub = this.subscriptions.get(segments[0]);
				if (method === 'GET') {
					if (!sub) throw new SubscriptionError(404, `Subscription ${segments[0]} was not found`);
					return { status: 200, body: this.view(sub) };
				}
				if (method === 'DELETE') {
					if (!sub) throw new SubscriptionError(404, `Subscription ${segments[0]} was not found`);
					this.subscriptions.delete(sub.id);
					return { status: 200 };
				}
				if (method === 'PUT' || method === 'PATCH') {
					throw new SubscriptionError(405, 'A subscription cannot be edited; delete it and create a new one');
				}
			}
			throw new SubscriptionError(404, `No such endpoint: ${SUBSCRIPTIONS_PATH}/${segments.join('/')}`);
		} catch (error) {
			if (!(error instanceof SubscriptionError)) throw error;
			return { status: error.status, body: { statusCode: error.status, message: error.message } };
		}
	}

	private listPage(query: URLSearchParams): SubscriptionResponse {
		const page = query.has('page') ? Number(query.get('page')) : 1;
		const limit = query.has('limit') ? Number(query.get('limit')) : 100;
		if (!Number.isInteger(page) || page < 1) throw new SubscriptionError(400, 'page must be a positive whole number');
		if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new SubscriptionError(400, `limit must be between 1 and ${MAX_LIMIT}`);
		const all = this.list();
		const slice = all.slice((page - 1) * limit, page * limit);
		return {
			status: 200,
			body: {
				subscriptions: slice.map((sub) => this.view(sub)),
				meta: { page, limit, page_count: Math.ceil(all.length / limit), total_count: all.length },
			},
		};
	}

	private create(rawBody: string): SubscriptionResponse {
		let body: unknown;
		try {
			body = JSON.parse(rawBody);
		} catch {
			throw new SubscriptionError(400, 'The body must be a JSON object');
		}
		if (!isObject(body)) throw new SubscriptionError(400, 'The body must be a JSON object');
		const unknown = Object.keys(body).filter((key) => !BODY_FIELDS.has(key));
		if (unknown.length > 0) throw new SubscriptionError(400, `Unknown field(s): ${unknown.join(', ')}`);
		const { objCode, eventType, url, authToken } = body;
		if (typeof objCode !== 'string' || !SUBSCRIBABLE_OBJ_CODES.includes(objCode)) {
			throw new SubscriptionError(400, `objCode must be one of ${SUBSCRIBABLE_OBJ_CODES.join(', ')}`);
		}
		if (typeof eventType !== 'string' || !(EVENT_TYPES as readonly string[]).includes(eventType)) {
			throw new SubscriptionError(400, 'eventType must be CREATE, UPDATE or DELETE');
		}
		if (typeof url !== 'string' || !/^https?:$/.test(safeProtocol(url))) throw new SubscriptionError(400, 'url is not a valid http(s) URL');
		if (typeof authToken !== 'string' || authToken === '' || authToken.length >= 255) {
			throw new SubscriptionError(400, 'authToken is required (a string shorter than 255 characters)');
		}
		if (body.objId !== undefined && body.objId !== null && typeof body.objId !== 'string') throw new SubscriptionError(400, 'objId must be a string');
		if (body.filters !== undefined && !Array.isArray(body.filters)) throw new SubscriptionError(400, 'filters must be an array');
		const connector = body.filterConnector ?? 'AND';
		if (connector !== 'AND' && connector !== 'OR') throw new SubscriptionError(400, 'filterConnector must be AND or OR');
		if (body.base64Encoding !== undefined && typeof body.base64Encoding !== 'boolean') throw new SubscriptionError(400, 'base64Encoding must be true or false');
		const objId = typeof body.objId === 'string' && body.objId !== '' ? body.objId : null;
		const filters = (body.filters as unknown[] | undefined) ?? [];
		const duplicate = this.list().find(
			(sub) => sub.objCode === objCode && sub.eventType === eventType && sub.url === url && sub.objId === objId && stableJson(sub.filters) === stableJson(filters),
		);
		if (duplicate) throw new SubscriptionError(409, 'A subscription with the same object type, event type, URL, object ID and filters already exists');
		const now = new Date().toISOString();
		const sub: Subscription = {
			id: randomUUID(),
			objCode,
			eventType: eventType as EventType,
			url,
			authToken,
			objId,
			filters,
			filterConnector: connector,
			base64Encoding: body.base64Encoding === true,
			customerId: this.options.customerId,
			version: 'v2',
			date_created: now,
			date_modified: now,
			dateVersionUpdated: now,
			successes: 0,
			failures: 0,
		};
		this.subscriptions.set(sub.id, sub);
		return {
			status: 201,
			body: { id: sub.id, version: sub.version },
			headers: { Location: `${this.options.baseUrl()}${SUBSCRIPTIONS_PATH}/${sub.id}` },
		};
	}

	/** A subscription as the API shows it: authToken masked. */
	view(sub: Subscription): Rec {
		return {
			id: sub.id,
			date_created: sub.date_created,
			date_modified: sub.date_modified,
			version: sub.version,
			dateVersionUpdated: sub.dateVersionUpdated,
			customerId: sub.customerId,
			objId: sub.objId,
			objCode: sub.objCode,
			url: sub.url,
			eventType: sub.eventType,
			authToken: maskToken(sub.authToken),
			filters: structuredClone(sub.filters),
			filterConnector: sub.filterConnector,
			base64Encoding: sub.base64Encoding,
			subscription_url: {
				url: sub.url,
				date_created: sub.date_created,
				successes: sub.successes,
				failures: sub.failures,
				disabled_at: null,
				frozen_at: null,
			},
		};
	}

	/** Deliver an event to every matching subscription. Returns how many deliveries were scheduled. */
	emit(event: EmittedEvent): number {
		if (this.closed || this.subscriptions.size === 0) return 0;
		const newState = event.eventType === 'DELETE' ? {} : eventState(event.newState);
		const oldState = event.eventType === 'CREATE' ? {} : eventState(event.oldState);
		const at = event.at ?? Date.now();
		const eventTime = { epochSecond: Math.floor(at / 1000), nano: (at % 1000) * 1_000_000 };
		let scheduled = 0;
		for (const sub of this.list()) {
			if (!subscriptionMatches(sub, event, newState, oldState)) continue;
			const encode = (state: Rec) => (sub.base64Encoding ? Buffer.from(JSON.stringify(state), 'utf8').toString('base64') : state);
			const body: Rec = {
				eventType: event.eventType,
				subscriptionId: sub.id,
				eventTime,
				eventVersion: 'v2',
				subscriptionVersion: sub.version,
				customerId: this.options.customerId,
				userId: event.userId ?? null,
				newState: encode(newState),
				oldState: encode(oldState),
			};
			this.track(this.deliver(sub, body, String(newState.ID ?? oldState.ID ?? '') || null, event));
			scheduled++;
		}
		return scheduled;
	}

	/** Resolves when no delivery (first try or retry) is pending any more. */
	async flush(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	/** Stops retries; pending first tries still finish. */
	close(): void {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of this.wakers) wake();
		this.wakers.clear();
	}

	private track(promise: Promise<void>): void {
		this.pending.add(promise);
		void promise.finally(() => this.pending.delete(promise));
	}

	private async deliver(sub: Subscription, body: Rec, objID: string | null, event: EmittedEvent): Promise<void> {
		const payload = JSON.stringify(body);
		for (let attempt = 1; ; attempt++) {
			const result = await this.post(sub.url, sub.authToken, payload);
			this.options.stats.deliveries++;
			if (!result.ok) this.options.stats.deliveryFailures++;
			if (result.ok) sub.successes++;
			else sub.failures++;
			if (this.deliveries.length >= MAX_DELIVERY_LOG) this.deliveries.splice(0, MAX_DELIVERY_LOG / 10);
			this.deliveries.push({
				subscriptionId: sub.id,
				url: sub.url,
				eventType: event.eventType,
				objCode: event.objCode,
				objID,
				attempt,
				status: result.status,
				ok: result.ok,
				error: result.error,
				at: Date.now(),
				body,
			});
			if (result.ok || this.closed) return;
			const delay = this.retryDelaysMs[attempt - 1];
			if (delay === undefined || !this.subscriptions.has(sub.id)) return;
			await this.wait(delay);
			if (this.closed || !this.subscriptions.has(sub.id)) return;
		}
	}

	private wait(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.timers.delete(timer);
				this.wakers.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			this.timers.add(timer);
			this.wakers.add(wake);
		});
	}

	private post(url: string, token: string, payload: string): Promise<{ ok: boolean; status: number; error?: string }> {
		return new Promise((resolve) => {
			let target: URL;
			try {
				target = new URL(url);
			} catch {
				resolve({ ok: false, status: 0, error: 'invalid URL' });
				return;
			}
			const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
			let settled = false;
			const done = (value: { ok: boolean; status: number; error?: string }) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				resolve(value);
			};
			const req = send(
				target,
				{
					method: 'POST',
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(payload),
						Authorization: `Bearer ${token}`,
						'User-Agent': 'workfront-emulator-eventsubscriptions',
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						const status = res.statusCode ?? 0;
						done({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? undefined : `HTTP ${status}` });
					});
					res.on('error', (error) => done({ ok: false, status: res.statusCode ?? 0, error: error.message }));
				},
			);
			const timer = setTimeout(() => {
				done({ ok: false, status: 0, error: `no answer within ${this.timeoutMs} ms` });
				req.destroy();
			}, this.timeoutMs);
			req.on('error', (error) => done({ ok: false, status: 0, error: error.message }));
			req.end(payload);
		});
	}
}

function safeProtocol(url: string): string {
	try {
		return new URL(url).protocol;
	} catch {
		return '';
	}
}
