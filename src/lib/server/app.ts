import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Db, type OpenDatabase } from './db/database';
import { testDemoSeed } from './db/demo-seed';
import { WRITE_LOCK } from './db/postgres';
import { migrateToLatest } from './db/migrate';
import { createFirstStore, firstStore, storeSettings } from '$lib/server/core/stores';
import { clientAddress, readSettings, type Settings } from './settings';
import { attachLive, type LiveHub } from '$lib/server/core/hub';
import { demoSecondStore, loadDemoGroup, loadDemoShop } from '../../../db/seed/demo';
import { loadDemoPhotos } from '../../../db/seed/demo-photos';
import { startOfStoreDay } from '$lib/domain/time';
import { pruneIdempotencyKeys, type CommandContext } from '$lib/server/core/commands';
import { afterResponse } from '$lib/server/core/after-response';
import { principalOf } from '$lib/server/features/access/who';
import { modules } from '$lib/server/modules';
import { Simulator, simulatedClock } from './simulation';
import { demoAccess } from '$lib/server/features/access/demo';
import { ensureSetupCode } from '$lib/server/features/access/setup';
import { linkLimiter as newLinkLimiter, statusSecret } from '$lib/server/features/repair-orders/status-link';
import { attemptLimit, type AttemptLimit } from '$lib/server/core/limiter';
import { PhotoStore } from '$lib/server/features/photos/storage';

export interface App {
	settings: Settings;
	db: Db;
	close(): Promise<void>;
	/** The store this server opens on (sign-in, pairing and set-up pages); everyone signed in acts in their own. */
	storeId: number;
	timeZone: string;
	/** Puts Socket.IO on the HTTP server and starts the modules' jobs (once). */
	attachLive(httpServer: HttpServer): Promise<LiveHub>;
	epoch: string;
	live: LiveHub | null;
	/** Context for commands: the store, and a broadcast after every commit. */
	commands: CommandContext;
	version: string;
	/** Server time: the real clock, or the demo simulation's faster one. */
	now(): number;
	/** Demo only: a link per pre-paired wall screen, which `npm start` prints. */
	demoScreens: { name: string; board: string; path: string }[];
	/** Demo only: a write API token for trying the JSON API. */
	demoToken: string | null;
	/** Set while the shop has no staff at all: the one-time code that creates the first admin (one per database, see access/setup.ts; as this server last read it). */
	setupCode: string | null;
	/** Signs each repair order's customer link (src/lib/server/status-link.ts). */
	statusSecret: string;
	/** Invalid customer links per address (pages and sockets share it; counted in the database: every server the same). */
	linkLimiter: AttemptLimit;
	/** Wrong set-up codes: per address, and over all addresses (set-up happens once, by one person). */
	setupLimiter: { perAddress: AttemptLimit; overall: AttemptLimit };
	/** CNY per hour, for the labour estimate on a customer's add-on. */
	labourRate: number;
	/** The photos' files (issue 19). */
	photos: PhotoStore;
}

export interface OpenAppOptions {
	httpServer?: HttpServer;
	now?: () => number;
	/** false: none of the modules' background jobs (the overdue watch…), for a test whose only writer is itself. */
	jobs?: boolean;
}

export async function openApp(settings: Settings, options: OpenAppOptions = {}): Promise<App> {
	const simulating = settings.demo && settings.simulate > 0 && !options.now;
	if (simulating) options = { ...options, now: simulatedClock(settings.simulate) };
	// A test's throwaway database with the demo: a copy of one loaded once (db/demo-seed.ts).
	const seed = settings.demo && !simulating && settings.dataDir === ':memory:' && !settings.databaseUrl ? testDemoSeed(settings.demoStores, options.now, loadDemo) : undefined;
	const database = await openDatabase(settings, seed?.seed);
	const { db } = database;
	await oneAtATime(database, settings.databaseUrl ?? settings.dataDir, () => migrateToLatest(db));
	const photos = PhotoStore.forDataDir(settings.dataDir, settings.photoDir ?? undefined);
	if (database.seeded && seed) seed.copyPhotos(photos.root);
	const { epoch, store, demo, setupCode, secret } = await oneAtATime(database, settings.databaseUrl ?? settings.dataDir, async () => {
		let epoch = (await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirst())?.value;
		if (!epoch) {
			epoch = randomUUID();
			await db.insertInto('meta').values({ key: 'epoch', value: epoch }).execute();
		}
		let store = await firstStore(db);
		if (!store && settings.demo) {
			await loadDemo(db, photos, settings.demoStores, options.now?.() ?? Date.now());
			store = await firstStore(db);
		}
		store ??= await createFirstStore(db, Date.now());
		const demo = settings.demo ? await demoAccess(db, store.id) : { screens: [], token: null };
		return { epoch, store, demo, setupCode: await ensureSetupCode(db, settings.setupCode), secret: await statusSecret(db) };
	});
	const linkLimiter = newLinkLimiter();
	const stops: (() => void)[] = [];
	let attaching: Promise<LiveHub> | null = null;
	let across: ReturnType<NonNullable<OpenDatabase['socketAdapter']>> | null = null;
	// This server, in its commits' notifications (PostgreSQL).
	const origin = randomUUID();
	const app: App = {
		statusSecret: secret,
		linkLimiter,
		setupLimiter: { perAddress: attemptLimit('setup.address', 10, 10 * 60_000), overall: attemptLimit('setup.all', 50, 10 * 60_000) },
		labourRate: store.labour_rate,
		photos,
		demoScreens: demo.screens,
		demoToken: demo.token,
		setupCode,
		settings,
		db,
		storeId: store.id,
		timeZone: store.time_zone,
		epoch,
		live: null,
		version: process.env.npm_package_version ?? '0.1.0',
		now: options.now ?? Date.now,
		commands: { db, storeId: store.id, now: options.now, afterCommit: (event) => afterResponse(() => void app.live?.publish(event)), origin },
		attachLive(httpServer) {
			attaching ??= (async () => {
				across = database.socketAdapter?.() ?? null;
				app.live = await attachLive(
					httpServer,
					{ db, epoch, now: options.now, rate: simulating ? settings.simulate : 1 },
					{ heartbeatMs: settings.heartbeatSeconds * 1000, adapter: across?.adapter, authenticate: (asking) => principalOf(app, asking), address: (headers, connection) => clientAddress(headers, connection, settings) }
				);
				// Several servers on PostgreSQL: an event committed by any of them is sent by every hub at once,
				// from the notification when it carries the entities, else read back.
				// This server's own are sent from memory as their commands finish (afterCommit), not read back.
				const listening = database.listen?.((heard) => {
					if (heard.origin === origin) return;
					void (heard.event && heard.seq !== null ? app.live?.publish({ ...heard.event, seq: heard.seq }) : app.live?.flush());
				}, origin);
				if (listening) stops.push(() => void listening.close());
				// While the server runs: each module's jobs (the overdue watch), and the demo's simulated day.
				if (options.jobs !== false) for (const module of modules) for (const job of module.jobs ?? []) stops.push(job(app));
				stops.push(pruneHourly(app));
				// Every demo store's day (a dealer group's demo has two).
				if (simulating) for (const s of await db.selectFrom('stores').select(['id', 'time_zone']).orderBy('id').execute()) stops.push(simulate(app, s.id, s.time_zone));
				return app.live;
			})();
			return attaching;
		},
		async close() {
			for (const stop of stops.splice(0)) stop();
			app.live?.close();
			// The adapter across servers stops listening before its connections end.
			if (across) await app.live?.io.of('/').adapter.close();
			app.live?.io.close();
			await across?.close();
			await database.close();
			// A test's in-memory database takes its throwaway photo folder with it.
			if (settings.dataDir === ':memory:' && !settings.photoDir) await photos.destroy();
		}
	};
	if (options.httpServer) await app.attachLive(options.httpServer);
	return app;
}

/** The first start's lock (PostgreSQL advisory locks are per database: no other database's holder waits). */
const STARTUP_LOCK = WRITE_LOCK + 2;
const startingUp = new Map<string, Promise<unknown>>();

/**
 * Servers started together on an empty database would each find no store, no epoch and no secrets,
 * and each make its own. The first start's checks and writes run one server at a time: on
 * PostgreSQL under a session advisory lock (other servers wait, then find what the first made); on
 * SQLite, one server to a file, in turn within the process.
 */
async function oneAtATime<T>(database: OpenDatabase, where: string, run: () => Promise<T>): Promise<T> {
	if (database.engine === 'postgres') {
		return database.db.connection().execute(async (connection) => {
			await sql`select pg_advisory_lock(${STARTUP_LOCK})`.execute(connection);
			try {
				return await run();
			} finally {
				await sql`select pg_advisory_unlock(${STARTUP_LOCK})`.execute(connection);
			}
		});
	}
	const turn = (startingUp.get(where) ?? Promise.resolve()).then(run, run);
	startingUp.set(where, turn.catch(() => {}));
	return turn;
}

/** The demo shop (two and the group's people for a dealer group's demo), with its photos. */
async function loadDemo(db: Db, photos: PhotoStore, stores: number, now: number): Promise<void> {
	const ids = [await loadDemoShop(db, { now })];
	// A dealer group's demo: a second store of its own, and the group's people who enter both.
	if (stores > 1) {
		ids.push(await loadDemoShop(db, { now, shop: demoSecondStore }));
		await loadDemoGroup(db, ids, now);
	}
	for (const id of ids) await loadDemoPhotos(db, photos, id, now, startOfStoreDay(now, (await storeSettings(db, id)).timeZone));
}

/** Idempotency keys past their 24 hours are deleted once an hour. */
function pruneHourly(app: App): () => void {
	const timer = setInterval(() => void pruneIdempotencyKeys(app.db, Date.now()).catch((error) => console.error('pruning idempotency keys failed', error)), 3600_000);
	timer.unref();
	return () => clearInterval(timer);
}

/** The demo's simulated day: one step a real second, through the same commands as people. */
function simulate(app: App, storeId: number, timeZone: string): () => void {
	const simulator = new Simulator({ ...app.commands, storeId }, timeZone);
	let stepping = false;
	const timer = setInterval(() => {
		if (stepping) return;
		stepping = true;
		simulator
			.tick(app.now())
			.catch((error) => console.error('simulation step failed', error))
			.finally(() => (stepping = false));
	}, 1000);
	timer.unref();
	return () => clearInterval(timer);
}

let running: Promise<App> | undefined;

/**
 * The running server's app, opened once from the settings. The server composed in core/http.ts
 * and every page load share it: in production they are one bundle, in `vite dev` one module graph.
 */
export function getApp(): Promise<App> {
	running ??= openApp(readSettings());
	return running;
}
