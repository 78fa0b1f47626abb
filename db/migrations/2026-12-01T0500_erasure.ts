import type { Kysely } from 'kysely';
import { appendOnly } from '../../src/lib/server/db/append-only';

/**
 * A customer's right to be forgotten (issue 18). The events stay append-only, with one opening:
 * while an erasure holds the lock row (inside its own transaction, so no other connection ever
 * sees it) an event's payload may be rewritten to take a copied name or phone out, and nothing
 * else of the row may change. Deleting an event stays impossible.
 */
/** What an erasure may change of an event: its payload only, and only while it holds its store's lock row. */
const allowUpdate = {
	sqlite: `exists (select 1 from erasure_lock where store_id = old.store_id)
		and new.seq is old.seq and new.store_id is old.store_id and new.at is old.at and new.type is old.type
		and new.subject_kind is old.subject_kind and new.subject_id is old.subject_id
		and new.actor_kind is old.actor_kind and new.actor_id is old.actor_id and new.actor_name is old.actor_name`,
	postgres: `exists (select 1 from erasure_lock where store_id = old.store_id)
		and new.seq is not distinct from old.seq and new.store_id is not distinct from old.store_id and new.at is not distinct from old.at
		and new.type is not distinct from old.type and new.subject_kind is not distinct from old.subject_kind
		and new.subject_id is not distinct from old.subject_id and new.actor_kind is not distinct from old.actor_kind
		and new.actor_id is not distinct from old.actor_id and new.actor_name is not distinct from old.actor_name`
};

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createTable('erasure_lock').addColumn('store_id', 'integer', (c) => c.primaryKey()).execute();
	await appendOnly(db, 'events', 'events are append-only', allowUpdate);
}

export async function down(db: Kysely<any>): Promise<void> {
	await appendOnly(db, 'events', 'events are append-only');
	await db.schema.dropTable('erasure_lock').execute();
}
