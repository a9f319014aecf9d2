/**
 * Workfront date strings and the `$$TODAY` / `$$NOW` wildcards.
 * Stored dateTime values are always UTC in Workfront's format `2026-03-02T09:00:00:000-0000`
 * (note the `:` before the milliseconds); since they share one offset they also sort as strings.
 * Date-only fields are stored as `2026-03-02`.
 */

const DAY = 86_400_000;

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

export function formatDateTime(ms: number): string {
	const iso = new Date(ms).toISOString(); // 2026-03-02T09:00:00.000Z
	return iso.length === 24 ? `${iso.slice(0, 19)}:${iso.slice(20, 23)}-0000` : slowFormatDateTime(ms);
}

/** Years outside 0000–9999 (toISOString then uses a ±YYYYYY form). */
function slowFormatDateTime(ms: number): string {
	const d = new Date(ms);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}-0000`
	);
}

export function formatDate(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const WF_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[:.](\d{1,3}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse a Workfront or ISO date(-time) string. Returns epoch ms or null. Wildcards are not handled here. */
export function parseDateString(s: string): number | null {
	const t = s.trim();
	const d = DATE_ONLY_RE.exec(t);
	if (d) return Date.UTC(+d[1], +d[2] - 1, +d[3]);
	const m = WF_RE.exec(t);
	if (!m) return null;
	const ms = m[7] ? +m[7].padEnd(3, '0') : 0;
	let utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms);
	const tz = m[8];
	if (tz && tz !== 'Z') {
		const sign = tz[0] === '-' ? -1 : 1;
		const digits = tz.slice(1).replace(':', '');
		const offsetMin = +digits.slice(0, 2) * 60 + +digits.slice(2, 4);
		utc -= sign * offsetMin * 60_000;
	}
	return Number.isNaN(utc) ? null : utc;
}

type Unit = 'h' | 'd' | 'w' | 'm' | 'q' | 'y';

function startOf(ms: number, unit: Unit): number {
	const d = new Date(ms);
	const y = d.getUTCFullYear();
	const mo = d.getUTCMonth();
	switch (unit) {
		case 'h':
			return Math.floor(ms / 3_600_000) * 3_600_000;
		case 'd':
			return Math.floor(ms / DAY) * DAY;
		case 'w': {
			const day = Math.floor(ms / DAY) * DAY;
			return day - new Date(day).getUTCDay() * DAY; // weeks start on Sunday
		}
		case 'm':
			return Date.UTC(y, mo, 1);
		case 'q':
			return Date.UTC(y, mo - (mo % 3), 1);
		case 'y':
			return Date.UTC(y, 0, 1);
	}
}

function add(ms: number, n: number, unit: Unit): number {
	const d = new Date(ms);
	switch (unit) {
		case 'h':
			return ms + n * 3_600_000;
		case 'd':
			return ms + n * DAY;
		case 'w':
			return ms + n * 7 * DAY;
		case 'm':
			d.setUTCMonth(d.getUTCMonth() + n);
			return d.getTime();
		case 'q':
			d.setUTCMonth(d.getUTCMonth() + 3 * n);
			return d.getTime();
		case 'y':
			d.setUTCFullYear(d.getUTCFullYear() + n);
			return d.getTime();
	}
}

function endOf(ms: number, unit: Unit): number {
	return add(startOf(ms, unit), 1, unit) - 1;
}

const WILDCARD_RE = /^\$\$(TODAY|NOW)(?:([be])([hdwmqy]))?((?:\s*[+-]\s*\d+\s*[hdwmqy])*)(?:([be])([hdwmqy]))?$/i;
const OFFSET_RE = /([+-])\s*(\d+)\s*([hdwmqy])/gi;

/** Resolve `$$TODAY`, `$$NOW`, `$$TODAYbm`, `$$TODAY-7d`, `$$NOW+3h`, `$$TODAY+1med`… Returns ms or null if not a date wildcard. */
export function resolveDateWildcard(value: string, now: number): number | null {
	const m = WILDCARD_RE.exec(value.trim());
	if (!m) return null;
	let t = m[1].toUpperCase() === 'TODAY' ? startOf(now, 'd') : now;
	if (m[2]) t = m[2].toLowerCase() === 'b' ? startOf(t, m[3].toLowerCase() as Unit) : endOf(t, m[3].toLowerCase() as Unit);
	for (const o of m[4].matchAll(OFFSET_RE)) {
		t = add(t, (o[1] === '-' ? -1 : 1) * Number(o[2]), o[3].toLowerCase() as Unit);
	}
	if (m[5]) t = m[5].toLowerCase() === 'b' ? startOf(t, m[6].toLowerCase() as Unit) : endOf(t, m[6].toLowerCase() as Unit);
	return t;
}

/** Parse any accepted date input: Workfront string, ISO string, date-only, wildcard, or epoch ms number. */
export function parseDateInput(value: unknown, now: number): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value !== 'string') return null;
	return resolveDateWildcard(value, now) ?? parseDateString(value);
}

/** A clock whose values strictly increase, even for two calls within the same millisecond. */
export class MonotonicClock {
	private last = 0;

	now(): number {
		const t = Date.now();
		this.last = t > this.last ? t : this.last + 1;
		return this.last;
	}
}
