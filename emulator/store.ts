/**
 * In-memory object store: one table per objCode, rows in insertion order plus an ID → slot index.
 * Removal leaves a hole that is compacted later, so `get` stays O(1) and `all` is a cached array.
 * Mutations made inside `transaction()` are undone if the callback throws (atomic bulk writes).
 */
import { randomBytes } from 'node:crypto';
import { formatDate, formatDateTime, MonotonicClock, parseDateInput } from './dates';
import { generateRecords } from './generate';
import { objByCode } from './schema';
import type { Rec } from './types';

/** A create, update or delete made through the API. */
export interface StoreChange {
	eventType: 'CREATE' | 'UPDATE' | 'DELETE';
	objCode: string;
	newState?: Rec;
	oldState?: Rec;
	userId?: string;
	at?: number;
}

class Table {
	rows: (Rec | undefined)[] = [];
	index = new Map<string, number>();
	live = 0;
	cache: Rec[] | null = null;
}

export class Store {
	private readonly tables = new Map<string, Table>();
	private undoLog: (() => void)[] | null = null;
	/** Changes made inside the running transaction, announced only when it commits. */
	private pendingChanges: StoreChange[] = [];
	/** Told about every create, update and delete made through the API (writes.ts): event subscriptions. */
	onChange?: (change: StoreChange) => void;
	private idPool = '';
	/** Incremented on every mutation; used to invalidate cached search results. */
	version = 0;
	readonly clock = new MonotonicClock();

	/** @param customerId the emulated customer (stamped on users) */
	constructor(readonly customerId: string) {}

	newId(): string {
		if (this.idPool.length < 32) this.idPool = randomBytes(16 * 512).toString('hex');
		const id = this.idPool.slice(0, 32);
		this.idPool = this.idPool.slice(32);
		return id;
	}

	/** Many fresh IDs at once (bulk generation). */
	newIds(count: number): string[] {
		const hex = randomBytes(16 * count).toString('hex');
		const ids = new Array<string>(count);
		for (let i = 0; i < count; i++) ids[i] = hex.slice(i * 32, i * 32 + 32);
		return ids;
	}

	get(objCode: string, id: string): Rec | undefined {
		const t = this.tables.get(objCode.toUpperCase());
		if (!t) return undefined;
		const slot = t.index.get(id);
		return slot === undefined ? undefined : t.rows[slot];
	}

	/** All records of a type in insertion order (a shared array: do not mutate it). */
	all(objCode: string): Rec[] {
		const t = this.tables.get(objCode.toUpperCase());
		if (!t) return [];
		if (!t.cache) t.cache = t.rows.filter((r): r is Rec => r !== undefined);
		return t.cache;
	}

	count(objCode: string): number {
		return this.tables.get(objCode.toUpperCase())?.live ?? 0;
	}

	/**
	 * Insert a record as given (no validation). Fills ID, objCode and, when the type has them,
	 * entryDate/lastUpdateDate; normalises date fields to Workfront's format.
	 */
	insert(objCode: string, record: Rec): Rec {
		const code = objCode.toUpperCase();
		const rec = record;
		if (typeof rec.ID !== 'string' || !rec.ID) rec.ID = this.newId();
		rec.objCode = code;
		this.stampAudit(code, rec);
		this.normalizeDates(code, rec);
		const t = this.table(code);
		const id = rec.ID as string;
		if (t.index.has(id)) throw new Error(`duplicate ID ${id} for ${code}`);
		t.index.set(id, t.rows.length);
		t.rows.push(rec);
		t.live++;
		t.cache = null;
		this.version++;
		this.logUndo(() => this.dropSlot(code, id));
		return rec;
	}

	/** Bulk insert of already complete records (IDs set, dates formatted). */
	insertMany(objCode: string, records: Rec[]): void {
		const code = objCode.toUpperCase();
		const t = this.table(code);
		for (const rec of records) {
			rec.objCode = code;
			t.index.set(rec.ID as string, t.rows.length);
			t.rows.push(rec);
		}
		t.live += records.length;
		t.cache = null;
		this.version++;
		if (this.undoLog) for (const r of records) this.logUndo(() => this.dropSlot(code, r.ID as string));
	}

	/** Apply a sparse patch in place; `undefined` values delete keys. Returns the record or undefined. */
	update(objCode: string, id: string, patch: Rec): Rec | undefined {
		const code = objCode.toUpperCase();
		const rec = this.get(code, id);
		if (!rec) return undefined;
		const before = { ...rec };
		for (const [k, v] of Object.entries(patch)) {
			if (k === 'ID' || k === 'objCode') continue;
			if (v === undefined) delete rec[k];
			else rec[k] = v;
		}
		this.normalizeDates(code, rec);
		this.tables.get(code)!.cache = null;
		this.version++;
		this.logUndo(() => {
			for (const k of Object.keys(rec)) delete rec[k];
			Object.assign(rec, before);
		});
		return rec;
	}

	remove(objCode: string, id: string): boolean {
		const code = objCode.toUpperCase();
		const t = this.tables.get(code);
		const slot = t?.index.get(id);
		if (!t || slot === undefined) return false;
		const rec = t.rows[slot]!;
		this.dropSlot(code, id);
		this.logUndo(() => {
			t.rows[slot] = rec;
			t.index.set(id, slot);
			t.live++;
			t.cache = null;
		});
		if (!this.undoLog) this.maybeCompact(t);
		return true;
	}

	/** Generate `count` valid records (with their required parents) quickly; `fields` overrides values. */
	generate(objCode: string, count: number, fields?: Rec): Rec[] {
		return generateRecords(this, objCode.toUpperCase(), count, fields);
	}

	/** Run `fn`; if it throws, undo every store mutation it made, then rethrow. */
	transaction<T>(fn: () => T): T {
		if (this.undoLog) return fn();
		this.undoLog = [];
		try {
			const result = fn();
			this.undoLog = null;
			const changes = this.pendingChanges;
			this.pendingChanges = [];
			for (const change of changes) this.onChange?.(change);
			return result;
		} catch (e) {
			const log = this.undoLog ?? [];
			this.undoLog = null;
			this.pendingChanges = [];
			for (let i = log.length - 1; i >= 0; i--) log[i]();
			this.version++;
			throw e;
		}
	}

	/** Announces an API write (deferred until commit inside a transaction; dropped on rollback). States are copied. */
	notify(change: StoreChange): void {
		if (!this.onChange) return;
		const copy: StoreChange = {
			...change,
			newState: change.newState ? structuredClone(change.newState) : undefined,
			oldState: change.oldState ? structuredClone(change.oldState) : undefined,
			at: change.at ?? Date.now(),
		};
		if (this.undoLog) this.pendingChanges.push(copy);
		else this.onChange(copy);
	}

	objCodes(): string[] {
		return [...this.tables.keys()];
	}

	private table(code: string): Table {
		let t = this.tables.get(code);
		if (!t) {
			t = new Table();
			this.tables.set(code, t);
		}
		return t;
	}

	private dropSlot(code: string, id: string): void {
		const t = this.tables.get(code);
		const slot = t?.index.get(id);
		if (!t || slot === undefined) return;
		t.rows[slot] = undefined;
		t.index.delete(id);
		t.live--;
		t.cache = null;
		this.version++;
	}

	private maybeCompact(t: Table): void {
		const holes = t.rows.length - t.live;
		if (holes < 1024 || holes < t.live) return;
		t.rows = t.rows.filter((r) => r !== undefined);
		t.index.clear();
		t.rows.forEach((r, i) => t.index.set(r!.ID as string, i));
	}

	private logUndo(fn: () => void): void {
		if (this.undoLog) this.undoLog.push(fn);
	}

	private stampAudit(code: string, rec: Rec): void {
		const def = objByCode(code);
		if (!def) return;
		const now = Date.now();
		if (def.fields.entryDate && rec.entryDate === undefined) {
			rec.entryDate = def.fields.entryDate.type === 'date' ? formatDate(now) : formatDateTime(now);
		}
		if (def.fields.lastUpdateDate && rec.lastUpdateDate === undefined) rec.lastUpdateDate = formatDateTime(now);
		if (code === 'USER' && rec.customerID === undefined) rec.customerID = this.customerId;
	}

	private normalizeDates(code: string, rec: Rec): void {
		const def = objByCode(code);
		if (!def) return;
		for (const f of Object.values(def.fields)) {
			if (f.type !== 'date' && f.type !== 'dateTime') continue;
			const v = rec[f.name];
			if (v === undefined || v === null) continue;
			const ms = parseDateInput(v, Date.now());
			if (ms === null) continue;
			rec[f.name] = f.type === 'date' ? formatDate(ms) : formatDateTime(ms);
		}
	}
}
