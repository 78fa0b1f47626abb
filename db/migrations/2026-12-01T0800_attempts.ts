import type { Kysely } from 'kysely';

/**
 * Failed attempts (bad customer links, wrong set-up codes), one row per failure, in the database
 * so that every server behind one database counts the same failures (issue 20). Rows older than
 * their limit's window are pruned as new failures arrive (src/lib/server/core/limiter.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('attempts')
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('attempts_scope_key_at').on('attempts').columns(['scope', 'key', 'at']).execute();
	await db.schema.createIndex('attempts_scope_at').on('attempts').columns(['scope', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('attempts').execute();
}
