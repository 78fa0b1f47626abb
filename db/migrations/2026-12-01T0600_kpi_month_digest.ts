import type { Kysely } from 'kysely';

/**
 * A digest of each month's tally, rewritten with it: a server keeps the months it has parsed
 * and re-reads one only when its digest changed (any server may have written it).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('kpi_months').addColumn('digest', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('kpi_months').dropColumn('digest').execute();
}
