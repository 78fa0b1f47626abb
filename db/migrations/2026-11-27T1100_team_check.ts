import type { Kysely } from 'kysely';

// The team leader's check (班组长检验): the recommendations they write for the customer, and who
// signed and when. The advisor goes through the recommendations with the customer at delivery.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('repair_orders').addColumn('team_recommendations', 'text').execute();
	await db.schema.alterTable('repair_orders').addColumn('team_checked_by', 'text').execute();
	await db.schema.alterTable('repair_orders').addColumn('team_checked_at', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('repair_orders').dropColumn('team_checked_at').execute();
	await db.schema.alterTable('repair_orders').dropColumn('team_checked_by').execute();
	await db.schema.alterTable('repair_orders').dropColumn('team_recommendations').execute();
}
