/**
 * Failed attempts per key (an address) in a sliding window: after `limit` in `windowMs` every
 * attempt from that key is refused, right or wrong, so guessing learns nothing, until the window
 * passes. Kept in memory: what it guards carries enough entropy that this is defence in depth,
 * and losing the counts on a restart (or counting per node) only loosens it for a while.
 */
export class AttemptLimiter {
	readonly #failures = new Map<string, number[]>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		/** Keys kept at most (the oldest is forgotten first): a flood of addresses cannot grow memory. */
		readonly maxKeys = 10_000
	) {}

	#recent(key: string, now: number): number[] {
		const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (list.length) this.#failures.set(key, list);
		else this.#failures.delete(key);
		return list;
	}

	limited(key: string, now: number): boolean {
		return this.#recent(key, now).length >= this.limit;
	}

	fail(key: string, now: number): void {
		const list = this.#recent(key, now);
		list.push(now);
		this.#failures.set(key, list);
		if (this.#failures.size > this.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
	}
}
