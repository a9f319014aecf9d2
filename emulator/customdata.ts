/** Custom forms (CTGY), custom fields (PARAM), their link (CATP) and attachments (OBJCAT). */
import { formatDateTime, parseDateInput } from './dates';
import { invalid } from './errors';
import { MULTI_VALUE_DISPLAY_TYPES, OPTION_DISPLAY_TYPES, type ObjDef } from './schema';
import type { Store } from './store';
import type { Rec } from './types';

export interface ParamInfo {
	id: string;
	/** Field name without the `DE:` prefix. */
	name: string;
	displayType: string;
	dataType: string;
	multi: boolean;
	options: string[] | null;
}

export function deName(key: string): string | null {
	return key.startsWith('DE:') ? key.slice(3) : null;
}

export function findParam(store: Store, name: string): ParamInfo | undefined {
	const p = store.all('PARAM').find((r) => r.name === name);
	if (!p) return undefined;
	const displayType = String(p.displayType ?? 'TEXT');
	const options = OPTION_DISPLAY_TYPES.has(displayType)
		? store
				.all('POPT')
				.filter((o) => o.parameterID === p.ID)
				.map((o) => String(o.value))
		: null;
	return { id: p.ID as string, name, displayType, dataType: String(p.dataType ?? 'TEXT'), multi: MULTI_VALUE_DISPLAY_TYPES.has(displayType), options };
}

/** IDs of the custom forms attached to a record (OBJCAT rows plus its categoryID). */
export function attachedCategoryIds(store: Store, rec: Rec): string[] {
	const ids = store
		.all('OBJCAT')
		.filter((o) => o.objID === rec.ID)
		.map((o) => o.categoryID as string);
	if (typeof rec.categoryID === 'string' && !ids.includes(rec.categoryID)) ids.unshift(rec.categoryID);
	return ids;
}

/** Is the PARAM on one of these forms? */
export function formsContainParam(store: Store, categoryIds: string[], paramId: string): boolean {
	const set = new Set(categoryIds);
	return store.all('CATP').some((c) => c.parameterID === paramId && set.has(c.categoryID as string));
}

/** Validate a form ID for an object type; returns the CTGY record. */
export function checkCategory(store: Store, def: ObjDef, categoryId: unknown): Rec {
	const cat = typeof categoryId === 'string' ? store.get('CTGY', categoryId) : undefined;
	if (!cat) throw invalid(`categoryID (${def.name}): no custom form with ID ${String(categoryId)}`);
	if (cat.catObjCode !== def.objCode) {
		throw invalid(`Custom form "${String(cat.name)}" is for ${String(cat.catObjCode)} objects and cannot be attached to a ${def.name}`);
	}
	return cat;
}

/** Coerce a custom field value for storage; `undefined` means "clear". */
export function coerceDEValue(p: ParamInfo, value: unknown, now: number): unknown {
	if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
	if (p.multi) {
		const list = (Array.isArray(value) ? value : [value]).map((v) => String(v));
		for (const v of list) checkOption(p, v);
		return list;
	}
	if (Array.isArray(value)) throw invalid(`DE:${p.name} is a single-value custom field; got a list`);
	if (p.dataType === 'NMBR' || p.dataType === 'CURC') {
		const n = typeof value === 'number' ? value : Number(String(value).trim());
		if (!Number.isFinite(n)) throw invalid(`DE:${p.name} must be a number; got ${JSON.stringify(value)}`);
		return n;
	}
	if (p.dataType === 'DATE') {
		const ms = parseDateInput(value, now);
		if (ms === null) throw invalid(`DE:${p.name} must be a date; got ${JSON.stringify(value)}`);
		return formatDateTime(ms);
	}
	const s = String(value);
	checkOption(p, s);
	return s;
}

function checkOption(p: ParamInfo, v: string): void {
	if (p.options && !p.options.includes(v)) {
		throw invalid(`"${v}" is not a valid option for DE:${p.name}; valid options: ${p.options.join(', ')}`);
	}
}

/** All custom values of a record as `{ "DE:Name": value }`. */
export function parameterValues(rec: Rec): Rec {
	const out: Rec = {};
	for (const [k, v] of Object.entries(rec)) if (k.startsWith('DE:')) out[k] = v;
	return out;
}
