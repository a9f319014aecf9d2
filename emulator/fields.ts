/**
 * The `fields` parameter: parse it into a projection tree and shape records with it.
 * Top level: the type's default fields + requested ones. Nested refs/collections: ID, name, objCode + requested.
 */
import type { RequestContext } from './context';
import { findParam, parameterValues } from './customdata';
import { unknownField } from './errors';
import { objByCode, type ObjDef } from './schema';
import type { Rec } from './types';

export interface Projection {
	all: boolean;
	fields: Set<string>;
	nested: Map<string, Projection>;
}

function emptyProjection(): Projection {
	return { all: false, fields: new Set(), nested: new Map() };
}

/** Split `project:owner:name` / `DE:Field Name` / `project:DE:Field` into segments, keeping `DE:x` together. */
export function splitPath(path: string): string[] {
	const raw = path.split(':');
	const out: string[] = [];
	for (let i = 0; i < raw.length; i++) {
		if (raw[i] === 'DE' && i + 1 < raw.length) {
			out.push('DE:' + raw.slice(i + 1).join(':'));
			break;
		}
		out.push(raw[i]);
	}
	return out;
}

/** `fields` values: comma lists (or a JSON array), possibly repeated. */
export function fieldList(values: string[]): string[] {
	const out: string[] = [];
	for (const v of values) {
		const t = v.trim();
		if (t.startsWith('[')) {
			try {
				const arr: unknown = JSON.parse(t);
				if (Array.isArray(arr)) {
					out.push(...arr.map((x) => String(x).trim()).filter(Boolean));
					continue;
				}
			} catch {
				// fall through to the comma form
			}
		}
		out.push(...t.split(',').map((s) => s.trim()).filter(Boolean));
	}
	return out;
}

export function parseProjection(def: ObjDef, fields: string[], ctx: RequestContext): Projection {
	const root = emptyProjection();
	for (const f of fields) addPath(root, def, splitPath(f), f, ctx);
	return root;
}

function addPath(node: Projection, def: ObjDef, segs: string[], full: string, ctx: RequestContext): void {
	const [head, ...rest] = segs;
	if (rest.length === 0) {
		addLeaf(node, def, head, ctx);
		return;
	}
	const target = refTarget(def, head);
	if (!target) throw unknownField(ctx.apiVersion, head, def.name);
	let child = node.nested.get(head);
	if (!child) {
		child = emptyProjection();
		node.nested.set(head, child);
	}
	addPath(child, target, rest, full, ctx);
}

function addLeaf(node: Projection, def: ObjDef, name: string, ctx: RequestContext): void {
	if (name === '*') node.all = true;
	else if (name === 'objCode' || def.fields[name]) node.fields.add(name);
	else if (name.startsWith('DE:') && def.customData) {
		if (!findParam(ctx.store, name.slice(3))) throw unknownField(ctx.apiVersion, name, def.name);
		node.fields.add(name);
	} else if (name === 'parameterValues' && def.customData) node.fields.add(name);
	else if (refTarget(def, name)) {
		if (!node.nested.has(name)) node.nested.set(name, emptyProjection());
	} else throw unknownField(ctx.apiVersion, name, def.name);
}

/** ObjDef a reference or collection named `name` points to. */
export function refTarget(def: ObjDef, name: string): ObjDef | undefined {
	const code = def.references[name]?.objCode ?? def.collections[name]?.objCode;
	return code ? objByCode(code) : undefined;
}

export function projectRecord(rec: Rec, def: ObjDef, proj: Projection | null, ctx: RequestContext, top = true): Rec {
	const own = ctx.defOf(rec, def);
	const typeDef = def.virtual ? def : own;
	const out: Rec = { ID: rec.ID, objCode: rec.objCode ?? typeDef.objCode };
	const base = top ? typeDef.defaultFields : typeDef.fields.name ? ['ID', 'name'] : ['ID'];
	for (const f of base) if (f !== 'objCode') out[f] = valueOf(rec, f);
	if (proj?.all) for (const f of Object.keys(typeDef.fields)) out[f] = valueOf(rec, f);
	if (proj) {
		for (const f of proj.fields) if (f !== 'objCode') out[f] = valueOf(rec, f);
		for (const [name, sub] of proj.nested) out[name] = projectNested(rec, typeDef, name, sub, ctx);
	}
	return out;
}

function valueOf(rec: Rec, field: string): unknown {
	if (field === 'parameterValues') return parameterValues(rec);
	const v = rec[field];
	return v === undefined ? null : v;
}

function projectNested(rec: Rec, def: ObjDef, name: string, sub: Projection, ctx: RequestContext): unknown {
	const r = def.references[name];
	if (r) {
		const id = rec[r.idField];
		const target = typeof id === 'string' ? ctx.store.get(r.objCode, id) : undefined;
		return target ? projectRecord(target, objByCode(r.objCode)!, sub, ctx, false) : null;
	}
	const c = def.collections[name];
	const targetDef = objByCode(c.objCode)!;
	return ctx.collection(c.objCode, c.foreignKey, rec.ID as string).map((x) => projectRecord(x, targetDef, sub, ctx, false));
}

/**
 * A search answer already serialized: the complete `{"data":[{…},…]}` body, which the server writes as is.
 * Anywhere else (e.g. inside a batch) it serializes like the array it stands for.
 */
export class SerializedRows {
	constructor(readonly body: Buffer) {}

	toJSON(): unknown {
		return (JSON.parse(this.body.toString('utf8')) as { data: unknown }).data;
	}
}

/** Each record's last serialized top-level projection (UTF-8), valid while the store's version is unchanged. */
const fragments = new WeakMap<Rec, { key: string; version: number; json: Buffer }>();
const OPEN = Buffer.from('{"data":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/**
 * The records projected and serialized, or undefined when the projection reads other records (references,
 * collections, custom data) and so cannot be cached per record. Paging through a large result projects,
 * stringifies and encodes each row once per store version instead of once per request, and a page is one
 * Buffer.concat: the emulator runs on one thread, and without this its serialization of concurrent 2,000-row pages
 * (several ms each) queued behind one another and dominated any client that pages concurrently, which real
 * Workfront, serving from many hosts, does not do.
 */
export function serializeProjected(rows: Rec[], def: ObjDef, proj: Projection | null, ctx: RequestContext): SerializedRows | undefined {
	if (proj && (proj.nested.size > 0 || [...proj.fields].some((f) => f === 'parameterValues' || f.startsWith('DE:')))) return undefined;
	const key = `${def.objCode}|${proj?.all ? '*' : ''}|${proj ? [...proj.fields].join(',') : ''}`;
	const version = ctx.store.version;
	const parts: Buffer[] = [OPEN];
	let length = OPEN.length + CLOSE.length;
	for (let i = 0; i < rows.length; i++) {
		const rec = rows[i];
		let hit = fragments.get(rec);
		if (!hit || hit.version !== version || hit.key !== key) {
			hit = { key, version, json: Buffer.from(JSON.stringify(projectRecord(rec, def, proj, ctx))) };
			fragments.set(rec, hit);
		}
		if (i > 0) parts.push(COMMA);
		parts.push(hit.json);
		length += hit.json.length + (i > 0 ? 1 : 0);
	}
	parts.push(CLOSE);
	return new SerializedRows(Buffer.concat(parts, length));
}
