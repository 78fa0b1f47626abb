import Sqlite from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { migrateToLatest, migrationProvider } from './migrate';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, sql, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDatabase, type TransactionSettings } from 'kysely';
import type { Database } from './schema';
import { useEngine, type Engine } from './engine';
import { redactUrl } from './errors';
import { createAdapter } from '@socket.io/postgres-adapter';
import { adapterPool, createPostgresDb, createThrowawayDatabase, listenForEvents } from './postgres';

export type Db = Kysely<Database>;

/**
 * Every connection gets the same pragmas, and they are read back: better-sqlite3 opens
 * connections at synchronous=NORMAL unless told, and an acknowledged command must survive
 * a power cut.
 */
export function openSqlite(file: string | Buffer): Sqlite.Database {
	const sqlite = new Sqlite(file);
	if (typeof file === 'string' && file !== ':memory:') sqlite.pragma('journal_mode = WAL');
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

/**
 * Write transactions take the write lock at BEGIN, so two writers never deadlock half-way. A
 * read-only snapshot (`readSnapshot`) begins deferred: it reads one consistent state without the lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
		const readOnly = settings?.accessMode === 'read only';
		await connection.executeQuery(CompiledQuery.raw(readOnly ? 'begin' : 'begin immediate'));
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

/** `file`: a path, `:memory:`, or a serialized database (`Database#serialize()`) to open in memory. */
export function createDb(file: string | Buffer): { db: Db; sqlite: Sqlite.Database } {
	useEngine('sqlite');
	const sqlite = openSqlite(file);
	const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
	return { db, sqlite };
}

export interface OpenDatabase {
	db: Db;
	engine: Engine;
	/** Closes the connections (and drops a throwaway PostgreSQL database). */
	close(): Promise<void>;
	/** Calls back when any server commits an event (PostgreSQL); null on SQLite, where the heartbeat reads the file. */
	listen: ((onEvent: Parameters<typeof listenForEvents>[1], self?: string) => { close(): Promise<void> }) | null;
	/** Socket.IO's adapter across servers (PostgreSQL); null on SQLite (one server, the in-memory adapter). */
	socketAdapter: (() => { adapter: ReturnType<typeof createAdapter>; close(): Promise<void> }) | null;
	/** A throwaway test database copied from its seed's template: it already holds what the seed loads. */
	seeded?: boolean;
}

/**
 * What a throwaway test database starts with (the demo shop), loaded once per key. On PostgreSQL
 * into a template each test's database is copied from (`create database … template`, a file copy);
 * on SQLite into an in-memory database kept serialized, each test opening a copy of it. Loading the
 * demo through its commands was most of a test's time; a copy takes milliseconds to a tenth of a second.
 */
export interface Seed {
	/** Everything the load depends on: two loads with one key must give the same rows. */
	key: string;
	load(db: Db): Promise<void>;
}

function postgresSocketAdapter(url: string) {
	const pool = adapterPool(url);
	return { adapter: createAdapter(pool, { errorHandler: (error) => console.error(`Socket.IO across servers: ${error.message}`) }), close: () => pool.close() };
}

/**
 * The database a server runs on: PostgreSQL at `databaseUrl` (PITWALL_DATABASE_URL), else the
 * SQLite file in `dataDir`. A throwaway one (`dataDir` `:memory:`, the tests) is SQLite in memory,
 * or, when PITWALL_TEST_DATABASE_URL names a PostgreSQL server, a new database of its own there,
 * dropped on close: so every integration test runs on either engine unchanged.
 */
export async function openDatabase(settings: { dataDir: string; databaseUrl?: string | null }, seed?: Seed): Promise<OpenDatabase> {
	const testServer = process.env.PITWALL_TEST_DATABASE_URL;
	if (!settings.databaseUrl && settings.dataDir === ':memory:' && testServer) {
		useEngine('postgres');
		const throwaway = await migratedThrowaway(testServer, seed);
		const { db } = createPostgresDb(throwaway.url);
		return {
			db,
			engine: 'postgres',
			seeded: seed !== undefined,
			listen: (onEvent, self) => listenForEvents(throwaway.url, onEvent, self),
			socketAdapter: () => postgresSocketAdapter(throwaway.url),
			async close() {
				await db.destroy();
				await throwaway.drop();
			}
		};
	}
	if (settings.databaseUrl) {
		useEngine('postgres');
		const { db } = createPostgresDb(settings.databaseUrl);
		try {
			const { rows } = await sql<{ open: boolean; name: string }>`select has_database_privilege('public', current_database(), 'connect') as open, quote_ident(current_database()) as name`.execute(db);
			// LISTEN and NOTIFY need no right but CONNECT: any role that may connect could read the events'
			// notifications (customers' names among them) and send its own, as Socket.IO's adapter's messages.
			if (rows[0]?.open) console.warn(`PostgreSQL: every role may connect to this database and so read and send its notifications; run: revoke connect, temporary on database ${rows[0].name} from public (docs/deploy.md)`);
		} catch (error) {
			await db.destroy().catch(() => {});
			throw new Error(`PostgreSQL at ${redactUrl(settings.databaseUrl)} does not answer: ${(error as Error).message || (error as { code?: string }).code}`);
		}
		const url = settings.databaseUrl;
		return { db, engine: 'postgres', close: () => db.destroy(), listen: (onEvent, self) => listenForEvents(url, onEvent, self), socketAdapter: () => postgresSocketAdapter(url) };
	}
	const seeded = seed !== undefined && settings.dataDir === ':memory:';
	const { db, sqlite } = createDb(seeded ? await sqliteImage(seed) : databaseFile(settings.dataDir));
	return {
		db,
		engine: 'sqlite',
		seeded,
		listen: null,
		socketAdapter: null,
		async close() {
			await db.destroy();
			if (sqlite.open) sqlite.close();
		}
	};
}

/** Serialized SQLite databases holding a seed, by key: shared by every test file the process runs, the last few kept. */
const images = ((globalThis as { pitwallSeedImages?: Map<string, Promise<Buffer>> }).pitwallSeedImages ??= new Map());

/** A seed loaded once into an in-memory SQLite database, serialized; each test's database opens a copy of it. */
function sqliteImage(seed: Seed): Promise<Buffer> {
	let image = images.get(seed.key);
	if (!image) {
		image = (async () => {
			const { db, sqlite } = createDb(':memory:');
			try {
				await migrateToLatest(db);
				await seed.load(db);
				return sqlite.serialize();
			} finally {
				await db.destroy();
				if (sqlite.open) sqlite.close();
			}
		})();
		images.set(seed.key, image);
		image.catch(() => images.delete(seed.key));
		// A demo with its history is about 13 MB.
		while (images.size > 6) images.delete(images.keys().next().value!);
	}
	return image;
}

/**
 * A new, migrated PostgreSQL database on the server at `serverUrl`, dropped by `drop()` (tests,
 * and two test servers sharing one database). Copied from a template migrated once per server.
 */
export async function migratedThrowaway(serverUrl: string, seed?: Seed): Promise<{ url: string; drop(): Promise<void> }> {
	const names = Object.keys(await migrationProvider.getMigrations()).sort();
	const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);
	return createThrowawayDatabase(serverUrl, {
		name: seed ? `pitwall_s_${hash([...names, seed.key].join('\n'))}` : `pitwall_m_${hash(names.join('\n'))}`,
		async prepare(url: string) {
			useEngine('postgres');
			const { db } = createPostgresDb(url);
			try {
				await migrateToLatest(db);
				await seed?.load(db);
			} finally {
				await db.destroy();
			}
		}
	});
}

/** A read-only transaction that sees one committed state and takes no write lock (snapshots). */
export function readSnapshot<T>(db: Db, read: (tx: Db) => Promise<T>): Promise<T> {
	return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}
