import type { Kysely } from 'kysely';

// Devices where a person has signed in with the right PIN: there, a lockout or a slow-down caused
// by someone guessing elsewhere (another device, the same address behind the shop's NAT) does not
// stop them. The device id is the long random cookie the device keeps.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('known_devices')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('device', 'text', (c) => c.notNull())
		.addColumn('last_signin_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('known_devices_pk', ['user_id', 'device'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('known_devices').execute();
}
