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

/**
 * Rows in arrival order, keeping the first occurrence of every ID (rows without ID are kept as they come).
 * While the IDs keep increasing, as they do in the default ID order when nothing changed during the paging, they
 * are distinct by construction and each is only compared with the one before; at the first ID that does not
 * increase, a set of the IDs so far is built and every later row is looked up in it. A Return All of 100,000 rows
 * then spends ~3 ms here instead of ~40 ms of set insertions.
 */
class UniqueRows {
	readonly rows: IDataObject[] = [];

	private lastId = '';

	private seen: Set<string> | undefined;

	add(list: IDataObject[]): void {
		for (const row of list) {
			const id = row?.ID;
			if (typeof id === 'string') {
				if (this.seen === undefined && id > this.lastId) {
					this.lastId = id;
				} else {
					this.seen ??= new Set(this.rows.map((kept) => kept?.ID).filter((kept): kept is string => typeof kept === 'string'));
					if (this.seen.has(id)) continue;
					this.seen.add(id);
				}
			}
			this.rows.push(row);
		}
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
 *
 * Round trips are what cost (Workfront allows a handful of requests at once), so:
 * - the first page goes out together with /count: it is needed whatever the total, so a result of one page takes
 *   one round trip and a large one saves a round trip;
 * - when the total fills its last page exactly, the page after it (normally empty; it confirms the end) is
 *   fetched with the other pages instead of after them;
 * - pages are merged in order as soon as they and their predecessors have arrived, while later pages are still
 *   in flight, instead of all at the end.
 */
export async function searchAll(context: WorkfrontContext, options: PagingOptions): Promise<IDataObject[]> {
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
	const concurrency = Math.max(1, options.concurrency ?? getSettings(context).maxConcurrency);
	const unique = new UniqueRows();
	const fetched: Array<IDataObject[] | undefined> = [];
	let merged = 0;
	/** Fetches page `index`, merges every page now complete up to the first missing one, returns its length. */
	const page = async (index: number) => {
		const list = await fetchPage(context, options, index * pageSize, pageSize);
		fetched[index] = list;
		for (let ready = fetched[merged]; ready !== undefined; ready = fetched[merged]) {
			unique.add(ready);
			fetched[merged++] = [];
		}
		return list.length;
	};
	const count = async () =>
		(await workfrontRequest.call(context, {
			method: 'GET',
			path: objectPath(options.objCode, 'count'),
			qs: countQuery(options.qs),
			itemIndex: options.itemIndex,
			objCode: options.objCode,
		})) as IDataObject;
	// With one page at a time asked for, the count and the first page go one after the other.
	const [counted, firstLength] = concurrency > 1 ? await Promise.all([count(), page(0)]) : [await count(), await page(0)];
	const total = Number(counted?.count ?? 0);
	const pageCount = Math.max(1, Math.ceil(total / pageSize) + (total > 0 && total % pageSize === 0 ? 1 : 0));
	const lengths = await mapConcurrent(
		Array.from({ length: pageCount - 1 }, (_, index) => index + 1),
		concurrency,
		page,
	);
	// Rows added since the count: follow the tail while the last page is full.
	let lastLength = lengths.length > 0 ? lengths[lengths.length - 1] : firstLength;
	for (let next = pageCount; lastLength === pageSize; next++) lastLength = await page(next);
	return unique.rows;
}

/** Up to `limit` rows, fetched in pages of at most 2,000. */
export async function searchLimited(context: WorkfrontContext, options: PagingOptions & { limit: number }): Promise<IDataObject[]> {
	const unique = new UniqueRows();
	let first = 0;
	while (unique.rows.length < options.limit) {
		const size = Math.min(MAX_PAGE_SIZE, options.limit - unique.rows.length);
		const list = await fetchPage(context, options, first, size);
		unique.add(list);
		first += size;
		if (list.length < size) break;
	}
	return unique.rows.slice(0, options.limit);
}
