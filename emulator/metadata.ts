/** `GET /metadata` and `GET /<obj>/metadata`. */
import { allObjects, objByCode, type FieldDef, type ObjDef } from './schema';

function fieldFlags(f: FieldDef): string[] {
	const flags = [f.readOnly ? 'READ_ONLY' : 'EDITABLE'];
	if (f.required) flags.push('REQUIRED');
	flags.push('FILTERABLE', 'SORTABLE', f.groupable === false ? 'NOT_GROUPABLE' : 'GROUPABLE');
	if (f.type === 'currency') flags.push('CURRENCY');
	return flags;
}

function fieldMeta(f: FieldDef): Record<string, unknown> {
	const out: Record<string, unknown> = { label: f.label, fieldType: f.type, flags: fieldFlags(f) };
	if (f.enumType) out.enumType = f.enumType;
	if (f.options) {
		out.enumValues = f.options.map(([v]) => v);
		out.possibleValues = f.options.map(([value, label]) => ({ label, value }));
	}
	return out;
}

export function objectList(): Record<string, unknown> {
	const objects: Record<string, unknown> = {};
	for (const o of allObjects()) objects[o.objCode] = { objCode: o.objCode, name: o.name, label: o.label, pluralLabel: o.pluralLabel };
	return { objects };
}

export function objectMetadata(def: ObjDef): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const f of Object.values(def.fields)) fields[f.name] = fieldMeta(f);
	const references: Record<string, unknown> = {};
	for (const r of Object.values(def.references)) {
		const target = objByCode(r.objCode);
		references[r.name] = { label: r.label, objCode: r.objCode, referenceObjCode: r.objCode, fieldType: target?.name ?? r.objCode, idField: r.idField, flags: ['FILTERABLE', 'SORTABLE'] };
	}
	const collections: Record<string, unknown> = {};
	for (const c of Object.values(def.collections)) {
		collections[c.name] = { label: c.label, objCode: c.objCode, fieldType: objByCode(c.objCode)?.name ?? c.objCode, flags: ['NOT_GROUPABLE'] };
	}
	const queries: Record<string, unknown> = {};
	for (const q of def.queries) queries[q] = { label: q };
	const operations = def.readOnly ? ['count', 'get', 'report', 'search'] : ['add', 'count', 'delete', 'edit', 'get', 'report', 'search'];
	return {
		objCode: def.objCode,
		name: def.name,
		label: def.label,
		pluralLabel: def.pluralLabel,
		flags: ['REPORTABLE'],
		defaultFields: def.defaultFields,
		fields,
		references,
		collections,
		search: { modifiers: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'cicontains', 'like', 'cilike', 'between', 'in', 'notin', 'isnull', 'notnull'] },
		actions: {},
		queries,
		operations,
	};
}
