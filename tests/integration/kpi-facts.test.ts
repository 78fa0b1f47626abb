import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { withDemoHistory, limit } from './harness';
import { Simulator } from '$lib/server/simulation';
import { computeOrderFacts, factsInRange, factsOf, fillMissingKpiMonths, monthTalliesFromFacts, otherRecords, rebuildKpiMonths, storedMonthTallies, storeNames, writeFacts } from '$lib/server/features/kpi/repository';
import { computeKpis, rangeBounds, storeDayOf } from '$lib/domain/kpi';
import { kpiInputFromFacts, type OrderFacts } from '$lib/domain/kpi-facts';
import { closedStages } from '$lib/domain/repair-order';
import { addDays } from '$lib/domain/special-orders';
import { generateHistory } from '../../db/seed/history';

// Its checks read the demo's generated history (npm run test:pg loads the demo without it).
withDemoHistory();

/**
 * The pre-aggregated facts (`kpi_orders`, one row per repair order, rewritten by each event's own
 * transaction) equal a recomputation from the records and the events, after a day driven through
 * the commands and after generated history; and the figures read from them equal counts taken
 * from the raw records.
 */

let app: App | undefined;
afterEach(async () => {
	await app?.close();
	app = undefined;
});

async function storedFacts(a: App): Promise<OrderFacts[]> {
	const rows = await a.db.selectFrom('kpi_orders').selectAll().where('store_id', '=', a.storeId).orderBy('repair_order_id').execute();
	return rows.map(factsOf);
}

async function recomputed(a: App): Promise<OrderFacts[]> {
	return (await computeOrderFacts(a.db, a.storeId, null)).sort((x, y) => x.id - y.id);
}

describe('kpi facts', () => {
	it('after a simulated day through the commands, each order’s stored facts equal those recomputed from its record and events', async () => {
		const start = Date.parse('2026-11-27T08:00:00+08:00');
		let now = start;
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const sim = new Simulator(app.commands, app.timeZone);
		for (; now < start + 11 * 3_600_000; now += 2 * 60_000) await sim.tick(now);
		const moved = await app.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('actor_name', 'like', '模拟%').executeTakeFirstOrThrow();
		expect(Number(moved.n)).toBeGreaterThan(50);
		const stored = await storedFacts(app);
		expect(stored.length).toBe(Number((await app.db.selectFrom('repair_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
		const again = await recomputed(app);
		const differ = stored.filter((f, i) => JSON.stringify(f) !== JSON.stringify(again[i]));
		if (differ.length) console.log(JSON.stringify(differ[0]), '\n', JSON.stringify(again.find((x) => x.id === differ[0].id)));
		expect(stored).toEqual(again);
		// The month tallies, kept by the same transactions, equal the tallies of the facts.
		expect(await storedMonthTallies(app.db, app.storeId)).toEqual(await monthTalliesFromFacts(app.db, app.storeId));
	}, limit(120_000));

	it('after 30 generated days, the facts equal a recomputation; every order is closed before today, numbered once, one car per bay at a time', async () => {
		const now = Date.parse('2026-11-27T14:00:00+08:00');
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const before = await app.db.selectFrom('repair_orders').select(['id', 'stage', 'version']).orderBy('id').execute();
		const first = await app.db.selectFrom('events').select((eb) => eb.fn.min('at').as('at')).where('subject_kind', '=', 'repairOrder').executeTakeFirstOrThrow();
		const until = Number(first.at);
		// The demo already holds its own history: these 30 days come before it.
		const demoHistory = await app.db.selectFrom('repair_orders').select((eb) => eb.fn.min('checked_in_at').as('at')).executeTakeFirstOrThrow();
		const made = await generateHistory(app.db, app.storeId, { days: 30, until: Number(demoHistory.at), now, seed: 7 });
		expect(made.orders).toBeGreaterThan(500);
		expect(made.events).toBeGreaterThan(made.orders * 8);

		expect(await storedFacts(app)).toEqual(await recomputed(app));
		const months = await storedMonthTallies(app.db, app.storeId);
		expect(months.size).toBeGreaterThanOrEqual(4);
		expect(months).toEqual(await monthTalliesFromFacts(app.db, app.storeId));
		// Each month's digest is its tally's (a server re-reads a month only when the digest changed).
		for (const r of await app.db.selectFrom('kpi_months').select(['tally', 'digest']).execute()) expect(r.digest).toBe(createHash('sha1').update(r.tally).digest('hex'));

		// Today's orders are as they were; all history is closed before the demo's first move.
		const after = await app.db.selectFrom('repair_orders').select(['id', 'stage', 'version']).where('id', 'in', before.map((b) => b.id)).orderBy('id').execute();
		expect(after).toEqual(before);
		const open = await app.db
			.selectFrom('repair_orders')
			.select(['number', 'stage'])
			.where('id', 'not in', before.map((b) => b.id))
			.where((eb) => eb.or([eb('stage', 'not in', [...closedStages]), eb('stage_since', '>=', until)]))
			.execute();
		expect(open).toEqual([]);
		const late = await app.db.selectFrom('events').select(['type']).where('subject_kind', '=', 'repairOrder').where('subject_id', 'not in', before.map((b) => b.id)).where('at', '>=', until).execute();
		expect(late).toEqual([]);
		// A delivered order still waiting for its call would sit in the desk's follow-up queue: none.
		expect(await app.db.selectFrom('repair_orders').select('id').where('stage', '=', 'delivered').where('id', 'not in', before.map((b) => b.id)).execute()).toEqual([]);

		const dupes = await sql<{ number: string }>`select number from repair_orders group by store_id, number having count(*) > 1`.execute(app.db);
		expect(dupes.rows).toEqual([]);
		// Bay stays never overlap: one car in a bay at a time.
		const spans = (await storedFacts(app)).flatMap((f) => f.baySpans.map((s) => ({ ...s, id: f.id }))).sort((a, b) => a.bayId - b.bayId || a.start - b.start);
		for (let i = 1; i < spans.length; i++) {
			if (spans[i].bayId !== spans[i - 1].bayId || spans[i].id === spans[i - 1].id) continue;
			expect(spans[i].start, `bay ${spans[i].bayId}: order ${spans[i].id} enters before ${spans[i - 1].id} leaves`).toBeGreaterThanOrEqual(spans[i - 1].end ?? Infinity);
		}
		// Each order's events tell its stages in order, as the commands would have written them (the demo's few
		// visits from before Pitwall, as imported from a DMS, carry one 'imported' event instead).
		const created = await app.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', 'in', ['repairOrder.created', 'repairOrder.imported']).executeTakeFirstOrThrow();
		expect(Number(created.n)).toBe(Number((await app.db.selectFrom('repair_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
	}, limit(120_000));

	it('an order whose facts change takes its old contribution off its old months and adds the new one', async () => {
		const now = Date.parse('2026-11-27T14:00:00+08:00');
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const { db, storeId } = app;
		const facts = await storedFacts(app);
		const october = facts.find((f) => f.deliveredDay?.startsWith('2026-10') && f.crew.length > 0 && f.stageMs.in_progress > 0)!;
		expect(october).toBeDefined();
		// Delivered a month later, its follow-up never made, its add-ons decided otherwise, another advisor: written as the projector writes.
		const moved: OrderFacts = { ...october, deliveredAt: october.deliveredAt! + 31 * 86_400_000, deliveredDay: addDays(october.deliveredDay!, 31), followedUpAt: null, addonsApproved: october.addonsApproved + 2, advisor: '新顾问' };
		await db.transaction().execute((tx) => writeFacts(tx, storeId, [moved]));
		expect(await storedMonthTallies(db, storeId)).toEqual(await monthTalliesFromFacts(db, storeId));
		// And back: the months are as they were.
		const before = await monthTalliesFromFacts(db, storeId);
		await db.transaction().execute((tx) => writeFacts(tx, storeId, [october]));
		const after = await storedMonthTallies(db, storeId);
		expect(after).toEqual(await monthTalliesFromFacts(db, storeId));
		expect(after).not.toEqual(before);
		// A rebuild from nothing gives the same rows.
		await db.deleteFrom('kpi_months').execute();
		await rebuildKpiMonths(db, storeId);
		expect(await storedMonthTallies(db, storeId)).toEqual(after);
		// A database from before the tallies, where a command wrote a month's delta before the start-up fill ran:
		// the fill rebuilds every month from the facts once (recorded in meta), whatever rows it finds.
		await db.deleteFrom('meta').where('key', 'like', 'kpi_months_built:%').execute();
		await db.deleteFrom('kpi_months').execute();
		await db.transaction().execute((tx) => writeFacts(tx, storeId, [moved]));
		expect(await fillMissingKpiMonths(db)).toBe(1);
		expect(await storedMonthTallies(db, storeId)).toEqual(await monthTalliesFromFacts(db, storeId));
		expect(await fillMissingKpiMonths(db)).toBe(0);
	}, limit(120_000));

	it('figures from the facts equal counts taken from the raw records', async () => {
		const now = Date.parse('2026-11-27T14:00:00+08:00');
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const { db, storeId } = app;
		const names = await storeNames(db, storeId);
		const to = addDays(storeDayOf(now, names.timeZone), -1);
		const from = addDays(to, -29);
		const facts = await factsInRange(db, storeId, from, to);
		const { start, end } = rangeBounds(from, to, names.timeZone);
		const other = await otherRecords(db, storeId, start, end);
		const figures = computeKpis(kpiInputFromFacts(facts, { timeZone: names.timeZone, now, labourRate: names.labourRate, ...other }), from, to);

		const orders = await db.selectFrom('repair_orders').select(['id', 'kind', 'stage', 'wash', 'rework_count', 'checked_in_at', 'delivered_at']).where('store_id', '=', storeId).execute();
		const dayOf = (at: number) => storeDayOf(at, names.timeZone);
		const inRange = (at: number | null) => at !== null && dayOf(at) >= from && dayOf(at) <= to;
		const checkedIn = orders.filter((o) => inRange(o.checked_in_at));
		const delivered = orders.filter((o) => (o.stage === 'delivered' || o.stage === 'followed_up') && inRange(o.delivered_at));
		expect(checkedIn.length).toBeGreaterThan(300);

		// Cars in and delivered per day, by hand from repair_orders.
		for (const d of figures.days) {
			expect(d.carsIn, `cars in on ${d.date}`).toBe(checkedIn.filter((o) => dayOf(o.checked_in_at) === d.date).length);
			expect(d.delivered, `delivered on ${d.date}`).toBe(delivered.filter((o) => dayOf(o.delivered_at!) === d.date).length);
		}
		expect(figures.carsIn).toBe(checkedIn.length);
		expect(figures.washesDone).toBe(delivered.filter((o) => o.wash === 1).length);
		expect(figures.accidentShare).toBeCloseTo(checkedIn.filter((o) => o.kind === 'accident').length / checkedIn.length, 10);
		expect(figures.firstPassQc).toBeCloseTo(delivered.filter((o) => o.rework_count === 0).length / delivered.length, 10);
		// Parts revenue: the slips issued to the orders delivered in the range.
		const ids = new Set(delivered.map((o) => o.id));
		const slips = await db.selectFrom('issue_slips').select(['repair_order_id', 'total']).where('store_id', '=', storeId).execute();
		expect(figures.partsRevenue).toBe(slips.filter((s) => ids.has(s.repair_order_id)).reduce((sum, s) => sum + s.total, 0));
		// Add-ons decided on orders checked in in the range.
		const inIds = new Set(checkedIn.map((o) => o.id));
		const addons = (await db.selectFrom('addons').select(['repair_order_id', 'status']).execute()).filter((a) => inIds.has(a.repair_order_id) && a.status !== 'pending');
		expect(figures.addonApproval).toBeCloseTo(addons.filter((a) => a.status === 'approved').length / addons.length, 10);
		// The demo's history looks like a busy store's: about 65/27/8 % maintenance, repair, accident.
		const share = (k: string) => checkedIn.filter((o) => o.kind === k).length / checkedIn.length;
		expect(share('maintenance')).toBeGreaterThan(0.55);
		expect(share('accident')).toBeLessThan(0.15);
	}, limit(120_000));
});
