/**
 * The server is the clock. A screen estimates its offset to the server NTP-style: for each
 * round trip it assumes the server read its clock half-way, and it keeps the sample with the
 * lowest round trip (the least room for error) among the recent ones. Time is then read
 * from the monotonic clock plus that offset, so a TV whose wall clock is wrong, or jumps,
 * still counts right.
 */
export interface ClockSample {
	rtt: number;
	/** server time minus local monotonic time at the middle of the round trip */
	offset: number;
	takenAt: number;
	/** the server's time at the middle of the round trip */
	serverAt: number;
}

export class ServerClock {
	#samples: ClockSample[] = [];
	readonly #mono: () => number;
	readonly #keep: number;

	constructor(mono: () => number = () => performance.now(), keep = 12) {
		this.#mono = mono;
		this.#keep = keep;
	}

	get mono(): () => number {
		return this.#mono;
	}

	/** Records one round trip: sent at local t0, server said `serverTime`, answer at local t1. */
	add(t0: number, serverTime: number, t1: number): void {
		const rtt = t1 - t0;
		if (!(rtt >= 0)) return;
		this.#samples = this.#samples.filter((x) => x.rtt !== Number.MAX_SAFE_INTEGER);
		this.#samples.push({ rtt, offset: serverTime - (t0 + t1) / 2, takenAt: (t0 + t1) / 2, serverAt: serverTime });
		if (this.#samples.length > this.#keep) this.#samples.shift();
	}

	/**
	 * A server time seen in a message (a snapshot, a heartbeat) before any round trip has been
	 * measured: it is late by one network trip, which is far better than the screen's own clock.
	 * Any measured sample replaces it.
	 */
	hint(serverTime: number): void {
		if (this.#samples.length > 0) return;
		const at = this.#mono();
		this.#samples.push({ rtt: Number.MAX_SAFE_INTEGER, offset: serverTime - at, takenAt: at, serverAt: serverTime });
	}

	get best(): ClockSample | null {
		let best: ClockSample | null = null;
		for (const s of this.#samples) if (!best || s.rtt < best.rtt) best = s;
		return best;
	}

	get synced(): boolean {
		return this.#samples.some((x) => x.rtt !== Number.MAX_SAFE_INTEGER);
	}

	/**
	 * How fast server time runs against real time: 1, except when the demo shop simulates a day
	 * at a chosen speed (the server says so in its heartbeat).
	 */
	rate = 1;

	/** Server time now, in epoch ms (falls back to the local clock before the first sample). */
	now(): number {
		const best = this.best;
		if (!best) return Date.now();
		return best.serverAt + (this.#mono() - best.takenAt) * this.rate;
	}

	/** A new rate makes older samples meaningless: start measuring afresh. */
	setRate(rate: number): void {
		if (rate === this.rate || !(rate > 0)) return;
		this.rate = rate;
		this.#samples = [];
	}

	/** Half the best round trip: the most the estimate can be off by. */
	get uncertainty(): number {
		return (this.best?.rtt ?? Infinity) / 2;
	}

	/** Takes `count` samples, one after the other, through `ask` (a round trip to the server). */
	async measure(ask: () => Promise<number>, count = 5): Promise<void> {
		for (let i = 0; i < count; i++) {
			const t0 = this.#mono();
			const serverTime = await ask();
			this.add(t0, serverTime, this.#mono());
		}
	}
}
