import type { Kysely } from 'kysely';

// Idempotency keys as the IETF Idempotency-Key draft and Stripe use them: scoped to their caller,
// bound to the request they came with (a fingerprint of command and body), kept for 24 hours.
// The old table bound a key only to its store, so another caller's retry could read an answer.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('command_keys').execute();
	await db.schema
		.createTable('idempotency_keys')
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('caller', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('command', 'text', (c) => c.notNull())
		.addColumn('fingerprint', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('idempotency_keys_pk', ['store_id', 'caller', 'key'])
		.execute();
	await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('idempotency_keys').execute();
	await db.schema
		.createTable('command_keys')
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('command', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('command_keys_pk', ['store_id', 'key'])
		.execute();
}
