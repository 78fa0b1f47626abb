import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { AddonsTable, PartsRequestsTable, RepairOrderOperationsTable } from '$lib/server/db/schema';
import type { RepairOrderView } from '$lib/live/protocol';
import type { PauseReason, Stage } from '$lib/domain/repair-order';
import { closedStages } from '$lib/domain/repair-order';

/** One query per view; every function takes `db` first so a transaction can be passed in. */

function repairOrderQuery(db: Db) {
	return db
		.selectFrom('repair_orders as ro')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.innerJoin('customers as c', 'c.id', 'ro.customer_id')
		.select([
			'ro.id',
			'ro.number',
			'ro.kind',
			'ro.stage',
			'ro.stage_since',
			'ro.bay_id',
			'ro.team_id',
			'ro.crew_size',
			'ro.pause_reason',
			'ro.pause_note',
			'ro.rework_count',
			'ro.worked_ms',
			'ro.running_since',
			'ro.promised_at',
			'ro.checked_in_at',
			'ro.wash',
			'ro.keep_old_parts',
			'ro.payment_method',
			'ro.concerns',
			'ro.cancel_reason',
			'ro.version',
			'ro.pickup_at',
			'ro.ready_at',
			'ro.delivered_at',
			'ro.next_service_date',
			'ro.next_service_mileage',
			'ro.follow_up_time',
			'ro.follow_up_outcome',
			'ro.last_qc_fail_reason',
			'ro.overdue_at',
			'ro.escalated_at',
			'ro.announced_ready_at',
			'ro.team_recommendations',
			'ro.team_checked_by',
			'ro.team_checked_at',
			'v.plate',
			'v.model',
			'v.colour',
			'v.vin',
			'c.name as customer_name',
			'c.phone as customer_phone'
		]);
}

type RepairOrderRow = Awaited<ReturnType<ReturnType<typeof repairOrderQuery>['executeTakeFirstOrThrow']>>;

type OperationRow = Pick<Selectable<RepairOrderOperationsTable>, 'code' | 'name_zh' | 'name_en' | 'minutes_1' | 'minutes_2' | 'status' | 'addon_id'>;
type AddonRow = Selectable<AddonsTable>;
type PartsRow = Selectable<PartsRequestsTable>;

/** An order's row and its operations, add-ons and parts requests (each in order) as the view. */
function toView(r: RepairOrderRow, ops: OperationRow[], addons: AddonRow[], parts: PartsRow[]): RepairOrderView {
	return {
		id: r.id,
		number: r.number,
		plate: r.plate,
		model: r.model,
		colour: r.colour,
		kind: r.kind,
		stage: r.stage as Stage,
		stageSince: r.stage_since,
		bayId: r.bay_id,
		teamId: r.team_id,
		crewSize: r.crew_size,
		pauseReason: r.pause_reason as PauseReason | null,
		pauseNote: r.pause_note,
		reworkCount: r.rework_count,
		workedMs: r.worked_ms,
		runningSince: r.running_since,
		promisedAt: r.promised_at,
		checkedInAt: r.checked_in_at,
		wash: r.wash === 1,
		keepOldParts: r.keep_old_parts === 1,
		paymentMethod: r.payment_method,
		concerns: r.concerns,
		cancelReason: r.cancel_reason,
		version: r.version,
		customerName: r.customer_name,
		customerPhone: r.customer_phone,
		vin: r.vin,
		operations: ops.map((op) => ({
			code: op.code,
			nameZh: op.name_zh,
			nameEn: op.name_en,
			minutes1: op.minutes_1,
			minutes2: op.minutes_2,
			status: op.status,
			addonId: op.addon_id
		})),
		lastQcFailReason: r.last_qc_fail_reason,
		teamRecommendations: r.team_recommendations,
		teamCheckedBy: r.team_checked_by,
		teamCheckedAt: r.team_checked_at,
		overdueAt: r.overdue_at,
		escalatedAt: r.escalated_at,
		announcedReadyAt: r.announced_ready_at,
		pickupAt: r.pickup_at,
		readyAt: r.ready_at,
		deliveredAt: r.delivered_at,
		nextServiceDate: r.next_service_date,
		nextServiceMileage: r.next_service_mileage,
		followUpTime: r.follow_up_time,
		followUpOutcome: r.follow_up_outcome as RepairOrderView['followUpOutcome'],
		addons: addons.map((a) => ({
			id: a.id,
			finding: a.finding,
			safety: a.safety === 1,
			status: a.status,
			raisedBy: a.raised_by,
			raisedAt: a.raised_at,
			decidedBy: a.decided_by,
			decidedVia: a.decided_via,
			decidedAt: a.decided_at
		})),
		partsRequests: parts.map((p) => ({ id: p.id, note: p.note, status: p.status, requestedBy: p.requested_by, requestedAt: p.requested_at }))
	};
}

function groupBy<T extends { repair_order_id: number }>(rows: T[]): Map<number, T[]> {
	const groups = new Map<number, T[]>();
	for (const row of rows) {
		const list = groups.get(row.repair_order_id);
		if (list) list.push(row);
		else groups.set(row.repair_order_id, [row]);
	}
	return groups;
}

/** Many orders: three more queries in all (operations, add-ons, parts requests), not three per order. */
async function withOperations(db: Db, rows: RepairOrderRow[]): Promise<RepairOrderView[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const ops = groupBy(
		await db
			.selectFrom('repair_order_operations')
			.select(['repair_order_id', 'code', 'name_zh', 'name_en', 'minutes_1', 'minutes_2', 'status', 'addon_id'])
			.where('repair_order_id', 'in', ids)
			.orderBy('repair_order_id')
			.orderBy('sort')
			.orderBy('id')
			.execute()
	);
	const addons = groupBy(await db.selectFrom('addons').selectAll().where('repair_order_id', 'in', ids).orderBy('id').execute());
	const parts = groupBy(await db.selectFrom('parts_requests').selectAll().where('repair_order_id', 'in', ids).orderBy('id').execute());
	return rows.map((r) => toView(r, ops.get(r.id) ?? [], addons.get(r.id) ?? [], parts.get(r.id) ?? []));
}

/**
 * One order in one statement: its operations, add-ons and parts requests come along as JSON
 * arrays (SQLite's json_group_array, ordered inside the aggregate: SQLite 3.44+), with the same
 * columns and order as the queries above.
 * Every command reads the order it changes this way, inside its write transaction.
 */
function oneOrderQuery(db: Db) {
	return repairOrderQuery(db).select([
		sql<string>`(select json_group_array(json_object('code', code, 'name_zh', name_zh, 'name_en', name_en, 'minutes_1', minutes_1, 'minutes_2', minutes_2, 'status', status, 'addon_id', addon_id) order by sort, id)
			from repair_order_operations where repair_order_id = ro.id)`.as('ops_json'),
		sql<string>`(select json_group_array(json_object('id', id, 'repair_order_id', repair_order_id, 'finding', finding, 'safety', safety, 'status', status, 'raised_by', raised_by, 'raised_at', raised_at, 'decided_by', decided_by, 'decided_via', decided_via, 'decided_at', decided_at) order by id)
			from addons where repair_order_id = ro.id)`.as('addons_json'),
		sql<string>`(select json_group_array(json_object('id', id, 'repair_order_id', repair_order_id, 'note', note, 'status', status, 'requested_by', requested_by, 'requested_at', requested_at) order by id)
			from parts_requests where repair_order_id = ro.id)`.as('parts_json')
	]);
}

/** One order as it stands; with `storeId`, only if it belongs to that store. */
export async function repairOrderView(db: Db, id: number, storeId?: number): Promise<RepairOrderView | undefined> {
	let query = oneOrderQuery(db).where('ro.id', '=', id);
	if (storeId !== undefined) query = query.where('ro.store_id', '=', storeId);
	const row = await query.executeTakeFirst();
	if (!row) return undefined;
	const { ops_json, addons_json, parts_json, ...order } = row;
	return toView(order, JSON.parse(ops_json) as OperationRow[], JSON.parse(addons_json) as AddonRow[], JSON.parse(parts_json) as PartsRow[]);
}

/** Orders still in the shop, plus those closed since `closedSince` (today's deliveries). */
export async function openRepairOrderViews(db: Db, storeId: number, closedSince: number): Promise<RepairOrderView[]> {
	const rows = await repairOrderQuery(db)
		.where('ro.store_id', '=', storeId)
		.where((eb) =>
			eb.or([eb('ro.stage', 'not in', [...closedStages]), eb('ro.stage_since', '>=', closedSince)])
		)
		.orderBy('ro.checked_in_at')
		.execute();
	return withOperations(db, rows);
}

export async function listRepairOrderViews(
	db: Db,
	storeId: number,
	filter: { stage?: Stage; limit: number; offset: number }
): Promise<RepairOrderView[]> {
	let q = repairOrderQuery(db).where('ro.store_id', '=', storeId);
	if (filter.stage) q = q.where('ro.stage', '=', filter.stage);
	const rows = await q.orderBy('ro.checked_in_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
	return withOperations(db, rows);
}

/** A vehicle by plate in this store, with its customer and last five visits; undefined if never seen. */
export async function vehicleHistory(db: Db, storeId: number, plate: string) {
	const v = await db
		.selectFrom('vehicles as v')
		.innerJoin('customers as c', 'c.id', 'v.customer_id')
		.select(['v.plate', 'v.vin', 'v.model', 'v.colour', 'c.name', 'c.phone', 'c.tags', 'v.id'])
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
	return {
		vehicle: { plate: v.plate, vin: v.vin, model: v.model, colour: v.colour },
		customer: { name: v.name, phone: v.phone, tags: v.tags },
		visits: visits.map((x) => ({ number: x.number, checkedInAt: new Date(x.checked_in_at).toISOString(), stage: x.stage }))
	};
}
