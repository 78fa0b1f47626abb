import type { Kysely } from 'kysely';

/** The manager's figures: one row of facts per repair order (src/lib/server/features/kpi/table.ts). */
export async function up(db: Kysely<any>): Promise<void> {
	let t = db.schema
		.createTable('kpi_orders')
		.addColumn('repair_order_id', 'integer', (c) => c.primaryKey().references('repair_orders.id').onDelete('cascade'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('plate', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('advisor', 'text', (c) => c.notNull())
		.addColumn('team_id', 'integer')
		.addColumn('bay_id', 'integer')
		.addColumn('crew_size', 'integer')
		.addColumn('checked_in_at', 'integer', (c) => c.notNull())
		.addColumn('checked_in_day', 'text', (c) => c.notNull())
		.addColumn('delivered_at', 'integer')
		.addColumn('delivered_day', 'text')
		.addColumn('promised_at', 'integer')
		.addColumn('followed_up_at', 'integer');
	for (const c of ['std_1', 'std_2', 'worked_ms', 'rework_count', 'wash', 'parts_fen', 'addons_approved', 'addons_declined']) {
		t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
	}
	t = t
		.addColumn('main_op_code', 'text')
		.addColumn('main_op_zh', 'text')
		.addColumn('main_op_en', 'text')
		.addColumn('main_op_m1', 'integer')
		.addColumn('main_op_m2', 'integer')
		.addColumn('started_at', 'integer')
		.addColumn('work_done_at', 'integer');
	for (const g of ['to_dispatch', 'dispatched', 'in_progress', 'paused_parts', 'paused_approval', 'paused_other', 'team_check', 'qc', 'wash', 'ready']) {
		t = t.addColumn(`ms_${g}`, 'integer', (col) => col.notNull().defaultTo(0));
	}
	await t
		.addColumn('crew', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('operations', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('bay_spans', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
	// A range reads the orders checked in or delivered in it: two ranges on store days, ORed.
	await db.schema.createIndex('kpi_orders_in').on('kpi_orders').columns(['store_id', 'checked_in_day']).execute();
	await db.schema.createIndex('kpi_orders_out').on('kpi_orders').columns(['store_id', 'delivered_day']).execute();
	// The facts of orders written before this are filled by the kpi module at start (rebuildKpiFacts).
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('kpi_orders').execute();
}
