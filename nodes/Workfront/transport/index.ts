import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { normalizeApiVersion, normalizeBaseUrl } from '../../../credentials/workfront/baseUrl';
import { describeResponse, describeThrown, hintFor, readErrorBody, type WorkfrontFailure } from './errors';
import { withLimiter } from './limiter';

export type WorkfrontContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'workfrontJwtApi';

/** Workfront's CDN refuses request targets longer than this; longer queries go as POST with method=GET. */
export const MAX_URI_BYTES = 8892;
/** Reads that met an answer-less or 5xx failure are retried this often (writes never are). */
export const TRANSIENT_READ_RETRIES = 3;
/** Workfront's largest page. */
export const MAX_PAGE_SIZE = 2000;

export interface TransportSettings {
	/** Milliseconds before a request is abandoned. */
	timeout: number;
	/** Requests of one execution in flight at once. */
	maxConcurrency: number;
	/** Retries of a request Workfront refused with 429 (too many concurrent requests). */
	maxRetries: number;
	/** Upper bound for all waiting between retries of one request. */
	maxRetryWaitMs: number;
}

export const DEFAULT_SETTINGS: TransportSettings = {
	timeout: 60_000,
	maxConcurrency: 5,
	maxRetries: 5,
	maxRetryWaitMs: 60_000,
};

export interface Connection {
	baseUrl: string;
	apiVersion: string;
	apiRoot: string;
	/** The API user (credential User ID); used by the trigger's loop guard. */
	userId: string;
}

export interface WorkfrontRequest {
	method: IHttpRequestMethods;
	/** Relative to /attask/api/v<N>/ (e.g. "proj/search"), or absolute from the origin when it starts with "/". */
	path: string;
	qs?: IDataObject;
	/** JSON body (object or array). */
	body?: IDataObject | IDataObject[];
	/** Raw body (multipart, bytes); sent as is. */
	rawBody?: IHttpRequestOptions['body'];
	headers?: IDataObject;
	itemIndex?: number;
	objCode?: string;
	/** Whether the call changes data; defaults to method !== GET. Writes are never resent after an ambiguous failure. */
	write?: boolean;
	/** Return { statusCode, headers, body } as received, without the {data} envelope. */
	full?: boolean;
	encoding?: IHttpRequestOptions['encoding'];
	/** Do not treat 4xx/5xx as errors (custom API call). Auth failures still refresh the session. */
	ignoreHttpStatusErrors?: boolean;
}

export interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

const connections = new WeakMap<object, Promise<Connection>>();

export async function getConnection(context: WorkfrontContext): Promise<Connection> {
	let found = connections.get(context);
	if (!found) {
		found = (async () => {
			const credentials = await context.getCredentials(CREDENTIAL_TYPE);
			const baseUrl = normalizeBaseUrl(credentials.baseUrl);
			const apiVersion = normalizeApiVersion(credentials.apiVersion ?? '22.0');
			return { baseUrl, apiVersion, apiRoot: `${baseUrl}/attask/api/v${apiVersion}`, userId: String(credentials.userId ?? '') };
		})();
		connections.set(context, found);
	}
	return await found;
}

const settingsByContext = new WeakMap<object, TransportSettings>();

/** Per-node overrides from the "Request Options" collection, when the node has one. */
export function getSettings(context: WorkfrontContext): TransportSettings {
	const cached = settingsByContext.get(context);
	if (cached) return cached;
	let options: IDataObject = {};
	try {
		options = (context as IExecuteFunctions).getNodeParameter('requestOptions', 0, {}) as IDataObject;
	} catch {
		options = {};
	}
	const settings: TransportSettings = {
		timeout: Number(options.timeout ?? DEFAULT_SETTINGS.timeout / 1000) * 1000,
		maxConcurrency: Number(options.maxConcurrency ?? DEFAULT_SETTINGS.maxConcurrency),
		maxRetries: Number(options.maxRetries ?? DEFAULT_SETTINGS.maxRetries),
		maxRetryWaitMs: DEFAULT_SETTINGS.maxRetryWaitMs,
	};
	settingsByContext.set(context, settings);
	return settings;
}

/** Serialises query parameters the way Workfront reads them: arrays repeat the key, objects are JSON. */
export function encodeQuery(qs: IDataObject = {}): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const entry of values) {
			params.append(key, entry !== null && typeof entry === 'object' ? JSON.stringify(entry) : String(entry));
		}
	}
	return params.toString();
}

function executionKey(context: WorkfrontContext): string {
	const withId = context as Partial<IExecuteFunctions>;
	try {
		return typeof withId.getExecutionId === 'function' ? withId.getExecutionId() ?? 'default' : 'default';
	} catch {
		return 'default';
	}
}

function backoffMs(attempt: number, failure: WorkfrontFailure): number {
	if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, 30_000);
	const base = Math.min(8_000, 250 * 2 ** attempt);
	return base / 2 + Math.random() * (base / 2);
}

function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
	if (typeof body !== 'string') return { ok: true, value: body };
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
	}
}

export function toNodeError(
	context: WorkfrontContext,
	failure: WorkfrontFailure,
	request: Pick<WorkfrontRequest, 'itemIndex' | 'objCode' | 'write' | 'method'>,
): NodeApiError {
	const write = request.write ?? request.method !== 'GET';
	const message = failure.signIn ? failure.message : `Workfront: ${failure.message}`;
	const description = hintFor(failure, { write, objCode: request.objCode });
	const httpCode = failure.status ? String(failure.status) : null;
	return new NodeApiError(
		context.getNode(),
		{ message, description, httpCode, errorClass: failure.errorClass ?? null, code: failure.code ?? null } as JsonObject,
		{ message, description, httpCode: httpCode ?? undefined, itemIndex: request.itemIndex },
	);
}

/**
 * Session recovery shared by the requests of one execution: when several requests meet an expired session at
 * once, one of them lets n8n re-authenticate (401 → preAuthentication → resend) and the others wait for it and
 * resend with the new session, so an expiry costs one exchange, not one per request in flight.
 */
interface SessionState {
	generation: number;
	pending?: Promise<unknown>;
}

const sessions = new Map<string, SessionState>();

type Send = (letN8nRefresh: boolean) => Promise<FullResponse>;

async function recoverSession(key: string, startedAt: number, send: Send): Promise<FullResponse> {
	let state = sessions.get(key);
	if (!state) {
		state = { generation: 0 };
		sessions.set(key, state);
	}
	if (state.generation !== startedAt) return await send(false);
	if (state.pending) {
		await state.pending.catch(() => undefined);
		return await send(false);
	}
	const current = state;
	const refresh = send(true);
	current.pending = refresh;
	try {
		return await refresh;
	} finally {
		current.generation++;
		current.pending = undefined;
	}
}

function generationOf(key: string): number {
	return sessions.get(key)?.generation ?? 0;
}

/**
 * One Workfront call: URL from the credential, session auth with n8n's refresh-on-401, the {data}/{error}
 * envelope, bounded retries with jitter for 429 (and, for reads only, for answers that may be transient),
 * and the per-execution concurrency cap. Writes are never resent after an ambiguous failure.
 */
export async function workfrontRequest(this: WorkfrontContext, request: WorkfrontRequest): Promise<unknown> {
	const response = await workfrontFullRequest.call(this, request);
	if (request.full) return response;
	const status = response.statusCode;
	const write = request.write ?? request.method !== 'GET';
	const parsed = parseBody(response.body);
	if (!parsed.ok) {
		throw toNodeError(this, { status, message: 'Workfront returned a body that is not valid JSON', ambiguous: true }, { ...request, write });
	}
	const envelope = parsed.value as IDataObject | undefined;
	if (envelope && typeof envelope === 'object' && !Array.isArray(envelope) && 'error' in envelope && envelope.error) {
		const { errorClass, message } = readErrorBody(envelope);
		throw toNodeError(this, { status, errorClass, message: message ?? 'Workfront reported an error', ambiguous: false }, { ...request, write });
	}
	return envelope && typeof envelope === 'object' && 'data' in envelope ? envelope.data : envelope;
}

/**
 * The HTTP part of workfrontRequest: returns the full answer of a successful call (2xx, or any status when
 * `ignoreHttpStatusErrors`), after retries; throws a NodeApiError otherwise. Reads whose body is unreadable are
 * retried too; writes are not.
 */
export async function workfrontFullRequest(this: WorkfrontContext, request: WorkfrontRequest): Promise<FullResponse> {
	const connection = await getConnection(this);
	const settings = getSettings(this);
	const key = executionKey(this);
	const write = request.write ?? request.method !== 'GET';
	const base = request.path.startsWith('/') ? `${connection.baseUrl}${request.path}` : `${connection.apiRoot}/${request.path}`;
	const query = encodeQuery(request.qs);
	let method = request.method;
	let url = query ? `${base}?${query}` : base;
	let body: IHttpRequestOptions['body'] = request.rawBody ?? request.body;
	const headers: IDataObject = { ...(request.headers ?? {}) };
	if (new URL(url).pathname.length + (query ? query.length + 1 : 0) > MAX_URI_BYTES && (method === 'GET' || method === 'DELETE')) {
		// Long query: POST it as a form with method=<original verb> (Workfront's method override).
		body = `${query}&method=${method}`;
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		url = base;
		method = 'POST';
	}
	const send: Send = async (letN8nRefresh) =>
		(await withLimiter(key, settings.maxConcurrency, async () =>
			await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				method,
				url,
				body,
				headers,
				json: request.encoding === undefined,
				encoding: request.encoding,
				timeout: settings.timeout,
				returnFullResponse: true,
				// Statuses are read here, except on the refresh path: n8n re-authenticates only on a thrown 401.
				ignoreHttpStatusErrors: !letN8nRefresh,
			}),
		)) as FullResponse;
	const started = Date.now();
	for (let attempt = 0; ; attempt++) {
		let failure: WorkfrontFailure | undefined;
		try {
			const generation = generationOf(key);
			let response = await send(false);
			if (response.statusCode === 401) response = await recoverSession(key, generation, send);
			const status = response.statusCode;
			if ((status >= 200 && status < 300) || (request.ignoreHttpStatusErrors && status !== 429)) {
				if (!write && !request.full && parseBody(response.body).ok === false && attempt < TRANSIENT_READ_RETRIES) {
					failure = { status, message: 'Workfront returned a body that is not valid JSON', ambiguous: true };
				} else {
					return response;
				}
			} else {
				failure = describeResponse(status, response.body, response.headers);
			}
		} catch (error) {
			failure = describeThrown(error);
		}
		const retryable = failure.status === 429 || (!write && failure.ambiguous);
		const wait = backoffMs(attempt, failure);
		const limit = failure.status === 429 ? settings.maxRetries : TRANSIENT_READ_RETRIES;
		if (!retryable || attempt >= limit || Date.now() - started + wait > settings.maxRetryWaitMs) {
			if (failure.status === 429 && attempt > 0) failure.message += ` (after ${attempt} retries)`;
			throw toNodeError(this, failure, { ...request, write });
		}
		await sleep(wait);
	}
}

/** The URL path of an object type plus optional segments, e.g. objectPath('PROJ', id) → "proj/<id>". */
export function objectPath(objCode: string, ...segments: string[]): string {
	return [encodeURIComponent(objCode.toLowerCase()), ...segments].join('/');
}
