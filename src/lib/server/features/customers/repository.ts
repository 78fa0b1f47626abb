import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { isoTime } from '$lib/domain/time';
import { CommandError } from '$lib/server/core/commands';
import { jsonArrayFrom, jsonList } from '$lib/server/db/json';
import { RECALL_DAYS, workToRaiseAgain } from '$lib/domain/declined-work';

/** Customers and their cars: found, remembered at check-in, their odometer (one function per read or write, `db` first). */

/**
 * A vehicle by plate in this store, with its customer, last five visits and the work its customer
 * declined (add-ons said no to, with up to three photos each) to raise again; undefined if never seen.
 */
export async function vehicleHistory(db: Db, storeId: number, plate: string, now: number) {
	const v = await db
		.selectFrom('vehicles as v')
		.innerJoin('customers as c', 'c.id', 'v.customer_id')
		.select(['v.plate', 'v.vin', 'v.model', 'v.colour', 'v.last_mileage', 'c.name', 'c.phone', 'c.tags', 'v.id'])
		.where('v.store_id', '=', storeId)
		.where('v.plate', '=', plate)
		.executeTakeFirst();
	if (!v) return undefined;
	const visits = await db
		.selectFrom('repair_orders')
		.select(['number', 'checked_in_at', 'stage'])
		.where('vehicle_id', '=', v.id)
		.where('store_id', '=', storeId)
		.orderBy('checked_in_at', 'desc')
		.limit(5)
		.execute();
	const declined = await db
		.selectFrom('addons as a')
		.innerJoin('repair_orders as ro', 'ro.id', 'a.repair_order_id')
		.select((eb) => [
			'a.finding',
			'a.safety',
			'a.decided_at',
			'ro.number',
			jsonArrayFrom(eb.selectFrom('photos as p').select(['p.id', 'p.caption', 'p.width', 'p.height']).whereRef('p.addon_id', '=', 'a.id').orderBy('p.id').limit(3)).as('photos')
		])
		.where('ro.vehicle_id', '=', v.id)
		.where('ro.store_id', '=', storeId)
		.where('a.status', '=', 'declined')
		.where('a.decided_at', '>=', now - RECALL_DAYS * 86_400_000)
		.orderBy('a.decided_at', 'desc')
		.limit(50)
		.execute();
	const again = workToRaiseAgain(
		declined.map((d) => ({ finding: d.finding, safety: d.safety === 1, decidedAt: d.decided_at ?? 0, number: d.number, photos: jsonList<{ id: number; caption: string; width: number; height: number }>(d.photos) })),
		now
	);
	return {
		vehicle: { plate: v.plate, vin: v.vin, model: v.model, colour: v.colour, lastMileage: v.last_mileage },
		customer: { name: v.name, phone: v.phone, tags: v.tags },
		visits: visits.map((x) => ({ number: x.number, checkedInAt: isoTime(x.checked_in_at) ?? null, stage: x.stage })),
		declined: again.map(({ decidedAt, ...d }) => ({ ...d, declinedAt: isoTime(decidedAt) ?? null }))
	};
}

/** The vehicle by plate in this store, created or brought up to date with what the customer said now. */
export async function rememberVehicle(
	db: Db,
	storeId: number,
	vehicle: { plate: string; vin?: string; model: string; colour?: string },
	customer: { name: string; phone: string },
	now: number
): Promise<{ vehicleId: number; customerId: number }> {
	const known = await db.selectFrom('vehicles').selectAll().where('store_id', '=', storeId).where('plate', '=', vehicle.plate).executeTakeFirst();
	if (known) {
		const before = await db.selectFrom('customers').select('phone').where('id', '=', known.customer_id).executeTakeFirst();
		// A corrected phone puts a customer whose number was wrong back on the care lists.
		const phoneChanged = before !== undefined && before.phone !== customer.phone;
		await db
			.updateTable('customers')
			.set({ name: customer.name, phone: customer.phone, ...(phoneChanged ? { phone_changed_at: now } : {}) })
			.where('id', '=', known.customer_id)
			.execute();
		await db
			.updateTable('vehicles')
			.set({ model: vehicle.model, vin: vehicle.vin ?? known.vin, colour: vehicle.colour ?? known.colour })
			.where('id', '=', known.id)
			.execute();
		return { vehicleId: known.id, customerId: known.customer_id };
	}
	const { id: customerId } = await db
		.insertInto('customers')
		.values({ store_id: storeId, name: customer.name, phone: customer.phone, created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: vehicleId } = await db
		.insertInto('vehicles')
		.values({ store_id: storeId, customer_id: customerId, plate: vehicle.plate, vin: vehicle.vin ?? null, model: vehicle.model, colour: vehicle.colour ?? null })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { vehicleId, customerId };
}

/** An odometer reading: never below the last one the shop saw (a typo, or the wrong car). */
export async function recordMileage(db: Db, vehicleId: number, mileage: number): Promise<void> {
	const v = await db.selectFrom('vehicles').select(['plate', 'last_mileage']).where('id', '=', vehicleId).executeTakeFirstOrThrow();
	if (v.last_mileage !== null && mileage < v.last_mileage) {
		throw new CommandError(400, 'invalid_input', `mileage: ${mileage} km is below the ${v.last_mileage} km recorded for ${v.plate} last time`, 'mileage', { lastMileage: v.last_mileage });
	}
	await db.updateTable('vehicles').set({ last_mileage: mileage }).where('id', '=', vehicleId).execute();
}

/** A customer as a search finds them (to book for, or to erase): their cars and orders in short. */
export interface CustomerHit {
	id: number;
	name: string;
	phone: string;
	plates: string[];
	/** Their cars (to book a visit for one). */
	vehicles: { id: number; plate: string; model: string }[];
	orders: number;
	/** Orders of theirs still in the workshop (an erasure waits for them). */
	openOrders: string[];
	lastVisitAt: number | null;
}

/** Customers whose phone, name or a car's plate contains `q` (at most `limit`, the latest visit first). */
export async function findCustomers(db: Db, storeId: number, q: string, limit = 20): Promise<CustomerHit[]> {
	const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	const plateLike = `%${q.replace(/[·\s]/g, '').replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	const ids = await db
		.selectFrom('customers as c')
		.select('c.id')
		.where('c.store_id', '=', storeId)
		.where((eb) =>
			eb.or([
				eb(sql`c.phone`, 'like', sql`${like} escape '\\'`),
				eb(sql`c.name`, 'like', sql`${like} escape '\\'`),
				eb.exists(
					eb
						.selectFrom('vehicles as v')
						.select('v.id')
						.whereRef('v.customer_id', '=', 'c.id')
						.where(sql`replace(v.plate, '·', '')`, 'like', sql`${plateLike} escape '\\'`)
				)
			])
		)
		.limit(limit)
		.execute();
	if (ids.length === 0) return [];
	const list = ids.map((r) => r.id);
	const [customers, vehicles, orders] = await Promise.all([
		db.selectFrom('customers').select(['id', 'name', 'phone']).where('id', 'in', list).execute(),
		db.selectFrom('vehicles').select(['id', 'customer_id', 'plate', 'model']).where('customer_id', 'in', list).orderBy('id').execute(),
		db.selectFrom('repair_orders').select(['customer_id', 'number', 'stage', 'checked_in_at']).where('customer_id', 'in', list).execute()
	]);
	const closed = ['delivered', 'followed_up', 'cancelled'];
	return customers
		.map((c) => {
			const mine = orders.filter((o) => o.customer_id === c.id);
			return {
				id: c.id,
				name: c.name,
				phone: c.phone,
				plates: vehicles.filter((v) => v.customer_id === c.id).map((v) => v.plate),
				vehicles: vehicles.filter((v) => v.customer_id === c.id).map((v) => ({ id: v.id, plate: v.plate, model: v.model })),
				orders: mine.length,
				openOrders: mine.filter((o) => !closed.includes(o.stage)).map((o) => o.number),
				lastVisitAt: mine.length ? Math.max(...mine.map((o) => o.checked_in_at)) : null
			};
		})
		.sort((a, b) => (b.lastVisitAt ?? 0) - (a.lastVisitAt ?? 0) || a.id - b.id);
}
