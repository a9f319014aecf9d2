/** Shared public types of the Workfront emulator. */

/** A stored record: plain JSON-like object keyed by field name (custom data under `DE:<name>` keys). */
export type Rec = Record<string, unknown>;

export interface OAuthAppConfig {
	clientId: string;
	clientSecret: string;
	customerId: string;
	/** PEM X.509 certificates or PEM public keys registered for the app. */
	certificates: string[];
}

export interface EmulatorOptions {
	host?: string;
	port?: number;
	apps?: OAuthAppConfig[];
	sessionTtlSeconds?: number;
	clockSkewSeconds?: number;
	latencyMs?: number;
	concurrencyLimit?: number;
	seed?: boolean;
	unstableUnsortedPaging?: boolean;
	/** Event subscriptions: waits before each retry of a failed delivery (default 1 s, 5 s, 30 s). */
	deliveryRetryDelaysMs?: number[];
	/** Event subscriptions: a receiver that has not answered within this time has failed (default 5000). */
	deliveryTimeoutMs?: number;
}

export interface EmulatorStats {
	exchanges: number;
	exchangeFailures: number;
	apiCalls: number;
	unauthorized: number;
	tooManyRequests: number;
	maxInFlight: number;
	writes: number;
	/** Event deliveries attempted (retries included). */
	deliveries: number;
	/** Event delivery attempts that failed (non-2xx or no answer in time). */
	deliveryFailures: number;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	status: number;
	at: number;
}

export type FaultAction =
	| { type: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
	| { type: 'reset' }
	| { type: 'delay'; ms: number }
	| { type: 'malformed' }
	| { type: 'errorIn200'; message: string; class?: string }
	| { type: 'expireSession' };

export interface FaultRule {
	method?: string;
	/** RegExp source matched against the request pathname. */
	path?: string;
	/** Let this many matching requests pass before the rule fires. */
	skip?: number;
	/** How many times the rule fires before it is dropped (default 1). */
	times?: number;
	action: FaultAction;
}

export interface EmulatorCredentials {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	customerId: string;
	userId: string;
	privateKey: string;
	apiVersion: string;
}
