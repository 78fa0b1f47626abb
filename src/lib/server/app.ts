import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createDb, databaseFile, type Db } from './db/database';
import { migrateToLatest } from './db/migrate';
import { readSettings, type Settings } from './settings';
import { attachLive, type LiveHub } from './realtime';
import { loadDemoShop } from '../../../db/seed/demo';
import type { CommandContext } from './commands/core';

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
	const { db, sqlite } = createDb(databaseFile(settings.dataDir));
	await migrateToLatest(db);
	let epoch = (await db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirst())?.value;
	if (!epoch) {
		epoch = randomUUID();
		await db.insertInto('meta').values({ key: 'epoch', value: epoch }).execute();
	}
	let store = await db.selectFrom('stores').select(['id', 'time_zone']).orderBy('id').executeTakeFirst();
	if (!store && settings.demo) {
		await loadDemoShop(db, { now: options.now?.() ?? Date.now() });
		store = await db.selectFrom('stores').select(['id', 'time_zone']).orderBy('id').executeTakeFirst();
	}
	if (!store) {
		const { id } = await db
			.insertInto('stores')
			.values({ code: 'main', name_zh: '服务中心', name_en: 'Service centre', created_at: Date.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		store = { id, time_zone: 'Asia/Shanghai' };
	}
	const app: App = {
		settings,
		db,
		storeId: store.id,
		timeZone: store.time_zone,
		epoch,
		live: null,
		version: process.env.npm_package_version ?? '0.1.0',
		commands: { db, storeId: store.id, now: options.now, afterCommit: () => void app.live?.flush() },
		async close() {
			app.live?.close();
			app.live?.io.close();
			await db.destroy();
			if (sqlite.open) sqlite.close();
		}
	};
	if (options.httpServer) {
		app.live = await attachLive(
			options.httpServer,
			{ db, storeId: store.id, timeZone: store.time_zone, epoch, now: options.now },
			{ heartbeatMs: settings.heartbeatSeconds * 1000 }
		);
	}
	return app;
}

/** The running server's app: opened once, on the HTTP server that the launcher registered. */
export function getApp(): Promise<App> {
	const g = globalThis as Global;
	g[APP] ??= openApp(readSettings(), { httpServer: g[HTTP] });
	return g[APP];
}
