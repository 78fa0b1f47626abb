import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createDb, databaseFile, type Db } from './db/database';
import { migrateToLatest } from './db/migrate';
import { readSettings, type Settings } from './settings';
import { attachLive, type LiveHub } from '$lib/server/core/hub';
import { loadDemoShop } from '../../../db/seed/demo';
import type { CommandContext } from '$lib/server/core/commands';
import { afterResponse } from '$lib/server/core/after-response';
import { principalOf } from '$lib/server/features/access/who';
import { modules } from '$lib/server/modules';
import { Simulator, simulatedClock } from './simulation';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { demoDisplayPurpose, demoKey, demoTokenSecret } from './demo-keys';
import { LinkLimiter, statusSecret } from '$lib/server/features/repair-orders/status-link';

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
	/** Set while the shop has no staff at all: the one-time code that creates the first admin. */
	setupCode: string | null;
	/** Signs each repair order's customer link (src/lib/server/status-link.ts). */
	statusSecret: string;
	/** Invalid customer links per address (pages and sockets share it). */
	linkLimiter: LinkLimiter;
	/** CNY per hour, for the labour estimate on a customer's add-on. */
	labourRate: number;
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
	const stops: (() => void)[] = [];
	let attaching: Promise<LiveHub> | null = null;
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
		attachLive(httpServer) {
			attaching ??= (async () => {
				app.live = await attachLive(
					httpServer,
					{ db, epoch, now: options.now, rate: simulating ? settings.simulate : 1 },
					{ heartbeatMs: settings.heartbeatSeconds * 1000, authenticate: (asking) => principalOf(app, asking) }
				);
				// While the server runs: each module's jobs (the overdue watch), and the demo's simulated day.
				for (const module of modules) for (const job of module.jobs ?? []) stops.push(job(app));
				if (simulating) stops.push(simulate(app, store.time_zone));
				return app.live;
			})();
			return attaching;
		},
		async close() {
			for (const stop of stops.splice(0)) stop();
			app.live?.close();
			app.live?.io.close();
			await db.destroy();
			if (sqlite.open) sqlite.close();
		}
	};
	if (options.httpServer) await app.attachLive(options.httpServer);
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

/** The demo's simulated day: one step a real second, through the same commands as people. */
function simulate(app: App, timeZone: string): () => void {
	const simulator = new Simulator(app.commands, timeZone);
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
