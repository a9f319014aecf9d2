/** The OAuth2 JWT exchange (`/integrations/oauth2/api/v1/jwt/exchange`) and the sessions it creates. */
import { createPublicKey, randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { OAuthError } from './errors';
import type { Store } from './store';
import type { OAuthAppConfig } from './types';

export interface Session {
	token: string;
	userId: string;
	customerId: string;
	expiresAt: number;
	/** Set once the session was revoked or force-expired. */
	ended?: 'revoked' | 'expired';
}

interface RegisteredApp {
	config: OAuthAppConfig;
	keys: KeyObject[];
}

function toPublicKey(pem: string): KeyObject {
	return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function b64urlJson(part: string): Record<string, unknown> | null {
	try {
		const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

export class SessionManager {
	private readonly sessions = new Map<string, Session>();
	private readonly tokens: string[] = [];
	private readonly apps = new Map<string, RegisteredApp>();

	constructor(
		apps: OAuthAppConfig[],
		private readonly store: Store,
		public ttlSeconds: number,
		private readonly clockSkewSeconds: number,
	) {
		for (const config of apps) this.apps.set(config.clientId, { config, keys: config.certificates.map(toPublicKey) });
	}

	/** Validate an exchange form and open a session; throws OAuthError. */
	exchange(form: URLSearchParams): { token_type: 'sessionID'; access_token: string } {
		const clientId = form.get('client_id');
		const clientSecret = form.get('client_secret');
		const jwt = form.get('jwt_token');
		if (!clientId || !clientSecret || !jwt) {
			throw new OAuthError(400, 'invalid_request', 'client_id, client_secret and jwt_token are required (application/x-www-form-urlencoded)');
		}
		const app = this.apps.get(clientId);
		if (!app) throw new OAuthError(401, 'invalid_client', `Unknown client_id ${clientId}`);
		if (app.config.clientSecret !== clientSecret) throw new OAuthError(401, 'invalid_client', 'Invalid client_secret for this client_id');
		const claims = this.verifyJwt(app, jwt);
		const token = randomBytes(16).toString('hex');
		this.sessions.set(token, { token, userId: claims.sub, customerId: claims.iss, expiresAt: Date.now() + this.ttlSeconds * 1000 });
		this.tokens.push(token);
		return { token_type: 'sessionID', access_token: token };
	}

	private verifyJwt(app: RegisteredApp, jwt: string): { iss: string; sub: string } {
		const parts = jwt.split('.');
		const header = parts.length === 3 ? b64urlJson(parts[0]) : null;
		const payload = parts.length === 3 ? b64urlJson(parts[1]) : null;
		if (!header || !payload || !parts[2]) throw new OAuthError(400, 'invalid_request', 'jwt_token is not a well-formed JWT (header.payload.signature)');
		if (header.alg !== 'RS256') throw new OAuthError(400, 'invalid_request', `Unsupported JWT algorithm ${String(header.alg)}; only RS256 is accepted`);
		const data = Buffer.from(`${parts[0]}.${parts[1]}`);
		const signature = Buffer.from(parts[2], 'base64url');
		const ok = app.keys.some((key) => {
			try {
				return verify('sha256', data, key, signature);
			} catch {
				return false;
			}
		});
		if (!ok) throw new OAuthError(401, 'invalid_signature', 'JWT signature verification failed: no public key of this OAuth2 application matches the signing key');
		if (payload.iss !== app.config.customerId) {
			throw new OAuthError(401, 'invalid_grant', `Unknown customer: iss ${String(payload.iss)} is not the customer ID of this OAuth2 application`);
		}
		const user = typeof payload.sub === 'string' ? this.store.get('USER', payload.sub) : undefined;
		if (!user || user.customerID !== app.config.customerId) {
			throw new OAuthError(401, 'invalid_grant', `Unknown user: sub ${String(payload.sub)} is not a user of customer ${app.config.customerId}`);
		}
		if (typeof payload.exp !== 'number') throw new OAuthError(401, 'jwt_expired', 'JWT has no exp claim');
		if (payload.exp * 1000 <= Date.now() - this.clockSkewSeconds * 1000) throw new OAuthError(401, 'jwt_expired', 'JWT has expired (exp is in the past)');
		return { iss: app.config.customerId, sub: payload.sub as string };
	}

	/** The live session for a token, or undefined (unknown, expired, revoked). */
	lookup(token: string | undefined): Session | undefined {
		if (!token) return undefined;
		const s = this.sessions.get(token);
		if (!s || s.ended) return undefined;
		if (Date.now() >= s.expiresAt) {
			s.ended = 'expired';
			return undefined;
		}
		return s;
	}

	end(token: string, reason: 'revoked' | 'expired'): void {
		const s = this.sessions.get(token);
		if (s && !s.ended) s.ended = reason;
	}

	endAll(reason: 'revoked' | 'expired'): void {
		for (const s of this.sessions.values()) if (!s.ended) s.ended = reason;
	}

	issuedTokens(): string[] {
		return [...this.tokens];
	}
}
