import type { Kysely } from 'kysely';

// The customer lounge and each customer's link: the shop's labour rate (for the labour estimate
// a customer sees on an add-on), and the ready time the advisor confirmed to the customer.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('stores').addColumn('labour_rate', 'integer', (c) => c.notNull().defaultTo(240)).execute();
	await db.schema.alterTable('repair_orders').addColumn('announced_ready_at', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('repair_orders').dropColumn('announced_ready_at').execute();
	await db.schema.alterTable('stores').dropColumn('labour_rate').execute();
}
