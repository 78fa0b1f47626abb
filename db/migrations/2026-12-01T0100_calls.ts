import type { Kysely } from 'kysely';

// Calls (issue 17): a bay calls a role or a person; answered, timed and on the boards.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('calls')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('bay_id', 'integer', (c) => c.notNull().references('bays.id'))
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
		.addColumn('target', 'text', (c) => c.notNull())
		.addColumn('target_user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('target_name', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('raised_by_id', 'integer')
		.addColumn('raised_by_name', 'text', (c) => c.notNull())
		.addColumn('raised_from', 'text', (c) => c.notNull())
		.addColumn('raised_at', 'integer', (c) => c.notNull())
		.addColumn('escalates_at', 'integer', (c) => c.notNull())
		.addColumn('escalated_at', 'integer')
		.addColumn('acked_by_id', 'integer')
		.addColumn('acked_by_name', 'text')
		.addColumn('acked_at', 'integer')
		.addColumn('done_by_name', 'text')
		.addColumn('done_at', 'integer')
		.addColumn('closed_reason', 'text')
		.addColumn('closed_at', 'integer')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	// The active calls of a store (boards, merging, the escalation watch), and a day's record.
	await db.schema.createIndex('calls_store_status').on('calls').columns(['store_id', 'status']).execute();
	await db.schema.createIndex('calls_store_raised').on('calls').columns(['store_id', 'raised_at']).execute();
	await db.schema.createIndex('calls_order').on('calls').column('repair_order_id').execute();
	// How long a call may wait for "on my way" before it escalates (seconds): the store sets it.
	await db.schema.alterTable('stores').addColumn('call_ack_seconds', 'integer', (c) => c.notNull().defaultTo(120)).execute();
	await db.schema.alterTable('stores').addColumn('call_safety_seconds', 'integer', (c) => c.notNull().defaultTo(30)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('calls').execute();
	await db.schema.alterTable('stores').dropColumn('call_ack_seconds').execute();
	await db.schema.alterTable('stores').dropColumn('call_safety_seconds').execute();
}
