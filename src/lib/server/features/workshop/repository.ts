import type { Db } from '$lib/server/db/database';
import { bayHoldingStages } from '$lib/domain/repair-order';
import { countdown } from '$lib/domain/countdown';
import { standardMinutes } from '$lib/domain/standard-time';
import { bayFreeTimes, suggestPromise, type PromiseSuggestion } from '$lib/domain/scheduling';
import { CommandError } from '$lib/server/core/commands';
import { openRepairOrderViews } from '$lib/server/features/repair-orders/repository';
import type { Selectable } from 'kysely';
import { camelize } from '$lib/server/core/rows';
import type { BaysTable } from './table';
import type { BayView, TeamView } from './views';

/** Reads the shop's load (bays, their jobs, the queue) for the promise suggestion at check-in. */
export async function suggestPromiseFor(db: Db, storeId: number, jobMinutes: number, now: number, wash = false): Promise<PromiseSuggestion> {
	const bays = await db.selectFrom('bays').select(['id']).where('store_id', '=', storeId).where('in_service', '=', 1).execute();
	if (bays.length === 0) throw new CommandError(409, 'no_bay_in_service', 'No bay is in service: add a bay or bring one back in service first', 'bay');
	const orders = await openRepairOrderViews(db, storeId, now);
	const inService = new Set(bays.map((b) => b.id));
	const holding = orders.filter((o) => o.bayId !== null && inService.has(o.bayId) && bayHoldingStages.includes(o.stage));
	const queueMinutes = orders
		.filter((o) => o.stage === 'checked_in' || o.stage === 'waiting_dispatch')
		.sort((a, b) => a.checkedInAt - b.checkedInAt || a.id - b.id)
		.map((o) => standardMinutes(o.operations, 1));
	// The same rule as the desk's estimate afterwards (src/lib/domain/scheduling.ts).
	const bayFreeAt = bayFreeTimes(holding.map((o) => (o.stage === 'team_check' ? 0 : countdown(o, now).remainingMs)), bays.length, now);
	return suggestPromise({ now, bayFreeAt, queueMinutes, jobMinutes, wash });
}

export async function bayViews(db: Db, storeId: number): Promise<BayView[]> {
	const rows = await db.selectFrom('bays').selectAll().where('store_id', '=', storeId).orderBy('sort').execute();
	return rows.map(toBayView);
}

export async function bayView(db: Db, id: number, storeId?: number): Promise<BayView | undefined> {
	let query = db.selectFrom('bays').selectAll().where('id', '=', id);
	if (storeId !== undefined) query = query.where('store_id', '=', storeId);
	const row = await query.executeTakeFirst();
	return row && toBayView(row);
}

function toBayView(row: Selectable<BaysTable>): BayView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { store_id, in_service, ...bay } = row;
	return { ...camelize(bay), inService: in_service === 1 };
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
		const like = `%${q.replace(/[%_]/g, '')}%`;
		query = query.where((eb) => eb.or([eb('code', 'like', like), eb('name_zh', 'like', like), eb('name_en', 'like', like)]));
	}
	return query.orderBy('category').orderBy('code').limit(q && !all ? 20 : 2000).execute();
}

/** Catalogue minutes of the given codes (unknown codes are simply absent). */
export async function catalogueMinutes(db: Db, storeId: number, codes: string[]) {
	if (codes.length === 0) return [];
	return db.selectFrom('standard_times').select(['code', 'minutes_1 as minutes1', 'minutes_2 as minutes2']).where('store_id', '=', storeId).where('code', 'in', codes).execute();
}
