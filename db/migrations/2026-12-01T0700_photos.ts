import { sql, type Kysely } from 'kysely';

/**
 * Photos on the job (issue 19): the walk-around at check-in and each finding's evidence. The
 * images themselves are files (src/lib/server/features/photos/storage.ts); a row says whose they
 * are. `file_key` names the files: the SHA-256 of the upload, so a retried upload writes the
 * same files and the same command input (its Idempotency-Key then answers as the first time).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('photos')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('repair_order_id', 'integer', (c) => c.notNull().references('repair_orders.id'))
		// Set for a finding's photo; null for the walk-around at check-in.
		.addColumn('addon_id', 'integer', (c) => c.references('addons.id'))
		.addColumn('spot', 'text', (c) => c.check(sql`spot is null or spot in ('front', 'rear', 'left', 'right', 'roof')`))
		.addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('file_key', 'text', (c) => c.notNull())
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		.addColumn('bytes', 'integer', (c) => c.notNull())
		.addColumn('taken_by', 'text', (c) => c.notNull())
		.addColumn('taken_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('photos_order').on('photos').columns(['repair_order_id', 'id']).execute();
	await db.schema.createIndex('photos_store_taken').on('photos').columns(['store_id', 'taken_at']).execute();
	await db.schema.createIndex('photos_file').on('photos').columns(['store_id', 'file_key']).execute();

	await db.schema
		.createTable('photo_settings')
		.addColumn('store_id', 'integer', (c) => c.primaryKey().references('stores.id'))
		.addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(730).check(sql`retention_days between 30 and 3650`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('photo_settings').execute();
	await db.schema.dropTable('photos').execute();
}
