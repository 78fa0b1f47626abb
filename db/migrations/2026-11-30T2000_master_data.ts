import type { Kysely } from 'kysely';
import { onPostgres } from '../../src/lib/server/db/engine';

// A real store sets itself up: its opening hours and language, versions on the master data that
// the admin edits (a stale edit is refused, never applied over someone else's), one code per bay,
// team and operation in a store, the mileage at check-in, and who is actually on each job.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('stores').addColumn('opens_at', 'text', (c) => c.notNull().defaultTo('08:00')).execute();
	await db.schema.alterTable('stores').addColumn('closes_at', 'text', (c) => c.notNull().defaultTo('18:00')).execute();
	await db.schema.alterTable('stores').addColumn('language', 'text', (c) => c.notNull().defaultTo('zh-CN')).execute();
	await db.schema.alterTable('stores').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('users').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('teams').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('standard_times').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	// One code per store: the first migration's unique constraints of the same names say so already; SQLite
	// allowed a second index by those names, PostgreSQL keeps one namespace for both.
	if (!onPostgres()) {
		for (const t of ['bays', 'teams', 'standard_times']) await db.schema.createIndex(`${t}_store_code`).on(t).columns(['store_id', 'code']).unique().execute();
	}
	await db.schema.alterTable('repair_orders').addColumn('mileage', 'integer').execute();
	await db.schema.alterTable('vehicles').addColumn('last_mileage', 'integer').execute();
	await db.schema
		.createTable('job_technicians')
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
		.addColumn('technician_id', 'integer', (c) => c.notNull().references('technicians.id'))
		.addColumn('assigned_at', 'integer', (c) => c.notNull())
		.addColumn('worked_ms', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('running_since', 'integer')
		.addPrimaryKeyConstraint('job_technicians_pk', ['repair_order_id', 'technician_id'])
		.execute();
	await db.schema.createIndex('job_technicians_technician').on('job_technicians').column('technician_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('job_technicians').execute();
	await db.schema.alterTable('vehicles').dropColumn('last_mileage').execute();
	await db.schema.alterTable('repair_orders').dropColumn('mileage').execute();
	if (!onPostgres()) for (const t of ['standard_times', 'teams', 'bays']) await db.schema.dropIndex(`${t}_store_code`).execute();
	for (const t of ['standard_times', 'teams', 'users', 'stores']) await db.schema.alterTable(t).dropColumn('version').execute();
	for (const c of ['language', 'closes_at', 'opens_at']) await db.schema.alterTable('stores').dropColumn(c).execute();
}
