import type { Db } from '$lib/server/db/database';
import type { KpiInput, KpiOrder, KpiSpecialOrder } from '$lib/domain/kpi';
import type { TimedOperation } from '$lib/domain/standard-time';

/**
 * The records the figures need for the moments [start, end) of one store: the orders checked in or
 * delivered in it, their operations, add-ons and issue slips, the special orders whose parts arrived in it, the equipment tasks and their 'done' rows up to its end (seven queries, each filtered by store
 * and the range through the same sub-select of orders).
 */
export async function kpiRecords(db: Db, storeId: number, start: number, end: number, now: number): Promise<KpiInput> {
	const store = await db.selectFrom('stores').select(['time_zone', 'labour_rate']).where('id', '=', storeId).executeTakeFirst();
	const inRange = () =>
		db
			.selectFrom('repair_orders')
			.select('id')
			.where('store_id', '=', storeId)
			.where((eb) => eb.or([eb.and([eb('checked_in_at', '>=', start), eb('checked_in_at', '<', end)]), eb.and([eb('delivered_at', '>=', start), eb('delivered_at', '<', end)])]));
	const [rows, ops, addons, slips, steps, tasks, done] = await Promise.all([
		db
			.selectFrom('repair_orders')
			.select(['id', 'kind', 'stage', 'crew_size', 'rework_count', 'wash', 'checked_in_at', 'promised_at', 'delivered_at', 'worked_ms', 'stage_since'])
			.where('id', 'in', inRange())
			.execute(),
		db.selectFrom('repair_order_operations').select(['repair_order_id', 'minutes_1', 'minutes_2', 'status']).where('repair_order_id', 'in', inRange()).execute(),
		db.selectFrom('addons').select(['repair_order_id', 'status']).where('repair_order_id', 'in', inRange()).execute(),
		db.selectFrom('issue_slips').select(['repair_order_id', 'total', 'issued_at']).where('store_id', '=', storeId).where('repair_order_id', 'in', inRange()).execute(),
		// The first registration and arrival of the special orders whose parts arrived in the range.
		db
			.selectFrom('special_order_steps as s')
			.innerJoin('special_orders as o', 'o.id', 's.order_id')
			.select(['s.order_id', 's.step', (eb) => eb.fn.min('s.at').as('at')])
			.where('o.store_id', '=', storeId)
			.where('s.step', 'in', ['registered', 'arrived'])
			.where('s.order_id', 'in', db.selectFrom('special_order_steps').select('order_id').where('step', '=', 'arrived').where('at', '>=', start).where('at', '<', end))
			.groupBy(['s.order_id', 's.step'])
			.execute(),
		db
			.selectFrom('maintenance_tasks as t')
			.innerJoin('equipment as e', 'e.id', 't.equipment_id')
			.select(['t.id', 't.every_count', 't.every_unit', 't.every_usage', 't.lead_days', 't.lead_usage'])
			.where('e.store_id', '=', storeId)
			.execute(),
		// Every 'done' of a task up to the range's end: each one's due point comes from the one before.
		db.selectFrom('maintenance_log').select(['task_id', 'at', 'usage_at']).where('store_id', '=', storeId).where('kind', '=', 'done').where('task_id', 'is not', null).where('at', '<', end).execute()
	]);
	const specialOrders = new Map<number, KpiSpecialOrder>();
	for (const st of steps) {
		const o = specialOrders.get(st.order_id) ?? { id: st.order_id, registeredAt: null, arrivedAt: null };
		if (st.step === 'registered') o.registeredAt = Number(st.at);
		else o.arrivedAt = Number(st.at);
		specialOrders.set(st.order_id, o);
	}
	const opsOf = new Map<number, TimedOperation[]>();
	for (const o of ops) {
		const list = opsOf.get(o.repair_order_id) ?? [];
		list.push({ minutes1: o.minutes_1, minutes2: o.minutes_2, status: o.status });
		opsOf.set(o.repair_order_id, list);
	}
	const orders: KpiOrder[] = rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		stage: r.stage,
		crewSize: r.crew_size,
		reworkCount: r.rework_count,
		wash: r.wash,
		checkedInAt: r.checked_in_at,
		promisedAt: r.promised_at,
		deliveredAt: r.delivered_at,
		followedUpAt: r.stage === 'followed_up' ? r.stage_since : null,
		workedMs: r.worked_ms,
		operations: opsOf.get(r.id) ?? []
	}));
	return {
		timeZone: store?.time_zone ?? 'Asia/Shanghai',
		now,
		labourRate: store?.labour_rate ?? 0,
		orders,
		addons: addons.map((a) => ({ repairOrderId: a.repair_order_id, status: a.status })),
		slips: slips.map((s) => ({ repairOrderId: s.repair_order_id, total: s.total, issuedAt: s.issued_at })),
		specialOrders: [...specialOrders.values()],
		tasks: tasks.map((t) => ({ id: t.id, everyCount: t.every_count, everyUnit: t.every_unit, everyUsage: t.every_usage, leadDays: t.lead_days, leadUsage: t.lead_usage })),
		tasksDone: done.map((d) => ({ taskId: d.task_id!, at: d.at, usageAt: d.usage_at }))
	};
}
