/** Create, update and delete with Workfront-like validation (types, enums, required fields, references, custom data). */
import type { RequestContext } from './context';
import { attachedCategoryIds, checkCategory, coerceDEValue, findParam, formsContainParam } from './customdata';
import { formatDate, formatDateTime, parseDateInput } from './dates';
import { ApiError, CLASS, invalid, notFound, unknownField, unsupported } from './errors';
import { objByCode, type FieldDef, type ObjDef } from './schema';
import type { Rec } from './types';

interface SplitInput {
	direct: Rec;
	de: Map<string, unknown>;
	/** Replacement list of attached form IDs (`objectCategories`), if given. */
	categories?: string[];
}

function isPlainObject(v: unknown): v is Rec {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------- input parsing and coercion ----------

function coerce(def: ObjDef, f: FieldDef, value: unknown, now: number): unknown {
	if (value === null) return null;
	const bad = (expected: string): ApiError => invalid(`Invalid value ${JSON.stringify(value)} for ${f.name} (${def.name}): expected ${expected}`);
	if (typeof value === 'object') throw bad(f.type === 'string' ? 'a string' : `a ${f.type}`);
	let out: unknown;
	switch (f.type) {
		case 'int': {
			const n = typeof value === 'number' ? value : Number(String(value).trim());
			if (!Number.isInteger(n) || String(value).trim() === '') throw bad('an integer');
			out = n;
			break;
		}
		case 'double':
		case 'currency': {
			const n = typeof value === 'number' ? value : Number(String(value).trim());
			if (!Number.isFinite(n) || String(value).trim() === '') throw bad('a number');
			out = n;
			break;
		}
		case 'boolean':
			if (value === true || value === 'true') out = true;
			else if (value === false || value === 'false') out = false;
			else throw bad('true or false');
			break;
		case 'date':
		case 'dateTime': {
			if (value === '') return null;
			const ms = parseDateInput(value, now);
			if (ms === null) throw bad('a date such as 2026-03-02T09:00:00:000-0000 or 2026-03-02');
			out = f.type === 'date' ? formatDate(ms) : formatDateTime(ms);
			break;
		}
		default:
			out = String(value);
	}
	if (f.options && !f.options.some(([v]) => v === out)) {
		throw invalid(`Invalid value ${JSON.stringify(value)} for ${f.name} (${def.name}): valid values are ${f.options.map(([v]) => v).join(', ')}`);
	}
	return out;
}

function splitInput(def: ObjDef, input: unknown, ctx: RequestContext): SplitInput {
	if (!isPlainObject(input)) throw invalid(`The updates for a ${def.name} must be a JSON object`);
	const out: SplitInput = { direct: {}, de: new Map() };
	for (const [k, v] of Object.entries(input)) {
		if (k === 'ID' || k === 'objCode') continue;
		if (k.startsWith('DE:') && def.customData) out.de.set(k.slice(3), v);
		else if (k === 'parameterValues' && def.customData) {
			if (!isPlainObject(v)) throw invalid(`parameterValues (${def.name}) must be an object of "DE:<name>": value`);
			for (const [pk, pv] of Object.entries(v)) out.de.set(pk.startsWith('DE:') ? pk.slice(3) : pk, pv);
		} else if (k === 'objectCategories' && def.customData) out.categories = categoryList(def, v);
		else if (def.fields[k]) {
			if (def.fields[k].readOnly) throw invalid(`${k} (${def.name}) is read-only and cannot be set`);
			out.direct[k] = coerce(def, def.fields[k], v, ctx.now);
		} else if (def.references[k] || def.collections[k]) {
			const idField = def.references[k]?.idField;
			throw invalid(`${k} (${def.name}) cannot be written this way${idField ? `; set ${idField} instead` : ''}`);
		} else throw unknownField(ctx.apiVersion, k, def.name);
	}
	return out;
}

function categoryList(def: ObjDef, v: unknown): string[] {
	if (!Array.isArray(v)) throw invalid(`objectCategories (${def.name}) must be an array of {"categoryID": "<ID>"}`);
	return v.map((item) => {
		const id = isPlainObject(item) ? item.categoryID : item;
		if (typeof id !== 'string') throw invalid(`objectCategories (${def.name}): each element needs a categoryID`);
		return id;
	});
}

// ---------- checks ----------

function checkReferences(def: ObjDef, direct: Rec, ctx: RequestContext): void {
	for (const r of Object.values(def.references)) {
		const id = direct[r.idField];
		if (id === undefined || id === null) continue;
		if (!ctx.store.get(r.objCode, String(id))) {
			throw invalid(`${r.idField} (${def.name}): there is no ${objByCode(r.objCode)?.name ?? r.objCode} with ID ${String(id)}`);
		}
	}
}

function checkRequired(def: ObjDef, rec: Rec): void {
	const missing = Object.values(def.fields)
		.filter((f) => f.required && (rec[f.name] === undefined || rec[f.name] === null || rec[f.name] === ''))
		.map((f) => f.name);
	if (missing.length) throw invalid(`Missing required field(s) for ${def.name}: ${missing.join(', ')}`);
	for (const group of def.requiredOneOf) {
		if (!group.some((k) => rec[k] !== undefined && rec[k] !== null)) {
			throw invalid(`A ${def.name} needs one of: ${group.join(', ')}`);
		}
	}
}

function checkUnique(def: ObjDef, rec: Rec, ctx: RequestContext): void {
	for (const f of Object.values(def.fields)) {
		if (!f.unique || rec[f.name] == null) continue;
		const clash = ctx.store.all(def.objCode).find((r) => r[f.name] === rec[f.name] && r.ID !== rec.ID);
		if (clash) throw invalid(`${f.name} (${def.name}) must be unique; "${String(rec[f.name])}" is already used by ${String(clash.ID)}`);
	}
}

/** The record a NOTE/DOCU is attached to, checked to exist; fills projectID/taskID/opTaskID/documentID. */
function deriveTarget(def: ObjDef, rec: Rec, codeField: string, ctx: RequestContext): void {
	const code = rec[codeField];
	const objID = rec.objID;
	if (typeof code !== 'string' || typeof objID !== 'string') return;
	const target = ctx.store.get(code, objID);
	if (!target) throw invalid(`objID (${def.name}): there is no ${objByCode(code)?.name ?? code} with ID ${objID}`);
	const fill = (field: string, value: unknown): void => {
		if (def.fields[field]) rec[field] = value ?? null;
	};
	fill('projectID', code === 'PROJ' ? objID : target.projectID);
	fill('taskID', code === 'TASK' ? objID : null);
	fill('opTaskID', code === 'OPTASK' ? objID : null);
	fill('documentID', code === 'DOCU' ? objID : null);
}

function nextNumber(ctx: RequestContext, objCode: string, field: string, scope?: [string, unknown]): number {
	let max = 0;
	for (const r of ctx.store.all(objCode)) {
		if (scope && r[scope[0]] !== scope[1]) continue;
		const n = r[field];
		if (typeof n === 'number' && n > max) max = n;
	}
	return max + 1;
}

const HOUR_MS = 3_600_000;

/** Workfront always schedules work: planned dates default to the project's start (or today 09:00) and one day. */
function defaultSchedule(rec: Rec, project: Rec | undefined | null, ctx: RequestContext): void {
	if (rec.plannedStartDate == null) {
		const fromProject = typeof project?.plannedStartDate === 'string' ? project.plannedStartDate : null;
		rec.plannedStartDate = fromProject ?? formatDateTime(Math.floor(ctx.now / 86_400_000) * 86_400_000 + 9 * HOUR_MS);
	}
	if (rec.plannedCompletionDate == null) {
		const start = parseDateInput(rec.plannedStartDate, ctx.now) ?? ctx.now;
		rec.plannedCompletionDate = formatDateTime(start + 8 * HOUR_MS);
	}
}

/** Type-specific derived fields, run after the input is merged into the record. */
function derive(def: ObjDef, rec: Rec, creating: boolean, ctx: RequestContext): void {
	const store = ctx.store;
	switch (def.objCode) {
		case 'USER':
			rec.name = `${String(rec.firstName ?? '')} ${String(rec.lastName ?? '')}`.trim();
			if (rec.username == null) rec.username = rec.emailAddr;
			if (creating) rec.customerID = store.customerId;
			break;
		case 'PROJ':
			if (creating) rec.referenceNumber = nextNumber(ctx, def.objCode, 'referenceNumber');
			defaultSchedule(rec, null, ctx);
			break;
		case 'OPTASK':
			if (creating) rec.referenceNumber = nextNumber(ctx, def.objCode, 'referenceNumber');
			break;
		case 'TASK':
			if (creating) rec.taskNumber = nextNumber(ctx, 'TASK', 'taskNumber', ['projectID', rec.projectID]);
			defaultSchedule(rec, typeof rec.projectID === 'string' ? store.get('PROJ', rec.projectID) : undefined, ctx);
			if (typeof rec.parentID === 'string' && store.get('TASK', rec.parentID)?.projectID !== rec.projectID) {
				throw invalid(`parentID (Task): the parent task belongs to another project`);
			}
			break;
		case 'HOUR': {
			const work = (typeof rec.taskID === 'string' && store.get('TASK', rec.taskID)) || (typeof rec.opTaskID === 'string' && store.get('OPTASK', rec.opTaskID));
			if (work) rec.projectID = work.projectID;
			if (rec.ownerID == null) rec.ownerID = ctx.userId;
			if (rec.entryDate == null) rec.entryDate = formatDate(ctx.now);
			break;
		}
		case 'ASSGN': {
			const work = (typeof rec.taskID === 'string' && store.get('TASK', rec.taskID)) || (typeof rec.opTaskID === 'string' && store.get('OPTASK', rec.opTaskID));
			if (work) rec.projectID = work.projectID;
			break;
		}
		case 'NOTE':
			deriveTarget(def, rec, 'noteObjCode', ctx);
			if (rec.ownerID == null) rec.ownerID = ctx.userId;
			break;
		case 'DOCU':
			deriveTarget(def, rec, 'docObjCode', ctx);
			if (rec.ownerID == null) rec.ownerID = ctx.userId;
			rec.downloadURL = `/document/download?ID=${String(rec.ID)}`;
			break;
	}
	if ((def.objCode === 'TASK' || def.objCode === 'OPTASK') && rec.status === 'CPL') {
		rec.percentComplete = 100;
		if (rec.actualCompletionDate == null) rec.actualCompletionDate = formatDateTime(ctx.now);
	}
}

// ---------- custom data ----------

function applyCustomData(def: ObjDef, rec: Rec, input: SplitInput, existing: string[], ctx: RequestContext): string[] | undefined {
	if (!def.customData) return undefined;
	let categories = input.categories ?? existing;
	for (const id of categories) checkCategory(ctx.store, def, id);
	if (typeof input.direct.categoryID === 'string') {
		checkCategory(ctx.store, def, input.direct.categoryID);
		if (!categories.includes(input.direct.categoryID)) categories = [input.direct.categoryID, ...categories];
	}
	if (input.categories) rec.categoryID = categories[0] ?? null;
	for (const [name, value] of input.de) {
		const p = findParam(ctx.store, name);
		if (!p) throw unknownField(ctx.apiVersion, `DE:${name}`, def.name);
		const stored = coerceDEValue(p, value, ctx.now);
		if (stored === undefined) {
			delete rec[`DE:${name}`];
			continue;
		}
		if (!formsContainParam(ctx.store, categories, p.id)) {
			throw invalid(
				`Custom field DE:${name} is not on a custom form attached to this ${def.name}. ` +
					`Attach a custom form that contains it first (set categoryID or objectCategories in the same request).`,
			);
		}
		rec[`DE:${name}`] = stored;
	}
	return categories;
}

function syncObjectCategories(def: ObjDef, id: string, categories: string[] | undefined, ctx: RequestContext): void {
	if (!categories) return;
	const store = ctx.store;
	const current = store.all('OBJCAT').filter((o) => o.objID === id);
	for (const o of current) if (!categories.includes(o.categoryID as string)) store.remove('OBJCAT', o.ID as string);
	categories.forEach((categoryID, i) => {
		const have = current.find((o) => o.categoryID === categoryID);
		if (have) store.update('OBJCAT', have.ID as string, { categoryOrder: i });
		else store.insert('OBJCAT', { objID: id, objObjCode: def.objCode, categoryID, categoryOrder: i });
	});
}

// ---------- operations ----------

function assertWritable(def: ObjDef): void {
	if (def.readOnly) throw unsupported(`${def.name} objects are read-only`);
}

export function createRecord(def: ObjDef, input: unknown, ctx: RequestContext): Rec {
	assertWritable(def);
	const split = splitInput(def, input, ctx);
	const rec: Rec = {};
	for (const f of Object.values(def.fields)) if (f.defaultValue !== undefined) rec[f.name] = f.defaultValue;
	Object.assign(rec, split.direct);
	rec.ID = ctx.store.newId();
	checkReferences(def, split.direct, ctx);
	const categories = applyCustomData(def, rec, split, [], ctx);
	derive(def, rec, true, ctx);
	checkRequired(def, rec);
	checkUnique(def, rec, ctx);
	const stamp = formatDateTime(ctx.store.clock.now());
	if (def.fields.entryDate?.type === 'dateTime') rec.entryDate = stamp;
	if (def.fields.lastUpdateDate) rec.lastUpdateDate = stamp;
	if (def.fields.enteredByID) rec.enteredByID = ctx.userId;
	if (def.fields.lastUpdatedByID) rec.lastUpdatedByID = ctx.userId;
	const saved = ctx.store.insert(def.objCode, rec);
	syncObjectCategories(def, saved.ID as string, categories, ctx);
	ctx.store.notify({ eventType: 'CREATE', objCode: def.objCode, newState: saved, userId: ctx.userId });
	return saved;
}

export function updateRecord(def: ObjDef, id: string, input: unknown, ctx: RequestContext): Rec {
	assertWritable(def);
	const current = ctx.store.get(def.objCode, id);
	if (!current) throw notFound(`${def.name} with ID ${id} was not found`);
	const oldState = ctx.store.onChange ? structuredClone(current) : undefined;
	const split = splitInput(def, input, ctx);
	const next: Rec = { ...current, ...split.direct };
	checkReferences(def, split.direct, ctx);
	const before = def.customData ? attachedCategoryIds(ctx.store, current) : [];
	const categories = applyCustomData(def, next, split, before, ctx);
	derive(def, next, false, ctx);
	checkRequired(def, next);
	checkUnique(def, next, ctx);
	if (def.fields.lastUpdateDate) next.lastUpdateDate = formatDateTime(ctx.store.clock.now());
	if (def.fields.lastUpdatedByID) next.lastUpdatedByID = ctx.userId;
	const patch: Rec = { ...next };
	for (const k of Object.keys(current)) if (!(k in next)) patch[k] = undefined;
	const saved = ctx.store.update(def.objCode, id, patch)!;
	if (split.categories || typeof split.direct.categoryID === 'string') syncObjectCategories(def, id, categories, ctx);
	ctx.store.notify({ eventType: 'UPDATE', objCode: def.objCode, newState: saved, oldState, userId: ctx.userId });
	return saved;
}

function describeDependents(counts: [string, number][]): string {
	return counts.map(([code, n]) => `${n} ${(objByCode(code)?.pluralLabel ?? code).toLowerCase()}`).join(', ');
}

/** Delete a record; dependants need force=true where Workfront requires it, and are removed with it. */
export function deleteRecord(def: ObjDef, id: string, force: boolean, ctx: RequestContext): void {
	assertWritable(def);
	const rec = ctx.store.get(def.objCode, id);
	if (!rec) throw notFound(`${def.name} with ID ${id} was not found`);
	if (!force) {
		const blocking: [string, number][] = def.dependents
			.filter((d) => d.needsForce)
			.map((d): [string, number] => [d.objCode, ctx.store.all(d.objCode).filter((r) => r[d.foreignKey] === id).length])
			.filter(([, n]) => n > 0);
		if (blocking.length) {
			throw new ApiError(
				422,
				CLASS.validation,
				`Cannot delete ${def.name} "${String(rec.name ?? id)}": it still has ${describeDependents(blocking)}. ` +
					`Delete with force=true to remove it together with everything that belongs to it.`,
			);
		}
	}
	cascadeDelete(def, id, ctx);
}

function cascadeDelete(def: ObjDef, id: string, ctx: RequestContext): void {
	const store = ctx.store;
	const rec = store.get(def.objCode, id);
	if (!rec) return;
	store.remove(def.objCode, id);
	store.notify({ eventType: 'DELETE', objCode: def.objCode, oldState: rec, userId: ctx.userId });
	for (const d of def.dependents) {
		const childDef = objByCode(d.objCode)!;
		for (const child of store.all(d.objCode).filter((r) => r[d.foreignKey] === id)) cascadeDelete(childDef, child.ID as string, ctx);
	}
	for (const o of store.all('OBJCAT').filter((r) => r.objID === id)) store.remove('OBJCAT', o.ID as string);
	for (const n of store.all('NOTE').filter((r) => r.objID === id)) store.remove('NOTE', n.ID as string);
}
