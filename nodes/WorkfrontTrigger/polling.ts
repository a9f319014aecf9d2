import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../credentials/workfront/baseUrl';
import { OBJ_CODE_REGEX } from '../Workfront/actions/common.descriptions';
import { searchAll, searchLimited } from '../Workfront/helpers/paging';
import { buildFilterQuery, buildSortQuery, joinFields, parseRawFilter, type FilterCondition } from '../Workfront/helpers/query';
import { simplifyRecord } from '../Workfront/helpers/records';
import { formatWorkfrontDate, parseWorkfrontDate } from './shared';

/**
 * The polling cursor, kept in the node's static data: the newest date seen and the IDs of the records that carry
 * exactly that date. The next poll asks for `date >= cursor` and skips those IDs at that date, so records that share
 * a timestamp are neither missed nor repeated, however many changed between two polls.
 */
export interface PollCursor {
	/** Object type and date field the cursor belongs to; any change starts again from now. */
	key: string;
	value: string;
	ids: string[];
}

interface PollStaticData extends IDataObject {
	cursor?: PollCursor & IDataObject;
}

interface PollSettings {
	objCode: string;
	event: string;
	dateField: string;
	/** Filters from the UI and the raw filter, without sorts. */
	filters: IDataObject;
	fields: string;
	simplify: boolean;
}

function readSettings(context: IPollFunctions): PollSettings {
	const objCode = String(context.getNodeParameter('objCode', '', { extractValue: true }) ?? '').trim();
	if (!new RegExp(OBJ_CODE_REGEX).test(objCode)) {
		throw new WorkfrontInputError(
			objCode === '' ? 'Object Type is empty' : `Object Type "${objCode}" is not a Workfront object code`,
			'Pick an object type from the list, or type its code (e.g. PROJ, TASK, OPTASK).',
		);
	}
	const event = context.getNodeParameter('event', 'newOrUpdated') as string;
	const dateField = event === 'new' ? 'entryDate' : 'lastUpdateDate';
	const conditions = (context.getNodeParameter('filters.conditions', []) as FilterCondition[]) ?? [];
	const filters: IDataObject = { ...buildFilterQuery(conditions), ...parseRawFilter(context.getNodeParameter('rawFilter', '')) };
	for (const key of Object.keys(filters)) if (/_Sort$/.test(key) || key.startsWith('$$')) delete filters[key];
	const extra = event === 'updated' ? 'entryDate' : '';
	const fields = joinFields(context.getNodeParameter('fields', []), [context.getNodeParameter('extraFields', ''), dateField, extra].join(',')) ?? dateField;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return { objCode, event, dateField, filters, fields, simplify: options.simplify === true };
}

/** The filters plus `date >= value`, in the main group and in every OR group (an OR group is a whole alternative). */
function sinceQuery(settings: PollSettings, value: string): IDataObject {
	const qs: IDataObject = { ...settings.filters };
	const groups = new Set<string>();
	for (const key of Object.keys(qs)) {
		const match = /^OR:(\d+):/.exec(key);
		if (match) groups.add(match[1]);
	}
	for (const prefix of ['', ...[...groups].map((group) => `OR:${group}:`)]) {
		qs[`${prefix}${settings.dateField}`] = value;
		qs[`${prefix}${settings.dateField}_Mod`] = 'gte';
	}
	return qs;
}

function isUnmodified(row: IDataObject): boolean {
	const created = parseWorkfrontDate(row.entryDate);
	const updated = parseWorkfrontDate(row.lastUpdateDate);
	return created !== null && updated !== null && created === updated;
}

function toItems(context: IPollFunctions, settings: PollSettings, rows: IDataObject[]): INodeExecutionData[][] | null {
	const kept = settings.event === 'updated' ? rows.filter((row) => !isUnmodified(row)) : rows;
	if (kept.length === 0) return null;
	return [context.helpers.returnJsonArray(settings.simplify ? kept.map((row) => simplifyRecord(row)) : kept)];
}

/** Where a first activation starts: the newest matching record (Workfront's own clock), or now when there is none. */
async function initialCursor(context: IPollFunctions, settings: PollSettings, key: string): Promise<PollCursor> {
	const [newest] = await searchLimited(context, {
		objCode: settings.objCode,
		qs: { ...settings.filters, fields: settings.dateField, ...buildSortQuery([{ field: settings.dateField, direction: 'desc' }]) },
		limit: 1,
	});
	const value = typeof newest?.[settings.dateField] === 'string' ? (newest[settings.dateField] as string) : undefined;
	if (!value) return { key, value: formatWorkfrontDate(Date.now()), ids: [] };
	const at = parseWorkfrontDate(value);
	const ties = await searchAll(context, {
		objCode: settings.objCode,
		qs: { ...sinceQuery(settings, value), fields: settings.dateField, ...buildSortQuery([{ field: settings.dateField, direction: 'asc' }]) },
	});
	return { key, value, ids: ties.filter((row) => parseWorkfrontDate(row[settings.dateField]) === at).map((row) => String(row.ID)) };
}

export async function pollRecords(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (this.getMode() === 'manual') {
		// A test run shows the most recent records and leaves the cursor where it is.
		const rows = await searchLimited(this, {
			objCode: settings.objCode,
			qs: { ...settings.filters, fields: settings.fields, ...buildSortQuery([{ field: settings.dateField, direction: 'desc' }]) },
			limit: Number(options.sampleSize ?? 5) || 5,
		});
		return toItems(this, settings, rows);
	}
	const data = this.getWorkflowStaticData('node') as PollStaticData;
	const key = `${settings.objCode.toUpperCase()}|${settings.dateField}`;
	let cursor = data.cursor && data.cursor.key === key ? data.cursor : undefined;
	if (!cursor) {
		const startFrom = typeof options.startFrom === 'string' && options.startFrom !== '' ? parseWorkfrontDate(options.startFrom) : null;
		if (options.startFrom && startFrom === null) {
			throw new WorkfrontInputError(`Start From "${String(options.startFrom)}" is not a date`, 'Pick a date and time, or leave it empty to start from now.');
		}
		if (startFrom === null) {
			data.cursor = { ...(await initialCursor(this, settings, key)) };
			return null;
		}
		cursor = { key, value: formatWorkfrontDate(startFrom), ids: [] };
	}
	const since = parseWorkfrontDate(cursor.value) ?? 0;
	const seen = new Set(cursor.ids);
	const rows = await searchAll(this, {
		objCode: settings.objCode,
		qs: { ...sinceQuery(settings, cursor.value), fields: settings.fields, ...buildSortQuery([{ field: settings.dateField, direction: 'asc' }]) },
	});
	const fresh: IDataObject[] = [];
	let newest = since;
	let newestValue = cursor.value;
	let newestIds = new Set(seen);
	for (const row of rows) {
		const at = parseWorkfrontDate(row[settings.dateField]);
		if (at === null || at < since) continue;
		const id = String(row.ID);
		if (at === since && seen.has(id)) continue;
		fresh.push(row);
		if (at > newest) {
			newest = at;
			newestValue = row[settings.dateField] as string;
			newestIds = new Set();
		}
		if (at === newest) newestIds.add(id);
	}
	data.cursor = { key, value: newestValue, ids: [...newestIds] };
	return toItems(this, settings, fresh);
}
