import { sql, type Kysely } from 'kysely';

// The rest of a repair order's life: add-ons (增项) with the customer's answer, parts requests
// from the car, the agreed pickup, the next service at delivery, and the follow-up call.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('addons')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id').onDelete('cascade'))
		.addColumn('finding', 'text', (c) => c.notNull())
		.addColumn('safety', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'declined')`))
		.addColumn('raised_by', 'text', (c) => c.notNull())
		.addColumn('raised_at', 'integer', (c) => c.notNull())
		.addColumn('decided_by', 'text')
		.addColumn('decided_via', 'text')
		.addColumn('decided_at', 'integer')
		.execute();
	await db.schema.createIndex('addons_ro').on('addons').column('repair_order_id').execute();
	await db.schema.alterTable('repair_order_operations').addColumn('addon_id', 'integer', (c) => c.references('addons.id')).execute();

	await db.schema
		.createTable('parts_requests')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id').onDelete('cascade'))
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'issued')`))
		.addColumn('requested_by', 'text', (c) => c.notNull())
		.addColumn('requested_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('parts_requests_ro').on('parts_requests').column('repair_order_id').execute();

	for (const [name, type] of [
		['pickup_at', 'integer'],
		['ready_at', 'integer'],
		['delivered_at', 'integer'],
		['next_service_date', 'text'],
		['next_service_mileage', 'integer'],
		['follow_up_time', 'text'],
		['follow_up_outcome', 'text'],
		['last_qc_fail_reason', 'text']
	] as const) {
		await db.schema.alterTable('repair_orders').addColumn(name, type).execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const name of ['last_qc_fail_reason', 'follow_up_outcome', 'follow_up_time', 'next_service_mileage', 'next_service_date', 'delivered_at', 'ready_at', 'pickup_at']) {
		await db.schema.alterTable('repair_orders').dropColumn(name).execute();
	}
	await db.schema.dropTable('parts_requests').execute();
	await db.schema.alterTable('repair_order_operations').dropColumn('addon_id').execute();
	await db.schema.dropTable('addons').execute();
}
