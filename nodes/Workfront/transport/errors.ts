import type { IDataObject } from 'n8n-workflow';

/** What the transport knows about a failed call, free of request headers or credentials. */
export interface WorkfrontFailure {
	/** HTTP status, or 0 when no answer came (reset, timeout, refused). */
	status: number;
	/** Workfront's error class, e.g. com.attask.common.NotFoundException. */
	errorClass?: string;
	message: string;
	/** Network error code (ECONNRESET, ECONNABORTED …) when there was no answer. */
	code?: string;
	retryAfterMs?: number;
	/** A ready description (sign-in failures carry the credential's own advice). */
	description?: string;
	/** The request never left: signing in failed. */
	signIn?: boolean;
	/** True when Workfront may have applied the request (no answer, timeout, 5xx, unreadable body). */
	ambiguous: boolean;
}

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	return '';
}

/** Workfront's `{error:{class,message}}`, an oauth-style `{message}`, or nothing. */
export function readErrorBody(body: unknown): { errorClass?: string; message?: string } {
	let parsed: unknown = body;
	const text = textOf(body);
	if (text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			return {};
		}
	}
	if (!parsed || typeof parsed !== 'object') return {};
	const object = parsed as IDataObject;
	const error = object.error;
	if (error && typeof error === 'object') {
		const nested = error as IDataObject;
		return {
			errorClass: typeof nested.class === 'string' ? nested.class : undefined,
			message: typeof nested.message === 'string' ? nested.message : undefined,
		};
	}
	if (typeof object.message === 'string') return { message: object.message };
	if (typeof error === 'string') return { message: error };
	return {};
}

function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(String(value));
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** A non-2xx answer as received (status, headers and body are all still there). */
export function describeResponse(status: number, body: unknown, headers: IDataObject = {}): WorkfrontFailure {
	const { errorClass, message } = readErrorBody(body);
	const html = /^\s*</.test(textOf(body));
	return {
		status,
		errorClass,
		message: message ?? (html ? `HTTP ${status} with an HTML page` : `HTTP ${status}`),
		retryAfterMs: parseRetryAfter(headers['retry-after']),
		ambiguous: status >= 500,
	};
}

const NETWORK_CODES = /\b(ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)\b/;

/**
 * What n8n's HTTP helper threw: a network failure (no answer), or a NodeApiError for an HTTP error on the
 * session-refresh path (n8n keeps the status and the parsed body, not the headers), or a sign-in failure.
 * Never keeps the request configuration.
 */
export function describeThrown(error: unknown): WorkfrontFailure {
	const thrown = (error ?? {}) as {
		httpCode?: string | null;
		message?: string;
		description?: string | null;
		messages?: string[];
		code?: string;
		context?: { data?: unknown };
		response?: { status?: number; data?: unknown; headers?: IDataObject };
	};
	if (thrown.response && typeof thrown.response.status === 'number') {
		return describeResponse(thrown.response.status, thrown.response.data, thrown.response.headers);
	}
	const status = Number(thrown.httpCode ?? 0) || 0;
	if (status > 0) {
		const fromBody = describeResponse(status, thrown.context?.data);
		return fromBody.message.startsWith('HTTP ') && thrown.description ? { ...fromBody, message: thrown.description } : fromBody;
	}
	const text = [thrown.code, thrown.message, ...(thrown.messages ?? [])].filter(Boolean).join(' ');
	const code = thrown.code && NETWORK_CODES.test(thrown.code) ? thrown.code : NETWORK_CODES.exec(text)?.[1];
	const timedOut = /timeout|timed out|ECONNABORTED|ETIMEDOUT/i.test(text);
	if (code || timedOut || /socket hang up|network|connection/i.test(text)) {
		return {
			status: 0,
			code,
			message: timedOut ? 'no answer before the request timeout' : `the connection failed${code ? ` (${code})` : ''}`,
			ambiguous: code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN',
		};
	}
	// Anything else (typically the credential's sign-in failing): nothing was sent, keep its own words.
	return { status: 0, message: thrown.message ?? String(error), description: thrown.description ?? undefined, ambiguous: false, signIn: true };
}

/** A sentence that tells the user what to do about a failure. */
export function hintFor(failure: WorkfrontFailure, context: { write: boolean; objCode?: string }): string {
	const { status, errorClass = '', message } = failure;
	if (failure.description) return failure.description;
	const text = `${errorClass} ${message}`.toLowerCase();
	if (status === 0) {
		return context.write
			? 'Workfront may or may not have applied this write: it was NOT sent again, to avoid doing it twice. Check the record in Workfront before re-running this item.'
			: 'Workfront did not answer. Check the Base URL and the network; raise "Request Timeout" for very large queries.';
	}
	if (status === 401) return 'Workfront refused the session even after a fresh sign-in. Test the credential; the API user may be deactivated.';
	if (status === 403) return 'The API user lacks access to this object or action. Give the user (the credential\'s User ID) the needed access level, or share the object with it.';
	if (status === 404 || /notfound/.test(text)) {
		return `Check the record ID and the object type${context.objCode ? ` (${context.objCode})` : ''}. Workfront IDs are 32 hexadecimal characters.`;
	}
	if (status === 410) return 'This API version is no longer available. Pick a newer API Version in the credential.';
	if (status === 429) return 'Workfront kept answering "too many concurrent requests" after several retries. Lower "Max Concurrent Requests" or run fewer workflows against Workfront at once.';
	if (/illegalargument/.test(text) && /limit/.test(text)) return 'Workfront returns at most 2000 rows per request. Use Return All to page through more.';
	if (/field|attribute|parameter/.test(text)) {
		return 'Check the field names: they are case-sensitive API names (e.g. plannedCompletionDate), custom fields start with "DE:", and the picker lists the fields Workfront reports for this object type.';
	}
	if (status >= 500) {
		return context.write
			? 'Workfront had an internal error; this write was NOT sent again. Check in Workfront whether it was applied before re-running.'
			: 'Workfront had an internal error; the read was retried and still failed. Try again later.';
	}
	return 'Check the parameters of this operation against the Workfront API documentation.';
}
