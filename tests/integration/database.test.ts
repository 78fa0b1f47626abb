import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { createDb } from '$lib/server/db/database';
import { migrateToLatest, migrationProvider } from '$lib/server/db/migrate';

const dirs: string[] = [];
function tempFile() {
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-db-'));
	dirs.push(dir);
	return join(dir, 'test.db');
}
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
	it('each applies to an empty database, rolls back and applies again', async () => {
		const { db } = createDb(':memory:');
		const migrator = new Migrator({ db, provider: migrationProvider });
		const names = Object.keys(await migrationProvider.getMigrations()).sort();
		expect(names.length).toBeGreaterThan(0);
		for (const name of names) {
			const up = await migrator.migrateTo(name);
			expect(up.error).toBeUndefined();
		}
		const tables = await db.introspection.getTables();
		expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['stores', 'bays', 'teams', 'technicians', 'standard_times', 'customers', 'vehicles', 'repair_orders', 'repair_order_operations', 'events']));
		const down = await migrator.migrateDown();
		expect(down.error).toBeUndefined();
		expect(await migrateToLatest(db)).toEqual([names.at(-1)]);
		await db.destroy();
	});

	it('keeps the events table append-only', async () => {
		const { db } = createDb(':memory:');
		await migrateToLatest(db);
		await db.insertInto('stores').values({ code: 's', name_zh: '店', name_en: 'Store', created_at: 0 }).execute();
		await db
			.insertInto('events')
			.values({ store_id: 1, at: 0, actor_kind: 'system', actor_id: null, actor_name: 'x', type: 't', subject_kind: 'k', subject_id: 1, payload: '{}' })
			.execute();
		await expect(db.updateTable('events').set({ type: 'forged' }).execute()).rejects.toThrow(/append-only/);
		await expect(db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
		await db.destroy();
	});
});

describe('SQLite settings', () => {
	it('sets WAL, foreign keys and synchronous=FULL on every connection', async () => {
		const file = tempFile();
		const a = createDb(file);
		const b = createDb(file);
		for (const { db } of [a, b]) {
			const { rows: s } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
			const { rows: j } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
			const { rows: f } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
			expect(s[0].synchronous).toBe(2);
			expect(j[0].journal_mode).toBe('wal');
			expect(f[0].foreign_keys).toBe(1);
		}
		await a.db.destroy();
		await b.db.destroy();
	});

	it('takes the write lock when a transaction begins, before its first write', async () => {
		const file = tempFile();
		const { db } = createDb(file);
		await migrateToLatest(db);
		const other = new Sqlite(file, { timeout: 0 });
		await db.transaction().execute(async (tx) => {
			await tx.selectFrom('stores').selectAll().execute(); // a read only: a deferred BEGIN would hold no lock yet
			expect(() => other.exec("insert into meta (key, value) values ('x', 'y')")).toThrow(/locked|busy/i);
		});
		other.exec("insert into meta (key, value) values ('x', 'y')");
		other.close();
		await db.destroy();
	});
});
