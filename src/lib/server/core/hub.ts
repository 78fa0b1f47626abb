import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { readSnapshot, type Db } from '$lib/server/db/database';
import { databaseUnavailable } from '$lib/server/db/errors';
import { UNAUTHORIZED } from '$lib/live/refused';
import {
	channels,
	type Channel,
	type ClientToServerEvents,
	type Delta,
	type JoinReply,
	type JoinRequest,
	type ServerToClientEvents,
	type Snapshot
} from '$lib/live/protocol';
import { channelEntities, channelKinds, entityDef, projectAll, projectImage, type EntityImage, type ProjectionContext } from '$lib/server/core/projections';
import { startOfStoreDay } from '$lib/domain/time';
import { channelsFor, type Principal } from '$lib/server/features/access/principal';
import type { Asking } from '$lib/server/features/access/who';

/** Who is connecting, from the handshake (access/who.ts). */
export type Authenticate = (asking: Asking) => Promise<Principal | null>;

interface SocketData {
	principal: Principal;
}

/** An event row as committed: what the broadcaster needs of it. */
export interface CommittedEvent {
	seq: number;
	store_id: number;
	at: number;
	/** The row's payload (absent when the event came in another server's notification, with its images). */
	payload?: string;
	type: string;
	subject_id: number;
	/** The entities as the command left them, when the event comes straight from its command. */
	images?: EntityImage[];
}

/** What an event row's payload says of the entities it touched (older rows carry whole images). */
type StoredPayload = { entities?: { kind: EntityImage['kind']; id: number }[]; images?: EntityImage[] };

/** What servers ask each other through the adapter (several servers on PostgreSQL). */
interface ServerSideEvents {
	'displays:online': (reply: (ids: number[]) => void) => void;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

export interface LiveStore {
	db: Db;
	/** Identifies this database; a screen holding another epoch takes a fresh snapshot. */
	epoch: string;
	now?: () => number;
	/** Server seconds per real second (the demo simulation runs faster). */
	rate?: number;
}

/** What projections need of a store: its day (time zone) and its labour rate. */
interface StoreInfo {
	timeZone: string;
	labourRate: number;
}

/** Beyond this many missed events a snapshot is cheaper than a replay. */
const MAX_REPLAY = 500;

function room(storeId: number, channel: Channel): string {
	return `store:${storeId}:${channel}`;
}

/** A customer's link sees one order: its sockets share a room of their own. */
function statusRoom(storeId: number, repairOrderId: number): string {
	return `store:${storeId}:status:${repairOrderId}`;
}

/** Rooms that name who is connected, so a revocation reaches exactly their sockets. */
function principalRoom(p: Principal): string | null {
	if (p.kind === 'display') return `display:${p.id}`;
	if (p.kind === 'token') return `token:${p.id}`;
	if (p.kind === 'user') return `session:${p.sessionHash}`;
	return null;
}

/** Every socket of one person, whatever the session: a deactivation or a new PIN ends them all. */
const personRoom = (userId: number) => `user:${userId}`;

/** Same-origin only: a page from another site must not open a live socket with our cookies. */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
	if (!origin) return true; // not a browser (DMS integrations, tests); authentication decides
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

/**
 * The only module that touches the Socket.IO server. Commands never emit: after each commit
 * they call `flush()`, which reads the events table past the last broadcast seq and sends
 * every new event, in seq order, to every channel's room as that channel's projection.
 */
export class LiveHub {
	readonly io: LiveServer;
	#lastSent = 0;
	#flushing: Promise<void> = Promise.resolve();
	#heartbeat: NodeJS.Timeout;
	#closed = false;
	readonly #store: LiveStore;
	/** Every store in the database (a dealer group has several), read at start and when a new one appears. */
	#stores = new Map<number, StoreInfo>();
	/** The last snapshot of each store's shared channels, valid for exactly that seq and store day. */
	readonly #snapshots = new Map<string, { seq: number; dayStart: number; entities: Promise<Snapshot['entities']> }>();

	/** Several servers share the database and talk through Socket.IO's adapter. */
	readonly #clustered: boolean;

	constructor(io: LiveServer, store: LiveStore, stores: Map<number, StoreInfo>, lastSeq: number, heartbeatMs: number, clustered = false) {
		this.io = io;
		this.#clustered = clustered;
		io.on('displays:online', (reply) => reply(this.#localDisplays()));
		this.#store = store;
		this.#stores = stores;
		this.#lastSent = lastSeq;
		io.on('connection', (socket) => this.#onConnection(socket));
		this.#heartbeat = setInterval(() => {
			// Also picks up events written by another process (a script, the simulation).
			void this.flush().then(() => this.io.local.emit('heartbeat:v1', this.#beat()));
		}, heartbeatMs);
		this.#heartbeat.unref();
	}

	get lastSent(): number {
		return this.#lastSent;
	}

	#now(): number {
		return (this.#store.now ?? Date.now)();
	}

	#beat() {
		return { epoch: this.#store.epoch, seq: this.#lastSent, serverTime: this.#now(), rate: this.#store.rate ?? 1 };
	}

	#projectionContext(storeId: number): ProjectionContext {
		const store = this.#stores.get(storeId);
		if (!store) throw new Error(`store ${storeId} is not known to the hub`);
		return { dayStart: startOfStoreDay(this.#now(), store.timeZone), labourRate: store.labourRate, timeZone: store.timeZone };
	}

	/** Makes sure every store the rows name is known (a store created since start). */
	async #know(storeIds: number[]): Promise<void> {
		if (storeIds.every((id) => this.#stores.has(id))) return;
		this.#stores = await readStores(this.#store.db);
	}

	#onConnection(socket: LiveSocket): void {
		const principal = socket.data.principal;
		const own = principalRoom(principal);
		if (own) void socket.join(own);
		if (principal.kind === 'user') void socket.join(personRoom(principal.id));
		if (principal.kind === 'display') {
			void this.#seen(principal.id);
			socket.on('disconnect', () => void this.#seen(principal.id));
		}
		socket.on('time:v1', (reply) => {
			if (typeof reply === 'function') reply(this.#now());
		});
		socket.on('join:v1', async (request, reply) => {
			if (typeof reply !== 'function') return;
			try {
				reply(await this.join(socket, request));
			} catch (error) {
				console.error('join failed', error);
				reply({ ok: false, error: 'server_error' });
			}
		});
	}

	async join(socket: LiveSocket, request: JoinRequest): Promise<JoinReply> {
		const channel = request?.channel;
		if (!channels.includes(channel)) return { ok: false, error: `unknown channel "${String(channel)}"` };
		if (!channelsFor(socket.data.principal).includes(channel)) return { ok: false, error: `not allowed to watch "${channel}"` };
		const principal = socket.data.principal;
		const own = channel === 'status' && principal.kind === 'customer' ? principal.repairOrderId : undefined;
		if (channel === 'status' && own === undefined) return { ok: false, error: 'not allowed to watch "status"' };
		if (principal.kind === 'system') return { ok: false, error: 'not allowed' };
		// The store is the principal's: a screen sees its own store and nothing of another.
		const storeId = principal.storeId;
		await this.#know([storeId]);
		// Join first: a delta committed while the reply is built reaches the client after it,
		// and the client drops what its snapshot already holds (by seq).
		// A customer's socket is in its order's room and in the room of all customers' links (for the bare seq).
		await socket.join(own === undefined ? room(storeId, channel) : [room(storeId, 'status'), statusRoom(storeId, own)]);
		const since = request.since;
		if (since && since.epoch === this.#store.epoch && Number.isInteger(since.seq) && since.seq <= this.#lastSent && this.#lastSent - since.seq <= MAX_REPLAY) {
			const deltas = await this.replay(channel, storeId, since.seq, this.#lastSent, own);
			return { ok: true, mode: 'replay', epoch: this.#store.epoch, seq: this.#lastSent, serverTime: this.#now(), deltas };
		}
		return { ok: true, mode: 'snapshot', snapshot: await this.snapshot(channel, storeId, own) };
	}

	/**
	 * The channel's whole state at `seq`, read in one transaction so the two agree. A shared
	 * channel's entities are kept for the seq they were read at: when every screen rejoins at
	 * once (after a restart, or the network came back), the first join reads and projects and
	 * the others at the same seq and day get the same object (never changed, only encoded).
	 */
	async snapshot(channel: Channel, storeId: number, repairOrderId?: number): Promise<Snapshot> {
		const { db, epoch } = this.#store;
		await this.#know([storeId]);
		const ctx = this.#projectionContext(storeId);
		const key = `${storeId}:${channel}`;
		return readSnapshot(db, async (tx) => {
			const seqRow = await tx
				.selectFrom('events')
				.select((eb) => eb.fn.max('seq').as('seq'))
				.executeTakeFirst();
			const seq = Math.max(Number(seqRow?.seq ?? 0), 0);
			const snapshot = (entities: Snapshot['entities']): Snapshot => ({ channel, epoch, seq, serverTime: this.#now(), entities });
			const shared = channel !== 'status';
			// A read already made, or being made, at this seq (on PostgreSQL joins read in parallel): shared.
			const cached = shared ? this.#snapshots.get(key) : undefined;
			if (cached && cached.seq === seq && cached.dayStart === ctx.dayStart) return snapshot(await cached.entities);
			// Every kind the channel carries, read by the module that owns it.
			const scope = { storeId, ctx, repairOrderId: shared ? undefined : (repairOrderId ?? 0) };
			const defs = channelEntities(channel);
			const reading = Promise.all(defs.map((def) => def.read(tx, scope) as Promise<{ id: number }[]>)).then((lists) =>
				projectAll(channel, Object.fromEntries(defs.map((def, i) => [def.kind, lists[i]])), ctx)
			);
			if (shared) {
				const entry = { seq, dayStart: ctx.dayStart, entities: reading };
				this.#snapshots.set(key, entry);
				// A failed read is not kept for the next join.
				reading.catch(() => this.#snapshots.get(key) === entry && this.#snapshots.delete(key));
			}
			return snapshot(await reading);
		});
	}

	/**
	 * What a screen missed between `after` and `upTo`: every entity those events touched, as it
	 * stands now, in one delta at `upTo` (a screen needs the present, not each step to it).
	 */
	async replay(channel: Channel, storeId: number, after: number, upTo: number, repairOrderId?: number): Promise<Delta[]> {
		const rows = await this.#store.db
			.selectFrom('events')
			.select(['seq', 'store_id', 'payload'])
			.where('seq', '>', after)
			.where('seq', '<=', upTo)
			.where('store_id', '=', storeId)
			.orderBy('seq')
			.execute();
		const touched = new Map<string, { kind: EntityImage['kind']; id: number }>();
		for (const row of rows) for (const ref of refsOf(row.payload)) touched.set(`${ref.kind}:${ref.id}`, ref);
		const images = await this.#present(storeId, [...touched.values()]);
		const ctx = this.#projectionContext(storeId);
		const delta = this.#delta(channel, storeId, { seq: upTo, store_id: storeId }, ctx, repairOrderId, images);
		return [delta];
	}

	/** The entities as they stand now (null where gone), read by the modules that own them. */
	async #present(storeId: number, refs: { kind: EntityImage['kind']; id: number }[]): Promise<EntityImage[]> {
		return Promise.all(
			refs.map(async ({ kind, id }) => ({ kind, id, value: (await entityDef(kind)?.readOne(this.#store.db, storeId, id)) ?? null }))
		);
	}

	/** An event's entities: from its command when it has them, else as they stand now. */
	async #imagesOf(row: { store_id: number; payload: string; images?: EntityImage[] }): Promise<EntityImage[]> {
		if (row.images) return row.images;
		const stored = JSON.parse(row.payload) as StoredPayload;
		return stored.images ?? this.#present(row.store_id, stored.entities ?? []);
	}

	/** When a wall screen was last connected (for /admin); a database away or closed meanwhile only costs that. */
	async #seen(displayId: number): Promise<void> {
		if (this.#closed) return;
		try {
			await this.#store.db.updateTable('displays').set({ last_seen_at: this.#now() }).where('id', '=', displayId).execute();
		} catch (error) {
			if (!this.#closed) broadcastFailed(error);
		}
	}

	/** The displays with a live socket on this server. */
	#localDisplays(): number[] {
		return [...this.io.of('/').sockets.values()].flatMap((s) => (s.data.principal?.kind === 'display' ? [s.data.principal.id] : []));
	}

	/**
	 * Displays with at least one live socket now, on every server: the others are asked for their
	 * display ids only (not `fetchSockets()`, whose answer would carry every socket's handshake, keys
	 * and cookies included, through the database). A server that does not answer in time leaves its
	 * screens out of the count; the page still answers.
	 */
	async onlineDisplays(): Promise<Set<number>> {
		const ids = new Set(this.#localDisplays());
		if (!this.#clustered) return ids;
		try {
			for (const reply of await this.io.serverSideEmitWithAck('displays:online')) for (const id of reply) ids.add(id);
		} catch (error) {
			console.error(`online screens: not every server answered (${(error as Error).message})`);
		}
		return ids;
	}

	/**
	 * Cuts off every socket of a revoked display, token or session, telling it why first: on every
	 * server (through the adapter), or `local`ly where each server's hub acts on the event itself.
	 */
	disconnect(roomName: string, reason: 'display_revoked' | 'signed_out' | 'token_revoked' | 'store_changed', scope: 'everywhere' | 'local' = 'everywhere'): void {
		const sockets = scope === 'local' ? this.io.local.in(roomName) : this.io.in(roomName);
		sockets.emit('revoked:v1', { reason });
		sockets.disconnectSockets(true);
	}

	/**
	 * One event as `channel` sees it. Kinds the channel does not carry are left out; on a
	 * customer's link (`status`), so is every order but theirs: the delta still carries the seq.
	 */
	#delta(channel: Channel, storeId: number, row: { seq: number; store_id: number }, ctx: ProjectionContext, repairOrderId: number | undefined, images: EntityImage[]): Delta {
		const serverTime = this.#now();
		if (row.store_id !== storeId) return { channel, seq: row.seq, serverTime, patches: [] };
		const kinds = channelKinds(channel);
		const visible = images.filter((image) => kinds.includes(image.kind) && (channel !== 'status' || image.id === repairOrderId));
		return { channel, seq: row.seq, serverTime, patches: visible.map((image) => projectImage(channel, image, ctx)) };
	}

	/** Sends every committed event not yet sent, in order. Calls queue behind each other. */
	flush(): Promise<void> {
		if (this.#closed) return this.#flushing;
		this.#flushing = this.#flushing.then(() => this.#flushOnce()).catch((error) => void (this.#closed || broadcastFailed(error)));
		return this.#flushing;
	}

	async #flushOnce(): Promise<void> {
		for (;;) {
			const rows = await this.#store.db
				.selectFrom('events')
				.select(['seq', 'store_id', 'at', 'payload', 'type', 'subject_id'])
				.where('seq', '>', this.#lastSent)
				.orderBy('seq')
				.limit(200)
				.execute();
			if (rows.length === 0) return;
			await this.#know(rows.map((r) => r.store_id));
			// Read back from the table (a gap, another process's write): the entities as they are now.
			const events: CommittedEvent[] = [];
			for (const row of rows) events.push({ ...row, images: await this.#imagesOf(row) });
			this.#send(events);
		}
	}

	/**
	 * The command that just committed hands its event over: when it is the next seq it goes out
	 * at once, without reading it back; anything else (a gap, another process's write) falls
	 * back to reading the events table, so order and completeness never depend on this path.
	 */
	publish(row: CommittedEvent): Promise<void> {
		if (this.#closed) return this.#flushing;
		this.#flushing = this.#flushing
			.then(() => {
				if (row.seq === this.#lastSent + 1 && row.images && this.#stores.has(row.store_id)) this.#send([row]);
				else if (row.seq > this.#lastSent) return this.#flushOnce();
			})
			.catch((error) => void (this.#closed || broadcastFailed(error)));
		return this.#flushing;
	}

	/**
	 * Each event goes to each channel's room of its store through Socket.IO's own broadcast,
	 * which encodes the packet and frames it once for the whole room. Only to this server's
	 * sockets (`local`): with several servers each hub reads the events table itself and sends
	 * every event in seq order, so a screen's deltas never depend on another server being alive.
	 * Customers' links: the order's own room gets its patch, every other customer socket the
	 * bare seq. Other stores' screens get the bare seq too (seq is one sequence for the whole
	 * database, and a screen that sees a gap resynchronises).
	 */
	#send(rows: CommittedEvent[]): void {
		for (const row of rows) {
			const storeId = row.store_id;
			const ctx = this.#projectionContext(storeId);
			const serverTime = this.#now();
			const images = row.images ?? [];
			for (const channel of channels) {
				if (channel === 'status') continue;
				this.io.local.to(room(storeId, channel)).emit('delta:v1', this.#delta(channel, storeId, row, ctx, undefined, images));
			}
			const orders = [...new Set(images.filter((i) => i.kind === 'repairOrder').map((i) => i.id))];
			for (const id of orders) this.io.local.to(statusRoom(storeId, id)).emit('delta:v1', this.#delta('status', storeId, row, ctx, id, images));
			this.io.local
				.to(room(storeId, 'status'))
				.except(orders.map((id) => statusRoom(storeId, id)))
				.emit('delta:v1', { channel: 'status', seq: row.seq, serverTime, patches: [] });
			for (const other of this.#stores.keys()) {
				if (other === storeId) continue;
				for (const channel of channels) this.io.local.to(room(other, channel)).emit('delta:v1', { channel, seq: row.seq, serverTime, patches: [] });
			}
			this.#lastSent = row.seq;
			// A store's calendar or labour rate changed: projections read the new ones from the next event on.
			if (row.type === 'store.updated' || row.type === 'store.created') void readStores(this.#store.db).then((stores) => (this.#stores = stores), broadcastFailed);
			// Every server's hub sends every event, so each cuts off its own sockets.
			if (row.type === 'display.revoked') this.disconnect(`display:${row.subject_id}`, 'display_revoked', 'local');
			if (row.type === 'token.revoked') this.disconnect(`token:${row.subject_id}`, 'token_revoked', 'local');
			if (row.type === 'user.deactivated' || row.type === 'user.pinReset' || row.type === 'group.personUpdated') this.disconnect(personRoom(row.subject_id), 'signed_out', 'local');
		}
	}

	close(): void {
		this.#closed = true;
		clearInterval(this.#heartbeat);
	}
}

export interface AttachOptions {
	heartbeatMs: number;
	/** Socket.IO's adapter across servers (PostgreSQL's); the default in-memory one for one server. */
	adapter?: ServerOptions['adapter'];
	authenticate: Authenticate;
	/** The client's address from the handshake's headers (behind a proxy), else the connection's. */
	address?: (headers: Record<string, string | string[] | undefined>, connection: string) => string;
}

export async function attachLive(httpServer: HttpServer, store: LiveStore, options: AttachOptions): Promise<LiveHub> {
	const io: LiveServer = new Server(httpServer, {
		serveClient: false,
		...(options.adapter ? { adapter: options.adapter } : {}),
		perMessageDeflate: false,
		// Leave other upgrade requests alone (Vite's HMR socket shares the server in dev).
		destroyUpgrade: false,
		allowRequest: (req, callback) => {
			const ok = sameOrigin(req.headers.origin, req.headers.host);
			callback(ok ? null : 'origin not allowed', ok);
		}
	});
	io.use(async (socket, next) => {
		try {
			const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
			const statusToken = typeof socket.handshake.auth?.statusToken === 'string' ? socket.handshake.auth.statusToken : undefined;
			const principal = await options.authenticate({ cookie: socket.handshake.headers.cookie, authorization: token && `Bearer ${token}`, statusToken, address: options.address ? options.address(socket.handshake.headers, socket.handshake.address) : socket.handshake.address });
			if (!principal) return next(new Error(UNAUTHORIZED));
			socket.data.principal = principal;
			next();
		} catch (error) {
			// Not "unauthorized": the screen tries again (keepConnecting in $lib/live/refused.ts).
			if (databaseUnavailable(error)) console.error(`screen refused: the database is unavailable (${(error as Error).message})`);
			else console.error('screen refused: who is asking could not be read', error);
			next(new Error('unavailable'));
		}
	});
	const last = await store.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
	return new LiveHub(io, store, await readStores(store.db), Number(last?.seq ?? 0), options.heartbeatMs, options.adapter !== undefined);
}

/** A broadcast that could not read the events: one line while the database is away (it retries at the next heartbeat), else the whole error. */
function broadcastFailed(error: unknown): void {
	if (databaseUnavailable(error)) console.error(`broadcast paused: the database is unavailable (${(error as Error).message}); retrying`);
	else console.error('broadcast failed', error);
}

function refsOf(payload: string): { kind: EntityImage['kind']; id: number }[] {
	const stored = JSON.parse(payload) as StoredPayload;
	return stored.entities ?? (stored.images ?? []).map(({ kind, id }) => ({ kind, id }));
}

async function readStores(db: Db): Promise<Map<number, StoreInfo>> {
	const rows = await db.selectFrom('stores').select(['id', 'time_zone', 'labour_rate']).execute();
	return new Map(rows.map((r) => [r.id, { timeZone: r.time_zone, labourRate: r.labour_rate }]));
}
