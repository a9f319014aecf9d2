/** Search, count and report execution over the store, with a small cache of filtered+sorted results. */
import type { RequestContext } from './context';
import { illegalArgument } from './errors';
import { matches, parseQuery, sortRows, type AggSpec, type Query } from './filters';
import { first, type ParamBag } from './params';
import type { ObjDef } from './schema';
import type { Rec } from './types';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 2000;

interface CacheEntry {
	key: string;
	rows: Rec[];
}

/** Remembers the last few filtered+sorted row sets, so paging through 100k rows sorts once, not per page. */
export class ResultCache {
	private entries: CacheEntry[] = [];

	constructor(private readonly size = 8) {}

	get(key: string): Rec[] | undefined {
		const i = this.entries.findIndex((e) => e.key === key);
		if (i < 0) return undefined;
		const [e] = this.entries.splice(i, 1);
		this.entries.unshift(e);
		return e.rows;
	}

	set(key: string, rows: Rec[]): void {
		this.entries.unshift({ key, rows });
		if (this.entries.length > this.size) this.entries.pop();
	}

	clear(): void {
		this.entries = [];
	}
}

function filteredRows(def: ObjDef, q: Query, ctx: RequestContext, cache: ResultCache): Rec[] {
	const key = `${def.objCode}|${ctx.store.version}|${ctx.userId}|${q.key}`;
	const hit = cache.get(key);
	if (hit) return hit;
	const all = ctx.rowsOf(def);
	let rows = q.and.length || q.or.length ? all.filter((r) => matches(q, r)) : all;
	if (q.sorts.length) rows = sortRows(rows, q.sorts, ctx.now);
	cache.set(key, rows);
	return rows;
}

function intParam(params: ParamBag, name: string, fallback: number): number {
	const raw = first(params, name);
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) throw illegalArgument(`${name} must be a non-negative integer; got "${raw}"`);
	return n;
}

function shuffled<T>(rows: T[]): T[] {
	const out = rows.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

export interface SearchOptions {
	unstableUnsortedPaging: boolean;
	cache: ResultCache;
}

/** Filter, sort and page; returns the page of raw records. */
export function search(def: ObjDef, params: ParamBag, ctx: RequestContext, opts: SearchOptions): Rec[] {
	let limit = intParam(params, '$$LIMIT', DEFAULT_LIMIT);
	if (limit > MAX_LIMIT) throw illegalArgument(`The requested $$LIMIT of ${limit} exceeds the maximum of ${MAX_LIMIT} results per request`);
	if (limit === 0) limit = DEFAULT_LIMIT;
	const offset = intParam(params, '$$FIRST', 0);
	const q = parseQuery(def, params, ctx);
	let rows = filteredRows(def, q, ctx, opts.cache);
	// Without ORDER BY the database returns rows in no particular order, differently per query.
	if (q.sorts.length === 0 && offset > 0 && opts.unstableUnsortedPaging) rows = shuffled(rows);
	return rows.slice(offset, offset + limit);
}

export function count(def: ObjDef, params: ParamBag, ctx: RequestContext, cache: ResultCache): number {
	const q = parseQuery(def, params, ctx);
	return filteredRows(def, q, ctx, cache).length;
}

// ---------- report ----------

function numeric(values: unknown[]): number[] {
	return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function variance(nums: number[]): number | null {
	if (nums.length < 2) return nums.length === 1 ? 0 : null;
	const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
	return nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - 1);
}

function aggregate(fn: string, raw: unknown[]): unknown {
	const present = raw.filter((v) => v !== null && v !== undefined);
	const distinct = fn.startsWith('d');
	const values = distinct ? [...new Set(present.map((v) => (typeof v === 'object' ? JSON.stringify(v) : v)))] : present;
	const base = distinct ? fn.slice(1) : fn;
	const nums = numeric(values);
	switch (base) {
		case 'count':
			return values.length;
		case 'sum':
			return nums.reduce((a, b) => a + b, 0);
		case 'avg':
			return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
		case 'min':
		case 'max': {
			if (!values.length) return null;
			const sorted = [...values].sort((a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0));
			return base === 'min' ? sorted[0] : sorted[sorted.length - 1];
		}
		case 'var':
			return variance(nums);
		case 'std': {
			const v = variance(nums);
			return v === null ? null : Math.sqrt(v);
		}
		default:
			return null;
	}
}

function aggregates(rows: Rec[], aggs: AggSpec[]): Rec {
	const out: Rec = {};
	for (const a of aggs) out[`${a.fn}_${a.path.path}`] = aggregate(a.fn, rows.flatMap((r) => a.path.get(r)));
	return out;
}

function groupValue(v: unknown): unknown {
	return v === undefined ? null : v;
}

/**
 * `/report`: groups keyed by the group value (several group fields: values joined with "|"),
 * each with its aggregates and the group field values; `$$ROLLUP=true` adds the totals.
 * Without any AggFunc, `dcount_ID` is reported.
 */
export function report(def: ObjDef, params: ParamBag, ctx: RequestContext, cache: ResultCache): Rec {
	const q = parseQuery(def, params, ctx);
	const rows = filteredRows(def, q, ctx, cache);
	const aggs = q.aggs.length ? q.aggs : [{ fn: 'dcount', path: { path: 'ID', kind: 'string' as const, get: (r: Rec) => [r.ID] } }];
	const out: Rec = {};
	if (q.groupBy.length) {
		const groups = new Map<string, { values: unknown[]; rows: Rec[] }>();
		for (const r of rows) {
			const values = q.groupBy.map((g) => groupValue(g.path.get(r)[0]));
			const key = values.map((v) => (v === null ? '' : String(v))).join('|');
			const grp = groups.get(key);
			if (grp) grp.rows.push(r);
			else groups.set(key, { values, rows: [r] });
		}
		for (const key of [...groups.keys()].sort()) {
			const grp = groups.get(key)!;
			const entry = aggregates(grp.rows, aggs);
			q.groupBy.forEach((g, i) => (entry[g.path.path] = grp.values[i]));
			out[key] = entry;
		}
	}
	if (!q.groupBy.length || first(params, '$$ROLLUP') === 'true') out['$$ROLLUP'] = aggregates(rows, aggs);
	return out;
}
