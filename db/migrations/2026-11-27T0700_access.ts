import { sql, type Kysely } from 'kysely';

// Staff, shared-device sessions, PIN back-off, paired wall screens and integration tokens.
// Secrets (PINs, session tokens, display keys, API tokens, pairing codes) are stored hashed only.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_latin', 'text')
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('team_id', 'integer', (c) => c.references('teams.id'))
		.addColumn('technician_id', 'integer', (c) => c.references('technicians.id'))
		.addColumn('pin_hash', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('device_kind', 'text', (c) => c.notNull().check(sql`device_kind in ('desk', 'tablet', 'kiosk')`))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_seen_at', 'integer', (c) => c.notNull())
		.addColumn('ended_at', 'integer')
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	// Wrong PINs, counted per user on a device, per device and per address.
	await db.schema
		.createTable('signin_failures')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('user_id', 'integer', (c) => c.references('users.id'))
		.addColumn('device', 'text', (c) => c.notNull())
		.addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_failed_at', 'integer', (c) => c.notNull())
		.addColumn('locked_at', 'integer')
		.execute();

	await db.schema
		.createTable('displays')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('board', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull().defaultTo('zh-CN'))
		.addColumn('key_hash', 'text', (c) => c.unique())
		.addColumn('paired_at', 'integer')
		.addColumn('last_seen_at', 'integer')
		.addColumn('revoked_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('pairing_requests')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('claim_hash', 'text', (c) => c.notNull().unique())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('display_id', 'integer', (c) => c.references('displays.id'))
		.addColumn('claimed_at', 'integer')
		.execute();
	await db.schema.createIndex('pairing_requests_address').on('pairing_requests').columns(['address', 'created_at']).execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'write')`))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('prefix', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('last_used_at', 'integer')
		.addColumn('revoked_at', 'integer')
		.execute();

	await db.schema.createIndex('events_actor').on('events').columns(['actor_kind', 'actor_id']).execute();
	await db.schema.createIndex('events_at').on('events').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('events_at').execute();
	await db.schema.dropIndex('events_actor').execute();
	for (const t of ['api_tokens', 'pairing_requests', 'displays', 'signin_failures', 'sessions', 'users']) {
		await db.schema.dropTable(t).execute();
	}
}
