import { sql, type Kysely } from 'kysely';

/**
 * A customer's right to be forgotten (issue 18). The events stay append-only, with one opening:
 * while an erasure holds the lock row (inside its own transaction, so no other connection ever
 * sees it) an event's payload may be rewritten to take a copied name or phone out, and nothing
 * else of the row may change. Deleting an event stays impossible.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createTable('erasure_lock').addColumn('store_id', 'integer', (c) => c.primaryKey()).execute();
	await sql`drop trigger if exists events_no_update`.execute(db);
	await sql`create trigger events_no_update before update on events
		when not exists (select 1 from erasure_lock where store_id = old.store_id)
			or new.seq is not old.seq or new.store_id is not old.store_id or new.at is not old.at or new.type is not old.type
			or new.subject_kind is not old.subject_kind or new.subject_id is not old.subject_id
			or new.actor_kind is not old.actor_kind or new.actor_id is not old.actor_id or new.actor_name is not old.actor_name
		begin select raise(abort, 'events are append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists events_no_update`.execute(db);
	await sql`create trigger events_no_update before update on events
		begin select raise(abort, 'events are append-only'); end`.execute(db);
	await db.schema.dropTable('erasure_lock').execute();
}
