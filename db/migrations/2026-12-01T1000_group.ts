import type { Kysely } from 'kysely';

/**
 * A dealer group (issue 20, item 4): the group's people (group manager, group admin) enter
 * several stores. `user_stores` says which ones a group manager may enter (a group admin enters
 * every store); `sessions.store_id` is the store a session is in now (null: the person's own).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('user_stores')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addPrimaryKeyConstraint('user_stores_pk', ['user_id', 'store_id'])
		.execute();
	await db.schema.alterTable('sessions').addColumn('store_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('sessions').dropColumn('store_id').execute();
	await db.schema.dropTable('user_stores').execute();
}
