import type { Db } from '$lib/server/db/database';
import { jsonArrayFrom, jsonList } from '$lib/server/db/json';
import type { Insertable } from 'kysely';
import { closedStages, type Stage } from '$lib/domain/repair-order';
import type { OrderFacts } from '$lib/domain/group';
import { startOfStoreDay } from '$lib/domain/time';
import type { RepairOrderOperationsTable } from './table';
import { camelize } from '$lib/server/core/rows';
import type { AddonView, OperationView, PartsRequestView, RepairOrderView } from './views';
import { photoColumns } from '$lib/server/features/photos/views';

/** One query per view; every function takes `db` first so a transaction can be passed in. */

/** The columns of an order's operations, add-ons and parts requests that its view carries. */
const operationColumns = ['code', 'name_zh', 'name_en', 'minutes_1', 'minutes_2', 'status', 'addon_id'] as const;
const addonColumns = ['id', 'finding', 'safety', 'status', 'raised_by', 'raised_at', 'decided_by', 'decided_via', 'decided_at'] as const;
const partsColumns = ['pr.id', 'pr.note', 'pr.status', 'pr.requested_by', 'pr.requested_at', 'pr.picker_name', 'pr.issued_at', 'pr.received_by_name', 'pr.short', 'pr.version'] as const;
const partsLineColumns = ['l.part_id', 'p.number', 'p.name_zh', 'p.name_en', 'p.unit', 'l.qty', 'l.issued_qty'] as const;
const crewColumns = ['t.id', 't.name', 't.name_latin'] as const;

/**
 * Orders with their vehicle, customer, and their operations, add-ons and parts requests as JSON
 * arrays (each in its order), so one statement reads one order or many. Every command reads the
 * order it changes this way, inside its write transaction.
 */
function orderQuery(db: Db) {
	return db
		.selectFrom('repair_orders as ro')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.innerJoin('customers as c', 'c.id', 'ro.customer_id')
		.selectAll('ro')
		.select(['v.plate', 'v.model', 'v.colour', 'v.vin', 'c.name as customer_name', 'c.phone as customer_phone'])
		.select((eb) => [
			jsonArrayFrom(eb.selectFrom('repair_order_operations').select(operationColumns).whereRef('repair_order_id', '=', 'ro.id').orderBy('sort').orderBy('id')).as('operations'),
			jsonArrayFrom(eb.selectFrom('addons').select(addonColumns).whereRef('repair_order_id', '=', 'ro.id').orderBy('id')).as('addons'),
			jsonArrayFrom(
				eb
					.selectFrom('parts_requests as pr')
					.select(partsColumns)
					.select((e2) =>
						jsonArrayFrom(e2.selectFrom('parts_request_lines as l').innerJoin('parts as p', 'p.id', 'l.part_id').select(partsLineColumns).whereRef('l.request_id', '=', 'pr.id').orderBy('l.id')).as('lines')
					)
					.whereRef('pr.repair_order_id', '=', 'ro.id')
					.orderBy('pr.id')
			).as('parts_requests'),
			// The customer's tags (staff screens only: the desk's view; the tablet's and the walls' leave them out).
			jsonArrayFrom(
				eb
					.selectFrom('customer_tag_links as tl')
					.innerJoin('customer_tags as tg', 'tg.id', 'tl.tag_id')
					.select(['tg.id', 'tg.symbol', 'tg.colour', 'tg.meaning_zh', 'tg.meaning_en'])
					.whereRef('tl.customer_id', '=', 'ro.customer_id')
					.where('tg.retired', '=', 0)
					.orderBy('tg.sort')
					.orderBy('tg.id')
			).as('customer_tags'),
			jsonArrayFrom(
				eb
					.selectFrom('job_technicians as j')
					.innerJoin('technicians as t', 't.id', 'j.technician_id')
					.select(crewColumns)
					.whereRef('j.repair_order_id', '=', 'ro.id')
					.orderBy('j.assigned_at')
					.orderBy('t.id')
			).as('technicians'),
			// The walk-around's and the findings' photos (what they are; the images are fetched by id).
			jsonArrayFrom(eb.selectFrom('photos').select(photoColumns).whereRef('repair_order_id', '=', 'ro.id').orderBy('id')).as('photos')
		]);
}

/** The technicians on a job, in the order they were put on it. */
export async function crewOf(db: Db, orderId: number): Promise<RepairOrderView['technicians']> {
	const rows = await db
		.selectFrom('job_technicians as j')
		.innerJoin('technicians as t', 't.id', 'j.technician_id')
		.select(crewColumns)
		.where('j.repair_order_id', '=', orderId)
		.orderBy('j.assigned_at')
		.orderBy('t.id')
		.execute();
	return rows.map((r) => camelize(r));
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;

function toView(row: OrderRow): RepairOrderView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { store_id, vehicle_id, customer_id, updated_at, wash, keep_old_parts, operations, addons, parts_requests, technicians, customer_tags, photos, ...order } = row;
	return {
		...camelize(order),
		wash: wash === 1,
		keepOldParts: keep_old_parts === 1,
		operations: jsonList(operations).map((o) => camelize(o) as OperationView),
		addons: jsonList(addons).map((a) => ({ ...camelize(a), safety: a.safety === 1 }) as AddonView),
		partsRequests: jsonList(parts_requests).map(({ short, lines, ...p }) => ({ ...camelize(p), short: short === 1, lines: jsonList(lines).map((l) => camelize(l)) }) as PartsRequestView),
		technicians: jsonList(technicians).map((t) => camelize(t)),
		customerTags: jsonList(customer_tags).map((t) => camelize(t)),
		photos: jsonList(photos).map((p) => camelize(p))
	};
}

/** One order as it stands; with `storeId`, only if it belongs to that store. */
export async function repairOrderView(db: Db, id: number, storeId?: number): Promise<RepairOrderView | undefined> {
	let query = orderQuery(db).where('ro.id', '=', id);
	if (storeId !== undefined) query = query.where('ro.store_id', '=', storeId);
	const row = await query.executeTakeFirst();
	return row && toView(row);
}

/** Orders still in the shop, plus those closed since `closedSince` (today's deliveries). */
export async function openRepairOrderViews(db: Db, storeId: number, closedSince: number): Promise<RepairOrderView[]> {
	const rows = await orderQuery(db)
		.where('ro.store_id', '=', storeId)
		.where((eb) =>
			eb.or([eb('ro.stage', 'not in', [...closedStages]), eb('ro.stage_since', '>=', closedSince)])
		)
		.orderBy('ro.checked_in_at')
		.execute();
	return rows.map(toView);
}

export async function listRepairOrderViews(
	db: Db,
	storeId: number,
	filter: { stage?: RepairOrderView['stage']; limit: number; offset: number }
): Promise<RepairOrderView[]> {
	let q = orderQuery(db).where('ro.store_id', '=', storeId);
	if (filter.stage) q = q.where('ro.stage', '=', filter.stage);
	const rows = await q.orderBy('ro.checked_in_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
	return rows.map(toView);
}

/** The number of the vehicle's order still in the shop, if it has one. */
export async function openOrderOf(db: Db, vehicleId: number): Promise<string | undefined> {
	const open = await db.selectFrom('repair_orders').select(['number']).where('vehicle_id', '=', vehicleId).where('stage', 'not in', [...closedStages]).executeTakeFirst();
	return open?.number;
}

/** The day's next order number in the store's calendar: RO20261127-001, -002, … */
async function nextNumber(db: Db, storeId: number, now: number): Promise<string> {
	const { time_zone: timeZone } = await db.selectFrom('stores').select(['time_zone']).where('id', '=', storeId).executeTakeFirstOrThrow();
	const { count } = await db
		.selectFrom('repair_orders')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('store_id', '=', storeId)
		.where('checked_in_at', '>=', startOfStoreDay(now, timeZone))
		.executeTakeFirstOrThrow();
	const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now)).replaceAll('-', '');
	return `RO${day}-${String(Number(count) + 1).padStart(3, '0')}`;
}

/** A checked-in order with its operations (catalogue ones already resolved); returns its id. */
export async function insertRepairOrder(
	db: Db,
	o: {
		storeId: number;
		vehicleId: number;
		customerId: number;
		now: number;
		kind: RepairOrderView['kind'];
		wash: boolean;
		keepOldParts: boolean;
		paymentMethod: string;
		concerns: string;
		promisedAt: number | null;
		mileage: number | null;
		operations: Omit<Insertable<RepairOrderOperationsTable>, 'repair_order_id' | 'sort'>[];
	}
): Promise<number> {
	const { id } = await db
		.insertInto('repair_orders')
		.values({
			store_id: o.storeId,
			number: await nextNumber(db, o.storeId, o.now),
			vehicle_id: o.vehicleId,
			customer_id: o.customerId,
			kind: o.kind,
			stage: 'checked_in',
			wash: o.wash ? 1 : 0,
			keep_old_parts: o.keepOldParts ? 1 : 0,
			payment_method: o.paymentMethod,
			concerns: o.concerns,
			promised_at: o.promisedAt,
			mileage: o.mileage,
			checked_in_at: o.now,
			stage_since: o.now,
			updated_at: o.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('repair_order_operations')
		.values(o.operations.map((op, sort) => ({ ...op, repair_order_id: id, sort })))
		.execute();
	return id;
}

/** A store's orders as the group overview counts them ($lib/domain/group.ts): those open, and those closed since `since`. */
export async function storeDayFacts(db: Db, storeId: number, since: number): Promise<OrderFacts[]> {
	const rows = await db
		.selectFrom('repair_orders')
		.select(['stage', 'promised_at', 'overdue_at', 'delivered_at'])
		.where('store_id', '=', storeId)
		.where((eb) => eb.or([eb('stage', 'not in', [...closedStages]), eb('stage_since', '>=', since)]))
		.execute();
	return rows.map((r) => ({ stage: r.stage as Stage, promisedAt: r.promised_at, overdueAt: r.overdue_at, deliveredAt: r.delivered_at }));
}
