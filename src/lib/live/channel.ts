import type { Channel, Delta, Entities, Heartbeat, JoinReply, Snapshot } from './protocol';
import { applyPatches } from './entities';
import { ServerClock } from './clock';

/** What the channel needs of a socket: Socket.IO's client fits, and tests can wrap it. */
export interface LiveSocket {
	connected: boolean;
	// Loosely typed on purpose: Socket.IO's typed client and test doubles both fit.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	on(event: any, listener: any): unknown;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	off(event: any, listener?: any): unknown;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	emit(event: any, ...args: any[]): unknown;
}

export type LiveStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface ChannelState<E extends Entities = Entities> {
	status: LiveStatus;
	epoch: string | null;
	seq: number;
	entities: E;
	/** Server time of the newest data this screen holds (for "data from HH:MM"). */
	dataTime: number | null;
}

export interface LiveChannelOptions {
	clock?: ServerClock;
	heartbeatMs?: number;
	/** Missed heartbeats before the screen calls itself stale. */
	missedBeats?: number;
	/** Re-measure the clock this often. */
	clockEveryMs?: number;
	onChange?: () => void;
}

/**
 * A screen's live copy of one channel: a snapshot, then deltas in seq order. A gap, a
 * duplicate, a reconnect or a heartbeat ahead of us all end the same way: resume from our
 * seq (the server replays) or take a fresh snapshot. Framework-free; the Svelte wrapper
 * only makes `state` reactive.
 */
export class LiveChannel<E extends Entities = Entities> {
	state: ChannelState<E>;
	readonly clock: ServerClock;
	readonly #socket: LiveSocket;
	readonly #channel: Channel;
	readonly #opts: Required<Omit<LiveChannelOptions, 'clock' | 'onChange'>> & { onChange?: () => void };
	#joining = false;
	#rejoin = false;
	/** Gives up the join in flight: its answer went to a connection that is gone. */
	#abandonJoin: (() => void) | null = null;
	/** The highest seq a heartbeat named while a join was in flight: joined again after it only if the join fell short. */
	#beatSeq = 0;
	#buffer: Delta[] = [];
	#lastBeat = 0;
	#timers: ReturnType<typeof setInterval>[] = [];
	#closed = false;
	readonly #handlers: [string, (...args: never[]) => void][] = [];
	/** How many times the channel resynchronised (gaps, reconnects): for tests and the status line. */
	resyncs = 0;

	constructor(socket: LiveSocket, channel: Channel, options: LiveChannelOptions = {}) {
		this.#socket = socket;
		this.#channel = channel;
		this.clock = options.clock ?? new ServerClock();
		this.#opts = {
			heartbeatMs: options.heartbeatMs ?? 5000,
			missedBeats: options.missedBeats ?? 2,
			clockEveryMs: options.clockEveryMs ?? 60_000,
			onChange: options.onChange
		};
		this.state = { status: 'connecting', epoch: null, seq: 0, entities: {} as E, dataTime: null };
		this.#listen('connect', () => this.#onConnect());
		this.#listen('disconnect', () => {
			// A join sent on the connection that dropped is never answered: the next connect joins again
			// at once, rather than after the join's timeout.
			this.#abandonJoin?.();
			this.#set({ status: 'offline' });
		});
		this.#listen('delta:v1', (delta: Delta) => this.#onDelta(delta));
		this.#listen('heartbeat:v1', (beat: Heartbeat) => this.#onBeat(beat));
		this.#timers.push(setInterval(() => this.#watch(), 1000));
		this.#timers.push(setInterval(() => void this.#measureClock(3), this.#opts.clockEveryMs));
		if (socket.connected) this.#onConnect();
	}

	#listen(event: string, handler: (...args: never[]) => void) {
		(this.#socket.on as (e: string, h: (...args: never[]) => void) => unknown)(event, handler);
		this.#handlers.push([event, handler]);
	}

	#set(patch: Partial<ChannelState<E>>) {
		this.state = { ...this.state, ...patch };
		this.#opts.onChange?.();
	}

	#onConnect() {
		this.#lastBeat = this.clock.mono();
		void this.#measureClock(5);
		void this.resync();
	}

	async #measureClock(count: number) {
		try {
			await this.clock.measure(() => this.#ask(), count);
		} catch {
			/* offline: the next connect measures again */
		}
	}

	#ask(): Promise<number> {
		return new Promise((resolve, reject) => {
			if (!this.#socket.connected) return reject(new Error('offline'));
			const timer = setTimeout(() => reject(new Error('timeout')), 5000);
			this.#socket.emit('time:v1', (serverTime: number) => {
				clearTimeout(timer);
				resolve(serverTime);
			});
		});
	}

	/** Resume from our seq, or take a snapshot: the server decides which is cheaper. */
	async resync(): Promise<void> {
		if (this.#closed) return;
		if (this.#joining) {
			this.#rejoin = true;
			return;
		}
		this.#joining = true;
		this.#buffer = [];
		this.resyncs++;
		const since = this.state.epoch ? { epoch: this.state.epoch, seq: this.state.seq } : undefined;
		try {
			const reply = await new Promise<JoinReply>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('join timed out')), 10_000);
				this.#abandonJoin = () => {
					clearTimeout(timer);
					reject(new Error('disconnected'));
				};
				this.#socket.emit('join:v1', { channel: this.#channel, since }, (r: JoinReply) => {
					clearTimeout(timer);
					resolve(r);
				});
			});
			if (!reply.ok) throw new Error(reply.error);
			if (reply.mode === 'snapshot') this.#applySnapshot(reply.snapshot as Snapshot<E>);
			else for (const d of reply.deltas) this.#apply(d);
			this.#lastBeat = this.clock.mono();
		} catch {
			this.#rejoin = this.#socket.connected;
		} finally {
			this.#abandonJoin = null;
			this.#joining = false;
		}
		const buffered = this.#buffer;
		this.#buffer = [];
		for (const d of buffered) this.#onDelta(d);
		// A heartbeat during the join named a seq that neither the join nor the deltas since brought.
		if (this.#beatSeq > this.state.seq && this.#socket.connected) this.#rejoin = true;
		this.#beatSeq = 0;
		if (this.#rejoin) {
			this.#rejoin = false;
			await this.resync();
		}
		if (this.#socket.connected && !this.#joining) this.#set({ status: 'live' });
	}

	#applySnapshot(s: Snapshot<E>) {
		this.clock.hint(s.serverTime);
		this.state = { ...this.state, epoch: s.epoch, seq: s.seq, entities: s.entities, dataTime: s.serverTime };
		this.#opts.onChange?.();
	}

	#apply(d: Delta) {
		if (d.seq <= this.state.seq) return;
		this.state = {
			...this.state,
			seq: d.seq,
			entities: applyPatches(this.state.entities, d.patches),
			dataTime: d.serverTime
		};
		this.#opts.onChange?.();
	}

	#onDelta(d: Delta) {
		if (d.channel !== this.#channel) return;
		if (this.#joining) {
			this.#buffer.push(d);
			return;
		}
		if (d.seq <= this.state.seq) return; // duplicate or already in the snapshot
		if (d.seq === this.state.seq + 1) this.#apply(d);
		else void this.resync(); // gap: something was lost or reordered
	}

	#onBeat(beat: Heartbeat) {
		this.#lastBeat = this.clock.mono();
		this.clock.hint(beat.serverTime);
		if (beat.rate !== undefined && beat.rate !== this.clock.rate) {
			this.clock.setRate(beat.rate);
			void this.#measureClock(5);
		}
		if (this.state.status === 'stale') this.#set({ status: 'live' });
		if (this.#joining) this.#beatSeq = Math.max(this.#beatSeq, beat.seq);
		else if (beat.epoch !== this.state.epoch || beat.seq > this.state.seq) void this.resync();
		else this.#set({ dataTime: beat.serverTime });
	}

	/** Two missed heartbeats and the screen says it is stale, even if the socket looks open. */
	#watch() {
		if (this.state.status !== 'live') return;
		const silent = this.clock.mono() - this.#lastBeat;
		if (silent > this.#opts.heartbeatMs * this.#opts.missedBeats + 1000) this.#set({ status: 'stale' });
	}

	close(): void {
		this.#closed = true;
		for (const t of this.#timers) clearInterval(t);
		for (const [event, handler] of this.#handlers) this.#socket.off(event, handler);
	}
}
