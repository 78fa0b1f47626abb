import { sql } from 'kysely';
import { onPostgres } from '$lib/server/db/engine';
import type { Db } from '$lib/server/db/database';

/**
 * One at a time per photo file (store and key): an upload from writing its files to its commit, and
 * a clean-up from checking a key unused to deleting its files. The same photo sent twice at once
 * (two findings, two tablets) shares its files, and neither side may delete what the other is
 * about to name.
 *
 * Within a server, calls for one file queue behind each other. Across servers (PostgreSQL, issue 20)
 * the holder also takes a PostgreSQL advisory lock for the file, on a connection of its own, so an
 * upload on one server and a clean-up on another cannot interleave. At most MAX_HELD such
 * connections per server: the others stay free for commands, which the holders themselves need.
 */

/** The advisory locks' namespace ("PF"): the two-key form, a key space apart from the write lock's. */
const PHOTO_FILES = 0x5046;
const MAX_HELD = 3;

const chainsByDb = new WeakMap<object, Map<string, Promise<unknown>>>();
let held = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<void> {
	if (held < MAX_HELD) {
		held += 1;
		return;
	}
	// Handed over by the one that leaves (held stays the same).
	await new Promise<void>((resolve) => waiting.push(resolve));
}

function leave(): void {
	const next = waiting.shift();
	if (next) next();
	else held -= 1;
}

async function acrossServers<T>(db: Db, id: string, work: () => Promise<T>): Promise<T> {
	if (!onPostgres()) return work();
	await slot();
	try {
		return await db.connection().execute(async (conn) => {
			await sql`select pg_advisory_lock(${PHOTO_FILES}::int, hashtext(${id}))`.execute(conn);
			try {
				return await work();
			} finally {
				// Should this fail, the connection is broken and its session, with the lock, is gone.
				await sql`select pg_advisory_unlock(${PHOTO_FILES}::int, hashtext(${id}))`.execute(conn);
			}
		});
	} finally {
		leave();
	}
}

export async function withFileLock<T>(db: Db, storeId: number, key: string, work: () => Promise<T>): Promise<T> {
	let chains = chainsByDb.get(db);
	if (!chains) chainsByDb.set(db, (chains = new Map()));
	const id = `${storeId}:${key}`;
	const before = chains.get(id) ?? Promise.resolve();
	const mine = before.catch(() => undefined).then(() => acrossServers(db, id, work));
	chains.set(id, mine);
	try {
		return await mine;
	} finally {
		if (chains.get(id) === mine) chains.delete(id);
	}
}
