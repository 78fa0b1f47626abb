import type { Db } from '$lib/server/db/database';
import { camelize } from '$lib/server/core/rows';
import { bayHoldingStages } from '$lib/domain/repair-order';
import type { CallTimes } from '$lib/domain/calls';
import type { CallView } from './views';

function callsQuery(db: Db, storeId: number) {
	return db
		.selectFrom('calls as c')
		.innerJoin('bays as b', 'b.id', 'c.bay_id')
		.innerJoin('repair_orders as r', 'r.id', 'c.repair_order_id')
		.innerJoin('vehicles as v', 'v.id', 'r.vehicle_id')
		.selectAll('c')
		.select(['b.code as bay_code', 'r.number as ro_number', 'v.plate'])
		.where('c.store_id', '=', storeId);
}

type CallRow = Awaited<ReturnType<ReturnType<typeof callsQuery>['executeTakeFirstOrThrow']>>;

function toView(row: CallRow): CallView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { store_id, urgent, bay_code, ro_number, plate, ...rest } = row;
	return { ...camelize(rest), urgent: urgent === 1, bayCode: bay_code, roNumber: ro_number, plate };
}

export async function callView(db: Db, storeId: number, id: number): Promise<CallView | undefined> {
	const row = await callsQuery(db, storeId).where('c.id', '=', id).executeTakeFirst();
	return row ? toView(row) : undefined;
}

/** Calls still waiting or being answered, and those finished since `since` (the day's record). */
export async function callViews(db: Db, storeId: number, since: number): Promise<CallView[]> {
	const rows = await callsQuery(db, storeId)
		.where((eb) => eb.or([eb('c.status', 'in', ['open', 'acknowledged']), eb('c.raised_at', '>=', since)]))
		.orderBy('c.raised_at')
		.orderBy('c.id')
		.execute();
	return rows.map(toView);
}

/** Calls raised in [start, end), for the record and the figures. */
export async function callsRaised(db: Db, storeId: number, start: number, end: number): Promise<CallView[]> {
	const rows = await callsQuery(db, storeId).where('c.raised_at', '>=', start).where('c.raised_at', '<', end).orderBy('c.raised_at').execute();
	return rows.map(toView);
}

export async function activeCalls(db: Db, storeId: number, filter: { bayId?: number; repairOrderId?: number } = {}): Promise<CallView[]> {
	let q = callsQuery(db, storeId).where('c.status', 'in', ['open', 'acknowledged']);
	if (filter.bayId !== undefined) q = q.where('c.bay_id', '=', filter.bayId);
	if (filter.repairOrderId !== undefined) q = q.where('c.repair_order_id', '=', filter.repairOrderId);
	return (await q.orderBy('c.id').execute()).map(toView);
}

/** A bay by its code or id, in the store. */
export async function bayByRef(db: Db, storeId: number, ref: string) {
	const q = db.selectFrom('bays').select(['id', 'code']).where('store_id', '=', storeId);
	return (/^\d+$/.test(ref) ? q.where((eb) => eb.or([eb('id', '=', Number(ref)), eb('code', '=', ref)])) : q.where('code', '=', ref)).executeTakeFirst();
}

/** The job a bay holds now (an order in a bay-holding stage on it). */
export async function jobInBay(db: Db, storeId: number, bayId: number) {
	return db
		.selectFrom('repair_orders')
		.select(['id', 'number'])
		.where('store_id', '=', storeId)
		.where('bay_id', '=', bayId)
		.where('stage', 'in', [...bayHoldingStages])
		.executeTakeFirst();
}

/** Active people of the store with one of these roles. */
export async function peopleWithRoles(db: Db, storeId: number, roles: readonly string[]) {
	if (roles.length === 0) return [];
	return db.selectFrom('users').select(['id', 'name', 'role']).where('store_id', '=', storeId).where('active', '=', 1).where('role', 'in', [...roles]).execute();
}

export async function activePerson(db: Db, storeId: number, id: number) {
	return db.selectFrom('users').select(['id', 'name', 'role']).where('store_id', '=', storeId).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
}

/** The car's own advisor: the person who checked it in (the actor of its creation), if still active. */
export async function advisorOfOrder(db: Db, storeId: number, repairOrderId: number) {
	const created = await db
		.selectFrom('events')
		.select(['actor_kind', 'actor_id'])
		.where('store_id', '=', storeId)
		.where('subject_kind', '=', 'repairOrder')
		.where('subject_id', '=', repairOrderId)
		.where('type', '=', 'repairOrder.created')
		.executeTakeFirst();
	if (!created || created.actor_kind !== 'user' || created.actor_id === null) return undefined;
	const person = await activePerson(db, storeId, Number(created.actor_id));
	return person?.role === 'service_advisor' ? person : undefined;
}

export async function callTimes(db: Db, storeId: number): Promise<CallTimes> {
	const s = await db.selectFrom('stores').select(['call_ack_seconds', 'call_safety_seconds']).where('id', '=', storeId).executeTakeFirst();
	return { ackSeconds: s?.call_ack_seconds ?? 120, safetySeconds: s?.call_safety_seconds ?? 30 };
}

/** The bays holding a job now (what a call can be raised for), by the board's order, with the car. */
export async function baysWithJobs(db: Db, storeId: number) {
	return db
		.selectFrom('repair_orders as r')
		.innerJoin('bays as b', 'b.id', 'r.bay_id')
		.innerJoin('vehicles as v', 'v.id', 'r.vehicle_id')
		.select(['b.code', 'r.number as roNumber', 'v.plate', 'r.stage'])
		.where('r.store_id', '=', storeId)
		.where('r.stage', 'in', [...bayHoldingStages])
		.orderBy('b.sort')
		.orderBy('b.code')
		.execute();
}
