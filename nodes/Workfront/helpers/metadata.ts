import type { IDataObject } from 'n8n-workflow';

import { getConnection, workfrontRequest, type WorkfrontContext, objectPath } from '../transport';

export interface FieldInfo {
	name: string;
	label: string;
	fieldType: string;
	flags: string[];
	enumValues?: Array<{ value: string; label: string }>;
}

export interface ObjectMetadata {
	objCode: string;
	label: string;
	fields: Record<string, FieldInfo>;
	references: Record<string, { objCode?: string; label: string }>;
	collections: Record<string, { objCode?: string; label: string }>;
}

export interface ObjectType {
	objCode: string;
	name: string;
	label: string;
}

const TTL_MS = 10 * 60 * 1000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
	const hit = cache.get(key);
	if (hit && Date.now() - hit.at < TTL_MS) return (await hit.value) as T;
	const value = load();
	cache.set(key, { at: Date.now(), value });
	value.catch(() => cache.delete(key));
	return await value;
}

/** The object types users reach for first, in this order; everything else follows alphabetically. */
export const COMMON_OBJECT_CODES = [
	'PROJ', 'TASK', 'OPTASK', 'USER', 'DOCU', 'HOUR', 'NOTE', 'PORT', 'PRGM', 'TMPL', 'ASSGN', 'CMPY', 'GROUP', 'TEAMOB', 'EXPNS', 'CTGY',
];

const KNOWN_LABELS: Record<string, string> = {
	PROJ: 'Project', TASK: 'Task', OPTASK: 'Issue', USER: 'User', DOCU: 'Document', HOUR: 'Hour', NOTE: 'Note', PORT: 'Portfolio',
	PRGM: 'Program', TMPL: 'Template', ASSGN: 'Assignment', CMPY: 'Company', GROUP: 'Group', TEAMOB: 'Team', EXPNS: 'Expense', CTGY: 'Custom Form',
};

function text(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : fallback;
}

function parseObjectTypes(data: unknown): ObjectType[] {
	const container = (data as IDataObject | undefined)?.objects ?? data;
	const entries: IDataObject[] = Array.isArray(container)
		? (container as IDataObject[])
		: Object.entries((container as IDataObject) ?? {}).map(([code, value]) => ({ objCode: code, ...((value as IDataObject) ?? {}) }));
	const types = entries
		.map((entry) => {
			const objCode = text(entry.objCode, text(entry.code));
			return { objCode, name: text(entry.name, objCode), label: KNOWN_LABELS[objCode] ?? text(entry.label, text(entry.name, objCode)) };
		})
		.filter((type) => type.objCode !== '');
	const rank = (code: string) => {
		const index = COMMON_OBJECT_CODES.indexOf(code);
		return index === -1 ? COMMON_OBJECT_CODES.length : index;
	};
	return types.sort((a, b) => rank(a.objCode) - rank(b.objCode) || a.label.localeCompare(b.label));
}

export async function getObjectTypes(context: WorkfrontContext): Promise<ObjectType[]> {
	const { apiRoot } = await getConnection(context);
	return await cached(`${apiRoot}|objects`, async () =>
		parseObjectTypes(await workfrontRequest.call(context, { method: 'GET', path: 'metadata' })),
	);
}

function parseFields(raw: unknown): Record<string, FieldInfo> {
	const out: Record<string, FieldInfo> = {};
	for (const [name, value] of Object.entries((raw as IDataObject) ?? {})) {
		const info = (value ?? {}) as IDataObject;
		const listed = Array.isArray(info.possibleValues) ? info.possibleValues : info.enumValues;
		const enumValues = Array.isArray(listed)
			? (listed as IDataObject[]).map((entry) =>
					typeof entry === 'object' ? { value: text(entry.value, String(entry.value)), label: text(entry.label, String(entry.value)) } : { value: String(entry), label: String(entry) },
				)
			: undefined;
		out[name] = {
			name,
			label: text(info.label, name),
			fieldType: text(info.fieldType, 'string'),
			flags: Array.isArray(info.flags) ? (info.flags as string[]) : [],
			enumValues,
		};
	}
	return out;
}

function parseLinks(raw: unknown): Record<string, { objCode?: string; label: string }> {
	const out: Record<string, { objCode?: string; label: string }> = {};
	for (const [name, value] of Object.entries((raw as IDataObject) ?? {})) {
		const info = (value ?? {}) as IDataObject;
		out[name] = { objCode: text(info.objCode, text(info.referenceObjCode)) || undefined, label: text(info.label, name) };
	}
	return out;
}

export async function getObjectMetadata(context: WorkfrontContext, objCode: string, itemIndex?: number): Promise<ObjectMetadata> {
	const { apiRoot } = await getConnection(context);
	return await cached(`${apiRoot}|${objCode.toUpperCase()}`, async () => {
		const data = (await workfrontRequest.call(context, { method: 'GET', path: objectPath(objCode, 'metadata'), objCode, itemIndex })) as IDataObject;
		return {
			objCode: text(data.objCode, objCode),
			label: text(data.label, objCode),
			fields: parseFields(data.fields),
			references: parseLinks(data.references),
			collections: parseLinks(data.collections),
		};
	});
}

/** Custom fields ("DE:<name>") defined in the instance, with their type. */
export async function getCustomFields(context: WorkfrontContext): Promise<Array<{ name: string; fieldType: string; multi: boolean }>> {
	const { apiRoot } = await getConnection(context);
	return await cached(`${apiRoot}|PARAM`, async () => {
		const rows = (await workfrontRequest.call(context, {
			method: 'GET',
			path: 'param/search',
			qs: { fields: 'name,displayType,dataType', $$LIMIT: 2000, name_Sort: 'asc' },
		})) as IDataObject[];
		return (rows ?? []).map((row) => {
			const displayType = text(row.displayType).toUpperCase();
			return {
				name: text(row.name),
				fieldType: text(row.dataType, 'TEXT'),
				multi: ['CHECKBOX', 'MULT', 'MULTISELECT', 'MULTI'].some((kind) => displayType.startsWith(kind)),
			};
		});
	});
}

export function clearMetadataCache(): void {
	cache.clear();
}
