import type { Kysely } from 'kysely';

// When a job went past its standard time, and when that was escalated to the supervisor.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('repair_orders').addColumn('overdue_at', 'integer').execute();
	await db.schema.alterTable('repair_orders').addColumn('escalated_at', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('repair_orders').dropColumn('escalated_at').execute();
	await db.schema.alterTable('repair_orders').dropColumn('overdue_at').execute();
}
