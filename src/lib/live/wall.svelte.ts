import { msUntilStoreHour } from '$lib/domain/time';

const SHIFTS = [
	[0, 0],
	[4, 2],
	[-3, 4],
	[2, -3],
	[-4, -2]
] as const;

/**
 * What keeps a wall screen healthy for weeks: a reload once a night at a quiet hour, so nothing
 * can build up, and a picture that moves a few pixels every few minutes against burn-in. (The
 * page also reloads when a new version is deployed: see `updated` in each board.)
 */
export class WallKeeper {
	#step = $state(0);
	readonly #nightly: ReturnType<typeof setTimeout>;
	readonly #burnIn: ReturnType<typeof setInterval>;

	constructor(timeZone: string, quietHour = 3) {
		this.#nightly = setTimeout(() => location.reload(), msUntilStoreHour(Date.now(), timeZone, quietHour));
		this.#burnIn = setInterval(() => (this.#step = (this.#step + 1) % SHIFTS.length), 3 * 60_000);
	}

	/** The CSS transform of the moment. */
	get transform(): string {
		const [x, y] = SHIFTS[this.#step];
		return `translate(${x}px, ${y}px)`;
	}

	stop(): void {
		clearTimeout(this.#nightly);
		clearInterval(this.#burnIn);
	}
}
