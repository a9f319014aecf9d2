/** HTTP server: routing, concurrency gate, latency, fault injection, auth, request log. */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { handleApi, LATEST_VERSION, type ApiDeps } from './api';
import { RequestContext } from './context';
import { ControlError, handleControl, type ControlTarget } from './control';
import { DOWNLOAD_PATH, handleDownload, RawReply } from './documents';
import { EventHub, SUBSCRIPTIONS_PATH, type DeliveryRecord, type EmittedEvent, type Subscription } from './events';
import { ApiError, CLASS, OAuthError, tooManyRequests, unauthorized } from './errors';
import { FaultEngine } from './faults';
import { SerializedRows } from './fields';
import { DEMO_ADMIN_ID, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_CUSTOMER_ID, loadFixture } from './fixture';
import { bagToRecord, parseRequest, searchParamsToBag } from './params';
import { objByCode } from './schema';
import { ResultCache } from './search';
import { SessionManager } from './oauth';
import { Store } from './store';
import type { EmulatorCredentials, EmulatorOptions, EmulatorStats, FaultAction, FaultRule, OAuthAppConfig, Rec, RequestLogEntry } from './types';

export const KEYS_DIR = join(__dirname, 'keys');
/** Longest request-target the CDN in front of Workfront accepts. */
export const MAX_URI_BYTES = 8892;
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const MAX_LOG_ENTRIES = 200_000;
const JSON_TYPE = 'application/json;charset=UTF-8';

export interface Emulator {
	url: string;
	stats: EmulatorStats;
	credentials: EmulatorCredentials;
	store: Store;
	requests: RequestLogEntry[];
	issuedTokens(): string[];
	revokeAll(): void;
	expireAll(): void;
	resetStats(): void;
	setLatency(ms: number): void;
	setConcurrencyLimit(n: number): void;
	addFault(rule: FaultRule): void;
	clearFaults(): void;
	/** Event subscriptions: every delivery attempt so far (oldest first). */
	deliveries: DeliveryRecord[];
	/** Event subscriptions as stored (authToken unmasked). */
	subscriptions(): Subscription[];
	/** Deliver an event as if a record had changed; returns the number of deliveries scheduled. */
	emitEvent(event: EmittedEvent): number;
	/** Resolves once every pending delivery, retries included, has finished. */
	flushDeliveries(): Promise<void>;
	close(): Promise<void>;
}

export function demoApp(): OAuthAppConfig {
	return {
		clientId: DEMO_CLIENT_ID,
		clientSecret: DEMO_CLIENT_SECRET,
		customerId: DEMO_CUSTOMER_ID,
		certificates: [readFileSync(join(KEYS_DIR, 'demo-certificate.crt'), 'utf8')],
	};
}

function emptyStats(): EmulatorStats {
	return { exchanges: 0, exchangeFailures: 0, apiCalls: 0, unauthorized: 0, tooManyRequests: 0, maxInFlight: 0, writes: 0, deliveries: 0, deliveryFailures: 0 };
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(new ApiError(413, CLASS.illegalArg, 'Request body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, body: string | Buffer, contentType = JSON_TYPE, headers: Record<string, string> = {}): void {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
	res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
	send(res, status, JSON.stringify(value));
}

const URI_TOO_LONG_HTML =
	'<HTML><HEAD>\n<TITLE>Request-URI Too Long</TITLE>\n</HEAD><BODY>\n<H1>Request-URI Too Long</H1>\n' +
	'The requested URL\'s length exceeds the capacity limit for this server.<P>\n</BODY>\n</HTML>\n';

type VersionCheck = { ok: true; version: string; segments: string[] } | { ok: false; error: ApiError };

/** `/attask/api/v22.0/proj/search` → version + segments; unversioned `/attask/api/proj` means the latest version. */
function parseApiPath(pathname: string): VersionCheck | null {
	const m = /^\/attask\/api(\/.*)?$/.exec(pathname);
	if (!m) return null;
	const segments = (m[1] ?? '').split('/').filter(Boolean).map((s) => decodeURIComponent(s));
	const head = segments[0] ?? '';
	const v = /^v(\d+)(?:\.(\d+))?$/.exec(head);
	if (!v && !/^v\d/.test(head)) return { ok: true, version: LATEST_VERSION, segments };
	const major = v ? Number(v[1]) : NaN;
	if (v && major <= 15) return { ok: false, error: new ApiError(410, CLASS.version, `API version ${head} is no longer available; use v16.0 to v${LATEST_VERSION}`) };
	if (v && major >= 16 && major <= 22 && v[2] === '0') return { ok: true, version: `${major}.0`, segments: segments.slice(1) };
	return { ok: false, error: new ApiError(404, CLASS.version, `Unknown API version ${head}; supported versions are v16.0 to v${LATEST_VERSION}`) };
}

export class EmulatorServer implements Emulator, ControlTarget {
	url = '';
	readonly stats = emptyStats();
	readonly store: Store;
	readonly requests: RequestLogEntry[] = [];
	credentials: EmulatorCredentials;
	private readonly server: Server;
	private readonly sessions: SessionManager;
	private readonly faults = new FaultEngine();
	private readonly cache = new ResultCache();
	private latencyMs: number;
	private concurrencyLimit: number;
	private inFlightCount = 0;
	private readonly apiDeps: ApiDeps;
	private readonly events: EventHub;

	constructor(private readonly options: EmulatorOptions = {}) {
		const apps = options.apps ?? [demoApp()];
		this.store = new Store(apps[0]?.customerId ?? DEMO_CUSTOMER_ID);
		loadFixture(this.store, { seed: options.seed ?? true, now: Date.now() });
		this.sessions = new SessionManager(apps, this.store, options.sessionTtlSeconds ?? 28_800, options.clockSkewSeconds ?? 60);
		this.events = new EventHub({
			customerId: this.store.customerId,
			stats: this.stats,
			retryDelaysMs: options.deliveryRetryDelaysMs,
			timeoutMs: options.deliveryTimeoutMs,
			baseUrl: () => this.url,
		});
		this.store.onChange = (change) => void this.events.emit(change);
		this.latencyMs = options.latencyMs ?? 0;
		this.concurrencyLimit = options.concurrencyLimit ?? 10;
		this.apiDeps = {
			cache: this.cache,
			unstableUnsortedPaging: options.unstableUnsortedPaging ?? true,
			adminUserId: DEMO_ADMIN_ID,
			onWrite: (n) => (this.stats.writes += n),
			logout: (token) => this.sessions.end(token, 'revoked'),
		};
		const app = apps[0] ?? demoApp();
		this.credentials = {
			baseUrl: '',
			clientId: app.clientId,
			clientSecret: app.clientSecret,
			customerId: app.customerId,
			userId: DEMO_ADMIN_ID,
			privateKey: readFileSync(join(KEYS_DIR, 'demo-private.key'), 'utf8'),
			apiVersion: LATEST_VERSION,
		};
		this.server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
			this.handle(req, res).catch((e: unknown) => {
				sendJson(res, 500, new ApiError(500, 'java.lang.RuntimeException', `Emulator error: ${(e as Error)?.message ?? String(e)}`).toBody());
			});
		});
	}

	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => resolve());
		});
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://${host}:${port}`;
		this.credentials.baseUrl = this.url;
	}

	// ---------- public controls ----------

	issuedTokens(): string[] {
		return this.sessions.issuedTokens();
	}
	revokeAll(): void {
		this.sessions.endAll('revoked');
	}
	expireAll(): void {
		this.sessions.endAll('expired');
	}
	resetStats(): void {
		Object.assign(this.stats, emptyStats());
	}
	setLatency(ms: number): void {
		this.latencyMs = ms;
	}
	setConcurrencyLimit(n: number): void {
		this.concurrencyLimit = n;
	}
	addFault(rule: FaultRule): void {
		this.faults.add(rule);
	}
	clearFaults(): void {
		this.faults.clear();
	}
	activeFaults(): number {
		return this.faults.size;
	}
	inFlight(): number {
		return this.inFlightCount;
	}
	generate(objCode: string, count: number, fields?: Rec): { generated: number; total: number } {
		const def = objByCode(objCode);
		if (!def || def.virtual) throw new ControlError(`unknown or virtual objCode ${objCode}`);
		const recs = this.store.generate(def.objCode, count, fields);
		return { generated: recs.length, total: this.store.count(def.objCode) };
	}

	get deliveries(): DeliveryRecord[] {
		return this.events.deliveries;
	}
	subscriptions(): Subscription[] {
		return this.events.list();
	}
	emitEvent(event: EmittedEvent): number {
		return this.events.emit(event);
	}
	flushDeliveries(): Promise<void> {
		return this.events.flush();
	}

	close(): Promise<void> {
		this.events.close();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---------- request handling ----------

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawUrl = req.url ?? '/';
		const url = new URL(rawUrl, 'http://emulator.local');
		this.logRequest(req, res, url);
		if (Buffer.byteLength(rawUrl) > MAX_URI_BYTES) {
			send(res, 414, URI_TOO_LONG_HTML, 'text/html');
			return;
		}
		const path = url.pathname;
		if (path.startsWith('/__emulator/')) return this.control(req, res, path.slice('/__emulator/'.length));
		if (path === '/integrations/oauth2/api/v1/jwt/exchange') return this.exchange(req, res);
		if (path === SUBSCRIPTIONS_PATH || path.startsWith(`${SUBSCRIPTIONS_PATH}/`)) return this.eventSubscriptions(req, res, url);
		if (path.startsWith('/attask/') || path === DOWNLOAD_PATH) return this.api(req, res, url);
		sendJson(res, 404, new ApiError(404, CLASS.notFound, `No such endpoint: ${path}`).toBody());
	}

	private logRequest(req: IncomingMessage, res: ServerResponse, url: URL): void {
		const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: bagToRecord(searchParamsToBag(url.searchParams)), status: 0, at: Date.now() };
		res.on('close', () => {
			entry.status = res.headersSent ? res.statusCode : 0;
			if (this.requests.length >= MAX_LOG_ENTRIES) this.requests.splice(0, MAX_LOG_ENTRIES / 10);
			this.requests.push(entry);
		});
	}

	private async control(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
		const raw = (await readBody(req)).toString('utf8');
		try {
			const body: unknown = raw.trim() ? JSON.parse(raw) : undefined;
			if (action.startsWith('events/')) {
				const [status, value] = await this.eventControl(req.method ?? 'GET', action.slice('events/'.length), body);
				sendJson(res, status, value);
				return;
			}
			const [status, value] = handleControl(this, req.method ?? 'GET', action, body);
			sendJson(res, status, value);
		} catch (e) {
			sendJson(res, 400, { error: (e as Error).message });
		}
	}

	/** `/__emulator/events/*`: flush, the delivery log, subscriptions, and emitting an event. */
	private async eventControl(method: string, action: string, body: unknown): Promise<[number, unknown]> {
		switch (`${method} ${action}`) {
			case 'POST flush':
				await this.events.flush();
				return [200, { ok: true, deliveries: this.events.deliveries.length }];
			case 'GET deliveries':
				return [200, { deliveries: this.events.deliveries }];
			case 'GET subscriptions':
				return [200, { subscriptions: this.events.list().map((sub) => this.events.view(sub)) }];
			case 'POST emit': {
				if (typeof body !== 'object' || body === null) throw new ControlError('expected a JSON object body');
				return [200, { ok: true, scheduled: this.events.emit(body as EmittedEvent) }];
			}
			default:
				return [404, { error: `unknown control endpoint ${method} events/${action}` }];
		}
	}

	/** The Event Subscription API: session auth, latency and faults like the core API, no {data} envelope. */
	private async eventSubscriptions(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const body = await readBody(req);
		if (this.latencyMs > 0) await sleep(this.latencyMs);
		const fault = this.faults.take(req.method ?? 'GET', url.pathname);
		if (fault && (await this.applyFault(fault, req, res))) return;
		const token = req.headers['sessionid'];
		if (!this.sessions.lookup(Array.isArray(token) ? token[0] : token)) {
			this.stats.unauthorized++;
			sendJson(res, 401, { statusCode: 401, message: 'sessionID is missing or not valid' });
			return;
		}
		this.stats.apiCalls++;
		const segments = url.pathname.slice(SUBSCRIPTIONS_PATH.length).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
		const result = this.events.handle(req.method ?? 'GET', segments, url.searchParams, body.toString('utf8'));
		if (result.body === undefined) {
			if (!res.headersSent) res.writeHead(result.status, result.headers ?? {}).end();
			return;
		}
		send(res, result.status, JSON.stringify(result.body), JSON_TYPE, result.headers ?? {});
	}

	private async exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = await readBody(req);
		try {
			if (req.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'Use POST');
			if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
				throw new OAuthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
			}
			const result = this.sessions.exchange(new URLSearchParams(body.toString('utf8')));
			this.stats.exchanges++;
			sendJson(res, 200, result);
		} catch (e) {
			if (!(e instanceof OAuthError)) throw e;
			this.stats.exchangeFailures++;
			sendJson(res, e.status, e.toBody());
		}
	}

	private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		if (this.inFlightCount >= this.concurrencyLimit) {
			this.stats.tooManyRequests++;
			sendJson(res, 429, tooManyRequests().toBody());
			return;
		}
		this.inFlightCount++;
		this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlightCount);
		let released = false;
		res.on('close', () => {
			if (!released) this.inFlightCount--;
			released = true;
		});
		try {
			const body = await readBody(req);
			if (this.latencyMs > 0) await sleep(this.latencyMs);
			const fault = this.faults.take(req.method ?? 'GET', url.pathname);
			if (fault && (await this.applyFault(fault, req, res))) return;
			const result = this.authorizedApi(req, url, body);
			if (result instanceof RawReply) result.write(res);
			else if (result instanceof SerializedRows) send(res, 200, result.body);
			else sendJson(res, 200, { data: result });
		} catch (e) {
			if (!(e instanceof ApiError)) throw e;
			if (e.status === 401) this.stats.unauthorized++;
			sendJson(res, e.status, e.toBody());
		}
	}

	private authorizedApi(req: IncomingMessage, url: URL, body: Buffer): unknown {
		const download = url.pathname === DOWNLOAD_PATH;
		const route: VersionCheck | null = download ? { ok: true, version: LATEST_VERSION, segments: [] } : parseApiPath(url.pathname);
		if (!route) throw new ApiError(404, CLASS.notFound, `No such endpoint: ${url.pathname}`);
		if (!route.ok) throw route.error;
		const token = req.headers['sessionid'];
		const session = this.sessions.lookup(Array.isArray(token) ? token[0] : token);
		if (!session) throw unauthorized();
		this.stats.apiCalls++;
		const parsed = parseRequest(req.method ?? 'GET', url, req.headers['content-type'] ?? '', body);
		const ctx = new RequestContext(this.store, route.version, session.userId, session.token);
		if (download) return handleDownload(parsed, ctx);
		return handleApi(parsed, route.segments, ctx, this.apiDeps);
	}

	/** Returns true when the fault produced the whole response. */
	private async applyFault(action: FaultAction, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		switch (action.type) {
			case 'reset':
				req.socket.destroy();
				return true;
			case 'delay':
				await sleep(action.ms);
				return false;
			case 'expireSession': {
				const token = req.headers['sessionid'];
				if (typeof token === 'string') this.sessions.end(token, 'expired');
				return false;
			}
			case 'malformed':
				send(res, 200, '{"data":[{"ID":"5f0c1a2b3c4d4e5f","name":"Trunc');
				return true;
			case 'errorIn200':
				sendJson(res, 200, new ApiError(200, action.class ?? 'com.attask.common.InternalException', action.message).toBody());
				return true;
			case 'status': {
				if (action.status === 429) this.stats.tooManyRequests++;
				const body = action.body ?? JSON.stringify(action.status === 429 ? tooManyRequests().toBody() : new ApiError(action.status, 'com.attask.common.InjectedFaultException', `Injected fault: HTTP ${action.status}`).toBody());
				const type = action.contentType ?? (/^\s*</.test(body) ? 'text/html' : /^\s*[[{]/.test(body) ? JSON_TYPE : 'text/plain');
				send(res, action.status, body, type, action.headers ?? {});
				return true;
			}
		}
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new EmulatorServer(options);
	await emulator.listen();
	return emulator;
}
