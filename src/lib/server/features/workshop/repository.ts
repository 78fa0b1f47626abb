import type { Db } from '$lib/server/db/database';
import { bayHoldingStages } from '$lib/domain/repair-order';
import { countdown } from '$lib/domain/countdown';
import { standardMinutes } from '$lib/domain/standard-time';
import { bayFreeTimes, bookingsInQueue, suggestPromise, type PromiseSuggestion } from '$lib/domain/scheduling';
import { bookedVisitsToday } from '$lib/server/features/care/repository';
import { CommandError } from '$lib/server/core/commands';
import { openRepairOrderViews } from '$lib/server/features/repair-orders/repository';
import type { Selectable } from 'kysely';
import { camelize } from '$lib/server/core/rows';
import { jsonArrayFrom, jsonList } from '$lib/server/db/json';
import { liftTypes } from '$lib/server/features/equipment/table';
import { bayHold, type BayHold } from '$lib/domain/equipment';
import type { BayLiftView, TaskView } from '$lib/server/features/equipment/views';
import type { BaysTable } from './table';
import type { BayView, TeamView } from './views';
import { containing } from '$lib/server/db/like';

/** Reads the shop's load (bays, their jobs, the queue) for the promise suggestion at check-in. */
export async function suggestPromiseFor(db: Db, storeId: number, jobMinutes: number, now: number, wash = false): Promise<PromiseSuggestion> {
	// A bay held by its lift (out of service, safety inspection overdue) takes no car: not capacity.
	const held = await bayLiftHolds(db, storeId, now);
	const bays = (await db.selectFrom('bays').select(['id']).where('store_id', '=', storeId).where('in_service', '=', 1).execute()).filter((b) => !held.has(b.id));
	if (bays.length === 0) throw new CommandError(409, 'no_bay_in_service', 'No bay is in service: add a bay or bring one back in service first', 'bay');
	const orders = await openRepairOrderViews(db, storeId, now);
	const inService = new Set(bays.map((b) => b.id));
	const holding = orders.filter((o) => o.bayId !== null && inService.has(o.bayId) && bayHoldingStages.includes(o.stage));
	const queueMinutes = [
		...orders
			.filter((o) => o.stage === 'checked_in' || o.stage === 'waiting_dispatch')
			.sort((a, b) => a.checkedInAt - b.checkedInAt || a.id - b.id)
			.map((o) => standardMinutes(o.operations, 1)),
		// Booked cars due about now (or late) take their turn after the cars already waiting.
		...bookingsInQueue(await bookedVisitsToday(db, storeId, now), now)
	];
	// The same rule as the desk's estimate afterwards (src/lib/domain/scheduling.ts).
	const bayFreeAt = bayFreeTimes(holding.map((o) => (o.stage === 'team_check' ? 0 : countdown(o, now).remainingMs)), bays.length, now);
	return suggestPromise({ now, bayFreeAt, queueMinutes, jobMinutes, wash });
}

/** The columns of a maintenance task that its view carries (shared with the equipment feature). */
export const taskColumns = ['id', 'name_zh', 'name_en', 'every_count', 'every_unit', 'every_usage', 'lead_days', 'lead_usage', 'safety', 'last_done_at', 'last_done_usage', 'sort', 'version'] as const;

/** Bays with their lifts (active machines of a lift type standing in them) and the lifts' active safety tasks, as JSON. */
function bayQuery(db: Db) {
	return db
		.selectFrom('bays as b')
		.selectAll('b')
		.select((eb) =>
			jsonArrayFrom(
				eb
					.selectFrom('equipment as e')
					.select(['e.id', 'e.code', 'e.name_zh', 'e.name_en', 'e.in_service', 'e.out_of_service_reason', 'e.usage_total'])
					.select((e2) =>
						jsonArrayFrom(
							e2
								.selectFrom('maintenance_tasks as t')
								.select(taskColumns.map((c) => `t.${c}` as const))
								.whereRef('t.equipment_id', '=', 'e.id')
								.where('t.active', '=', 1)
								.where('t.safety', '=', 1)
								.orderBy('t.sort')
								.orderBy('t.id')
						).as('safety_tasks')
					)
					.whereRef('e.bay_id', '=', 'b.id')
					.where('e.active', '=', 1)
					.where('e.type', 'in', [...liftTypes])
					.orderBy('e.code')
			).as('lifts')
		);
}

export async function bayViews(db: Db, storeId: number): Promise<BayView[]> {
	const rows = await bayQuery(db).where('b.store_id', '=', storeId).orderBy('b.sort').execute();
	return rows.map(toBayView);
}

export async function bayView(db: Db, id: number, storeId?: number): Promise<BayView | undefined> {
	let query = bayQuery(db).where('b.id', '=', id);
	if (storeId !== undefined) query = query.where('b.store_id', '=', storeId);
	const row = await query.executeTakeFirst();
	return row && toBayView(row);
}

type TaskRow = { [K in (typeof taskColumns)[number]]: unknown };

/** A task row read as JSON (0/1 for the flag) as its view. */
export function toTaskView(row: TaskRow): TaskView {
	const { safety, ...rest } = row;
	return { ...(camelize(rest) as Omit<TaskView, 'safety'>), safety: safety === 1 || safety === true };
}


type LiftRow = { id: number; code: string; name_zh: string; name_en: string; in_service: number; out_of_service_reason: string | null; usage_total: number; safety_tasks: TaskRow[] | string };

function toBayView(row: Selectable<BaysTable> & { lifts: unknown }): BayView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { store_id, in_service, lifts, ...bay } = row;
	return {
		...camelize(bay),
		inService: in_service === 1,
		lifts: jsonList(lifts as LiftRow[] | string).map(
			(l): BayLiftView => ({
				id: l.id,
				code: l.code,
				nameZh: l.name_zh,
				nameEn: l.name_en,
				inService: l.in_service === 1,
				outOfServiceReason: l.out_of_service_reason,
				usageTotal: l.usage_total,
				safetyTasks: jsonList(l.safety_tasks).map(toTaskView)
			})
		)
	};
}

export async function teamViews(db: Db, storeId: number): Promise<TeamView[]> {
	const teams = await db.selectFrom('teams').selectAll().where('store_id', '=', storeId).orderBy('id').execute();
	const techs = await db
		.selectFrom('technicians')
		.select(['id', 'team_id', 'name', 'name_latin', 'is_leader'])
		.where('store_id', '=', storeId)
		.where('active', '=', 1)
		.orderBy('is_leader', 'desc')
		.orderBy('id')
		.execute();
	return teams.map(({ store_id: _store, ...team }) => ({
		...camelize(team),
		technicians: techs.filter((x) => x.team_id === team.id).map(({ team_id: _team, is_leader, ...t }) => ({ ...camelize(t), isLeader: is_leader === 1 }))
	}));
}

/**
 * The bays a lift holds now (bay id → why: domain/equipment.ts `bayHold`): a lift out of service or
 * overdue for its safety inspection. Such a bay is not offered at dispatch (dispatch refuses it).
 */
export async function bayLiftHolds(db: Db, storeId: number, now: number): Promise<Map<number, BayHold>> {
	const bays = await bayViews(db, storeId);
	const withLifts = bays.filter((b) => b.lifts.length > 0);
	const out = new Map<number, BayHold>();
	if (withLifts.length === 0) return out;
	const store = await db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirst();
	for (const b of withLifts) {
		const hold = bayHold(b.lifts, now, store?.time_zone ?? 'Asia/Shanghai');
		if (hold) out.set(b.id, hold);
	}
	return out;
}

/** Which order holds each bay now (bay id → the order's id and number). */
export async function bayHolders(db: Db, storeId: number): Promise<Map<number, { id: number; number: string }>> {
	const holders = await db
		.selectFrom('repair_orders')
		.select(['id', 'number', 'bay_id'])
		.where('store_id', '=', storeId)
		.where('bay_id', 'is not', null)
		.where('stage', 'in', [...bayHoldingStages])
		.execute();
	return new Map(holders.map((h) => [h.bay_id!, { id: h.id, number: h.number }]));
}

/** The standard-time catalogue, searched by code or by name in either language (all of it without a search). */
export async function searchCatalogue(db: Db, storeId: number, q: string, all = false) {
	let query = db
		.selectFrom('standard_times')
		.select(['code', 'name_zh as nameZh', 'name_en as nameEn', 'category', 'minutes_1 as minutes1', 'minutes_2 as minutes2'])
		.where('store_id', '=', storeId);
	if (q) {
		query = query.where((eb) => eb.or([eb('code', 'like', containing(q)), eb('name_zh', 'like', containing(q)), eb('name_en', 'like', containing(q))]));
	}
	return query.orderBy('category').orderBy('code').limit(q && !all ? 20 : 2000).execute();
}

/** Catalogue minutes of the given codes (unknown codes are simply absent). */
export async function catalogueMinutes(db: Db, storeId: number, codes: string[]) {
	if (codes.length === 0) return [];
	return db.selectFrom('standard_times').select(['code', 'minutes_1 as minutes1', 'minutes_2 as minutes2']).where('store_id', '=', storeId).where('code', 'in', codes).execute();
}
