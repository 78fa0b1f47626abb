import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine';

/**
 * A table that is only ever added to (the events, the maintenance log): the database itself
 * refuses an update or a delete, whatever code asks. SQLite says it with two triggers; PostgreSQL
 * with one trigger function. `allowUpdate` (SQL over `old` and `new`, true when allowed) opens a
 * narrow door, e.g. an erasure rewriting an event's payload while it holds its lock row.
 */
export async function appendOnly(db: Kysely<any>, table: string, message: string, allowUpdate?: { sqlite: string; postgres: string }): Promise<void> {
	if (onPostgres()) {
		const update = allowUpdate ? `if tg_op = 'UPDATE' and (${allowUpdate.postgres}) then return new; end if;` : '';
		await sql
			.raw(
				`create or replace function ${table}_append_only() returns trigger language plpgsql as $$
				begin ${update} raise exception '${message}' using errcode = 'restrict_violation'; end $$`
			)
			.execute(db);
		await sql.raw(`drop trigger if exists ${table}_append_only on ${table}`).execute(db);
		await sql.raw(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function ${table}_append_only()`).execute(db);
		return;
	}
	await sql.raw(`drop trigger if exists ${table}_no_update`).execute(db);
	await sql.raw(`drop trigger if exists ${table}_no_delete`).execute(db);
	const when = allowUpdate ? `when not (${allowUpdate.sqlite})` : '';
	await sql.raw(`create trigger ${table}_no_update before update on ${table} ${when} begin select raise(abort, '${message}'); end`).execute(db);
	await sql.raw(`create trigger ${table}_no_delete before delete on ${table} begin select raise(abort, '${message}'); end`).execute(db);
}

export async function dropAppendOnly(db: Kysely<any>, table: string): Promise<void> {
	if (onPostgres()) {
		await sql.raw(`drop trigger if exists ${table}_append_only on ${table}`).execute(db);
		await sql.raw(`drop function if exists ${table}_append_only()`).execute(db);
		return;
	}
	await sql.raw(`drop trigger if exists ${table}_no_update`).execute(db);
	await sql.raw(`drop trigger if exists ${table}_no_delete`).execute(db);
}
