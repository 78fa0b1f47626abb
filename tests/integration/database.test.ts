import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { cachingStatements, createDb } from '$lib/server/db/database';
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

describe('prepared statements', () => {
	it('are prepared once per SQL text and kept for the most recently used', () => {
		const sqlite = new Sqlite(':memory:');
		const db = cachingStatements(sqlite, 2);
		const one = db.prepare('select 1 as n');
		expect(db.prepare('select 1 as n')).toBe(one);
		expect(one.all([])).toEqual([{ n: 1 }]);
		db.prepare('select 2 as n');
		db.prepare('select 1 as n'); // used again: now the most recent
		db.prepare('select 3 as n'); // over the size: the least recently used ("select 2") goes
		expect(db.prepare('select 1 as n')).toBe(one);
		const two = db.prepare('select 2 as n');
		expect(two.all([])).toEqual([{ n: 2 }]);
		db.close();
	});

	it('still run after the schema changed under them', async () => {
		const { db } = createDb(':memory:');
		await sql`create table t (a integer)`.execute(db);
		await db.executeQuery(sql`insert into t values (1)`.compile(db));
		const read = () => sql<{ a: number; b?: number }>`select * from t`.execute(db);
		expect((await read()).rows).toEqual([{ a: 1 }]);
		await sql`alter table t add column b integer default 2`.execute(db);
		expect((await read()).rows).toEqual([{ a: 1, b: 2 }]);
		await db.destroy();
	});
});
