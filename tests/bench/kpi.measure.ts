import { it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { kpiRoutes } from '$lib/server/features/kpi/api';
import type { ApiRequest, Caller } from '$lib/server/core/router';
import { addDays, storeDay } from '$lib/domain/special-orders';
import { generateHistory } from '../../db/seed/history';

/**
 * `npm run bench:kpi`: the manager's dashboard against a busy store's history (issue 16's budgets).
 * Generates one year and five years of history (db/seed/history.ts, 9,000 orders a year) into file
 * databases in temporary directories, then times, server side, the work of `GET /api/v1/kpi` per
 * range: the route's own handler (validation, the facts' reads, the figures, breakdowns and bay
 * day for the range and the period before it) and the JSON it answers with. RUNS (default 40)
 * timed runs after WARMUP (5) per range; prints p50, p95 and max in ms and the rows involved.
 * Budgets: today, month and year p95 ≤ 100 ms with one year; a five-year range p95 ≤ 300 ms with five
 * (a year with five loaded is printed for information). The whole months of a range come from their
 * tallies (`kpi_months`), the days around them from their orders' facts.
 * YEARS=1 measures only the one-year database.
 */
const RUNS = Number(process.env.RUNS ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 5);
const DAY = 86_400_000;

const route = kpiRoutes.find((r) => r.method === 'GET' && r.path === '/api/v1/kpi')!;

async function managerOf(app: App): Promise<Caller> {
	const u = await app.db.selectFrom('users').select(['id', 'name', 'store_id', 'team_id', 'technician_id']).where('role', '=', 'manager').orderBy('id').executeTakeFirstOrThrow();
	return { kind: 'user', storeId: u.store_id, id: u.id, name: u.name, role: 'manager', teamId: u.team_id, technicianId: u.technician_id, deviceKind: 'desk', sessionHash: 'bench' };
}

/** The request the API's router would hand the handler. */
function request(app: App, caller: Caller, from: string, to: string): ApiRequest {
	const no = () => Promise.reject(new Error('no body'));
	return {
		app,
		method: 'GET',
		url: new URL(`http://localhost/api/v1/kpi?from=${from}&to=${to}`),
		params: {},
		header: () => undefined,
		address: () => '127.0.0.1',
		caller: async () => caller,
		changer: async () => caller,
		object: no,
		json: no,
		raw: no
	};
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(app: App, caller: Caller, label: string, from: string, to: string, budget: number | null) {
	let bytes = 0;
	const once = async () => {
		const t = performance.now();
		const answer = await route.handle(request(app, caller, from, to));
		bytes = JSON.stringify(answer.body).length;
		return performance.now() - t;
	};
	for (let i = 0; i < WARMUP; i++) await once();
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) ms.push(await once());
	ms.sort((a, b) => a - b);
	const [inRange] = await Promise.all([
		app.db
			.selectFrom('kpi_orders')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where((eb) => eb.or([eb.between('checked_in_day', from, to), eb.between('delivered_day', from, to)]))
			.executeTakeFirstOrThrow()
	]);
	const p95 = pct(ms, 95);
	const verdict = budget === null ? '' : p95 <= budget ? `  within ${budget} ms` : `  OVER ${budget} ms`;
	console.log(
		`${label.padEnd(22)} ${from}..${to}  p50 ${pct(ms, 50).toFixed(1).padStart(6)}  p95 ${p95.toFixed(1).padStart(6)}  max ${ms.at(-1)!.toFixed(1).padStart(6)} ms  orders in range ${String(inRange.n).padStart(6)}  answer ${(bytes / 1024).toFixed(0)} KiB${verdict}`
	);
	return { label, p50: pct(ms, 50), p95, max: ms.at(-1)! };
}

async function storeWithHistory(years: number) {
	const dir = mkdtempSync(join(tmpdir(), `pitwall-kpi-${years}y-`));
	const now = Date.now();
	// The demo store (its people, bays, catalogue, parts and machines, today's orders), then the years before today.
	process.env.PITWALL_HISTORY_DAYS = '0';
	const app = await openApp({ ...readSettings({}), dataDir: dir, demo: true, simulate: 0 }, { now: () => now });
	const store = await app.db.selectFrom('stores').select('id').executeTakeFirstOrThrow();
	const first = await app.db.selectFrom('events').select((eb) => eb.fn.min('at').as('at')).where('subject_kind', '=', 'repairOrder').executeTakeFirst();
	const until = Math.min(now, Number(first?.at ?? now));
	const made = await generateHistory(app.db, store.id, { days: Math.round(365.25 * years), until, now, seed: 2026 + years });
	const counts = await Promise.all(
		(['repair_orders', 'events', 'kpi_orders', 'issue_slips', 'special_orders', 'maintenance_log'] as const).map(async (t) => {
			const r = await app.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			return `${t} ${r.n}`;
		})
	);
	console.log(
		`\n${years} year(s) of history ${made.from}..${made.to}: ${made.orders} orders, ${made.events} events, ${made.slips} slips, ${made.specialOrders} special orders, ${made.maintenanceDone} maintenance 'done' rows, generated and written in ${(made.ms / 1000).toFixed(1)} s (${Math.round(made.orders / (made.ms / 1000))} orders/s)`
	);
	console.log(`rows: ${counts.join(', ')}`);
	return { app, dir, now, timeZone: app.timeZone };
}

function ranges(now: number, timeZone: string) {
	const today = storeDay(now, timeZone);
	const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
	const monthStart = `${today.slice(0, 7)}-01`;
	const lastMonthEnd = addDays(monthStart, -1);
	return {
		today,
		week: { from: addDays(today, -dow), to: today },
		month: { from: monthStart, to: today },
		lastMonth: { from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd },
		year: { from: `${today.slice(0, 4)}-01-01`, to: today },
		last365: { from: addDays(today, -364), to: today },
		last5y: { from: addDays(today, -(5 * 365)), to: today }
	};
}

it('the dashboard per range, server side, with one and five years of history', async () => {
	const results: { label: string; p95: number }[] = [];
	{
		const { app, dir, now, timeZone } = await storeWithHistory(1);
		const caller = await managerOf(app);
		const r = ranges(now, timeZone);
		results.push(await time(app, caller, 'today (1y loaded)', r.today, r.today, 100));
		results.push(await time(app, caller, 'this week (1y)', r.week.from, r.week.to, 100));
		results.push(await time(app, caller, 'this month (1y)', r.month.from, r.month.to, 100));
		results.push(await time(app, caller, 'last month (1y)', r.lastMonth.from, r.lastMonth.to, 100));
		results.push(await time(app, caller, 'this year (1y)', r.year.from, r.year.to, 100));
		results.push(await time(app, caller, 'last 365 days (1y)', r.last365.from, r.last365.to, 100));
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	}
	if (process.env.YEARS !== '1') {
		const { app, dir, now, timeZone } = await storeWithHistory(5);
		const caller = await managerOf(app);
		const r = ranges(now, timeZone);
		results.push(await time(app, caller, 'today (5y loaded)', r.today, r.today, 100));
		results.push(await time(app, caller, 'last 365 days (5y)', r.last365.from, r.last365.to, null));
		results.push(await time(app, caller, 'five years (5y)', r.last5y.from, r.last5y.to, 300));
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	}
	console.log(`\nRUNS ${RUNS} after ${WARMUP} warm-up runs each; times are the handler's work and its JSON, server side.`);
});
