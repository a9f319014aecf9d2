/** Routing and handlers of the core API below `/attask/api/v<N>.0/`. Returns the value for the `data` envelope. */
import { handleAction, handleCopy } from './actions';
import { handleBatch } from './batch';
import { RequestContext } from './context';
import { documentCreate, handleUpload } from './documents';
import { illegalArgument, invalid, notFound, unknownAction, unknownQuery, unsupported } from './errors';
import { fieldList, parseProjection, projectRecord, serializeProjected, type Projection } from './fields';
import { objectList, objectMetadata } from './metadata';
import { first, type ParamBag, type ParsedRequest } from './params';
import { objBySegment, type ObjDef } from './schema';
import { count, report, search, type ResultCache } from './search';
import { createRecord, deleteRecord, updateRecord } from './writes';
import type { Rec } from './types';

export const SUPPORTED_VERSIONS = ['16.0', '17.0', '18.0', '19.0', '20.0', '21.0', '22.0'];
export const LATEST_VERSION = '22.0';
export const MAX_BULK = 100;

export interface ApiDeps {
	cache: ResultCache;
	unstableUnsortedPaging: boolean;
	adminUserId: string;
	onWrite: (n: number) => void;
	logout: (sessionID: string) => void;
}

/** Parameters that are never field values of a create/update. */
const NON_FIELD_PARAMS = new Set(['fields', 'method', 'updates', 'atomic', 'force', 'sessionID', 'sessionid', 'apiKey', 'map', 'copySourceID', 'options', 'action', 'id', 'ID', 'callback', 'jsonp']);

const ID_RE = /^[0-9a-f]{32}$/i;

export function handleApi(req: ParsedRequest, segments: string[], ctx: RequestContext, deps: ApiDeps): unknown {
	const [head, second, third, ...rest] = segments;
	if (!head) throw notFound('No object type given; use /attask/api/<version>/<objCode>');
	if (head === 'session' && segments.length === 1) return session(ctx, deps);
	if (head === 'logout' && segments.length === 1) {
		deps.logout(ctx.sessionID);
		return { success: true };
	}
	if (head === 'metadata' && segments.length === 1) return objectList();
	if (head === 'upload' && segments.length === 1) return handleUpload(req, ctx);
	if (head === 'batch' && segments.length === 1) return batch(req, ctx, deps);
	const def = objBySegment(head);
	if (!def) throw notFound(`Unknown object type "${head}": use an objCode (e.g. PROJ, OPTASK) or an object name (e.g. project, issue)`);
	if (rest.length) throw notFound(`Unknown path /${segments.join('/')}`);
	if (second === undefined) return objectRoot(def, req, ctx, deps);
	if (third !== undefined) {
		if (!isId(def, second, ctx)) throw notFound(`${def.name} with ID ${second} was not found`);
		return handleAction(def, second, third, req, ctx, deps.onWrite);
	}
	return objectSub(def, second, req, ctx, deps);
}

function isId(def: ObjDef, s: string, ctx: RequestContext): boolean {
	return ID_RE.test(s) || !!ctx.store.get(def.objCode, s);
}

function session(ctx: RequestContext, deps: ApiDeps): Rec {
	const user = ctx.store.get('USER', ctx.userId);
	const apiVersions: Record<string, string> = {};
	for (const v of SUPPORTED_VERSIONS) apiVersions[`v${v}`] = `/attask/api/v${v}/`;
	return {
		sessionID: ctx.sessionID,
		userID: ctx.userId,
		userCompanyID: user?.companyID ?? null,
		customerID: ctx.store.customerId,
		isAdmin: ctx.userId === deps.adminUserId,
		timeZone: user?.timeZone ?? 'UTC',
		locale: user?.locale ?? 'en_US',
		versionInformation: { currentAPIVersion: LATEST_VERSION, apiVersions },
	};
}

// ---------- /<obj> ----------

function objectRoot(def: ObjDef, req: ParsedRequest, ctx: RequestContext, deps: ApiDeps): unknown {
	const proj = projection(def, req.params, ctx);
	switch (req.method) {
		case 'GET': {
			const ids = idList(req.params.get('id') ?? req.params.get('ID'));
			if (!ids.length) throw illegalArgument(`GET /${def.objCode.toLowerCase()} needs id=<ID>[,<ID>…]; use /${def.objCode.toLowerCase()}/search to search`, 400);
			return shape(ids.map((id) => getOne(def, id, ctx)), def, proj, req.params, ctx);
		}
		case 'POST':
		{
			const copySourceID = first(req.params, 'copySourceID');
			if (copySourceID) return handleCopy(def, copySourceID, req, paramFields(req.params), ctx, proj, deps.onWrite);
			const document = Array.isArray(req.updates) ? undefined : documentCreate(def, { ...paramFields(req.params), ...((req.updates as Rec | undefined) ?? {}) }, ctx, proj);
			if (document) {
				deps.onWrite(1);
				return document;
			}
			return write(def, req, ctx, deps, proj, (item) => createRecord(def, item, ctx));
		}
		case 'PUT': {
			const action = first(req.params, 'action');
			if (action) return handleAction(def, requireId(def, undefined, req.params), action, req, ctx, deps.onWrite);
			return write(def, req, ctx, deps, proj, (item) => updateRecord(def, requireId(def, item, req.params), item, ctx));
		}
		case 'DELETE': {
			const id = first(req.params, 'ID') ?? first(req.params, 'id');
			if (!id) throw illegalArgument(`DELETE /${def.objCode.toLowerCase()} needs an ID`, 400);
			return remove(def, id, req.params, ctx, deps);
		}
		default:
			throw unsupported(`Method ${req.method} is not supported`);
	}
}

function idList(values: string[] | undefined): string[] {
	return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

function requireId(def: ObjDef, item: unknown, params: ParamBag): string {
	const fromItem = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Rec).ID : undefined;
	const id = fromItem ?? first(params, 'ID') ?? first(params, 'id');
	if (typeof id !== 'string' || !id) throw invalid(`Updating a ${def.name} needs its ID (in the path, the ID parameter or each element of updates)`);
	return id;
}

/** Field values given as plain parameters (`?name=X&status=CUR`). */
function paramFields(params: ParamBag): Rec {
	const out: Rec = {};
	for (const [k, v] of params) if (!NON_FIELD_PARAMS.has(k) && !k.startsWith('$$')) out[k] = v.length === 1 ? v[0] : v;
	return out;
}

/** Single or bulk write; `updates` (or the JSON body) may be an array. */
function write(def: ObjDef, req: ParsedRequest, ctx: RequestContext, deps: ApiDeps, proj: Projection | null, op: (item: unknown) => Rec): unknown {
	const fromParams = paramFields(req.params);
	if (Array.isArray(req.updates)) {
		const items = req.updates.map((u) => (typeof u === 'object' && u !== null && !Array.isArray(u) ? { ...fromParams, ...(u as Rec) } : u));
		return bulk(def, items, req.params, ctx, deps, proj, op);
	}
	const updates = req.updates === undefined ? {} : req.updates;
	if (typeof updates !== 'object' || updates === null) throw invalid(`updates must be a JSON object or array`);
	const saved = op({ ...fromParams, ...(updates as Rec) });
	deps.onWrite(1);
	return projectRecord(saved, def, proj, ctx);
}

function bulk(def: ObjDef, items: unknown[], params: ParamBag, ctx: RequestContext, deps: ApiDeps, proj: Projection | null, op: (item: unknown) => Rec): unknown {
	if (items.length > MAX_BULK) {
		throw illegalArgument(`Bulk operations are limited to a maximum of ${MAX_BULK} objects per request; got ${items.length}`);
	}
	if (first(params, 'atomic') === 'true') {
		ctx.store.transaction(() => items.forEach((item) => op(item)));
		deps.onWrite(items.length);
		return { success: true };
	}
	const saved: Rec[] = [];
	for (const item of items) {
		saved.push(op(item));
		deps.onWrite(1);
	}
	return saved.map((r) => projectRecord(r, def, proj, ctx));
}

function remove(def: ObjDef, id: string, params: ParamBag, ctx: RequestContext, deps: ApiDeps): unknown {
	deleteRecord(def, id, first(params, 'force') === 'true', ctx);
	deps.onWrite(1);
	return { success: true };
}

// ---------- /<obj>/<x> ----------

function objectSub(def: ObjDef, sub: string, req: ParsedRequest, ctx: RequestContext, deps: ApiDeps): unknown {
	const op = sub.toLowerCase();
	if (op === 'search' || op === 'count' || op === 'report' || op === 'metadata') {
		if (req.method !== 'GET') throw unsupported(`${req.method} /${def.objCode.toLowerCase()}/${sub} is not supported; send it as GET (or POST with method=GET)`);
		return readOp(def, op, req.params, ctx, deps);
	}
	if (isId(def, sub, ctx)) {
		const proj = projection(def, req.params, ctx);
		switch (req.method) {
			case 'GET':
				return projectRecord(getOne(def, sub, ctx), def, proj, ctx);
			case 'PUT':
				if (Array.isArray(req.updates)) throw invalid(`PUT on one ${def.name} takes a single object; send bulk updates to PUT /${def.objCode.toLowerCase()}`);
				return write(def, req, ctx, deps, proj, (item) => updateRecord(def, sub, item, ctx));
			case 'DELETE':
				return remove(def, sub, req.params, ctx, deps);
			default:
				throw unsupported(`${req.method} on a single ${def.name} is not supported; use PUT to update`);
		}
	}
	if (def.queries.includes(sub) && req.method === 'GET') return namedQuery(def, sub, req.params, ctx);
	const actionId = first(req.params, 'ID') ?? first(req.params, 'id');
	if (req.method === 'PUT' && actionId) return handleAction(def, actionId, sub, req, ctx, deps.onWrite);
	if (req.method === 'PUT') throw unknownAction(ctx.apiVersion, sub, def.name);
	throw unknownQuery(ctx.apiVersion, sub, def.name);
}

/** `POST /batch`: each URI runs as its own call (fresh per-request context); atomic writes count only on commit. */
function batch(req: ParsedRequest, ctx: RequestContext, deps: ApiDeps): unknown {
	const atomic = first(req.params, 'atomic') === 'true';
	let buffered = 0;
	const callDeps: ApiDeps = atomic ? { ...deps, onWrite: (n) => (buffered += n) } : deps;
	const result = handleBatch(req, ctx, (call, segments) =>
		handleApi(call, segments, new RequestContext(ctx.store, ctx.apiVersion, ctx.userId, ctx.sessionID), callDeps),
	);
	if (atomic) deps.onWrite(buffered);
	return result;
}

function readOp(def: ObjDef, op: string, params: ParamBag, ctx: RequestContext, deps: ApiDeps): unknown {
	switch (op) {
		case 'search': {
			const proj = projection(def, params, ctx);
			const rows = search(def, params, ctx, { cache: deps.cache, unstableUnsortedPaging: deps.unstableUnsortedPaging });
			// Plain pages are serialized per record once per store version (see serializeProjected).
			const serialized = first(params, 'map') === 'true' ? undefined : serializeProjected(rows, def, proj, ctx);
			return serialized ?? shape(rows, def, proj, params, ctx);
		}
		case 'count':
			return { count: count(def, params, ctx, deps.cache) };
		case 'report':
			return report(def, params, ctx, deps.cache);
		default:
			return objectMetadata(def);
	}
}

function namedQuery(def: ObjDef, name: string, params: ParamBag, ctx: RequestContext): unknown {
	const proj = projection(def, params, ctx);
	if (def.objCode === 'WORK' && name === 'myWork') {
		const mine = new Set<string>();
		for (const a of ctx.store.all('ASSGN')) {
			if (a.assignedToID !== ctx.userId) continue;
			if (typeof a.taskID === 'string') mine.add(a.taskID);
			if (typeof a.opTaskID === 'string') mine.add(a.opTaskID);
		}
		const rows = ctx.rowsOf(def).filter((r) => r.status !== 'CPL' && (r.assignedToID === ctx.userId || mine.has(r.ID as string)));
		return shape(rows, def, proj, params, ctx);
	}
	throw unknownQuery(ctx.apiVersion, name, def.name);
}

// ---------- helpers ----------

function getOne(def: ObjDef, id: string, ctx: RequestContext): Rec {
	const rec = def.virtual ? ctx.rowsOf(def).find((r) => r.ID === id) : ctx.store.get(def.objCode, id);
	if (!rec) throw notFound(`${def.name} with ID ${id} was not found`);
	return rec;
}

function projection(def: ObjDef, params: ParamBag, ctx: RequestContext): Projection | null {
	const values = params.get('fields');
	return values ? parseProjection(def, fieldList(values), ctx) : null;
}

/** Array of projected records, or an object keyed by ID with `map=true`. */
function shape(rows: Rec[], def: ObjDef, proj: Projection | null, params: ParamBag, ctx: RequestContext): unknown {
	const out = rows.map((r) => projectRecord(r, def, proj, ctx));
	if (first(params, 'map') !== 'true') return out;
	const map: Rec = {};
	for (const r of out) map[r.ID as string] = r;
	return map;
}

