/** `/__emulator/*`: unauthenticated JSON control endpoints for out-of-process use (CLI, e2e tests). */
import type { Emulator } from './server';
import type { FaultRule, Rec } from './types';

/** What the control endpoints drive: the emulator's own API plus three read-outs only they need. */
export type ControlTarget = Pick<
	Emulator,
	'stats' | 'credentials' | 'issuedTokens' | 'revokeAll' | 'expireAll' | 'resetStats' | 'setLatency' | 'setConcurrencyLimit' | 'addFault' | 'clearFaults'
> & {
	inFlight(): number;
	activeFaults(): number;
	generate(objCode: string, count: number, fields?: Rec): { generated: number; total: number };
};

export class ControlError extends Error {}

function asObject(body: unknown): Rec {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError('expected a JSON object body');
	return body as Rec;
}

function nonNegativeInt(v: unknown, name: string): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ControlError(`${name} must be a non-negative integer`);
	return v;
}

/** Handle one control request; returns [status, JSON body]. */
export function handleControl(t: ControlTarget, method: string, action: string, body: unknown): [number, unknown] {
	const route = `${method} ${action}`;
	switch (route) {
		case 'GET stats':
			return [200, { ...t.stats, issuedTokenCount: t.issuedTokens().length, inFlight: t.inFlight(), activeFaults: t.activeFaults() }];
		case 'GET tokens':
			return [200, { tokens: t.issuedTokens() }];
		case 'GET credentials':
			return [200, t.credentials];
		case 'POST revoke':
			t.revokeAll();
			return [200, { ok: true }];
		case 'POST expire':
			t.expireAll();
			return [200, { ok: true }];
		case 'POST reset-stats':
			t.resetStats();
			return [200, { ok: true }];
		case 'POST faults': {
			const rules = Array.isArray(body) ? body : [body];
			for (const r of rules) t.addFault(r as FaultRule);
			return [200, { ok: true, activeFaults: t.activeFaults() }];
		}
		case 'DELETE faults':
			t.clearFaults();
			return [200, { ok: true }];
		case 'POST latency':
			t.setLatency(nonNegativeInt(asObject(body).ms, 'ms'));
			return [200, { ok: true }];
		case 'POST concurrency':
			t.setConcurrencyLimit(nonNegativeInt(asObject(body).limit, 'limit'));
			return [200, { ok: true }];
		case 'POST generate': {
			const b = asObject(body);
			if (typeof b.objCode !== 'string') throw new ControlError('objCode is required');
			const fields = b.fields === undefined ? undefined : asObject(b.fields);
			const started = Date.now();
			const result = t.generate(b.objCode, nonNegativeInt(b.count, 'count'), fields);
			return [200, { objCode: b.objCode.toUpperCase(), ...result, ms: Date.now() - started }];
		}
		default:
			return [404, { error: `unknown control endpoint ${route}` }];
	}
}
