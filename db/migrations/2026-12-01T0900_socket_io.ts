import { sql, type Kysely } from 'kysely';
import { onPostgres } from '../../src/lib/server/db/engine';

/**
 * Several servers on PostgreSQL (issue 20): Socket.IO's PostgreSQL adapter passes what crosses
 * servers (a revoked screen cut off wherever it is, the screens online on every server) by
 * NOTIFY, and a message over NOTIFY's 8000 bytes through this table, as its documentation asks.
 * SQLite runs one server: nothing to make.
 */
export async function up(db: Kysely<any>): Promise<void> {
	if (!onPostgres()) return;
	await sql`create table if not exists socket_io_attachments (id bigserial unique, created_at timestamptz default now(), payload bytea)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (!onPostgres()) return;
	await sql`drop table if exists socket_io_attachments`.execute(db);
}
