import { createHash } from 'node:crypto';
import { jsonArrayFrom, jsonObjectFrom, jsonList, jsonRow } from '$lib/server/db/json';
import type { Db } from '$lib/server/db/database';
import type { KpiInput, KpiSpecialOrder } from '$lib/domain/kpi';
import { orderFacts, stageGroups, type FactOperation, type FactTechnician, type OrderFacts, type OrderRecord, type StageGroup, type StageStep } from '$lib/domain/kpi-facts';
import type { PauseReason, Stage } from '$lib/domain/repair-order';
import type { KpiOrdersTable } from './table';
import type { Insertable, Selectable } from 'kysely';
import type { BayRef, NamedRef, StepCount } from '$lib/domain/kpi-breakdowns';
import { emptyTally, FOLLOW_UP_MS, mergeTally, monthOf, pruneTally, tallyOrder, type Tally } from '$lib/domain/kpi-tally';
import { rangeBounds } from '$lib/domain/kpi';
import { addDays } from '$lib/domain/special-orders';

/** An event of an order as its timeline reads it. */
export interface OrderEvent {
	at: number;
	type: string;
	actorName: string;
	data: Record<string, unknown>;
}

/** The stage moves among an order's events (those whose data says from and to), in order. */
export function stepsOf(events: readonly OrderEvent[]): StageStep[] {
	const steps: StageStep[] = [];
	for (const e of events) {
		const to = e.data.to;
		if (typeof to !== 'string' || typeof e.data.from !== 'string') continue;
		steps.push({
			at: e.at,
			to: to as Stage,
			reason: typeof e.data.reason === 'string' ? (e.data.reason as PauseReason) : null,
			bayId: typeof e.data.bayId === 'number' ? e.data.bayId : null
		});
	}
	return steps;
}

/** Who checked the car in: the actor of its creation. */
const advisorOf = (events: readonly OrderEvent[]) => events.find((e) => e.type === 'repairOrder.created')?.actorName ?? '';

/** An event row's data, as its stored payload holds it. */
const dataOf = (payload: string) => ((JSON.parse(payload) as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;

/**
 * The records of some orders (all of a store's when `ids` is null) as `orderFacts` reads them, with
 * each order's events (in the order they were written) and the store's time zone: one statement,
 * its operations, add-ons, crew and events as JSON arrays. It runs in every command's transaction
 * that touches an order, so each round trip saved is one less on every command (issue 20's budget).
 */
async function orderRecords(
	db: Db,
	storeId: number,
	ids: readonly number[] | null
): Promise<{ record: Omit<OrderRecord, 'advisor'>; events: OrderEvent[]; timeZone: string; stored: OrderFacts | null }[]> {
	if (ids !== null && ids.length === 0) return [];
	let q = db
		.selectFrom('repair_orders as r')
		.innerJoin('vehicles as v', 'v.id', 'r.vehicle_id')
		.innerJoin('stores as s', 's.id', 'r.store_id')
		.select(['r.id', 'r.number', 'v.plate', 'r.kind', 'r.stage', 'r.team_id', 'r.bay_id', 'r.crew_size', 'r.checked_in_at', 'r.delivered_at', 'r.promised_at', 'r.worked_ms', 'r.rework_count', 'r.wash', 's.time_zone'])
		.select((eb) => [
			jsonArrayFrom(
				eb.selectFrom('repair_order_operations as o').select(['o.code', 'o.name_zh', 'o.name_en', 'o.minutes_1', 'o.minutes_2', 'o.status']).whereRef('o.repair_order_id', '=', 'r.id').orderBy('o.sort').orderBy('o.id')
			).as('operations'),
			jsonArrayFrom(eb.selectFrom('addons as a').select('a.status').whereRef('a.repair_order_id', '=', 'r.id').orderBy('a.id')).as('addons'),
			eb.selectFrom('issue_slips as i').select((e2) => e2.fn.coalesce(e2.fn.sum<number>('i.total'), e2.lit(0)).as('total')).whereRef('i.repair_order_id', '=', 'r.id').as('parts_fen'),
			jsonArrayFrom(
				eb
					.selectFrom('job_technicians as j')
					.innerJoin('technicians as t', 't.id', 'j.technician_id')
					.select(['j.technician_id', 't.name', 'j.worked_ms'])
					.whereRef('j.repair_order_id', '=', 'r.id')
					.orderBy('j.assigned_at')
					.orderBy('j.technician_id')
			).as('crew'),
			jsonArrayFrom(
				eb
					.selectFrom('events as e')
					.select(['e.at', 'e.type', 'e.actor_name', 'e.payload'])
					.where('e.store_id', '=', storeId)
					.where('e.subject_kind', '=', 'repairOrder')
					.whereRef('e.subject_id', '=', 'r.id')
					.orderBy('e.seq')
			).as('events'),
			// The facts stored so far, which writeFacts takes off the months' tallies.
			jsonObjectFrom(eb.selectFrom('kpi_orders as k').select(rangeColumns.map((c) => `k.${c}` as const)).whereRef('k.repair_order_id', '=', 'r.id')).as('stored')
		])
		.where('r.store_id', '=', storeId);
	if (ids !== null) q = q.where('r.id', 'in', ids);
	const rows = await q.orderBy('r.id').execute();
	return rows.map((r) => {
		const stored = jsonRow<Partial<Selectable<KpiOrdersTable>>>(r.stored);
		return {
			record: {
				id: r.id,
				number: r.number,
				plate: r.plate,
				kind: r.kind,
				stage: r.stage,
				teamId: r.team_id,
				bayId: r.bay_id,
				crewSize: r.crew_size,
				checkedInAt: r.checked_in_at,
				deliveredAt: r.delivered_at,
				promisedAt: r.promised_at,
				workedMs: r.worked_ms,
				reworkCount: r.rework_count,
				wash: r.wash,
				operations: jsonList<{ code: string | null; name_zh: string; name_en: string; minutes_1: number; minutes_2: number; status: OrderRecord['operations'][number]['status'] }>(r.operations).map((o) => ({
					code: o.code,
					nameZh: o.name_zh,
					nameEn: o.name_en,
					minutes1: o.minutes_1,
					minutes2: o.minutes_2,
					status: o.status
				})),
				addons: jsonList<{ status: OrderRecord['addons'][number] }>(r.addons).map((a) => a.status),
				partsFen: Number(r.parts_fen ?? 0),
				crew: jsonList<{ technician_id: number; name: string; worked_ms: number }>(r.crew).map((c) => ({ technicianId: c.technician_id, name: c.name, workedMs: c.worked_ms }))
			},
			events: jsonList<{ at: number; type: string; actor_name: string; payload: string }>(r.events).map((e) => ({ at: Number(e.at), type: e.type, actorName: e.actor_name, data: dataOf(e.payload) })),
			timeZone: r.time_zone,
			stored: stored && factsOf(stored)
		};
	});
}

/**
 * The facts of some orders (all the store's when `ids` is null) recomputed from their records and
 * their whole event logs; `pending` is an event being written that is not yet among the rows.
 */
export async function computeOrderFacts(db: Db, storeId: number, ids: readonly number[] | null, pending?: { id: number; event: OrderEvent }): Promise<OrderFacts[]> {
	return (await computeOrderFactsWithStored(db, storeId, ids, pending)).facts;
}

/** As computeOrderFacts, with the facts stored for those orders so far (for writeFacts, which then reads nothing). */
export async function computeOrderFactsWithStored(
	db: Db,
	storeId: number,
	ids: readonly number[] | null,
	pending?: { id: number; event: OrderEvent }
): Promise<{ facts: OrderFacts[]; stored: Map<number, OrderFacts> }> {
	const orders = await orderRecords(db, storeId, ids);
	const stored = new Map<number, OrderFacts>();
	const facts = orders.map(({ record, events, timeZone, stored: old }) => {
		if (old) stored.set(record.id, old);
		const log = pending?.id === record.id ? [...events, pending.event] : events;
		return orderFacts({ ...record, advisor: advisorOf(log) }, stepsOf(log), timeZone);
	});
	return { facts, stored };
}

const msColumn = (g: StageGroup) => `ms_${g}` as const;

/** A facts row as stored. */
export function factsRow(storeId: number, f: OrderFacts): Insertable<KpiOrdersTable> {
	const row: Insertable<KpiOrdersTable> = {
		repair_order_id: f.id,
		store_id: storeId,
		number: f.number,
		plate: f.plate,
		kind: f.kind,
		stage: f.stage,
		advisor: f.advisor,
		team_id: f.teamId,
		bay_id: f.bayId,
		crew_size: f.crewSize,
		checked_in_at: f.checkedInAt,
		checked_in_day: f.checkedInDay,
		delivered_at: f.deliveredAt,
		delivered_day: f.deliveredDay,
		promised_at: f.promisedAt,
		followed_up_at: f.followedUpAt,
		std_1: f.std1,
		std_2: f.std2,
		worked_ms: f.workedMs,
		rework_count: f.reworkCount,
		wash: f.wash,
		parts_fen: f.partsFen,
		addons_approved: f.addonsApproved,
		addons_declined: f.addonsDeclined,
		main_op_code: f.mainOp?.code ?? null,
		main_op_zh: f.mainOp?.nameZh ?? null,
		main_op_en: f.mainOp?.nameEn ?? null,
		main_op_m1: f.mainOp?.minutes1 ?? null,
		main_op_m2: f.mainOp?.minutes2 ?? null,
		started_at: f.startedAt,
		work_done_at: f.workDoneAt,
		ms_to_dispatch: 0,
		ms_dispatched: 0,
		ms_in_progress: 0,
		ms_paused_parts: 0,
		ms_paused_approval: 0,
		ms_paused_other: 0,
		ms_team_check: 0,
		ms_qc: 0,
		ms_wash: 0,
		ms_ready: 0,
		crew: JSON.stringify(f.crew),
		operations: JSON.stringify(f.operations),
		bay_spans: JSON.stringify(f.baySpans)
	};
	for (const g of stageGroups) row[msColumn(g)] = f.stageMs[g];
	return row;
}

/** A stored row back to facts (the JSON lists only when they were selected). */
export function factsOf(r: Partial<Selectable<KpiOrdersTable>>): OrderFacts {
	const stageMs = Object.fromEntries(stageGroups.map((g) => [g, r[msColumn(g)] ?? 0])) as Record<StageGroup, number>;
	return {
		id: r.repair_order_id!,
		number: r.number ?? '',
		plate: r.plate ?? '',
		kind: r.kind!,
		stage: r.stage as Stage,
		advisor: r.advisor ?? '',
		teamId: r.team_id ?? null,
		bayId: r.bay_id ?? null,
		crewSize: r.crew_size ?? null,
		checkedInAt: r.checked_in_at!,
		checkedInDay: r.checked_in_day!,
		deliveredAt: r.delivered_at ?? null,
		deliveredDay: r.delivered_day ?? null,
		promisedAt: r.promised_at ?? null,
		followedUpAt: r.followed_up_at ?? null,
		std1: r.std_1 ?? 0,
		std2: r.std_2 ?? 0,
		workedMs: r.worked_ms ?? 0,
		reworkCount: r.rework_count ?? 0,
		wash: r.wash ?? 0,
		partsFen: r.parts_fen ?? 0,
		addonsApproved: r.addons_approved ?? 0,
		addonsDeclined: r.addons_declined ?? 0,
		mainOp:
			r.main_op_zh === null || r.main_op_zh === undefined
				? null
				: { code: r.main_op_code ?? null, nameZh: r.main_op_zh, nameEn: r.main_op_en ?? r.main_op_zh, minutes1: r.main_op_m1 ?? 0, minutes2: r.main_op_m2 ?? 0 },
		operations: r.operations ? (JSON.parse(r.operations) as FactOperation[]) : [],
		crew: r.crew ? (JSON.parse(r.crew) as FactTechnician[]) : [],
		startedAt: r.started_at ?? null,
		workDoneAt: r.work_done_at ?? null,
		stageMs,
		baySpans: r.bay_spans ? (JSON.parse(r.bay_spans) as OrderFacts['baySpans']) : []
	};
}

/**
 * Writes (inserts or replaces) facts rows, and keeps the store months' tallies (`kpi_months`) equal
 * to the tallies of the facts: each order's old contribution taken off its months, the new one
 * added, in the caller's transaction. Most events change nothing a month counts (a job's moves
 * before delivery): then no month row is touched.
 */
export async function writeFacts(db: Db, storeId: number, facts: readonly OrderFacts[], stored?: ReadonlyMap<number, OrderFacts>): Promise<void> {
	if (facts.length === 0) return;
	const old = new Map<number, OrderFacts>(stored ?? []);
	// Read here unless the caller read them with the orders (computeOrderFactsWithStored).
	if (!stored) {
		for (let i = 0; i < facts.length; i += 500) {
			const ids = facts.slice(i, i + 500).map((f) => f.id);
			const rows = await db.selectFrom('kpi_orders').select([...rangeColumns]).where('repair_order_id', 'in', ids).execute();
			for (const r of rows) old.set(r.repair_order_id, factsOf(r));
		}
	}
	for (let i = 0; i < facts.length; i += 200) {
		const rows = facts.slice(i, i + 200).map((f) => factsRow(storeId, f));
		await db
			.insertInto('kpi_orders')
			.values(rows)
			.onConflict((oc) => oc.column('repair_order_id').doUpdateSet((eb) => Object.fromEntries(Object.keys(rows[0]).filter((k) => k !== 'repair_order_id').map((k) => [k, eb.ref(`excluded.${k}` as never)])) as never))
			.execute();
	}
	const deltas = new Map<string, Tally>();
	const delta = (day: string) => {
		const month = monthOf(day);
		let t = deltas.get(month);
		if (!t) deltas.set(month, (t = emptyTally()));
		return t;
	};
	const contribute = (f: OrderFacts, sign: number) => {
		tallyOrder(delta(f.checkedInDay), f, true, false, Infinity, sign);
		if (f.deliveredDay !== null) tallyOrder(delta(f.deliveredDay), f, false, true, Infinity, sign);
	};
	for (const f of facts) {
		const before = old.get(f.id);
		if (before) contribute(before, -1);
		contribute(f, 1);
	}
	await applyMonthDeltas(db, storeId, deltas);
}

/** Adds each month's delta tally to its stored tally (made when missing), unless the delta is all zero. */
async function applyMonthDeltas(db: Db, storeId: number, deltas: Map<string, Tally>): Promise<void> {
	const changed = [...deltas].filter(([, t]) => pruneTally(t));
	if (changed.length === 0) return;
	const rows = await db
		.selectFrom('kpi_months')
		.select(['month', 'tally'])
		.where('store_id', '=', storeId)
		.where(
			'month',
			'in',
			changed.map(([m]) => m)
		)
		.execute();
	const stored = new Map(rows.map((r) => [r.month, JSON.parse(r.tally) as Tally]));
	for (const [month, d] of changed) {
		const t = mergeTally(stored.get(month) ?? emptyTally(), d);
		pruneTally(t);
		const tally = JSON.stringify(t);
		await db
			.insertInto('kpi_months')
			.values({ store_id: storeId, month, tally, digest: digestOf(tally) })
			.onConflict((oc) => oc.columns(['store_id', 'month']).doUpdateSet((eb) => ({ tally: eb.ref('excluded.tally'), digest: eb.ref('excluded.digest') })))
			.execute();
	}
}

/** The months' tallies of a store recomputed from its facts rows (for a rebuild, and for the test that they are equal). */
export async function monthTalliesFromFacts(db: Db, storeId: number): Promise<Map<string, Tally>> {
	const rows = await db.selectFrom('kpi_orders').select([...rangeColumns]).where('store_id', '=', storeId).execute();
	const months = new Map<string, Tally>();
	const of = (day: string) => {
		const m = monthOf(day);
		let t = months.get(m);
		if (!t) months.set(m, (t = emptyTally()));
		return t;
	};
	for (const r of rows) {
		const f = factsOf(r);
		tallyOrder(of(f.checkedInDay), f, true, false, Infinity);
		if (f.deliveredDay !== null) tallyOrder(of(f.deliveredDay), f, false, true, Infinity);
	}
	for (const t of months.values()) pruneTally(t);
	return months;
}

/** The months' tallies as stored. */
export async function storedMonthTallies(db: Db, storeId: number): Promise<Map<string, Tally>> {
	const rows = await db.selectFrom('kpi_months').select(['month', 'tally']).where('store_id', '=', storeId).execute();
	return new Map(rows.map((r) => [r.month, JSON.parse(r.tally) as Tally]));
}

/** Rewrites a store's month tallies from its facts (after a bulk load, or when they are missing). */
export async function rebuildKpiMonths(db: Db, storeId: number): Promise<number> {
	const months = await monthTalliesFromFacts(db, storeId);
	await db.deleteFrom('kpi_months').where('store_id', '=', storeId).execute();
	for (const [month, t] of months) {
		const tally = JSON.stringify(t);
		await db.insertInto('kpi_months').values({ store_id: storeId, month, tally, digest: digestOf(tally) }).execute();
	}
	return months.size;
}

/** Recomputes every order's facts of a store from its records and events (after a bulk load, or for a check). */
export async function rebuildKpiFacts(db: Db, storeId: number): Promise<number> {
	const facts = await computeOrderFacts(db, storeId, null);
	await db.deleteFrom('kpi_orders').where('store_id', '=', storeId).execute();
	await db.deleteFrom('kpi_months').where('store_id', '=', storeId).execute();
	await writeFacts(db, storeId, facts);
	return facts.length;
}

/** Fills in the facts of orders that have none (written before the facts existed, or loaded in bulk). */
export async function fillMissingKpiFacts(db: Db): Promise<number> {
	const missing = await db
		.selectFrom('repair_orders as r')
		.leftJoin('kpi_orders as k', 'k.repair_order_id', 'r.id')
		.select(['r.id', 'r.store_id'])
		.where('k.repair_order_id', 'is', null)
		.execute();
	const byStore = new Map<number, number[]>();
	for (const m of missing) {
		const ids = byStore.get(m.store_id);
		if (ids) ids.push(m.id);
		else byStore.set(m.store_id, [m.id]);
	}
	for (const [storeId, ids] of byStore) {
		// Read and written in one transaction: a command on the same orders meanwhile waits, never lost.
		for (let i = 0; i < ids.length; i += 500) {
			await db.transaction().execute(async (tx) => {
				const { facts, stored } = await computeOrderFactsWithStored(tx, storeId, ids.slice(i, i + 500));
				await writeFacts(tx, storeId, facts, stored);
			});
		}
	}
	return missing.length;
}

/**
 * Each store's month tallies rebuilt from its facts once (a database from before the tallies, or
 * one whose facts were loaded in bulk): in one transaction that also records it in `meta`, so a
 * command that wrote a month's delta before it cannot leave a partial month behind.
 */
export async function fillMissingKpiMonths(db: Db): Promise<number> {
	const stores = await db.selectFrom('stores').select('id').execute();
	let built = 0;
	for (const { id } of stores) {
		const key = `kpi_months_built:${id}`;
		await db.transaction().execute(async (tx) => {
			if (await tx.selectFrom('meta').select('key').where('key', '=', key).executeTakeFirst()) return;
			await rebuildKpiMonths(tx, id);
			await tx.insertInto('meta').values({ key, value: String(Date.now()) }).execute();
			built += 1;
		});
	}
	return built;
}

/**
 * The tally of the store days from..to: the stored tallies of the whole months inside it that
 * ended more than 3 days before `now` (every car delivered in them is due its follow-up call, as
 * in a month's tally), plus the orders of the days around them, tallied here.
 */
export async function rangeTally(db: Db, storeId: number, from: string, to: string, now: number, timeZone: string): Promise<Tally> {
	const months: string[] = [];
	for (let m = monthOf(from); m <= monthOf(to); m = nextMonth(m)) {
		const first = `${m}-01`;
		const last = lastDayOf(m);
		if (first >= from && last <= to && rangeBounds(first, last, timeZone).end + FOLLOW_UP_MS <= now) months.push(m);
	}
	// The days outside those months: one run before them and one after (or the whole range).
	const edges: [string, string][] = [];
	if (months.length === 0) edges.push([from, to]);
	else {
		if (from < `${months[0]}-01`) edges.push([from, addDays(`${months[0]}-01`, -1)]);
		const after = addDays(lastDayOf(months.at(-1)!), 1);
		if (after <= to) edges.push([after, to]);
	}
	const inEdge = (day: string | null) => day !== null && edges.some(([a, b]) => day >= a && day <= b);
	const [base, rows] = await Promise.all([
		monthsTally(db, storeId, months),
		edges.length === 0
			? Promise.resolve([])
			: db
					.selectFrom('kpi_orders')
					.select([...rangeColumns])
					.where('store_id', '=', storeId)
					.where((eb) => eb.or(edges.flatMap(([a, b]) => [eb.between('checked_in_day', a, b), eb.between('delivered_day', a, b)])))
					.execute()
	]);
	const t = mergeTally(emptyTally(), base);
	for (const r of rows) {
		const f = factsOf(r);
		const inSide = inEdge(f.checkedInDay);
		const outSide = inEdge(f.deliveredDay);
		if (inSide || outSide) tallyOrder(t, f, inSide, outSide, now);
	}
	return t;
}

const digestOf = (tally: string) => createHash('sha1').update(tally).digest('hex');

/**
 * This server's parsed month tallies and merged sets of months, each checked against the digests
 * stored with the rows (any server may have rewritten a month): a month is parsed again only when
 * it changed, and a range of whole months merged once per set of digests. Never mutated.
 */
const parsedMonths = new Map<string, { digest: string; tally: Tally }>();
const mergedMonths = new Map<string, Tally>();
const MERGED_KEPT = 32;
const PARSED_KEPT = 720;

async function monthsTally(db: Db, storeId: number, months: readonly string[]): Promise<Tally> {
	if (months.length === 0) return emptyTally();
	const heads = await db.selectFrom('kpi_months').select(['month', 'digest']).where('store_id', '=', storeId).where('month', 'in', [...months]).orderBy('month').execute();
	const cacheable = heads.every((h) => h.digest !== '');
	const key = `${storeId}|${heads.map((h) => `${h.month}:${h.digest}`).join(',')}`;
	const merged = cacheable ? mergedMonths.get(key) : undefined;
	if (merged) return merged;
	// The months this range needs, held here while the shared map may drop some to make room.
	const need = new Map<string, Tally>();
	const stale: string[] = [];
	for (const h of heads) {
		const parsed = parsedMonths.get(`${storeId}:${h.month}`);
		if (h.digest !== '' && parsed?.digest === h.digest) need.set(h.month, parsed.tally);
		else stale.push(h.month);
	}
	let consistent = true;
	if (stale.length) {
		const rows = await db.selectFrom('kpi_months').select(['month', 'digest', 'tally']).where('store_id', '=', storeId).where('month', 'in', stale).execute();
		for (const r of rows) {
			const tally = JSON.parse(r.tally) as Tally;
			need.set(r.month, tally);
			if (parsedMonths.size >= PARSED_KEPT) parsedMonths.delete(parsedMonths.keys().next().value!);
			parsedMonths.set(`${storeId}:${r.month}`, { digest: r.digest, tally });
			if (r.digest !== heads.find((h) => h.month === r.month)?.digest) consistent = false;
		}
	}
	const t = emptyTally();
	for (const h of heads) {
		const tally = need.get(h.month);
		if (tally) mergeTally(t, tally);
		else consistent = false;
	}
	if (cacheable && consistent) {
		if (mergedMonths.size >= MERGED_KEPT) mergedMonths.delete(mergedMonths.keys().next().value!);
		mergedMonths.set(key, t);
	}
	return t;
}

const nextMonth = (m: string) => {
	const [y, mo] = m.split('-').map(Number);
	return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};
const lastDayOf = (m: string) => addDays(`${nextMonth(m)}-01`, -1);

/** The stage-minute and scalar columns a range's figures need (no JSON but the crew). */
const rangeColumns = [
	'repair_order_id',
	'number',
	'kind',
	'stage',
	'advisor',
	'team_id',
	'crew_size',
	'checked_in_at',
	'checked_in_day',
	'delivered_at',
	'delivered_day',
	'promised_at',
	'followed_up_at',
	'std_1',
	'std_2',
	'worked_ms',
	'rework_count',
	'wash',
	'parts_fen',
	'addons_approved',
	'addons_declined',
	'main_op_code',
	'main_op_zh',
	'main_op_en',
	'main_op_m1',
	'main_op_m2',
	'crew',
	...stageGroups.map(msColumn)
] as const;

/** The facts of the orders checked in or delivered on the store days from..to. */
export async function factsInRange(db: Db, storeId: number, from: string, to: string): Promise<OrderFacts[]> {
	const rows = await db
		.selectFrom('kpi_orders')
		.select([...rangeColumns])
		.where('store_id', '=', storeId)
		.where((eb) => eb.or([eb.between('checked_in_day', from, to), eb.between('delivered_day', from, to)]))
		.execute();
	return rows.map(factsOf);
}

/** The whole facts (with their lists) of the orders that may have held a bay in [start, end): checked in before its end and not closed before its start. */
export async function factsOverlapping(db: Db, storeId: number, start: number, end: number): Promise<OrderFacts[]> {
	const rows = await db
		.selectFrom('kpi_orders')
		.selectAll()
		.where('store_id', '=', storeId)
		.where('checked_in_at', '<', end)
		// Work that long ago is closed: an order's bay stays end before it is delivered or cancelled.
		// (By its store day too, so that the index on (store_id, checked_in_day) bounds the read.)
		.where('checked_in_at', '>=', start - 60 * 86_400_000)
		.where('checked_in_day', '>=', new Date(start - 61 * 86_400_000).toISOString().slice(0, 10))
		.where((eb) => eb.or([eb('delivered_at', 'is', null), eb('delivered_at', '>=', start)]))
		.execute();
	return rows.map(factsOf);
}

/** The facts of orders open now or checked in or delivered since `since` (the live channel's snapshot). */
export async function factsSince(db: Db, storeId: number, sinceDay: string): Promise<OrderFacts[]> {
	const rows = await db
		.selectFrom('kpi_orders')
		.select([...rangeColumns, 'bay_id', 'started_at', 'work_done_at'])
		.where('store_id', '=', storeId)
		.where((eb) => eb.or([eb('checked_in_day', '>=', sinceDay), eb('delivered_day', '>=', sinceDay), eb('stage', 'not in', ['delivered', 'followed_up', 'cancelled'])]))
		.execute();
	return rows.map(factsOf);
}

/** The store's teams and bays by name (the breakdowns name them as they are called now). */
export async function storeNames(db: Db, storeId: number): Promise<{ teams: NamedRef[]; bays: BayRef[]; technicians: Map<number, string>; opensAt: string; closesAt: string; timeZone: string; labourRate: number }> {
	const [teams, bays, store, technicians] = await Promise.all([
		db.selectFrom('teams').select(['id', 'name_zh', 'name_en']).where('store_id', '=', storeId).orderBy('id').execute(),
		db.selectFrom('bays').select(['id', 'code', 'name_zh', 'name_en']).where('store_id', '=', storeId).orderBy('code').execute(),
		db.selectFrom('stores').select(['time_zone', 'labour_rate', 'opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirst(),
		db.selectFrom('technicians').select(['id', 'name']).where('store_id', '=', storeId).execute()
	]);
	return {
		teams: teams.map((t) => ({ id: t.id, nameZh: t.name_zh, nameEn: t.name_en })),
		bays: bays.map((b) => ({ id: b.id, code: b.code, nameZh: b.name_zh, nameEn: b.name_en })),
		technicians: new Map(technicians.map((t) => [t.id, t.name])),
		opensAt: store?.opens_at ?? '08:00',
		closesAt: store?.closes_at ?? '18:00',
		timeZone: store?.time_zone ?? 'Asia/Shanghai',
		labourRate: store?.labour_rate ?? 0
	};
}

/**
 * What the figures read besides the orders, for the moments [start, end): the special orders whose
 * parts arrived in it (first registration and arrival), the equipment tasks' plans and their
 * 'done' rows up to its end.
 */
export async function otherRecords(db: Db, storeId: number, start: number, end: number): Promise<Pick<KpiInput, 'specialOrders' | 'tasks' | 'tasksDone'>> {
	const [steps, tasks, done] = await Promise.all([
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
		db.selectFrom('maintenance_log').select(['task_id', 'at', 'usage_at']).where('store_id', '=', storeId).where('kind', '=', 'done').where('task_id', 'is not', null).where('at', '<', end).execute()
	]);
	const specialOrders = new Map<number, KpiSpecialOrder>();
	for (const st of steps) {
		const o = specialOrders.get(st.order_id) ?? { id: st.order_id, registeredAt: null, arrivedAt: null };
		if (st.step === 'registered') o.registeredAt = Number(st.at);
		else o.arrivedAt = Number(st.at);
		specialOrders.set(st.order_id, o);
	}
	return {
		specialOrders: [...specialOrders.values()],
		tasks: tasks.map((t) => ({ id: t.id, everyCount: t.every_count, everyUnit: t.every_unit, everyUsage: t.every_usage, leadDays: t.lead_days, leadUsage: t.lead_usage })),
		tasksDone: done.map((d) => ({ taskId: d.task_id!, at: d.at, usageAt: d.usage_at }))
	};
}

/** Open special orders (not fitted or cancelled) by their current step. */
export async function specialOrdersByStep(db: Db, storeId: number): Promise<StepCount[]> {
	const rows = await db
		.selectFrom('special_orders')
		.select(['step', (eb) => eb.fn.countAll<number>().as('count')])
		.where('store_id', '=', storeId)
		.where('step', 'not in', ['fitted', 'cancelled'])
		.groupBy('step')
		.execute();
	return rows.map((r) => ({ step: r.step, count: Number(r.count) }));
}

/** The orders among `ids` whose work clock runs now, and since when (the workshop log counts the running stretch). */
export async function runningClocks(db: Db, storeId: number, ids: readonly number[]): Promise<Map<number, number>> {
	if (ids.length === 0) return new Map();
	const rows = await db.selectFrom('repair_orders').select(['id', 'running_since']).where('store_id', '=', storeId).where('id', 'in', [...ids]).where('running_since', 'is not', null).execute();
	return new Map(rows.map((r) => [r.id, r.running_since!]));
}
