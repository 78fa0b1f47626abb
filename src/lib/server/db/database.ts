import Sqlite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
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

export function databaseFile(dataDir: string): string {
	if (dataDir === ':memory:') return dataDir;
	mkdirSync(dataDir, { recursive: true });
	return join(dataDir, 'pitwall.db');
}

export function createDb(file: string): { db: Db; sqlite: Sqlite.Database } {
	const sqlite = openSqlite(file);
	const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
	return { db, sqlite };
}
