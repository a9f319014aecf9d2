/**
 * Small helpers for tests, benchmarks and demos that talk to the emulator over HTTP
 * (JWT signing with node:crypto, the exchange, and a thin fetch wrapper).
 */
import { createPrivateKey, sign } from 'node:crypto';
import type { EmulatorCredentials } from './types';

export interface JwtClaims {
	iss?: unknown;
	sub?: unknown;
	exp?: unknown;
	[claim: string]: unknown;
}

/** Sign a compact RS256 JWT with a PEM private key. */
export function signJwt(privateKeyPem: string, claims: JwtClaims): string {
	const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
	const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
	const signature = sign('sha256', Buffer.from(input), createPrivateKey(privateKeyPem)).toString('base64url');
	return `${input}.${signature}`;
}

/** Exchange a freshly signed JWT for a session token (throws on failure). */
export async function login(creds: EmulatorCredentials): Promise<string> {
	const jwt = signJwt(creds.privateKey, { iss: creds.customerId, sub: creds.userId, exp: Math.floor(Date.now() / 1000) + 120 });
	const res = await fetch(`${creds.baseUrl}/integrations/oauth2/api/v1/jwt/exchange`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ client_id: creds.clientId, client_secret: creds.clientSecret, jwt_token: jwt }),
	});
	const body = (await res.json()) as { access_token?: string };
	if (!res.ok || !body.access_token) throw new Error(`exchange failed: ${res.status} ${JSON.stringify(body)}`);
	return body.access_token;
}

/** Parsed JSON of a response, loosely typed on purpose so tests can walk it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResult<T = Json> {
	status: number;
	body: T;
	headers: Headers;
}

export type Params = Record<string, string | number | boolean | (string | number)[]>;

export function toSearchParams(params: Params = {}): URLSearchParams {
	const sp = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) {
		if (Array.isArray(v)) for (const x of v) sp.append(k, String(x));
		else sp.append(k, String(v));
	}
	return sp;
}

/** A session-authenticated client for `/attask/api/v<version>/`. */
export class ApiClient {
	constructor(
		readonly baseUrl: string,
		public token: string,
		readonly version = '22.0',
	) {}

	url(path: string, params?: Params): string {
		const qs = toSearchParams(params).toString();
		return `${this.baseUrl}/attask/api/v${this.version}/${path.replace(/^\//, '')}${qs ? `?${qs}` : ''}`;
	}

	async request<T = Json>(method: string, path: string, params?: Params, init: RequestInit = {}): Promise<ApiResult<T>> {
		const res = await fetch(this.url(path, params), { method, ...init, headers: { sessionID: this.token, ...(init.headers as Record<string, string> | undefined) } });
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// leave non-JSON bodies as text
		}
		return { status: res.status, body: body as T, headers: res.headers };
	}

	get<T = Json>(path: string, params?: Params): Promise<ApiResult<T>> {
		return this.request<T>('GET', path, params);
	}

	post<T = Json>(path: string, params?: Params, json?: unknown): Promise<ApiResult<T>> {
		return this.request<T>('POST', path, params, json === undefined ? {} : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } });
	}

	put<T = Json>(path: string, params?: Params, json?: unknown): Promise<ApiResult<T>> {
		return this.request<T>('PUT', path, params, json === undefined ? {} : { body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } });
	}

	del<T = Json>(path: string, params?: Params): Promise<ApiResult<T>> {
		return this.request<T>('DELETE', path, params);
	}

	/** POST with a form body (e.g. `method=GET` for long queries). */
	form<T = Json>(path: string, form: Params): Promise<ApiResult<T>> {
		return this.request<T>('POST', path, undefined, { body: toSearchParams(form), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
	}
}
