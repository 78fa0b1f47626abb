import { sql, type Kysely } from 'kysely';
import { appendOnly } from '../../src/lib/server/db/append-only';

// Times are epoch milliseconds (INTEGER): countdown arithmetic stays exact and the
// same columns work unchanged on PostgreSQL (bigint).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('stores')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('bays')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('mechanical', 'alignment', 'body', 'paint')`)
		)
		.addColumn('in_service', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('out_of_service_reason', 'text')
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addUniqueConstraint('bays_store_code', ['store_id', 'code'])
		.execute();

	await db.schema
		.createTable('teams')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('mechanical', 'body', 'paint')`))
		.addUniqueConstraint('teams_store_code', ['store_id', 'code'])
		.execute();

	await db.schema
		.createTable('technicians')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('team_id', 'integer', (c) => c.notNull().references('teams.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_latin', 'text')
		.addColumn('is_leader', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();

	await db.schema
		.createTable('standard_times')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('minutes_1', 'integer', (c) => c.notNull().check(sql`minutes_1 > 0`))
		.addColumn('minutes_2', 'integer', (c) => c.notNull().check(sql`minutes_2 > 0`))
		.addUniqueConstraint('standard_times_store_code', ['store_id', 'code'])
		.execute();

	await db.schema
		.createTable('customers')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('phone', 'text', (c) => c.notNull())
		.addColumn('tags', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('vehicles')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('plate', 'text', (c) => c.notNull())
		.addColumn('vin', 'text')
		.addColumn('model', 'text', (c) => c.notNull())
		.addColumn('colour', 'text')
		.addUniqueConstraint('vehicles_store_plate', ['store_id', 'plate'])
		.execute();

	await db.schema
		.createTable('repair_orders')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('maintenance', 'repair', 'accident')`)
		)
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('bay_id', 'integer', (c) => c.references('bays.id'))
		.addColumn('team_id', 'integer', (c) => c.references('teams.id'))
		.addColumn('crew_size', 'integer')
		.addColumn('pause_reason', 'text')
		.addColumn('pause_note', 'text')
		.addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('wash', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('keep_old_parts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('payment_method', 'text', (c) => c.notNull().defaultTo('cash'))
		.addColumn('concerns', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('promised_at', 'integer')
		.addColumn('checked_in_at', 'integer', (c) => c.notNull())
		// Working time: seconds accrued in closed segments, plus the open segment's start.
		.addColumn('worked_ms', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('running_since', 'integer')
		.addColumn('stage_since', 'integer', (c) => c.notNull())
		.addColumn('cancel_reason', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addUniqueConstraint('repair_orders_store_number', ['store_id', 'number'])
		.execute();
	await db.schema
		.createIndex('repair_orders_store_stage')
		.on('repair_orders')
		.columns(['store_id', 'stage'])
		.execute();

	await db.schema
		.createTable('repair_order_operations')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('repair_order_id', 'integer', (c) =>
			c.notNull().references('repair_orders.id').onDelete('cascade')
		)
		.addColumn('standard_time_id', 'integer', (c) => c.references('standard_times.id'))
		.addColumn('code', 'text')
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('minutes_1', 'integer', (c) => c.notNull())
		.addColumn('minutes_2', 'integer', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c.notNull().defaultTo('active').check(sql`status in ('active', 'pending', 'declined')`)
		)
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('repair_order_operations_ro')
		.on('repair_order_operations')
		.column('repair_order_id')
		.execute();

	// Append-only: the audit trail and the source of every live delta.
	await db.schema
		.createTable('events')
		.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('actor_kind', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('subject_kind', 'text', (c) => c.notNull())
		.addColumn('subject_id', 'integer', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('events_subject')
		.on('events')
		.columns(['subject_kind', 'subject_id'])
		.execute();
	await appendOnly(db, 'events', 'events are append-only');

	await db.schema
		.createTable('command_keys')
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('command', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('command_keys_pk', ['store_id', 'key'])
		.execute();

	// One row: identifies this database so a screen notices a reset (seq starting over).
	await db.schema
		.createTable('meta')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'meta',
		'command_keys',
		'events',
		'repair_order_operations',
		'repair_orders',
		'vehicles',
		'customers',
		'standard_times',
		'technicians',
		'teams',
		'bays',
		'stores'
	]) {
		await db.schema.dropTable(t).execute();
	}
}
