/**
 * A counting semaphore shared by every request of one execution, so a node never has more requests in flight
 * than the cap (Workfront limits concurrent API requests per customer and answers 429 above it).
 */
export class Limiter {
	private active = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(public limit: number) {}

	get idle(): boolean {
		return this.active === 0 && this.waiting.length === 0;
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.active++;
		}
		try {
			return await work();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}

const limiters = new Map<string, Limiter>();

/** The limiter of an execution; created on first use, forgotten once idle. */
export async function withLimiter<T>(key: string, limit: number, work: () => Promise<T>): Promise<T> {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(limit);
		limiters.set(key, limiter);
	}
	limiter.limit = Math.max(1, Math.min(limiter.limit, limit));
	try {
		return await limiter.run(work);
	} finally {
		if (limiter.idle) limiters.delete(key);
	}
}

/** Runs `work` over `inputs` with at most `limit` in flight, keeping results in input order. */
export async function mapConcurrent<I, O>(inputs: I[], limit: number, work: (input: I, index: number) => Promise<O>): Promise<O[]> {
	const results = new Array<O>(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await work(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
	return results;
}
