/**
 * Search/count/report query parameters: filters (`field=value`, `field_Mod`, `field_Range`, reference paths,
 * `DE:` fields, `OR:n:` groups, `filters=<JSON>`), wildcards, sorts, and the report's GroupBy/AggFunc keys.
 */
import type { RequestContext } from './context';
import { findParam } from './customdata';
import { parseDateInput } from './dates';
import { badJson, illegalArgument, unknownField } from './errors';
import { splitPath } from './fields';
import type { ParamBag } from './params';
import { objByCode, type FieldDef, type ObjDef } from './schema';
import type { Rec } from './types';

type Kind = 'string' | 'number' | 'boolean' | 'date';
type Scalar = string | number | boolean | null;

export interface PathInfo {
	path: string;
	kind: Kind;
	get: (rec: Rec) => unknown[];
}

export interface Condition {
	path: PathInfo;
	mod: string;
	/** Normalised for the cache key. */
	signature: string;
	test: (rec: Rec) => boolean;
}

export interface SortSpec {
	path: PathInfo;
	dir: 'asc' | 'desc' | 'ciasc' | 'cidesc';
	order: number;
}

export interface GroupSpec {
	path: PathInfo;
	order: number;
}

export interface AggSpec {
	path: PathInfo;
	fn: string;
}

export interface Query {
	and: Condition[];
	or: Condition[][];
	sorts: SortSpec[];
	groupBy: GroupSpec[];
	aggs: AggSpec[];
	/** Stable text form of the filters and sorts (cache key). */
	key: string;
}

const RESERVED = new Set(['filters', 'fields', 'method', 'map', 'updates', 'atomic', 'force', 'sessionID', 'sessionid', 'apiKey', 'action', 'copySourceID', 'options', 'id', 'username', 'password', 'callback', 'jsonp']);

export const AGG_FUNCS = new Set(['sum', 'avg', 'min', 'max', 'count', 'std', 'var', 'dsum', 'davg', 'dmin', 'dmax', 'dcount', 'dstd', 'dvar']);

const NEGATIVE_MODS = new Set(['ne', 'nee', 'cine', 'notin', 'cinotin', 'notcontains', 'cinotcontains', 'notbetween', 'cinotbetween', 'cinotcontainsany', 'cinotcontainsall']);
const NULL_MODS = new Set(['isnull', 'notnull', 'isblank', 'notblank']);
const LIST_MODS = new Set(['in', 'ciin', 'notin', 'cinotin', 'allof', 'cicontainsany', 'cicontainsall', 'cinotcontainsany', 'cinotcontainsall']);
const KNOWN_MODS = new Set([
	'eq', 'ne', 'nee', 'cieq', 'cine', 'lt', 'lte', 'gt', 'gte', 'contains', 'cicontains', 'notcontains', 'cinotcontains',
	'cicontainsany', 'cicontainsall', 'cinotcontainsany', 'cinotcontainsall', 'like', 'cilike', 'startswith', 'soundex',
	'between', 'cibetween', 'notbetween', 'cinotbetween', 'in', 'ciin', 'notin', 'cinotin', 'isnull', 'notnull', 'isblank',
	'notblank', 'allof', 'exacttime', 'length_lt', 'length_eq', 'length_gt', 'bitwiseand', 'bitwiseor', 'bitwisenand',
]);

interface RawCond {
	values: string[];
	mod?: string;
	range?: string;
}

/**
 * Filter entries: plain parameters (minus reserved names such as `fields`, `$$LIMIT` or `username`, which clash
 * with request/auth parameters) plus the keys of `filters=<JSON>`, which use the same syntax and are never reserved.
 */
function withJsonFilters(params: ParamBag): [string, string[]][] {
	const entries: [string, string[]][] = [...params.entries()].filter(([k]) => !RESERVED.has(k) && !k.startsWith('$$'));
	for (const raw of params.get('filters') ?? []) {
		let obj: unknown;
		try {
			obj = JSON.parse(raw);
		} catch (e) {
			throw badJson('filters', (e as Error).message);
		}
		if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw badJson('filters', 'expected a JSON object');
		for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
			const list = Array.isArray(v) ? v : [v];
			entries.push([k, list.filter((x) => x !== undefined).map((x) => (x === null ? 'null' : typeof x === 'string' ? x : JSON.stringify(x)))]);
		}
	}
	return entries;
}

export function parseQuery(def: ObjDef, params: ParamBag, ctx: RequestContext): Query {
	const groups = new Map<string, Map<string, RawCond>>();
	const sorts: { path: string; dir: string; order: number }[] = [];
	const groupBys: { path: string; order: number }[] = [];
	const aggs: { path: string; fn: string }[] = [];
	let seq = 0;
	for (const [rawKey, values] of withJsonFilters(params)) {
		let key = rawKey;
		let group = '';
		const orMatch = /^OR:(\d+):(.+)$/.exec(key);
		if (orMatch) {
			group = orMatch[1];
			key = orMatch[2];
		}
		let m: RegExpExecArray | null;
		if ((m = /^(.+?)(?:_(\d+))?_Sort$/.exec(key))) {
			sorts.push({ path: m[1], dir: values[0], order: m[2] ? +m[2] : ++seq / 1e6 });
		} else if ((m = /^(.+?)(?:_(\d+))?_GroupBy$/.exec(key))) {
			if (values[0] !== 'false') groupBys.push({ path: m[1], order: m[2] ? +m[2] : ++seq / 1e6 });
		} else if ((m = /^(.+?)(?:_(\d+))?_AggFunc$/.exec(key))) {
			for (const v of values) aggs.push({ path: m[1], fn: v });
		} else if ((m = /^(.+)_Mod$/.exec(key))) {
			rawCond(groups, group, m[1]).mod = values[0];
		} else if ((m = /^(.+)_Range$/.exec(key))) {
			rawCond(groups, group, m[1]).range = values[0];
		} else {
			rawCond(groups, group, key).values.push(...values);
		}
	}
	const and: Condition[] = [];
	const or: Condition[][] = [];
	for (const [group, conds] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		const built = [...conds.entries()].map(([path, raw]) => buildCondition(def, path, raw, ctx)).filter((c): c is Condition => c !== null);
		if (group === '') and.push(...built);
		else if (built.length) or.push(built);
	}
	const sortSpecs = sorts.sort((a, b) => a.order - b.order).map((s) => buildSort(def, s.path, s.dir, s.order, ctx));
	const groupSpecs = groupBys.sort((a, b) => a.order - b.order).map((g) => ({ path: resolvePath(def, g.path, ctx), order: g.order }));
	const aggSpecs = aggs.map((a) => buildAgg(def, a.path, a.fn, ctx));
	const key = JSON.stringify([and.map((c) => c.signature), or.map((g) => g.map((c) => c.signature)), sortSpecs.map((s) => [s.path.path, s.dir])]);
	return { and, or, sorts: sortSpecs, groupBy: groupSpecs, aggs: aggSpecs, key };
}

function rawCond(groups: Map<string, Map<string, RawCond>>, group: string, path: string): RawCond {
	let g = groups.get(group);
	if (!g) {
		g = new Map();
		groups.set(group, g);
	}
	let c = g.get(path);
	if (!c) {
		c = { values: [] };
		g.set(path, c);
	}
	return c;
}

function buildSort(def: ObjDef, path: string, dir: string, order: number, ctx: RequestContext): SortSpec {
	const d = dir.toLowerCase();
	if (d !== 'asc' && d !== 'desc' && d !== 'ciasc' && d !== 'cidesc') {
		throw illegalArgument(`Invalid sort direction "${dir}" for ${path}; use asc, desc, ciasc or cidesc`);
	}
	return { path: resolvePath(def, path, ctx), dir: d, order };
}

function buildAgg(def: ObjDef, path: string, fn: string, ctx: RequestContext): AggSpec {
	const f = fn.toLowerCase();
	if (!AGG_FUNCS.has(f)) throw illegalArgument(`Unknown aggregate function "${fn}" for ${path}; valid: ${[...AGG_FUNCS].join(', ')}`);
	return { path: resolvePath(def, path, ctx), fn: f };
}

// ---------- paths ----------

function kindOf(f: FieldDef): Kind {
	if (f.type === 'int' || f.type === 'double' || f.type === 'currency') return 'number';
	if (f.type === 'boolean') return 'boolean';
	if (f.type === 'date' || f.type === 'dateTime') return 'date';
	return 'string';
}

/** Resolve `project:owner:name`, `DE:Field`, `assignments:assignedToID`… into a typed multi-value getter. */
export function resolvePath(def: ObjDef, path: string, ctx: RequestContext): PathInfo {
	const segs = splitPath(path);
	const steps: ((recs: Rec[]) => Rec[])[] = [];
	let cur = def;
	for (const seg of segs.slice(0, -1)) {
		const r = cur.references[seg];
		const c = cur.collections[seg];
		if (r) {
			steps.push((recs) => follow(recs, r.idField, r.objCode, ctx));
			cur = objByCode(r.objCode)!;
		} else if (c) {
			steps.push((recs) => recs.flatMap((x) => ctx.collection(c.objCode, c.foreignKey, x.ID as string)));
			cur = objByCode(c.objCode)!;
		} else throw unknownField(ctx.apiVersion, seg, cur.name);
	}
	const last = segs[segs.length - 1];
	const { kind, read } = leafReader(cur, last, ctx);
	if (steps.length === 0) return { path, kind, get: (rec) => read(rec) };
	return {
		path,
		kind,
		get: (rec) => {
			let recs = [rec];
			for (const s of steps) recs = s(recs);
			return recs.length ? recs.flatMap(read) : [null];
		},
	};
}

function follow(recs: Rec[], idField: string, objCode: string, ctx: RequestContext): Rec[] {
	const out: Rec[] = [];
	for (const r of recs) {
		const id = r[idField];
		const t = typeof id === 'string' ? ctx.store.get(objCode, id) : undefined;
		if (t) out.push(t);
	}
	return out;
}

function leafReader(def: ObjDef, name: string, ctx: RequestContext): { kind: Kind; read: (r: Rec) => unknown[] } {
	if (name.startsWith('DE:') && def.customData) {
		const p = findParam(ctx.store, name.slice(3));
		if (!p) throw unknownField(ctx.apiVersion, name, def.name);
		const kind: Kind = p.dataType === 'NMBR' || p.dataType === 'CURC' ? 'number' : p.dataType === 'DATE' ? 'date' : 'string';
		return { kind, read: (r) => (Array.isArray(r[name]) ? ((r[name] as unknown[]).length ? (r[name] as unknown[]) : [null]) : [r[name] ?? null]) };
	}
	const f = def.fields[name];
	if (!f && name !== 'objCode') throw unknownField(ctx.apiVersion, name, def.name);
	return { kind: f ? kindOf(f) : 'string', read: (r) => [r[name] ?? null] };
}

// ---------- values ----------

function resolveUserWildcard(v: string, ctx: RequestContext): string {
	const m = /^\$\$USER(?:\.(\w+))?$/.exec(v.trim());
	if (m) {
		const field = m[1] ?? 'ID';
		const user = ctx.store.get('USER', ctx.userId);
		const val = field === 'ID' ? ctx.userId : user?.[field];
		return val == null ? '' : String(val);
	}
	if (/^\$\$CUSTOMER(?:\.ID)?$/.test(v.trim())) return ctx.store.customerId;
	return v;
}

function toScalar(kind: Kind, raw: unknown, now: number): Scalar {
	if (raw === null || raw === undefined) return null;
	switch (kind) {
		case 'number': {
			const n = typeof raw === 'number' ? raw : Number(raw);
			return Number.isFinite(n) ? n : null;
		}
		case 'date':
			return parseDateInput(raw, now);
		case 'boolean':
			return raw === true || raw === 'true';
		default:
			return String(raw);
	}
}

function filterValue(kind: Kind, raw: string, path: string, ctx: RequestContext): Scalar {
	const v = resolveUserWildcard(raw, ctx);
	if (v === 'null') return null;
	const s = toScalar(kind, v, ctx.now);
	if (s === null && kind !== 'string') throw illegalArgument(`Invalid ${kind} value "${raw}" for ${path}`);
	return s;
}

function likeRegex(pattern: string, ci: boolean): RegExp {
	const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
	return new RegExp(`^${body}$`, ci ? 'is' : 's');
}

function soundex(s: string): string {
	const codes: Record<string, string> = { b: '1', f: '1', p: '1', v: '1', c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2', d: '3', t: '3', l: '4', m: '5', n: '5', r: '6' };
	const w = s.toLowerCase().replace(/[^a-z]/g, '');
	if (!w) return '';
	let out = w[0].toUpperCase();
	let prev = codes[w[0]] ?? '';
	for (const ch of w.slice(1)) {
		const c = codes[ch] ?? '';
		if (c && c !== prev) out += c;
		if (ch !== 'h' && ch !== 'w') prev = c;
	}
	return (out + '000').slice(0, 4);
}

type ScalarTest = (v: Scalar) => boolean;

function scalarTest(mod: string, vals: Scalar[], range: Scalar): ScalarTest {
	const ci = mod.startsWith('ci');
	const text = (v: Scalar): string => (ci ? String(v).toLowerCase() : String(v));
	const strs = vals.map((x) => (x === null ? '' : ci ? String(x).toLowerCase() : String(x)));
	const first = vals[0] ?? null;
	const eq = (v: Scalar, x: Scalar): boolean => (ci && typeof v === 'string' && typeof x === 'string' ? v.toLowerCase() === x.toLowerCase() : v === x);
	const cmp = (v: Scalar, x: Scalar): number => ((v as number | string) < (x as number | string) ? -1 : (v as number | string) > (x as number | string) ? 1 : 0);
	switch (mod) {
		case 'eq':
		case 'cieq':
		case 'exacttime':
			return vals.length > 1 ? (v) => v !== null && vals.some((x) => eq(v, x)) : (v) => (first === null ? v === null : v !== null && eq(v, first));
		case 'ne':
		case 'cine':
			return (v) => v === null || !eq(v, first);
		case 'nee':
			return (v) => v !== null && !eq(v, first);
		case 'lt':
			return (v) => v !== null && first !== null && cmp(v, first) < 0;
		case 'lte':
			return (v) => v !== null && first !== null && cmp(v, first) <= 0;
		case 'gt':
			return (v) => v !== null && first !== null && cmp(v, first) > 0;
		case 'gte':
			return (v) => v !== null && first !== null && cmp(v, first) >= 0;
		case 'contains':
		case 'cicontains':
			return (v) => v !== null && text(v).includes(strs[0]);
		case 'notcontains':
		case 'cinotcontains':
			return (v) => v === null || !text(v).includes(strs[0]);
		case 'cicontainsany':
			return (v) => v !== null && strs.some((x) => text(v).includes(x));
		case 'cicontainsall':
			return (v) => v !== null && strs.every((x) => text(v).includes(x));
		case 'cinotcontainsany':
			return (v) => v === null || !strs.some((x) => text(v).includes(x));
		case 'cinotcontainsall':
			return (v) => v === null || !strs.every((x) => text(v).includes(x));
		case 'like':
		case 'cilike': {
			const re = likeRegex(String(first ?? ''), ci);
			return (v) => v !== null && re.test(String(v));
		}
		case 'startswith':
			return (v) => v !== null && String(v).startsWith(String(first ?? ''));
		case 'soundex': {
			const target = soundex(String(first ?? ''));
			return (v) => v !== null && soundex(String(v)) === target;
		}
		case 'between':
		case 'cibetween':
		case 'notbetween':
		case 'cinotbetween': {
			const lo = ci && typeof first === 'string' ? first.toLowerCase() : first;
			const hi = ci && typeof range === 'string' ? range.toLowerCase() : range;
			const inside = (v: Scalar): boolean => {
				const x = ci && typeof v === 'string' ? v.toLowerCase() : v;
				return x !== null && lo !== null && hi !== null && cmp(x, lo) >= 0 && cmp(x, hi) <= 0;
			};
			return mod.includes('not') ? (v) => !inside(v) : inside;
		}
		case 'in':
		case 'ciin':
			return (v) => v !== null && vals.some((x) => eq(v, x));
		case 'notin':
		case 'cinotin':
			return (v) => v === null || !vals.some((x) => eq(v, x));
		case 'isnull':
			return (v) => v === null;
		case 'notnull':
			return (v) => v !== null;
		case 'isblank':
			return (v) => v === null || v === '';
		case 'notblank':
			return (v) => v !== null && v !== '';
		case 'length_lt':
			return (v) => v !== null && String(v).length < Number(first);
		case 'length_eq':
			return (v) => v !== null && String(v).length === Number(first);
		case 'length_gt':
			return (v) => v !== null && String(v).length > Number(first);
		case 'bitwiseand':
			return (v) => v !== null && (Number(v) & Number(first)) !== 0;
		case 'bitwiseor':
			return (v) => v !== null && (Number(v) | Number(first)) !== 0;
		case 'bitwisenand':
			return (v) => v !== null && (Number(v) & Number(first)) === 0;
		default:
			return () => false;
	}
}

function buildCondition(def: ObjDef, path: string, raw: RawCond, ctx: RequestContext): Condition | null {
	const info = resolvePath(def, path, ctx);
	let mod = (raw.mod ?? (raw.values.length > 1 ? 'in' : 'eq')).toLowerCase();
	if (!KNOWN_MODS.has(mod)) throw illegalArgument(`Unknown search modifier "${raw.mod}" for field ${path}`);
	if (raw.values.length === 0 && !NULL_MODS.has(mod)) return null;
	let values = raw.values;
	if (LIST_MODS.has(mod) && values.length === 1) values = values[0].split(',');
	// `between` may also carry both ends in the value list.
	let rangeRaw = raw.range;
	if ((mod.endsWith('between')) && rangeRaw === undefined && values.length > 1) rangeRaw = values[1];
	const textual = mod.includes('contains') || mod === 'like' || mod === 'cilike' || mod === 'startswith' || mod === 'soundex' || mod.startsWith('length_');
	const kind: Kind = textual ? 'string' : info.kind;
	const vals = NULL_MODS.has(mod) ? [] : values.map((v) => filterValue(kind, v, path, ctx));
	const range = rangeRaw === undefined ? null : filterValue(kind, rangeRaw, path, ctx);
	if (mod === 'cieq' && kind !== 'string') mod = 'eq';
	const test = scalarTest(mod, vals, range);
	const toS = (v: unknown): Scalar => (textual ? (v === null || v === undefined ? null : String(v)) : toScalar(info.kind, v, ctx.now));
	const signature = JSON.stringify([path, mod, vals, range]);
	if (mod === 'allof') {
		const wanted = vals.map((x) => String(x));
		return { path: info, mod, signature, test: (rec) => { const have = new Set(info.get(rec).map((v) => String(v))); return wanted.every((w) => have.has(w)); } };
	}
	const every = NEGATIVE_MODS.has(mod) || mod === 'isnull' || mod === 'isblank';
	return {
		path: info,
		mod,
		signature,
		test: every ? (rec) => info.get(rec).every((v) => test(toS(v))) : (rec) => info.get(rec).some((v) => test(toS(v))),
	};
}

/**
 * Workfront's OR statements (api-basics, "Using OR statements"): the plain filters are the first alternative and
 * each `OR:<n>:` group another one; filters inside an alternative are ANDed, alternatives are ORed ("filters are
 * not implied across OR statement levels"). Without OR groups the plain filters alone decide.
 */
export function matches(q: Query, rec: Rec): boolean {
	const plain = q.and.every((c) => c.test(rec));
	if (q.or.length === 0) return plain;
	if (plain && q.and.length > 0) return true;
	return q.or.some((group) => group.every((c) => c.test(rec)));
}

// ---------- sorting ----------

function sortKey(spec: SortSpec, rec: Rec, now: number): Scalar {
	const v = spec.path.get(rec)[0];
	const s = toScalar(spec.path.kind, v, now);
	return spec.dir.startsWith('ci') && typeof s === 'string' ? s.toLowerCase() : s;
}

function compareKeys(x: Scalar, y: Scalar, desc: boolean): number {
	if (x === y) return 0;
	if (x === null) return desc ? -1 : 1;
	if (y === null) return desc ? 1 : -1;
	const c = x < y ? -1 : 1;
	return desc ? -c : c;
}

/** Sort a copy of `rows` by the specs (Oracle-like: NULLs last ascending, first descending; ties keep insertion order). */
export function sortRows(rows: Rec[], specs: SortSpec[], now: number): Rec[] {
	const columns = specs.map((s) => rows.map((r) => sortKey(s, r, now)));
	const desc = specs.map((s) => s.dir.endsWith('desc'));
	const idx = new Array<number>(rows.length);
	for (let i = 0; i < idx.length; i++) idx[i] = i;
	idx.sort((a, b) => {
		for (let i = 0; i < columns.length; i++) {
			const c = compareKeys(columns[i][a], columns[i][b], desc[i]);
			if (c !== 0) return c;
		}
		return a - b;
	});
	return idx.map((i) => rows[i]);
}
