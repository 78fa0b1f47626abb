import type { Kysely } from 'kysely';

// Calls (issue 17): a workshop TV may speak each new call; off by default per display.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('displays').addColumn('speech', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('displays').dropColumn('speech').execute();
}
