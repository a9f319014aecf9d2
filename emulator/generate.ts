/**
 * Fast bulk generation of valid records, shared by the fixture and `POST /__emulator/generate`.
 * Each type has a recipe; types without one get their required fields filled generically.
 */
import { formatDate, formatDateTime, parseDateInput } from './dates';
import { objByCode, type ObjDef } from './schema';
import type { Store } from './store';
import type { Rec } from './types';

const DAY = 86_400_000;

export interface GenContext {
	store: Store;
	/** Uniform random number in [0, 1). */
	rand: () => number;
	/** Reference time ("now") that generated dates are relative to. */
	now: number;
	/** ID of the user stamped as enteredBy (falls back to a random user). */
	actorId?: string;
	/** ID source (the fixture uses a seeded one); defaults to random IDs. */
	newIds?: (count: number) => string[];
}

type Recipe = (n: number, g: Gen) => Rec;

/** Helpers bound to a context: random picks of existing parents, dates, ints. */
export class Gen {
	private readonly pools = new Map<string, string[]>();
	private readonly dates = new Map<number, string>();

	constructor(readonly ctx: GenContext) {}

	int(min: number, max: number): number {
		return min + Math.floor(this.ctx.rand() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.ctx.rand() < p;
	}

	oneOf<T>(items: readonly T[]): T {
		return items[Math.floor(this.ctx.rand() * items.length)];
	}

	/** A dateTime `days` (may be fractional/negative) from now, at 09:00 or 17:00 UTC. */
	dateTime(days: number, hour = 9): string {
		const t = Math.floor((this.ctx.now + days * DAY) / DAY) * DAY + hour * 3_600_000;
		let s = this.dates.get(t);
		if (s === undefined) {
			s = formatDateTime(t);
			this.dates.set(t, s);
		}
		return s;
	}

	date(days: number): string {
		return formatDate(this.ctx.now + days * DAY);
	}

	/** A random existing record ID of a type; creates one parent if there is none. */
	pick(objCode: string): string {
		let pool = this.pools.get(objCode);
		if (!pool || pool.length === 0) {
			let recs = this.ctx.store.all(objCode);
			if (recs.length === 0) recs = generateRecords(this.ctx.store, objCode, 1, undefined, this.ctx);
			pool = recs.map((r) => r.ID as string);
			this.pools.set(objCode, pool);
		}
		return this.oneOf(pool);
	}

	pickOptional(objCode: string, p: number): string | null {
		return this.chance(p) ? this.pick(objCode) : null;
	}

	get(objCode: string, id: string): Rec | undefined {
		return this.ctx.store.get(objCode, id);
	}
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Luis', 'Maya', 'Noah', 'Olga', 'Priya'];
const LAST = ['Lovelace', 'Okafor', 'Martin', 'Patel', 'Rossi', 'Haddad', 'Hopper', 'Tanaka', 'Silva', 'Berg', 'Novak', 'Garcia', 'Chen', 'Weber', 'Ivanova', 'Rao'];
const TASK_VERBS = ['Draft', 'Review', 'Approve', 'Design', 'Build', 'Test', 'Publish', 'Plan', 'Localize', 'Archive'];
const TASK_NOUNS = ['brief', 'copy', 'layout', 'assets', 'landing page', 'budget', 'timeline', 'press kit', 'banner set', 'report'];
const PROJ_THEMES = ['Spring Campaign', 'Website Refresh', 'Product Launch', 'Brand Audit', 'Trade Show', 'Newsletter', 'Video Series', 'Intranet', 'Partner Portal', 'Annual Report'];
const ISSUE_TEXT = ['Broken link', 'Missing asset', 'Wrong colour', 'Typo in headline', 'Late approval', 'Budget overrun', 'Access request', 'Scope change'];

const RECIPES: Record<string, Recipe> = {
	USER(n, g) {
		const firstName = g.oneOf(FIRST);
		const lastName = g.oneOf(LAST);
		const email = `${firstName}.${lastName}.${n}@example.com`.toLowerCase();
		return { firstName, lastName, name: `${firstName} ${lastName}`, emailAddr: email, username: email, title: 'Team Member', isActive: true, timeZone: 'UTC', locale: 'en_US' };
	},
	PROJ(n, g) {
		const start = g.int(-180, 60);
		const status = start > 20 ? 'PLN' : g.oneOf(['CUR', 'CUR', 'CUR', 'PLN', 'CPL', 'ONH']);
		const end = start + g.int(20, 160);
		return {
			name: `${g.oneOf(PROJ_THEMES)} ${n}`,
			description: `Generated project ${n}`,
			status,
			priority: g.int(0, 4),
			condition: g.oneOf(['ON', 'ON', 'AR', 'IT']),
			plannedStartDate: g.dateTime(start),
			plannedCompletionDate: g.dateTime(end, 17),
			actualCompletionDate: status === 'CPL' ? g.dateTime(Math.min(end, 0), 17) : null,
			percentComplete: status === 'CPL' ? 100 : status === 'PLN' ? 0 : g.int(5, 95),
			budget: g.int(10, 500) * 1000,
			ownerID: g.pick('USER'),
			sponsorID: g.pickOptional('USER', 0.5),
		};
	},
	TASK(n, g) {
		const start = g.int(-120, 60);
		const end = start + g.int(1, 30);
		const status = end < -10 ? g.oneOf(['CPL', 'CPL', 'CPL', 'INP']) : start > 0 ? 'NEW' : g.oneOf(['NEW', 'INP', 'INP', 'CPL']);
		return {
			name: `${g.oneOf(TASK_VERBS)} ${g.oneOf(TASK_NOUNS)} ${n}`,
			status,
			priority: g.int(0, 4),
			percentComplete: status === 'CPL' ? 100 : status === 'NEW' ? 0 : g.int(10, 90),
			plannedStartDate: g.dateTime(start),
			plannedCompletionDate: g.dateTime(end, 17),
			actualCompletionDate: status === 'CPL' ? g.dateTime(end, 17) : null,
			workRequired: g.int(1, 40) * 60,
			taskNumber: n,
			isDurationLocked: false,
			projectID: g.pick('PROJ'),
			assignedToID: g.pickOptional('USER', 0.85),
		};
	},
	OPTASK(n, g) {
		const status = g.oneOf(['NEW', 'NEW', 'INP', 'AWF', 'CPL']);
		return {
			name: `${g.oneOf(ISSUE_TEXT)} #${n}`,
			status,
			priority: g.int(0, 4),
			severity: g.int(1, 5),
			opTaskType: g.oneOf(['BUG', 'ISU', 'ISU', 'REQ', 'CHG']),
			percentComplete: status === 'CPL' ? 100 : 0,
			plannedCompletionDate: g.dateTime(g.int(-30, 45), 17),
			referenceNumber: 10_000 + n,
			projectID: g.pick('PROJ'),
			assignedToID: g.pickOptional('USER', 0.7),
			ownerID: g.pick('USER'),
		};
	},
	HOUR(_n, g) {
		const taskID = g.pick('TASK');
		const task = g.get('TASK', taskID);
		return {
			hours: g.int(1, 16) / 2,
			entryDate: g.date(-g.int(0, 90)),
			status: g.oneOf(['SUB', 'SUB', 'APP']),
			taskID,
			projectID: (task?.projectID as string | undefined) ?? g.pick('PROJ'),
			opTaskID: null,
			ownerID: (task?.assignedToID as string | null | undefined) ?? g.pick('USER'),
			hourTypeID: g.pickOptional('HOURT', 0.4),
		};
	},
	NOTE(n, g) {
		const onTask = g.chance(0.6);
		const objID = onTask ? g.pick('TASK') : g.pick('PROJ');
		const projectID = onTask ? ((g.get('TASK', objID)?.projectID as string | undefined) ?? null) : objID;
		return {
			noteText: `Update ${n}: ${g.oneOf(['on track', 'waiting for review', 'assets delivered', 'needs another pass', 'approved by client'])}`,
			noteObjCode: onTask ? 'TASK' : 'PROJ',
			objID,
			projectID,
			taskID: onTask ? objID : null,
			isPrivate: false,
			ownerID: g.pick('USER'),
		};
	},
	ASSGN(_n, g) {
		const taskID = g.pick('TASK');
		return { taskID, projectID: g.get('TASK', taskID)?.projectID ?? null, assignedToID: g.pick('USER'), assignmentPercent: 100, isPrimary: true };
	},
	DOCU(n, g) {
		const projectID = g.pick('PROJ');
		return { name: `Document ${n}.pdf`, docObjCode: 'PROJ', objID: projectID, projectID, ownerID: g.pick('USER') };
	},
	EXPNS(n, g) {
		return { description: `Expense ${n}`, plannedAmount: g.int(1, 50) * 100, actualAmount: g.int(0, 60) * 100, effectiveDate: g.date(-g.int(0, 60)), projectID: g.pick('PROJ') };
	},
};

/** Fill required fields of a type that has no recipe. */
function genericRecipe(def: ObjDef): Recipe {
	return (n, g) => {
		const rec: Rec = {};
		for (const f of Object.values(def.fields)) {
			if (!f.required) continue;
			const refDef = Object.values(def.references).find((r) => r.idField === f.name);
			if (refDef) rec[f.name] = g.pick(refDef.objCode);
			else if (f.options) rec[f.name] = f.options[0][0];
			else if (f.type === 'string') rec[f.name] = `${def.label} ${n}`;
			else if (f.type === 'int' || f.type === 'double' || f.type === 'currency') rec[f.name] = n;
			else if (f.type === 'boolean') rec[f.name] = false;
			else if (f.type === 'dateTime') rec[f.name] = g.dateTime(0);
			else rec[f.name] = g.date(0);
		}
		for (const group of def.requiredOneOf) {
			if (group.some((k) => rec[k] != null)) continue;
			const refDef = Object.values(def.references).find((r) => r.idField === group[0]);
			if (refDef) rec[group[0]] = g.pick(refDef.objCode);
		}
		return rec;
	};
}

function defaultsOf(def: ObjDef): [string, unknown][] {
	return Object.values(def.fields)
		.filter((f) => f.defaultValue !== undefined)
		.map((f) => [f.name, f.defaultValue]);
}

function applyDefaults(defaults: [string, unknown][], rec: Rec): void {
	for (const [name, value] of defaults) if (rec[name] === undefined) rec[name] = value;
}

/** Format date overrides once, the way the store formats them. */
function normalizeOverrides(def: ObjDef, fields: Rec, now: number): Rec {
	const out: Rec = { ...fields };
	for (const [k, v] of Object.entries(out)) {
		const f = def.fields[k];
		if (!f || (f.type !== 'date' && f.type !== 'dateTime') || v == null) continue;
		const ms = parseDateInput(v, now);
		if (ms !== null) out[k] = f.type === 'date' ? formatDate(ms) : formatDateTime(ms);
	}
	return out;
}

function applyOverrides(rec: Rec, fields: Rec, n: number): void {
	for (const [k, v] of Object.entries(fields)) {
		rec[k] = typeof v === 'string' ? v.replace(/\{n\}/g, String(n)) : v;
	}
}

/**
 * Generate and insert `count` records of `objCode`. String values in `fields` may contain `{n}`
 * (replaced by the record's 1-based number within its type).
 */
export function generateRecords(store: Store, objCode: string, count: number, fields?: Rec, context?: GenContext): Rec[] {
	const def = objByCode(objCode);
	if (!def || def.virtual) throw new Error(`cannot generate records of type ${objCode}`);
	const ctx: GenContext = context ?? { store, rand: Math.random, now: Date.now() };
	const g = new Gen(ctx);
	const recipe = RECIPES[def.objCode] ?? genericRecipe(def);
	const ids = ctx.newIds ? ctx.newIds(count) : store.newIds(count);
	const overrides = fields ? normalizeOverrides(def, fields, ctx.now) : undefined;
	const stamp = formatDateTime(ctx.now);
	const actor = ctx.actorId ?? (def.objCode === 'USER' ? null : g.pick('USER'));
	const base = store.count(def.objCode);
	const defaults = defaultsOf(def);
	const hasEntry = !!def.fields.entryDate;
	const audit = !!def.fields.enteredByID;
	const out = new Array<Rec>(count);
	for (let i = 0; i < count; i++) {
		const n = base + i + 1;
		const rec = recipe(n, g);
		if (overrides) applyOverrides(rec, overrides, n);
		applyDefaults(defaults, rec);
		rec.ID = ids[i];
		if (hasEntry && rec.entryDate === undefined) rec.entryDate = stamp;
		if (audit) {
			rec.lastUpdateDate = stamp;
			rec.enteredByID = actor ?? ids[i];
			rec.lastUpdatedByID = actor ?? ids[i];
		}
		if (def.objCode === 'USER') rec.customerID = store.customerId;
		out[i] = rec;
	}
	store.insertMany(def.objCode, out);
	return out;
}
