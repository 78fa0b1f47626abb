import { sql, type Kysely } from 'kysely';

/**
 * Customer care (issue 18): a car's sale (day and odometer) for its first and second services,
 * the store's service plans by brand or model, its customer tags, the care calls made and their
 * outcomes, booked visits, and the store's booking settings. Tables of src/lib/server/features/care/.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('vehicles').addColumn('sale_day', 'text').execute();
	await db.schema.alterTable('vehicles').addColumn('sale_mileage', 'integer').execute();
	// When the customer's phone was last corrected (a wrong number is listed again after it).
	await db.schema.alterTable('customers').addColumn('phone_changed_at', 'integer').execute();

	await db.schema
		.createTable('care_settings')
		.addColumn('store_id', 'integer', (c) => c.primaryKey().references('stores.id'))
		.addColumn('booking_capacity', 'integer', (c) => c.notNull().defaultTo(3).check(sql`booking_capacity between 1 and 50`))
		.addColumn('booking_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`booking_minutes between 15 and 480`))
		.addColumn('soon_days', 'integer', (c) => c.notNull().defaultTo(30).check(sql`soon_days between 1 and 120`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();

	await db.schema
		.createTable('service_plans')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		// '' is the store's default; else a brand ("大众") or a model ("大众 途观L") the car's model starts with.
		.addColumn('prefix', 'text', (c) => c.notNull())
		.addColumn('first_months', 'integer', (c) => c.notNull().check(sql`first_months between 1 and 60`))
		.addColumn('first_km', 'integer', (c) => c.notNull().check(sql`first_km between 500 and 100000`))
		.addColumn('second_months', 'integer', (c) => c.notNull().check(sql`second_months between 1 and 120`))
		.addColumn('second_km', 'integer', (c) => c.notNull().check(sql`second_km between 500 and 200000`))
		// The catalogue operations whose delivery counts as the first / second service.
		.addColumn('first_code', 'text', (c) => c.notNull())
		.addColumn('second_code', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addUniqueConstraint('service_plans_store_prefix', ['store_id', 'prefix'])
		.execute();

	await db.schema
		.createTable('customer_tags')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('symbol', 'text', (c) => c.notNull())
		.addColumn('colour', 'text', (c) => c.notNull())
		.addColumn('meaning_zh', 'text', (c) => c.notNull())
		.addColumn('meaning_en', 'text', (c) => c.notNull())
		.addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addUniqueConstraint('customer_tags_store_symbol', ['store_id', 'symbol'])
		.execute();

	await db.schema
		.createTable('customer_tag_links')
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('tag_id', 'integer', (c) => c.notNull().references('customer_tags.id'))
		.addPrimaryKeyConstraint('customer_tag_links_pk', ['customer_id', 'tag_id'])
		.execute();

	await db.schema
		.createTable('care_calls')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('vehicle_id', 'integer', (c) => c.references('vehicles.id'))
		// Why they were called: first_service, second_service, at_risk, lost, follow_up, other.
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('outcome', 'text', (c) =>
			c.notNull().check(sql`outcome in ('reached', 'no_answer', 'booked', 'declined', 'wrong_number', 'do_not_contact')`)
		)
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('at', 'integer', (c) => c.notNull())
		.addColumn('day', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'integer')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('care_calls_customer').on('care_calls').columns(['customer_id', 'at']).execute();

	await db.schema
		.createTable('appointments')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('store_id', 'integer', (c) => c.notNull().references('stores.id'))
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('vehicle_id', 'integer', (c) => c.notNull().references('vehicles.id'))
		.addColumn('advisor_id', 'integer', (c) => c.references('users.id'))
		.addColumn('start_at', 'integer', (c) => c.notNull())
		.addColumn('end_at', 'integer', (c) => c.notNull())
		.addColumn('day', 'text', (c) => c.notNull())
		// JSON: the catalogue codes of the operations asked for.
		.addColumn('operations', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('booked').check(sql`status in ('booked', 'arrived', 'cancelled', 'no_show')`))
		// Where it was booked from: care (a care list), special_order (parts arrived), desk (directly).
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('special_order_id', 'integer', (c) => c.references('special_orders.id'))
		.addColumn('repair_order_id', 'integer', (c) => c.references('repair_orders.id'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('created_by_name', 'text', (c) => c.notNull())
		.addColumn('cancel_reason', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('appointments_day').on('appointments').columns(['store_id', 'day']).execute();
	await db.schema.createIndex('appointments_vehicle').on('appointments').columns(['vehicle_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['appointments', 'care_calls', 'customer_tag_links', 'customer_tags', 'service_plans', 'care_settings']) await db.schema.dropTable(t).execute();
	await db.schema.alterTable('customers').dropColumn('phone_changed_at').execute();
	await db.schema.alterTable('vehicles').dropColumn('sale_mileage').execute();
	await db.schema.alterTable('vehicles').dropColumn('sale_day').execute();
}
