import { createHash } from 'node:crypto';

import { importPKCS8, SignJWT } from 'jose';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { normalizeBaseUrl, WorkfrontInputError } from './baseUrl';
import { normalizePrivateKey } from './privateKey';

/** Where Workfront exchanges a signed JWT for a session ID (the "JWT flow" of a custom OAuth2 application). */
export const EXCHANGE_PATH = '/integrations/oauth2/api/v1/jwt/exchange';

export const DEFAULT_JWT_LIFETIME_SECONDS = 300;

/** The credential's fields as n8n hands them over (decrypted, untyped). */
export interface ExchangeSettings {
	baseUrl?: unknown;
	clientId?: unknown;
	clientSecret?: unknown;
	customerId?: unknown;
	userId?: unknown;
	privateKey?: unknown;
	jwtLifetime?: unknown;
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: IDataObject;
}

type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * A failed exchange. It deliberately carries no httpCode: n8n would replace the message with a generic
 * "Authorization failed" text, and Workfront's own reason (kept in the message) is what the user needs.
 */
export class WorkfrontAuthError extends WorkfrontInputError {
	readonly exchangeStatus?: number;

	constructor(message: string, description: string, status?: number) {
		super(message, description);
		this.name = 'WorkfrontAuthError';
		this.exchangeStatus = status;
	}
}

function requireText(value: unknown, field: string, hint: string): string {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') throw new WorkfrontInputError(`${field} is empty`, hint);
	return text;
}

function lifetimeSeconds(value: unknown): number {
	const seconds = value === undefined || value === '' ? DEFAULT_JWT_LIFETIME_SECONDS : Number(value);
	if (!Number.isInteger(seconds) || seconds < 30 || seconds > 3600) {
		throw new WorkfrontInputError(
			'JWT Lifetime must be a whole number of seconds between 30 and 3600',
			'Workfront advises a short-lived JWT; the default of 300 seconds suits almost everyone.',
		);
	}
	return seconds;
}

/** Replaces every secret that might be echoed back (client secret, JWT, key material, tokens) with a marker. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
	}
	// Any PEM block or JWT-looking string that still slipped through.
	out = out.replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted key]');
	out = out.replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted jwt]');
	return out;
}

export async function signWorkfrontJwt(settings: ExchangeSettings, nowSeconds = Math.floor(Date.now() / 1000)) {
	const customerId = requireText(
		settings.customerId,
		'Customer ID',
		'Copy the Customer ID from the OAuth2 application in Workfront (Setup > System > OAuth2 Applications).',
	);
	const userId = requireText(
		settings.userId,
		'User ID',
		'Use the ID of the Workfront user who added the public key to the OAuth2 application; the API acts as this user.',
	);
	const pem = normalizePrivateKey(settings.privateKey);
	const key = await importPKCS8(pem, 'RS256');
	return await new SignJWT({})
		.setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
		.setIssuer(customerId)
		.setSubject(userId)
		.setIssuedAt(nowSeconds)
		.setExpirationTime(nowSeconds + lifetimeSeconds(settings.jwtLifetime))
		.sign(key);
}

function parseBody(body: unknown): { json?: IDataObject; text: string } {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		return { json: body as IDataObject, text: JSON.stringify(body) };
	}
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed && typeof parsed === 'object') return { json: parsed as IDataObject, text };
	} catch {
		// not JSON
	}
	return { text };
}

function workfrontMessage(json: IDataObject | undefined): string | undefined {
	if (!json) return undefined;
	const nested = json.error && typeof json.error === 'object' ? (json.error as IDataObject) : undefined;
	const candidates = [json.message, json.error_description, nested?.message, json.error];
	const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
	return typeof found === 'string' ? found : undefined;
}

function hintFor(status: number, message: string): string {
	const text = message.toLowerCase();
	if (/signature|public key|certificate/.test(text)) {
		return 'The private key does not match any public key of the OAuth2 application. Upload the certificate made from this private key to the application in Workfront, or paste the private key that belongs to the uploaded one.';
	}
	if (/expire|exp\b|not yet valid|clock/.test(text)) {
		return 'Workfront saw the JWT as expired. Check that the clock of the n8n host is right (clock skew), or raise JWT Lifetime in the credential.';
	}
	if (/client|secret/.test(text)) {
		return 'Check Client ID and Client Secret: they must be the ones of the OAuth2 application (Setup > System > OAuth2 Applications). A secret is shown once; if it is lost, add a new one.';
	}
	if (/user|subject|\bsub\b/.test(text)) {
		return 'User ID must be the ID of an active Workfront user of this instance, normally the one who added the public key.';
	}
	if (/customer|issuer|\biss\b/.test(text)) {
		return 'Customer ID must be the Customer ID shown on the OAuth2 application.';
	}
	if (status === 404) {
		return 'Workfront has no JWT exchange at this address. Check the Base URL: it must be the origin of your instance.';
	}
	return 'Check the credential fields against the OAuth2 application in Workfront.';
}

/**
 * Signs a JWT and exchanges it for a Workfront session ID. Returns only the token; every failure is a
 * WorkfrontAuthError whose message and description contain no secret.
 */
export async function exchangeJwtForSession(httpRequest: HttpRequest, settings: ExchangeSettings): Promise<string> {
	const baseUrl = normalizeBaseUrl(settings.baseUrl);
	const clientId = requireText(
		settings.clientId,
		'Client ID',
		'Copy the Client ID from the OAuth2 application in Workfront (Setup > System > OAuth2 Applications).',
	);
	const clientSecret = requireText(
		settings.clientSecret,
		'Client Secret',
		'Paste the client secret of the OAuth2 application. It is shown once when created; add a new one if it is lost.',
	);
	const jwt = await signWorkfrontJwt(settings);
	const secrets = [clientSecret, jwt, typeof settings.privateKey === 'string' ? settings.privateKey : undefined];
	const url = `${baseUrl}${EXCHANGE_PATH}`;

	let response: FullResponse | undefined;
	let failure: unknown;
	try {
		response = (await httpRequest({
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, jwt_token: jwt }).toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			json: false,
		})) as FullResponse;
	} catch (error) {
		failure = error;
	}
	if (!response) {
		const code = (failure as { code?: string } | undefined)?.code;
		const detail = redact(failure instanceof Error ? failure.message : String(failure), secrets);
		throw new WorkfrontAuthError(
			`Could not reach Workfront at ${baseUrl}${code ? ` (${code})` : ''}`,
			`The JWT exchange request failed before Workfront answered: ${detail}. Check the Base URL and that this n8n host can reach it.`,
		);
	}

	const status = Number(response.statusCode);
	const { json, text } = parseBody(response.body);
	const looksHtml = /^\s*</.test(text);
	if (status >= 200 && status < 300) {
		const token = json?.access_token;
		if (typeof token === 'string' && token !== '') return token;
		throw new WorkfrontAuthError(
			json
				? 'Workfront accepted the JWT but its answer has no access_token'
				: `Workfront answered the JWT exchange with ${looksHtml ? 'an HTML page' : 'something that is not JSON'}`,
			'Check that the Base URL is the origin of your Workfront instance (not a proxy or login page).',
			status,
		);
	}
	const message = workfrontMessage(json);
	if (!message) {
		throw new WorkfrontAuthError(
			`Workfront refused the JWT exchange (HTTP ${status})${looksHtml ? ' with an HTML page' : ''}`,
			looksHtml
				? 'An HTML answer usually means the Base URL is not the origin of a Workfront instance. Check it.'
				: hintFor(status, ''),
			status,
		);
	}
	const safe = redact(message, secrets);
	throw new WorkfrontAuthError(
		`Workfront refused the JWT exchange (HTTP ${status}): ${safe}`,
		hintFor(status, safe),
		status,
	);
}

/** Exchanges under way in this process, by a hash of the credential's fields (no secret is kept as a key). */
const exchangesInFlight = new Map<string, Promise<string>>();

/**
 * Runs `exchange`, unless an exchange for the same credential is already under way in this process: then its
 * session ID is shared. n8n pre-authenticates every request that starts while the stored token is empty or has
 * just been refused, so without this a new credential used by several executions (or several requests) at once
 * would exchange one JWT per request in flight, where one suffices. Nothing is cached once the exchange settles.
 */
export async function sharedExchange(settings: ExchangeSettings, exchange: () => Promise<string>): Promise<string> {
	const key = createHash('sha256')
		.update(JSON.stringify([settings.baseUrl, settings.clientId, settings.clientSecret, settings.customerId, settings.userId, settings.privateKey, settings.jwtLifetime]))
		.digest('hex');
	const pending = exchangesInFlight.get(key);
	if (pending) return await pending;
	const started = exchange();
	exchangesInFlight.set(key, started);
	try {
		return await started;
	} finally {
		exchangesInFlight.delete(key);
	}
}
