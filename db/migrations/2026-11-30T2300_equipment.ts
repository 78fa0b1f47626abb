import { sql, type Kysely } from 'kysely';
import { appendOnly, dropAppendOnly } from '../../src/lib/server/db/append-only';

// Equipment (issue 15): the workshop's machines, their maintenance plans by calendar and by usage,
// and the log of what was done (only added to).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('equipment')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('bay_id', 'integer', (c) => c.references('bays.id'))
		.addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('maker', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('model', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('serial', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('in_service', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('out_of_service_reason', 'text')
		.addColumn('out_of_service_since', 'integer')
		.addColumn('usage_unit', 'text')
		.addColumn('usage_total', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_reading', 'integer')
		.addColumn('plan_version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addCheckConstraint('equipment_usage_not_negative', sql`usage_total >= 0`)
		.execute();
	await db.schema.createIndex('equipment_store_code').on('equipment').columns(['store_id', 'code']).unique().execute();
	await db.schema.createIndex('equipment_bay').on('equipment').column('bay_id').execute();

	await db.schema
		.createTable('maintenance_tasks')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('equipment_id', 'integer', (c) => c.notNull().references('equipment.id'))
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('every_count', 'integer')
		.addColumn('every_unit', 'text')
		.addColumn('every_usage', 'integer')
		.addColumn('lead_days', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('lead_usage', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('safety', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_done_at', 'integer')
		.addColumn('last_done_usage', 'integer')
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addCheckConstraint('maintenance_tasks_interval', sql`(every_count is not null and every_count > 0 and every_unit is not null) or (every_usage is not null and every_usage > 0)`)
		.execute();
	await db.schema.createIndex('maintenance_tasks_equipment').on('maintenance_tasks').column('equipment_id').execute();

	await db.schema
		.createTable('maintenance_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('equipment_id', 'integer', (c) => c.notNull().references('equipment.id'))
		.addColumn('task_id', 'integer', (c) => c.references('maintenance_tasks.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('logged_at', 'integer', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reading', 'integer')
		.addColumn('meter_replaced', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('passed', 'integer')
		.addColumn('usage_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('maintenance_log_equipment').on('maintenance_log').columns(['equipment_id', 'at']).execute();
	// The log is only added to: no row is ever changed or removed.
	await appendOnly(db, 'maintenance_log', 'the maintenance log is only added to');
}

export async function down(db: Kysely<any>): Promise<void> {
	await dropAppendOnly(db, 'maintenance_log');
	for (const t of ['maintenance_log', 'maintenance_tasks', 'equipment']) await db.schema.dropTable(t).execute();
}
