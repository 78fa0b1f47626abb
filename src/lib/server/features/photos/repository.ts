import type { Db } from '$lib/server/db/database';
import { DEFAULT_RETENTION_DAYS } from '$lib/domain/photos';

/** The photos' reads and writes; every function takes `db` first so a transaction can be passed in. */

/** One photo with what decides who may see it. */
export async function photoRow(db: Db, storeId: number, id: number) {
	return db
		.selectFrom('photos as p')
		.innerJoin('repair_orders as ro', 'ro.id', 'p.repair_order_id')
		.select(['p.id', 'p.repair_order_id', 'p.addon_id', 'p.file_key', 'p.store_id', 'ro.stage', 'ro.team_id', 'ro.number'])
		.where('p.store_id', '=', storeId)
		.where('p.id', '=', id)
		.executeTakeFirst();
}

/** How many photos a finding (or, with null, the walk-around) of an order has. */
export async function photoCount(db: Db, repairOrderId: number, addonId: number | null): Promise<number> {
	const { n } = await db
		.selectFrom('photos')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('repair_order_id', '=', repairOrderId)
		.where('addon_id', addonId === null ? 'is' : '=', addonId)
		.executeTakeFirstOrThrow();
	return Number(n);
}

/** Of these file keys, the ones no photo row of the store names any more (their files may go). */
export async function unusedKeys(db: Db, storeId: number, keys: readonly string[]): Promise<string[]> {
	if (!keys.length) return [];
	const used = await db.selectFrom('photos').select('file_key').distinct().where('store_id', '=', storeId).where('file_key', 'in', [...new Set(keys)]).execute();
	const live = new Set(used.map((r) => r.file_key));
	return [...new Set(keys)].filter((k) => !live.has(k));
}

/** Every file key a store's photos use (the sweep's list). */
export async function storeKeys(db: Db, storeId: number): Promise<Set<string>> {
	const rows = await db.selectFrom('photos').select('file_key').distinct().where('store_id', '=', storeId).execute();
	return new Set(rows.map((r) => r.file_key));
}

/** The file keys of a customer's photos (an erasure removes their files after its commit). */
export async function customerPhotoKeys(db: Db, storeId: number, customerId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('photos as p')
		.innerJoin('repair_orders as ro', 'ro.id', 'p.repair_order_id')
		.select('p.file_key')
		.where('p.store_id', '=', storeId)
		.where('ro.customer_id', '=', customerId)
		.execute();
	return rows.map((r) => r.file_key);
}

export async function photoSettings(db: Db, storeId: number): Promise<{ retentionDays: number; version: number }> {
	const row = await db.selectFrom('photo_settings').select(['retention_days', 'version']).where('store_id', '=', storeId).executeTakeFirst();
	return row ? { retentionDays: row.retention_days, version: row.version } : { retentionDays: DEFAULT_RETENTION_DAYS, version: 0 };
}
