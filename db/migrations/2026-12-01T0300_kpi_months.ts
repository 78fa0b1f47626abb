import type { Kysely } from 'kysely';

/**
 * The manager's figures by store month: the tally (`$lib/domain/kpi-tally.ts`) of the orders
 * checked in or delivered that month, kept by the transaction that rewrites an order's facts, so
 * that a year or five are read from twelve or sixty rows and the orders of their edge months.
 * Filled for existing facts by the kpi module at start.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('kpi_months')
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('month', 'text', (c) => c.notNull())
		.addColumn('tally', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('kpi_months_pk', ['store_id', 'month'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('kpi_months').execute();
}
