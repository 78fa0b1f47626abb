import { sql, type Kysely } from 'kysely';

// The parts room (issue 14): zones and bins drawn as a plan, parts with stock and a price, every
// movement with its actor, the lines of a parts request and the issue slip (出库单) written when
// they leave the room, and special orders with each step's owner and time.
export async function up(db: Kysely<any>): Promise<void> {
	const id = (t: ReturnType<Kysely<any>['schema']['createTable']>) => t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
	await id(db.schema.createTable('part_zones'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('part_zones_store_code').on('part_zones').columns(['store_id', 'code']).unique().execute();

	await id(db.schema.createTable('part_bins'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('part_zones.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('rack', 'integer', (c) => c.notNull())
		.addColumn('shelf', 'integer', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('part_bins_store_code').on('part_bins').columns(['store_id', 'code']).unique().execute();

	await id(db.schema.createTable('parts'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('barcode', 'text')
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('pinyin', 'text', (c) => c.notNull())
		.addColumn('initials', 'text', (c) => c.notNull())
		.addColumn('models', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('unit', 'text', (c) => c.notNull().defaultTo('个'))
		.addColumn('price', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('min_qty', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('bin_id', 'integer', (c) => c.references('part_bins.id'))
		.addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_issued_at', 'integer')
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addCheckConstraint('parts_on_hand_not_negative', sql`on_hand >= 0`)
		.execute();
	await db.schema.createIndex('parts_store_number').on('parts').columns(['store_id', 'number']).unique().execute();
	await db.schema.createIndex('parts_store_barcode').on('parts').columns(['store_id', 'barcode']).execute();
	await db.schema.createIndex('parts_bin').on('parts').column('bin_id').execute();

	await id(db.schema.createTable('stock_movements'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('qty', 'integer', (c) => c.notNull())
		.addColumn('on_hand_after', 'integer', (c) => c.notNull())
		.addColumn('from_bin_id', 'integer')
		.addColumn('to_bin_id', 'integer')
		.addColumn('reason', 'text')
		.addColumn('repair_order_id', 'integer')
		.addColumn('slip_id', 'integer')
		.addColumn('actor_id', 'text')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('stock_movements_part').on('stock_movements').columns(['part_id', 'at']).execute();
	await db.schema.createIndex('stock_movements_store_at').on('stock_movements').columns(['store_id', 'at']).execute();

	for (const [column, type, dflt] of [
		['picker_name', 'text', undefined],
		['picking_since', 'integer', undefined],
		['issued_at', 'integer', undefined],
		['slip_id', 'integer', undefined],
		['received_by_name', 'text', undefined],
		['short', 'integer', 0],
		['version', 'integer', 1]
	] as const) {
		await db.schema.alterTable('parts_requests').addColumn(column, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt))).execute();
	}
	await db.schema.createIndex('parts_requests_order').on('parts_requests').column('repair_order_id').execute();

	await id(db.schema.createTable('parts_request_lines'))
		.addColumn('request_id', 'integer', (c) => c.notNull().references('parts_requests.id'))
		.addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id'))
		.addColumn('qty', 'integer', (c) => c.notNull())
		.addColumn('confirmed_at', 'integer')
		.addColumn('confirmed_by', 'text')
		.addColumn('issued_qty', 'integer')
		.execute();
	await db.schema.createIndex('parts_request_lines_request').on('parts_request_lines').column('request_id').execute();

	await id(db.schema.createTable('issue_slips'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
		.addColumn('request_id', 'integer', (c) => c.notNull().references('parts_requests.id'))
		.addColumn('issued_by_id', 'text')
		.addColumn('issued_by_name', 'text', (c) => c.notNull())
		.addColumn('received_by_id', 'integer', (c) => c.notNull())
		.addColumn('received_by_name', 'text', (c) => c.notNull())
		.addColumn('total', 'integer', (c) => c.notNull())
		.addColumn('issued_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('issue_slips_store_number').on('issue_slips').columns(['store_id', 'number']).unique().execute();
	await db.schema.createIndex('issue_slips_order').on('issue_slips').column('repair_order_id').execute();
	await db.schema.createIndex('issue_slips_store_at').on('issue_slips').columns(['store_id', 'issued_at']).execute();

	await id(db.schema.createTable('issue_slip_lines'))
		.addColumn('slip_id', 'integer', (c) => c.notNull().references('issue_slips.id'))
		.addColumn('part_id', 'integer', (c) => c.notNull().references('parts.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('qty', 'integer', (c) => c.notNull())
		.addColumn('unit_price', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('issue_slip_lines_slip').on('issue_slip_lines').column('slip_id').execute();

	await id(db.schema.createTable('special_orders'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('step', 'text', (c) => c.notNull())
		.addColumn('customer_id', 'integer')
		.addColumn('customer_name', 'text', (c) => c.notNull())
		.addColumn('customer_phone', 'text')
		.addColumn('plate', 'text', (c) => c.notNull())
		.addColumn('model', 'text', (c) => c.notNull())
		.addColumn('repair_order_id', 'integer')
		.addColumn('fitted_repair_order_id', 'integer')
		.addColumn('advisor_id', 'integer')
		.addColumn('advisor_name', 'text', (c) => c.notNull())
		.addColumn('supplier_ref', 'text')
		.addColumn('expected_date', 'text')
		.addColumn('bin_id', 'integer')
		.addColumn('visit_date', 'text')
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('alert_all', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('cancel_reason', 'text')
		.addColumn('step_since', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('special_orders_store_number').on('special_orders').columns(['store_id', 'number']).unique().execute();
	await db.schema.createIndex('special_orders_store_step').on('special_orders').columns(['store_id', 'step']).execute();

	await id(db.schema.createTable('special_order_lines'))
		.addColumn('order_id', 'integer', (c) => c.notNull().references('special_orders.id'))
		.addColumn('part_id', 'integer')
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('qty', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('special_order_lines_order').on('special_order_lines').column('order_id').execute();

	await id(db.schema.createTable('special_order_steps'))
		.addColumn('order_id', 'integer', (c) => c.notNull().references('special_orders.id'))
		.addColumn('step', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.execute();
	await db.schema.createIndex('special_order_steps_order').on('special_order_steps').column('order_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['special_order_steps', 'special_order_lines', 'special_orders', 'issue_slip_lines', 'issue_slips', 'parts_request_lines', 'stock_movements', 'parts', 'part_bins', 'part_zones']) {
		await db.schema.dropTable(t).execute();
	}
	await db.schema.dropIndex('parts_requests_order').execute();
	for (const c of ['version', 'short', 'received_by_name', 'slip_id', 'issued_at', 'picking_since', 'picker_name']) await db.schema.alterTable('parts_requests').dropColumn(c).execute();
}
