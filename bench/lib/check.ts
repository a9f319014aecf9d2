/** Correctness checks shared by the orchestrator and the children. */
import { createHash } from 'node:crypto';

/** Order-independent fingerprint of a set of IDs: sha256 of the sorted IDs, one a line. */
export function idDigest(ids: Iterable<string>): string {
	return createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 16);
}

export interface RowCheck {
	rows: number;
	unique: number;
	digest: string;
}

/** How many rows came back, how many distinct IDs, and the fingerprint of the distinct IDs. */
export function checkRows(ids: string[]): RowCheck {
	const unique = new Set(ids);
	return { rows: ids.length, unique: unique.size, digest: idDigest(unique) };
}
