/** Small numeric helpers for the benchmark report. */

export function median(values: number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ms(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function mb(bytes: number): string {
	return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : 'n/a';
}

export function ratio(value: number): string {
	return Number.isFinite(value) ? `${value.toFixed(value < 0.1 ? 3 : 2)}×` : 'n/a';
}

/** "a, b, c" of the individual runs, for the detail lines. */
export function runs(values: number[], format: (value: number) => string): string {
	return values.map(format).join(', ');
}
