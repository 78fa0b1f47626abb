import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { sessionCookie, startServer, withDemoHistory, limit } from './harness';
import { computeKpis, previousPeriod, storeDayOf, type KpiInput } from '$lib/domain/kpi';
import type { TimedOperation } from '$lib/domain/standard-time';
import type { App } from '$lib/server/app';
import { stageGroups } from '$lib/domain/kpi-facts';
import { computeBreakdowns, type KpiReport, type LogRow } from '$lib/domain/kpi-breakdowns';
import { factsOf } from '$lib/server/features/kpi/repository';

// Its checks read the demo's generated history (npm run test:pg loads the demo without it).
withDemoHistory();

/** The figures over the API: equal to the domain's over the store's rows, the previous period beside them, refusals. */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown> };
function get(url: string, path: string, cookie: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}${path}`, { method: 'GET', headers: { cookie } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
		});
		req.on('error', reject);
		req.end();
	});
}

/** Every record of store 1, unfiltered by time: the domain picks the range's own (so the repository's filter is checked too). */
async function allRecords(app: App): Promise<KpiInput> {
	const { db } = app;
	const store = await db.selectFrom('stores').select(['time_zone', 'labour_rate']).where('id', '=', 1).executeTakeFirstOrThrow();
	const rows = await db.selectFrom('repair_orders').selectAll().where('store_id', '=', 1).execute();
	const ids = new Set(rows.map((r) => r.id));
	const ops = (await db.selectFrom('repair_order_operations').selectAll().execute()).filter((o) => ids.has(o.repair_order_id));
	const addons = (await db.selectFrom('addons').selectAll().execute()).filter((a) => ids.has(a.repair_order_id));
	const slips = await db.selectFrom('issue_slips').selectAll().where('store_id', '=', 1).execute();
	const specials = await db.selectFrom('special_orders').select('id').where('store_id', '=', 1).execute();
	const steps = await db.selectFrom('special_order_steps').selectAll().orderBy('at').execute();
	const tasks = await db.selectFrom('maintenance_tasks as t').innerJoin('equipment as e', 'e.id', 't.equipment_id').selectAll('t').where('e.store_id', '=', 1).execute();
	const log = await db.selectFrom('maintenance_log').selectAll().where('store_id', '=', 1).execute();
	const firstStep = (id: number, step: string) => steps.find((s) => s.order_id === id && s.step === step)?.at ?? null;
	const opsOf = (id: number): TimedOperation[] => ops.filter((o) => o.repair_order_id === id).map((o) => ({ minutes1: o.minutes_1, minutes2: o.minutes_2, status: o.status }));
	return {
		timeZone: store.time_zone,
		now: app.now(),
		labourRate: store.labour_rate,
		orders: rows.map((r) => ({
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
			operations: opsOf(r.id)
		})),
		addons: addons.map((a) => ({ repairOrderId: a.repair_order_id, status: a.status })),
		slips: slips.map((s) => ({ repairOrderId: s.repair_order_id, total: s.total, issuedAt: s.issued_at })),
		tasks: tasks.map((t) => ({ id: t.id, everyCount: t.every_count, everyUnit: t.every_unit, everyUsage: t.every_usage, leadDays: t.lead_days, leadUsage: t.lead_usage })),
		tasksDone: log.filter((l) => l.kind === 'done' && l.task_id !== null).map((l) => ({ taskId: l.task_id!, at: l.at, usageAt: l.usage_at })),
		specialOrders: specials.map((o) => ({ id: o.id, registeredAt: firstStep(o.id, 'registered'), arrivedAt: firstStep(o.id, 'arrived') }))
	};
}

describe('GET /api/v1/kpi', () => {
	it("answers today's figures and the day before's, equal to the domain's over the same rows", async () => {
		// An afternoon: before 09:30 the demo's day is still yesterday's, and nothing has come in today yet.
		const clock = Date.parse('2026-11-20T15:00:00+08:00');
		server = await startServer({ now: () => clock });
		const manager = await sessionCookie(server.app, 'manager');
		// A special order registered 30 hours ago whose parts arrived just now (its steps as the commands write them).
		const now = clock;
		const { db } = server.app;
		const so = await db
			.insertInto('special_orders')
			.values({ store_id: 1, number: 'KPI-1', step: 'arrived', customer_name: '王先生', plate: '沪A12345', model: 'Passat', advisor_name: '李娜', step_since: now, created_at: now - 31 * 3_600_000 })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('special_order_steps')
			.values([
				{ order_id: so.id, step: 'registered', at: now - 30 * 3_600_000, actor_name: '李娜' },
				{ order_id: so.id, step: 'arrived', at: now, actor_name: '周敏' }
			])
			.execute();
		const records = await allRecords(server.app);
		const today = storeDayOf(clock, records.timeZone);
		const answer = await get(server.url, `/api/v1/kpi?from=${today}&to=${today}`, manager);
		expect(answer.status).toBe(200);
		const previous = previousPeriod(today, today);
		expect(answer.body.range).toEqual({ from: today, to: today });
		expect(answer.body.previous).toEqual(previous);
		expect(answer.body.figures).toEqual(computeKpis(records, today, today));
		expect(answer.body.previousFigures).toEqual(computeKpis(records, previous.from, previous.to));
		// The demo has a day of orders: something came in today.
		expect((answer.body.figures as { carsIn: number }).carsIn).toBeGreaterThan(0);
		expect((answer.body.figures as { specialOrderLead: { count: number } }).specialOrderLead.count).toBeGreaterThan(0);
		// A week, as the admin: the same definitions over more days.
		const admin = await sessionCookie(server.app, 'admin');
		const from = previousPeriod(today, today).from;
		const week = await get(server.url, `/api/v1/kpi?from=${from}&to=${today}`, admin);
		expect(week.status).toBe(200);
		expect(week.body.figures).toEqual(computeKpis(records, from, today));
	});

	it('a range of three months, read from the month tallies and the days around them, equals the domain over every record', async () => {
		// A fixed day: the demo's 90 days of history reach back into August, so September and October are whole months that
		// ended more than 3 days ago (read from their tallies), and the days before and after them are tallied from their orders.
		const clock = Date.parse('2026-11-20T15:00:00+08:00');
		server = await startServer({ now: () => clock });
		const manager = await sessionCookie(server.app, 'manager');
		const records = await allRecords(server.app);
		const { db } = server.app;
		const from = '2026-08-25';
		const to = '2026-11-20';
		const answer = await get(server.url, `/api/v1/kpi?from=${from}&to=${to}`, manager);
		expect(answer.status).toBe(200);
		const report = answer.body as unknown as KpiReport;
		expect(report.figures).toEqual(computeKpis(records, from, to));
		expect(report.figures.delivered).toBeGreaterThan(1500);
		expect(report.previousFigures).toEqual(computeKpis(records, report.previous.from, report.previous.to));
		const facts = (await db.selectFrom('kpi_orders').selectAll().where('store_id', '=', 1).execute()).map(factsOf);
		const teams = (await db.selectFrom('teams').select(['id', 'name_zh', 'name_en']).where('store_id', '=', 1).orderBy('id').execute()).map((t) => ({ id: t.id, nameZh: t.name_zh, nameEn: t.name_en }));
		expect(report.breakdowns).toEqual(computeBreakdowns(facts, from, to, teams));
		expect(report.breakdowns.technicians.length).toBeGreaterThan(3);

		// And it did read the tallies: a (deliberately wrong) October tally moves the answer.
		const october = await db.selectFrom('kpi_months').select('tally').where('store_id', '=', 1).where('month', '=', '2026-10').executeTakeFirstOrThrow();
		const wrong = { ...JSON.parse(october.tally), carsIn: JSON.parse(october.tally).carsIn + 1000 };
		// (With a new digest, as every write of a month sets one: the server re-reads a month whose digest changed.)
		await db.updateTable('kpi_months').set({ tally: JSON.stringify(wrong), digest: 'tampered' }).where('store_id', '=', 1).where('month', '=', '2026-10').execute();
		const again = (await get(server.url, `/api/v1/kpi?from=${from}&to=${to}`, manager)).body as unknown as KpiReport;
		expect(again.figures.carsIn).toBe(report.figures.carsIn + 1000);
	}, limit(120_000));

	it('refuses a bad range with its field, and anyone but a manager or admin', async () => {
		server = await startServer();
		const manager = await sessionCookie(server.app, 'manager');
		const bad: [string, string][] = [
			['', 'from'],
			['?from=2026-11-30', 'to'],
			['?from=2026-02-30&to=2026-03-01', 'from'],
			['?from=2026-11-30&to=30.11.2026', 'to'],
			['?from=2026-13-01&to=2026-13-02', 'from'],
			['?from=2026-11-30&to=2026-11-29', 'to'],
			['?from=2020-01-01&to=2026-01-01', 'to']
		];
		for (const [query, field] of bad) {
			const answer = await get(server.url, `/api/v1/kpi${query}`, manager);
			expect(answer.status, query).toBe(400);
			expect(answer.body.field, query).toBe(field);
		}
		// Five years exactly is allowed.
		expect((await get(server.url, '/api/v1/kpi?from=2021-01-01&to=2025-12-31', manager)).status).toBe(200);
		const advisor = await sessionCookie(server.app, 'service_advisor');
		expect((await get(server.url, '/api/v1/kpi?from=2026-11-30&to=2026-11-30', advisor)).status).toBe(403);
		expect((await get(server.url, '/api/v1/kpi?from=2026-11-30&to=2026-11-30', '')).status).toBe(401);
	});

	it("carries the breakdowns and the day's bay timeline, and the daily log lists the cars worked in a bay", async () => {
		const clock = Date.now();
		server = await startServer({ now: () => clock });
		const manager = await sessionCookie(server.app, 'manager');
		const { db } = server.app;
		const zone = (await db.selectFrom('stores').select('time_zone').where('id', '=', 1).executeTakeFirstOrThrow()).time_zone;
		const today = storeDayOf(clock, zone);
		const answer = await get(server.url, `/api/v1/kpi?from=${today}&to=${today}`, manager);
		const report = answer.body as unknown as KpiReport;
		expect(report.bayDay.date).toBe(today);
		const bays = await db.selectFrom('bays').select('code').where('store_id', '=', 1).orderBy('code').execute();
		expect(report.bayDay.bays.map((b) => b.code)).toEqual(bays.map((b) => b.code));
		expect(report.breakdowns.stages.map((s) => s.group)).toEqual([...stageGroups]);
		// The log: every order of today's demo that holds or held a bay today, each once.
		const log = await get(server.url, `/api/v1/kpi/log?day=${today}`, manager);
		expect(log.status).toBe(200);
		const rows = (log.body as { rows: LogRow[] }).rows;
		const inBays = await db.selectFrom('repair_orders').select('number').where('store_id', '=', 1).where('stage', 'in', ['dispatched', 'in_progress', 'paused', 'team_check']).execute();
		expect(inBays.length).toBeGreaterThan(0);
		for (const o of inBays) expect(rows.map((r) => r.number)).toContain(o.number);
		expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
		// The timeline draws each of those in its bay.
		const drawn = report.bayDay.bays.flatMap((b) => b.spans.map((s) => s.number));
		for (const o of inBays) expect(drawn).toContain(o.number);
		expect((await get(server.url, '/api/v1/kpi/log?day=2026-13-01', manager)).body.field).toBe('day');
		expect((await get(server.url, `/api/v1/kpi/log?day=${today}`, await sessionCookie(server.app, 'technician'))).status).toBe(403);
	});
});
