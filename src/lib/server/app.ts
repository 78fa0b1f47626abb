import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import { createDb, databaseFile, type Db } from './db/database';
import { migrateToLatest } from './db/migrate';
import { readSettings, type Settings } from './settings';
import { attachLive, type LiveHub } from '$lib/server/core/hub';
import { loadDemoShop } from '../../../db/seed/demo';
import type { CommandContext } from '$lib/server/core/commands';
import { afterResponse } from '$lib/server/core/after-response';
import { DISPLAY_COOKIE, SESSION_COOKIE, resolvePrincipal } from '$lib/server/features/access/service';
import { watchOverdue } from '$lib/server/features/repair-orders/overdue';
import { Simulator, simulatedClock } from './simulation';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { demoDisplayPurpose, demoKey, demoTokenSecret } from './demo-keys';
import { LinkLimiter, customerPrincipal, resolveStatusLink, statusSecret } from '$lib/server/features/repair-orders/status-link';

export interface App {
	settings: Settings;
	db: Db;
	close(): Promise<void>;
	storeId: number;
	timeZone: string;
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
	/** Set while the shop has no staff at all: the one-time code that creates the first admin. */
	setupCode: string | null;
	/** Signs each repair order's customer link (src/lib/server/status-link.ts). */
	statusSecret: string;
	/** Invalid customer links per address (pages and sockets share it). */
	linkLimiter: LinkLimiter;
	/** CNY per hour, for the labour estimate on a customer's add-on. */
	labourRate: number;
}

// The app is kept on globalThis: Vite's config, its SSR modules and the production build each
// load their own copy of this module, and all of them must share one database and one hub.
const APP = Symbol.for('pitwall.app');
const HTTP = Symbol.for('pitwall.httpServer');
type Global = typeof globalThis & { [APP]?: Promise<App>; [HTTP]?: HttpServer };

export function registerHttpServer(server: HttpServer): void {
	(globalThis as Global)[HTTP] = server;
}

export async function openApp(settings: Settings, options: { httpServer?: HttpServer; now?: () => number } = {}): Promise<App> {
	const simulating = settings.demo && settings.simulate > 0 && !options.now;
	if (simulating) options = { ...options, now: simulatedClock(settings.simulate) };
	const { db, sqlite } = createDb(databaseFile(settings.dataDir));
	await migrateToLatest(db);
	let epoch = (await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirst())?.value;
	if (!epoch) {
		epoch = randomUUID();
		await db.insertInto('meta').values({ key: 'epoch', value: epoch }).execute();
	}
	let store = await db.selectFrom('stores').select(['id', 'time_zone', 'labour_rate']).orderBy('id').executeTakeFirst();
	if (!store && settings.demo) {
		await loadDemoShop(db, { now: options.now?.() ?? Date.now() });
		store = await db.selectFrom('stores').select(['id', 'time_zone', 'labour_rate']).orderBy('id').executeTakeFirst();
	}
	if (!store) {
		const { id } = await db
			.insertInto('stores')
			.values({ code: 'main', name_zh: '服务中心', name_en: 'Service centre', created_at: Date.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		store = { id, time_zone: 'Asia/Shanghai', labour_rate: 240 };
	}
	const demo = settings.demo ? await demoAccess(db, store.id) : { screens: [], token: null };
	const hasUsers = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	const linkLimiter = new LinkLimiter();
	const app: App = {
		statusSecret: await statusSecret(db),
		linkLimiter,
		labourRate: store.labour_rate,
		demoScreens: demo.screens,
		demoToken: demo.token,
		setupCode: hasUsers ? null : randomToken(6),
		settings,
		db,
		storeId: store.id,
		timeZone: store.time_zone,
		epoch,
		live: null,
		version: process.env.npm_package_version ?? '0.1.0',
		now: options.now ?? Date.now,
		commands: { db, storeId: store.id, now: options.now, afterCommit: (event) => afterResponse(() => void app.live?.publish(event)) },
		async close() {
			clearInterval(watcher);
			clearInterval(simulation);
			app.live?.close();
			app.live?.io.close();
			await db.destroy();
			if (sqlite.open) sqlite.close();
		}
	};
	// The running server watches for jobs turning red (tests call watchOverdue themselves).
	let watching = false;
	const watcher = setInterval(() => {
		if (!app.live || watching) return;
		watching = true;
		watchOverdue(app.commands, (options.now ?? Date.now)())
			.catch((error) => console.error('overdue watch failed', error))
			.finally(() => (watching = false));
	}, 10_000);
	watcher.unref();
	// The demo's simulated day: one step a real second, through the same commands as people.
	const simulator = simulating ? new Simulator(app.commands, store.time_zone) : null;
	let stepping = false;
	const simulation = setInterval(() => {
		if (!simulator || !app.live || stepping) return;
		stepping = true;
		simulator
			.tick(app.now())
			.catch((error) => console.error('simulation step failed', error))
			.finally(() => (stepping = false));
	}, 1000);
	simulation.unref();
	if (options.httpServer) {
		app.live = await attachLive(
			options.httpServer,
			{ db, storeId: store.id, timeZone: store.time_zone, epoch, now: options.now, rate: simulating ? settings.simulate : 1, labourRate: store.labour_rate },
			{
				heartbeatMs: settings.heartbeatSeconds * 1000,
				authenticate: async ({ cookie, token, statusToken, address }) => {
					const now = (options.now ?? Date.now)();
					if (statusToken !== undefined) {
						// A customer's phone: only its own order, whatever cookies the browser holds.
						const where = address ?? 'unknown';
						if (linkLimiter.limited(where, now)) return null;
						const ro = await resolveStatusLink(db, store.id, app.statusSecret, statusToken, now);
						if (!ro) linkLimiter.fail(where, now);
						return ro ? customerPrincipal(ro.id) : null;
					}
					const cookies = parseCookies(cookie ?? '');
					return resolvePrincipal(db, store.id, { session: cookies[SESSION_COOKIE], display: cookies[DISPLAY_COOKIE], bearer: token }, (options.now ?? Date.now)());
				}
			}
		);
	}
	return app;
}

/**
 * The demo's wall screens open from a printed link. Their keys derive from a secret kept in
 * the database, so the links survive restarts; a display an admin revoked stays revoked.
 */
async function demoAccess(db: Db, storeId: number): Promise<{ screens: App['demoScreens']; token: string | null }> {
	let secret = (await db.selectFrom('meta').select('value').where('key', '=', 'demo_secret').executeTakeFirst())?.value;
	if (!secret) {
		secret = randomToken(32);
		await db.insertInto('meta').values({ key: 'demo_secret', value: secret }).execute();
	}
	// Demo databases made before the lounge existed get its pre-paired screen too (once).
	if (!(await db.selectFrom('displays').select('id').where('board', '=', 'lounge').executeTakeFirst())) {
		await db.insertInto('displays').values({ store_id: storeId, name: '客户休息区电视 Lounge TV', board: 'lounge', language: 'both', created_at: Date.now() }).execute();
	}
	const displays = await db.selectFrom('displays').select(['id', 'name', 'board', 'key_hash']).where('revoked_at', 'is', null).execute();
	const links: App['demoScreens'] = [];
	for (const d of displays) {
		const key = demoKey(secret, demoDisplayPurpose(d.id));
		if (d.key_hash === null) {
			await db.updateTable('displays').set({ key_hash: sha256(key), paired_at: Date.now() }).where('id', '=', d.id).execute();
		} else if (d.key_hash !== sha256(key)) {
			continue; // re-paired by a person: not the demo's to print any more
		}
		links.push({ name: d.name, board: d.board, path: `/board/${d.board}?key=${key}` });
	}
	const token = demoTokenSecret(secret);
	const existing = await db.selectFrom('api_tokens').select(['token_hash', 'revoked_at']).where('name', '=', 'Demo DMS').where('store_id', '=', storeId).executeTakeFirst();
	if (!existing) {
		await db
			.insertInto('api_tokens')
			.values({ store_id: storeId, name: 'Demo DMS', scope: 'write', token_hash: sha256(token), prefix: token.slice(0, 8), created_at: Date.now() })
			.execute();
	}
	return { screens: links, token: existing?.revoked_at ? null : token };
}

/** The running server's app: opened once, on the HTTP server that the launcher registered. */
export function getApp(): Promise<App> {
	const g = globalThis as Global;
	g[APP] ??= openApp(readSettings(), { httpServer: g[HTTP] });
	return g[APP];
}
