import type { OrderFacts } from '$lib/domain/kpi-facts';
import { storeDayOf } from '$lib/domain/kpi';
import { closedStages } from '$lib/domain/repair-order';
import { defineEntity, type ProjectionContext } from '$lib/server/core/module';
import { factsOf, factsSince } from './repository';

/** What the live figures need of an order: its facts without the plate and the lists only a day's log reads. */
export type KpiOrderView = Omit<OrderFacts, 'plate' | 'operations' | 'baySpans'>;

export const kpiOrderView = (f: OrderFacts): KpiOrderView => {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { plate, operations, baySpans, ...view } = f;
	return view;
};

/** The first store day the live channel carries: the 1st of this month, or 7 days back if earlier (a week's comparison). */
export function liveSinceDay(dayStart: number, timeZone: string): string {
	const today = storeDayOf(dayStart, timeZone);
	const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
	const monthStart = `${today.slice(0, 8)}01`;
	return weekAgo < monthStart ? weekAgo : monthStart;
}

/**
 * Whether an order belongs on the kpi channel on the store day of `sinceDay`'s window: open now, or
 * checked in or delivered since `sinceDay` — the same test `factsSince` puts to the table, so a delta
 * and the next snapshot agree (a follow-up call on a car delivered two months ago sends nothing).
 */
export function inLiveWindow(f: Pick<OrderFacts, 'stage' | 'checkedInDay' | 'deliveredDay'>, sinceDay: string): boolean {
	return f.checkedInDay >= sinceDay || (f.deliveredDay !== null && f.deliveredDay >= sinceDay) || !closedStages.includes(f.stage);
}

/** The order as the kpi channel sees it under `ctx`, or null when its snapshot would not hold it. */
export function kpiProjection(f: OrderFacts, ctx: ProjectionContext): KpiOrderView | null {
	if (ctx.timeZone !== undefined && !inLiveWindow(f, liveSinceDay(ctx.dayStart, ctx.timeZone))) return null;
	return kpiOrderView(f);
}

/**
 * The manager's live figures (channel kpi: the manager's screen and the paired KPI board): the
 * facts of the orders open now or checked in or delivered since the 1st of the month (or a week
 * back). Each command on an order sends its new facts when the order is in that window (and
 * nothing a reconnecting screen's snapshot would not hold), and the screen folds them into
 * today's figures with the same domain functions the server uses, without asking for the range again.
 */
export const kpiOrderEntity = defineEntity<OrderFacts>()({
	kind: 'kpiOrder',
	project: { kpi: kpiProjection },
	read: async (db, { storeId, ctx }) => {
		let timeZone = ctx.timeZone;
		if (timeZone === undefined) {
			const store = await db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirst();
			timeZone = store?.time_zone ?? 'Asia/Shanghai';
		}
		return factsSince(db, storeId, liveSinceDay(ctx.dayStart, timeZone));
	},
	readOne: async (db, storeId, id) => {
		const row = await db.selectFrom('kpi_orders').selectAll().where('store_id', '=', storeId).where('repair_order_id', '=', id).executeTakeFirst();
		return row ? factsOf(row) : undefined;
	}
});
