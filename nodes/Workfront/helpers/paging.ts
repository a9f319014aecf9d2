import type { IDataObject } from 'n8n-workflow';

import { getSettings, MAX_PAGE_SIZE, workfrontRequest, type WorkfrontContext, objectPath } from '../transport';
import { mapConcurrent } from '../transport/limiter';

export interface PagingOptions {
	objCode: string;
	/** Filters, fields and sorts (a total order: the caller adds the ID tie-breaker). */
	qs: IDataObject;
	itemIndex?: number;
	pageSize?: number;
	/** Pages fetched at once when the total is known. */
	concurrency?: number;
	/** Path after the object code (default "search"). */
	operation?: string;
}

function asRows(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data as IDataObject[];
	if (data && typeof data === 'object') return Object.values(data as IDataObject) as IDataObject[];
	return [];
}

/** Keeps the first occurrence of every ID (rows without ID are kept as they come). */
function appendUnique(target: IDataObject[], rows: IDataObject[], seen: Set<string>): void {
	for (const row of rows) {
		const id = row?.ID;
		if (typeof id === 'string') {
			if (seen.has(id)) continue;
			seen.add(id);
		}
		target.push(row);
	}
}

/** Filter parameters only: what /count accepts. */
function countQuery(qs: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (key === 'fields' || key.startsWith('$$') || /_Sort$/.test(key)) continue;
		out[key] = value;
	}
	return out;
}

/** One page of a search: rows first … first + size - 1 in the query's order. */
async function fetchPage(context: WorkfrontContext, options: PagingOptions, first: number, size: number): Promise<IDataObject[]> {
	return asRows(
		await workfrontRequest.call(context, {
			method: 'GET',
			path: objectPath(options.objCode, options.operation ?? 'search'),
			qs: { ...options.qs, $$FIRST: first, $$LIMIT: size },
			itemIndex: options.itemIndex,
			objCode: options.objCode,
		}),
	);
}

/**
 * Every matching row exactly once, past Workfront's 2,000-row page: /count gives the total, pages of
 * $$FIRST/$$LIMIT are fetched concurrently (under the execution's cap) in a total sort order, then the tail is
 * followed sequentially in case rows were added meanwhile, and duplicates caused by concurrent writes are dropped.
 */
export async function searchAll(context: WorkfrontContext, options: PagingOptions): Promise<IDataObject[]> {
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
	const concurrency = Math.max(1, options.concurrency ?? getSettings(context).maxConcurrency);
	const page = async (first: number) => await fetchPage(context, options, first, pageSize);
	const counted = (await workfrontRequest.call(context, {
		method: 'GET',
		path: objectPath(options.objCode, 'count'),
		qs: countQuery(options.qs),
		itemIndex: options.itemIndex,
		objCode: options.objCode,
	})) as IDataObject;
	const total = Number(counted?.count ?? 0);
	const pageCount = Math.ceil(total / pageSize);
	const pages = await mapConcurrent(
		Array.from({ length: pageCount }, (_, index) => index * pageSize),
		concurrency,
		page,
	);
	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	for (const list of pages) appendUnique(rows, list, seen);
	let next = pageCount * pageSize;
	let last = pages.length > 0 ? pages[pages.length - 1] : [];
	while (pageCount === 0 ? next === 0 : last.length === pageSize) {
		last = await page(next);
		appendUnique(rows, last, seen);
		next += pageSize;
		if (last.length < pageSize) break;
	}
	return rows;
}

/** Up to `limit` rows, fetched in pages of at most 2,000. */
export async function searchLimited(context: WorkfrontContext, options: PagingOptions & { limit: number }): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	let first = 0;
	while (rows.length < options.limit) {
		const size = Math.min(MAX_PAGE_SIZE, options.limit - rows.length);
		const list = await fetchPage(context, options, first, size);
		appendUnique(rows, list, seen);
		first += size;
		if (list.length < size) break;
	}
	return rows.slice(0, options.limit);
}
