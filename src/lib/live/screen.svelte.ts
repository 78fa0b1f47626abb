import { getContext, onMount, setContext } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import { updated } from '$app/state';
import { msUntilStoreHour, startOfStoreDay } from '$lib/domain/time';
import { LiveChannel, type ChannelState } from './channel';
import { ServerClock } from './clock';
import { keepConnecting } from './refused';
import type { Channel, ChannelEntities, ClientToServerEvents, ServerToClientEvents } from './protocol';

export interface LiveScreenOptions {
	/** The store's IANA time zone, as the server says it (the root layout's load): never the screen's own. */
	timeZone: string;
	/** How often `now` moves, in ms: 250 for countdowns to the second, more for slower screens. */
	tick?: number;
	/** A customer's own link: the server then knows the socket as that order's customer and nothing else. */
	statusToken?: string;
	/**
	 * A wall screen, on for weeks: it reloads when a new version is deployed and once a night at a
	 * quiet hour (03:00 store time unless said), and its picture moves a few pixels every three
	 * minutes against burn-in (`transform`).
	 */
	wall?: boolean | { quietHour?: number };
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Burn-in: where the picture sits, in turn, for three minutes each. */
const SHIFTS = [
	[0, 0],
	[4, 2],
	[-3, 4],
	[2, -3],
	[-4, -2]
] as const;
const SHIFT_MS = 3 * 60_000;

const KEY = Symbol('live-screen');

/**
 * Everything a live screen needs to be live, in one place: its socket (one per page, never one
 * per process), its channel (a snapshot, then deltas: `LiveChannel`, framework-free), the server
 * clock and one timer that moves `now` (server time) for every countdown on the screen, the store's
 * time zone, and for a wall screen the nightly and on-deploy reloads and the burn-in shift.
 *
 * Create it while the page's component initialises. It goes live only when the page mounts, in the
 * browser: rendered on the server it is the empty "connecting" screen, with no socket and no timer,
 * and it keeps nothing of the request (a customer's link) once the render is done. Everything
 * stops when the page is destroyed.
 *
 * ```svelte
 * const screen = new LiveScreen('bays', { timeZone: data.timeZone, tick: 250, wall: true });
 * // screen.state.entities, screen.status, screen.now, screen.transform
 * ```
 */
export class LiveScreen<C extends Channel> {
	readonly channel: C;
	readonly timeZone: string;
	readonly #tickMs: number;
	readonly #statusToken: string | undefined;
	readonly #quietHour: number | null;

	#state: ChannelState<ChannelEntities[C]> = $state.raw({ status: 'connecting', epoch: null, seq: 0, entities: {} as ChannelEntities[C], dataTime: null });
	#now = $state(Date.now());
	#shift = $state(0);

	// Only between mount and destroy, only in the browser.
	#socket: LiveSocket | null = null;
	#stopRetries: (() => void) | null = null;
	#live: LiveChannel<ChannelEntities[C]> | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	readonly #clock = new ServerClock();
	#startedAt = 0;
	#reloadAt = Infinity;
	#reloadPlannedOnServerTime = false;
	readonly #every: { ms: number; next: number; run: () => void }[] = [];

	constructor(channel: C, options: LiveScreenOptions) {
		this.channel = channel;
		this.timeZone = options.timeZone;
		this.#tickMs = options.tick ?? 1000;
		this.#statusToken = options.statusToken;
		this.#quietHour = options.wall ? ((typeof options.wall === 'object' ? options.wall.quietHour : undefined) ?? 3) : null;
		setContext(KEY, this);
		onMount(() => {
			this.#open();
			return () => this.#close();
		});
		if (options.wall) {
			// A new version on the server (SvelteKit polls for it): load it.
			$effect(() => {
				if (updated.current) location.reload();
			});
		}
	}

	/** The channel's live state: status, seq and the entities (empty until the snapshot arrives). */
	get state(): ChannelState<ChannelEntities[C]> {
		return this.#state;
	}

	get entities(): ChannelEntities[C] {
		return this.#state.entities;
	}

	get status(): ChannelState['status'] {
		return this.#state.status;
	}

	/** Up to date: connected, joined and hearing heartbeats. */
	get live(): boolean {
		return this.#state.status === 'live';
	}

	/** Lost the socket or the heartbeats: what it shows may be old (say so, and since when). */
	get offline(): boolean {
		return this.#state.status === 'offline' || this.#state.status === 'stale';
	}

	/** Server time of the newest data on the screen. */
	get dataTime(): number | null {
		return this.#state.dataTime;
	}

	/** Server time, moved by the screen's one timer (every `tick` ms). */
	get now(): number {
		return this.#now;
	}

	/** Server time at this instant, between ticks (for an action's timestamp). */
	serverNow(): number {
		return this.#clock.now();
	}

	/** Midnight of the store's day holding `at` (default: now). */
	dayStart(at: number = this.#now): number {
		return startOfStoreDay(at, this.timeZone);
	}

	/** A wall screen's burn-in shift of the moment, as a CSS transform. */
	get transform(): string {
		const [x, y] = SHIFTS[this.#shift];
		return `translate(${x}px, ${y}px)`;
	}

	/**
	 * Runs `run` about every `ms` on the screen's own timer (a lounge turning its pages), never on
	 * the server. Returns a function that stops it.
	 */
	every(ms: number, run: () => void): () => void {
		const entry = { ms, next: this.#clock.mono() + ms, run };
		this.#every.push(entry);
		return () => {
			const i = this.#every.indexOf(entry);
			if (i >= 0) this.#every.splice(i, 1);
		};
	}

	#open(): void {
		const socket: LiveSocket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 5000, auth: this.#statusToken ? { statusToken: this.#statusToken } : undefined });
		// Revoked, signed out, or no longer allowed: reload, and the server sends the screen where
		// it belongs (pairing for a wall screen, sign-in for staff).
		socket.on('revoked:v1', () => location.reload());
		// Any other refusal is the server failing to say who we are (its database restarting): try again.
		this.#stopRetries = keepConnecting(socket, { onUnauthorized: () => location.reload() });
		this.#socket = socket;
		const live = new LiveChannel<ChannelEntities[C]>(socket, this.channel, {
			clock: this.#clock,
			onChange: () => (this.#state = live.state)
		});
		this.#live = live;
		this.#state = live.state;
		this.#startedAt = this.#clock.mono();
		for (const e of this.#every) e.next = this.#startedAt + e.ms;
		this.#planReload();
		this.#tick();
		this.#timer = setInterval(() => this.#tick(), this.#tickMs);
	}

	#tick(): void {
		this.#now = this.#clock.now();
		const mono = this.#clock.mono();
		for (const e of this.#every) {
			if (mono >= e.next) {
				e.next = mono + e.ms;
				e.run();
			}
		}
		if (this.#quietHour === null) return;
		const shift = Math.floor((mono - this.#startedAt) / SHIFT_MS) % SHIFTS.length;
		if (shift !== this.#shift) this.#shift = shift;
		// Planned first from the screen's own clock; again once the server has said its time.
		if (!this.#reloadPlannedOnServerTime && this.#clock.best) this.#planReload();
		if (mono >= this.#reloadAt) {
			this.#reloadAt = Infinity;
			location.reload();
		}
	}

	/** The next quiet hour in the store's zone, counted on the monotonic clock. */
	#planReload(): void {
		if (this.#quietHour === null) return;
		this.#reloadPlannedOnServerTime = this.#clock.best !== null;
		this.#reloadAt = this.#clock.mono() + msUntilStoreHour(this.#clock.now(), this.timeZone, this.#quietHour);
	}

	#close(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#stopRetries?.();
		this.#live?.close();
		this.#live = null;
		this.#socket?.removeAllListeners();
		this.#socket?.disconnect();
		this.#socket = null;
	}
}

/** The page's live screen, for a component under it (created by the page with `new LiveScreen`). */
export function liveScreen<C extends Channel = Channel>(): LiveScreen<C> {
	const screen = getContext<LiveScreen<C> | undefined>(KEY);
	if (!screen) throw new Error('liveScreen(): no LiveScreen on this page');
	return screen;
}
