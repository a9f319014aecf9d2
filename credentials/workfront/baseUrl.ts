/**
 * Normalises the credential's "Base URL" field to an origin such as `https://acme.my.workfront.com`.
 * Shared by the credential (token exchange) and the node (API calls), so both agree on one rule.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export class WorkfrontInputError extends Error {
	description: string;

	constructor(message: string, description: string) {
		super(message);
		this.name = 'WorkfrontInputError';
		this.description = description;
	}
}

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

const EXAMPLE = 'Use your instance origin, for example https://acme.my.workfront.com or https://acme.my.workfront.adobe.com.';

/** Returns the origin without a trailing slash; throws a WorkfrontInputError naming the field otherwise. */
export function normalizeBaseUrl(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		throw new WorkfrontInputError('Base URL is empty', EXAMPLE);
	}
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		throw new WorkfrontInputError(`Base URL "${text}" must start with https://`, EXAMPLE);
	}
	if (!URL.canParse(text)) {
		throw new WorkfrontInputError(`Base URL "${text}" is not a valid URL`, EXAMPLE);
	}
	const url = new URL(text);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new WorkfrontInputError(`Base URL must start with https:// (got ${url.protocol}//)`, EXAMPLE);
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new WorkfrontInputError(
			'Base URL must use https://',
			`Workfront only serves its API over HTTPS; plain http:// is accepted only for a local emulator on localhost/127.0.0.1. ${EXAMPLE}`,
		);
	}
	if (url.username || url.password) {
		throw new WorkfrontInputError('Base URL must not contain a user name or password', EXAMPLE);
	}
	if (url.search || url.hash) {
		throw new WorkfrontInputError('Base URL must not contain a query string or fragment', EXAMPLE);
	}
	const path = url.pathname.replace(/\/+$/, '');
	// Tolerate a pasted API or UI path (".../attask/api/v22.0", ".../attask/...", "/home"...) only when it is Workfront's own.
	if (path !== '' && !/^\/(attask|home|workfront)(\/|$)/i.test(path)) {
		throw new WorkfrontInputError(
			`Base URL must be the instance origin, without the path "${path}"`,
			EXAMPLE,
		);
	}
	return url.origin;
}

/** Accepts "22", "v22", "v22.0", "22.0"; returns "22.0". */
export function normalizeApiVersion(raw: unknown): string {
	const text = String(raw ?? '').trim().replace(/^v/i, '');
	const match = /^(\d{1,2})(?:\.0)?$/.exec(text);
	if (!match) {
		throw new WorkfrontInputError(
			`API Version "${String(raw)}" is not a Workfront API version`,
			'Pick a version such as 22.0 in the credential.',
		);
	}
	return `${match[1]}.0`;
}
