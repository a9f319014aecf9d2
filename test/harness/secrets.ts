import assert from 'node:assert/strict';

/**
 * Pieces of secrets to look for: the whole value and, for PEM keys, every 24-character slice of the base64 body
 * (so a key that leaked in part, re-wrapped or flattened, is still caught).
 */
export function secretNeedles(secrets: Array<string | undefined>): string[] {
	const needles = new Set<string>();
	for (const secret of secrets) {
		if (!secret) continue;
		needles.add(secret);
		if (secret.includes('-----BEGIN')) {
			const body = secret
				.replace(/-----(BEGIN|END)[^-]+-----/g, '')
				.replace(/\\n/g, '')
				.replace(/\s+/g, '');
			for (let i = 0; i + 24 <= body.length; i += 24) needles.add(body.slice(i, i + 24));
		}
	}
	return [...needles].filter((needle) => needle.length >= 8);
}

/** Serialises anything (errors included, with their own and nested properties) for a secret search. */
export function deepText(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, function (_key, v: unknown) {
		if (v instanceof Error) {
			const out: Record<string, unknown> = { name: v.name, message: v.message, stack: v.stack };
			for (const key of Object.getOwnPropertyNames(v)) out[key] = (v as unknown as Record<string, unknown>)[key];
			return out;
		}
		if (typeof v === 'bigint') return v.toString();
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return v;
	}) ?? String(value);
}

export function assertNoSecrets(haystack: unknown, secrets: Array<string | undefined>, what = 'value'): void {
	const text = typeof haystack === 'string' ? haystack : deepText(haystack);
	for (const needle of secretNeedles(secrets)) {
		assert.ok(!text.includes(needle), `${what} contains a secret (${needle.slice(0, 4)}…)`);
	}
}
