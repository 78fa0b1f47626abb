import type { PartView } from '$lib/live/protocol';
import { api } from './kiosk';

/**
 * A key after a pause (a person's tap) asks at once; keys coming faster than this (a scanner's
 * burst, a fast typist) wait until they stop for as long, so a burst asks nothing until its Enter.
 */
export const SEARCH_DEBOUNCE_MS = 40;

/**
 * The kiosk's search as you type: one request a pause, the one before it cancelled
 * (AbortController), and only the newest answer shown, whatever order answers arrive in.
 */
export class PartSearch {
	/** What the box shows. */
	query = $state('');
	/** The answer to `answered`: the newest query the server has answered. */
	results = $state.raw<PartView[]>([]);
	answered = $state('');
	loading = $state(false);
	failed = $state(false);

	#timer: ReturnType<typeof setTimeout> | null = null;
	#controller: AbortController | null = null;
	#seq = 0;
	#lastSet = -Infinity;

	/** Sets the box and asks: at once after a pause, else when the keys stop. */
	set(query: string): void {
		this.query = query;
		const now = performance.now();
		const quiet = now - this.#lastSet > SEARCH_DEBOUNCE_MS;
		this.#lastSet = now;
		this.#schedule(quiet);
	}

	#schedule(now: boolean): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (!this.query.trim()) {
			this.cancel();
			this.results = [];
			this.answered = '';
			return;
		}
		if (now) void this.run();
		else this.#timer = setTimeout(() => void this.run(), SEARCH_DEBOUNCE_MS);
	}

	/** Asks now for what the box says. */
	async run(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const q = this.query.trim();
		this.#controller?.abort();
		if (!q) return;
		const controller = new AbortController();
		this.#controller = controller;
		const seq = ++this.#seq;
		this.loading = true;
		const r = await api.search(q, { signal: controller.signal });
		if (seq !== this.#seq) return; // a newer question is on its way: this answer is stale
		this.loading = false;
		this.#controller = null;
		if (r.ok) {
			this.results = r.data.items;
			this.answered = q;
			this.failed = false;
		} else if (r.error.error !== 'aborted') this.failed = true;
	}

	/** Stops waiting: nothing asked now answers on screen. */
	cancel(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#controller?.abort();
		this.#controller = null;
		this.#seq++;
		this.loading = false;
	}
}
