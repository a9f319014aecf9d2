import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../credentials/workfront/baseUrl';
import { OBJ_CODE_REGEX } from '../actions/common.descriptions';
import { workfrontRequest, objectPath } from '../transport';
import { getCustomFields, getObjectMetadata } from './metadata';
import { buildFilterQuery, joinFields, parseRawFilter } from './query';
import { checkFieldNames, coerceValue, parseIds, parseJsonParameter } from './values';

/** The object type of an item, validated. */
export function getObjCode(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('objCode', itemIndex, '', { extractValue: true });
	const objCode = String(raw ?? '').trim();
	if (!new RegExp(OBJ_CODE_REGEX).test(objCode)) {
		throw new WorkfrontInputError(
			objCode === '' ? 'Object Type is empty' : `Object Type "${objCode}" is not a Workfront object code`,
			'Pick an object type from the list, or type its code (e.g. PROJ, TASK, OPTASK, USER).',
		);
	}
	return objCode;
}

export function getRecordIds(this: IExecuteFunctions, itemIndex: number, parameter = 'recordId', label = 'Record'): string[] {
	return parseIds(this.getNodeParameter(parameter, itemIndex, '', { extractValue: true }), label);
}

export function getFields(this: IExecuteFunctions, itemIndex: number): string | undefined {
	return joinFields(this.getNodeParameter('fields', itemIndex, []), this.getNodeParameter('extraFields', itemIndex, ''));
}

const SYSTEM_KEYS = new Set(['ID', 'objCode', 'entryDate', 'lastUpdateDate', 'enteredByID', 'lastUpdatedByID']);

/**
 * The fields to write for one item, from the chosen input mode, typed by the object's metadata and checked
 * against it, with custom forms attached when asked.
 */
export async function buildRecord(this: IExecuteFunctions, itemIndex: number, objCode: string, options: { forUpdate: boolean }): Promise<IDataObject> {
	const mode = this.getNodeParameter('inputMode', itemIndex, 'fields') as string;
	let source: IDataObject;
	if (mode === 'json') {
		source = parseJsonParameter<IDataObject>(this.getNodeParameter('jsonData', itemIndex, '{}'), 'JSON Data', 'object');
	} else if (mode === 'item') {
		source = { ...this.getInputData()[itemIndex].json };
		const ignore = String(this.getNodeParameter('ignoreFields', itemIndex, '') ?? '')
			.split(',')
			.map((field) => field.trim())
			.filter((field) => field !== '');
		for (const key of [...ignore, ...SYSTEM_KEYS]) delete source[key];
	} else {
		const rows = (this.getNodeParameter('fieldValues.values', itemIndex, []) as IDataObject[]) ?? [];
		source = {};
		rows.forEach((row, index) => {
			const field = String(row.field ?? '').trim();
			if (field === '') throw new WorkfrontInputError(`Fields to Set: row ${index + 1} has no field`, 'Pick a field or remove the row.');
			if (field in source) throw new WorkfrontInputError(`Fields to Set: "${field}" is set twice`, 'Keep one row per field.');
			source[field] = row.value as IDataObject[string];
		});
	}
	const metadata = await getObjectMetadata(this, objCode, itemIndex);
	const parameterValues = source.parameterValues && typeof source.parameterValues === 'object' ? (source.parameterValues as IDataObject) : undefined;
	delete source.parameterValues;
	checkFieldNames(source, metadata.fields, objCode);
	const hasCustom = Object.keys(source).some((key) => key.startsWith('DE:')) || parameterValues !== undefined;
	const multiFields = hasCustom ? new Set((await getCustomFields(this)).filter((f) => f.multi).map((f) => `DE:${f.name}`)) : new Set<string>();
	const record: IDataObject = {};
	for (const [key, value] of Object.entries(source)) {
		record[key] = (mode === 'fields' || typeof value === 'string'
			? coerceValue(key, value, metadata.fields[key], multiFields.has(key))
			: value) as IDataObject[string];
	}
	for (const [key, value] of Object.entries(parameterValues ?? {})) {
		const name = key.startsWith('DE:') ? key : `DE:${key}`;
		record[name] = coerceValue(name, value, undefined, multiFields.has(name)) as IDataObject[string];
	}
	const forms = this.getNodeParameter('options.customForms', itemIndex, []) as string[];
	if (forms.length > 0) {
		if (options.forUpdate) record.__attachForms = forms;
		else if (forms.length === 1 && record.categoryID === undefined) record.categoryID = forms[0];
		else record.objectCategories = forms.map((categoryID, categoryOrder) => ({ categoryID, categoryOrder, objCode: 'CTGY' }));
	}
	if (!options.forUpdate && Object.keys(record).length === 0) {
		throw new WorkfrontInputError('Nothing to create: no fields were given', 'Set at least the fields Workfront requires for this object (e.g. name, and projectID for a task).');
	}
	return record;
}

/**
 * For an update that attaches forms: Workfront replaces the objectCategories collection as a whole, so the
 * forms already attached are read first and kept.
 */
export async function resolveFormAttachment(this: IExecuteFunctions, objCode: string, id: string, record: IDataObject, itemIndex: number): Promise<IDataObject> {
	const forms = record.__attachForms as string[] | undefined;
	delete record.__attachForms;
	if (!forms) return record;
	const current = (await workfrontRequest.call(this, {
		method: 'GET',
		path: objectPath(objCode, id),
		qs: { fields: 'objectCategories:categoryID' },
		itemIndex,
		objCode,
	})) as IDataObject;
	const existing = ((current?.objectCategories as IDataObject[]) ?? []).map((entry) => String(entry.categoryID));
	const all = [...new Set([...existing, ...forms])];
	if (all.length !== existing.length) {
		record.objectCategories = all.map((categoryID, categoryOrder) => ({ categoryID, categoryOrder, objCode: 'CTGY' }));
	}
	return record;
}

const WORKFRONT_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d):(\d{3})([+-]\d\d)(\d\d)$/;

/**
 * "Simplify": drop the objCode noise from nested references, lift custom fields out of parameterValues, and turn
 * Workfront's date format (…T09:00:00:000-0600) into ISO 8601.
 */
export function simplifyRecord(record: IDataObject, top = true): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (!top && key === 'objCode') continue;
		if (key === 'parameterValues' && value && typeof value === 'object' && !Array.isArray(value)) {
			for (const [name, custom] of Object.entries(value as IDataObject)) out[name] = custom;
			continue;
		}
		if (typeof value === 'string') {
			const match = WORKFRONT_DATE.exec(value);
			out[key] = match ? `${match[1]}.${match[2]}${match[3]}:${match[4]}` : value;
		} else if (Array.isArray(value)) {
			out[key] = value.map((entry) => (entry && typeof entry === 'object' ? simplifyRecord(entry as IDataObject, false) : entry)) as IDataObject[];
		} else if (value && typeof value === 'object') {
			out[key] = simplifyRecord(value as IDataObject, false);
		} else {
			out[key] = value;
		}
	}
	return out;
}

export function maybeSimplify(this: IExecuteFunctions, itemIndex: number, records: IDataObject[]): IDataObject[] {
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	return simplify ? records.map((record) => simplifyRecord(record)) : records;
}

/** Filter parameters of an item: the UI conditions plus the raw filter. */
export function getFilterQuery(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const conditions = (this.getNodeParameter('filters.conditions', itemIndex, []) as IDataObject[]) ?? [];
	return { ...buildFilterQuery(conditions), ...parseRawFilter(this.getNodeParameter('rawFilter', itemIndex, '')) };
}
