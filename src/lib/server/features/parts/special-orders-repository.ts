import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { camelize } from '$lib/server/core/rows';
import { startOfStoreDay } from '$lib/domain/time';
import { maskName, openSteps } from '$lib/domain/special-orders';
import type { SpecialOrderBoardView, SpecialOrderLineView, SpecialOrderStepView, SpecialOrderView } from './views';

/**
 * Special orders' reads: an order with its lines, its history (each step's owner and time), the
 * bin it waits in and the repair orders it came from and was fitted on. Plain functions, `db`
 * first, every one filtered by store.
 */

function orderQuery(db: Db, storeId: number) {
	return db
		.selectFrom('special_orders as so')
		.leftJoin('part_bins as b', 'b.id', 'so.bin_id')
		.leftJoin('repair_orders as ro', 'ro.id', 'so.repair_order_id')
		.leftJoin('repair_orders as fro', 'fro.id', 'so.fitted_repair_order_id')
		.selectAll('so')
		.select(['b.code as bin_code', 'ro.number as ro_number', 'fro.number as fitted_ro_number'])
		.where('so.store_id', '=', storeId);
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>;

async function withDetails(db: Db, rows: OrderRow[]): Promise<SpecialOrderView[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const lines = new Map<number, SpecialOrderLineView[]>(ids.map((id) => [id, []]));
	const steps = new Map<number, SpecialOrderStepView[]>(ids.map((id) => [id, []]));
	// In chunks: SQLite binds at most 32766 values, and a long list of old orders is possible.
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const [lineRows, stepRows] = await Promise.all([
			db.selectFrom('special_order_lines').selectAll().where('order_id', 'in', chunk).orderBy('id').execute(),
			db.selectFrom('special_order_steps').selectAll().where('order_id', 'in', chunk).orderBy('id').execute()
		]);
		for (const { order_id, ...l } of lineRows) lines.get(order_id)!.push(camelize(l));
		for (const { order_id, ...s } of stepRows) steps.get(order_id)!.push(camelize(s));
	}
	return rows.map(({ store_id: _store, alert_all, ...r }) => ({
		...camelize(r),
		alertAll: alert_all === 1,
		lines: lines.get(r.id)!,
		steps: steps.get(r.id)!
	}));
}

export async function specialOrderView(db: Db, storeId: number, id: number): Promise<SpecialOrderView | undefined> {
	const row = await orderQuery(db, storeId).where('so.id', '=', id).executeTakeFirst();
	return row ? (await withDetails(db, [row]))[0] : undefined;
}

/**
 * The orders a board shows: every open one, and those fitted or cancelled since `closedSince`
 * (the store's day start). `all`: every order of the store, newest first (at most `limit`).
 */
export async function specialOrderViews(db: Db, storeId: number, options: { closedSince: number } | { all: true; limit?: number }): Promise<SpecialOrderView[]> {
	let q = orderQuery(db, storeId);
	if ('all' in options) {
		q = q.orderBy('so.id', 'desc').limit(options.limit ?? 1000);
	} else {
		const since = options.closedSince;
		q = q.where((eb) => eb.or([eb('so.step', 'in', [...openSteps]), eb('so.step_since', '>=', since)])).orderBy('so.id');
	}
	return withDetails(db, await q.execute());
}

/** The board's copy of an order: the customer's name masked, no phone, no customer id. */
export function boardView(order: SpecialOrderView): SpecialOrderBoardView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { customerPhone, customerId, ...rest } = order;
	return { ...rest, customerName: maskName(order.customerName) };
}

/** The entity image a command returns, so every screen gets the order as it now stands. */
export async function specialOrderImage(db: Db, storeId: number, id: number): Promise<EntityImage & { value: SpecialOrderView }> {
	const value = (await specialOrderView(db, storeId, id))!;
	return { kind: 'specialOrder', id, value };
}

/** The store's zone and hours (staleness, the store day of a number and of a date). */
export async function storeHours(db: Db, storeId: number) {
	const s = await db.selectFrom('stores').select(['time_zone', 'opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirstOrThrow();
	return { timeZone: s.time_zone, opensAt: s.opens_at, closesAt: s.closes_at };
}

/** The next order number of the store's day: DD20261130-01, -02, … */
export async function nextSpecialOrderNumber(db: Db, storeId: number, now: number, timeZone: string): Promise<string> {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now)).replaceAll('-', '');
	const prefix = `DD${day}-`;
	const last = await db
		.selectFrom('special_orders')
		.select('number')
		.where('store_id', '=', storeId)
		.where('number', 'like', `${prefix}%`)
		.orderBy('id', 'desc')
		.executeTakeFirst();
	const n = last ? Number(last.number.slice(prefix.length)) || 0 : 0;
	return `${prefix}${String(n + 1).padStart(2, '0')}`;
}

/** Start of the store's day holding `now` (orders closed before it leave the boards). */
export async function storeDayStart(db: Db, storeId: number, now: number): Promise<number> {
	return startOfStoreDay(now, (await storeHours(db, storeId)).timeZone);
}
