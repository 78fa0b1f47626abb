import Sqlite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDatabase } from 'kysely';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * Every connection gets the same pragmas, and they are read back: better-sqlite3 opens
 * connections at synchronous=NORMAL unless told, and an acknowledged command must survive
 * a power cut.
 */
export function openSqlite(file: string): Sqlite.Database {
	const sqlite = new Sqlite(file);
	if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// What is deleted or overwritten is zeroed, not left in free space: an erased customer's name
	// and phone must not survive in the file (issue 18).
	sqlite.pragma('secure_delete = ON');
	const synchronous = sqlite.pragma('synchronous', { simple: true });
	const foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
	if (synchronous !== 2 || foreignKeys !== 1) {
		sqlite.close();
		throw new Error(`SQLite refused its settings (synchronous=${synchronous}, foreign_keys=${foreignKeys})`);
	}
	return sqlite;
}

/** Write transactions take the write lock at BEGIN, so two writers never deadlock half-way. */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class ImmediateSqliteDialect extends SqliteDialect {
	readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
	constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
		super(config);
		this.#config = config;
	}
	override createDriver() {
		return new ImmediateSqliteDriver(this.#config);
	}
}

/** Distinct SQL texts kept prepared; `in (?, ?, …)` lists of every length make a few hundred. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query it runs; compiling the same dozen statements
 * for every command costs more than running them. This keeps the prepared statements by SQL
 * text (least recently used dropped first). Safe because the one connection runs one query
 * at a time and `all` / `run` finish before returning; Pitwall never streams a query
 * (`.stream()` iterates a statement, and a second use of it while iterating would fail).
 */
export function cachingStatements(sqlite: Sqlite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
	const cache = new Map<string, Sqlite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(sql) {
			let statement = cache.get(sql);
			if (statement) {
				cache.delete(sql);
			} else {
				statement = sqlite.prepare(sql);
				if (cache.size >= size) cache.delete(cache.keys().next().value!);
			}
			cache.set(sql, statement);
			return statement;
		}
	};
}

export function databaseFile(dataDir: string): string {
	if (dataDir === ':memory:') return dataDir;
	mkdirSync(dataDir, { recursive: true });
	return join(dataDir, 'pitwall.db');
}

export function createDb(file: string): { db: Db; sqlite: Sqlite.Database } {
	const sqlite = openSqlite(file);
	const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
	return { db, sqlite };
}
