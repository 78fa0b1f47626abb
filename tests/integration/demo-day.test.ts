import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie, startServer, limit } from './harness';
import { LiveChannel } from '$lib/live/channel';
import { DISPLAY_COOKIE } from '$lib/server/features/access/service';
import { storeDayOf } from '$lib/domain/kpi';
import { addDays, storeTime } from '$lib/domain/special-orders';
import type { KpiReport } from '$lib/domain/kpi-breakdowns';
import { demoCustomers, demoRepairOrders } from '../../db/seed/demo-data';
import { waitFor } from './harness';

/**
 * The demo's day (db/seed/demo.ts): its cars were checked in by the store's advisors (the manager's
 * figures by advisor name people, not "Demo"), nothing on them happened outside opening hours
 * whenever the demo is started, and a KPI wall screen is paired like the other boards.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function demoOrderEvents(s: Server) {
	// The demo's own orders keep the first ids; the history comes after them.
	return s.app.db
		.selectFrom('events')
		.select(['at', 'type', 'actor_name', 'subject_id'])
		.where('subject_kind', '=', 'repairOrder')
		.where('subject_id', '<=', demoRepairOrders.length)
		.orderBy('seq')
		.execute();
}

describe('the demo day', () => {
	for (const clock of ['06:30', '11:00', '15:30', '22:40']) {
		it(`started at ${clock}: every move on today's demo cars falls in opening hours, checked in by the store's advisors`, async () => {
			const now = Date.parse(`2026-11-25T${clock}:00+08:00`);
			server = await startServer({ now: () => now });
			const { app } = server;
			const store = await app.db.selectFrom('stores').select(['opens_at', 'closes_at', 'time_zone']).executeTakeFirstOrThrow();
			const events = await demoOrderEvents(server);
			expect(events.length).toBeGreaterThan(demoRepairOrders.length * 3);
			// Today's own cars, and the body shop's jobs of several days.
			const plates = new Set(demoRepairOrders.filter((ro) => ro.arrivedMinutesAgo < 600).map((ro) => demoCustomers[ro.customer].vehicle.plate));
			const own = await app.db.selectFrom('repair_orders as r').innerJoin('vehicles as v', 'v.id', 'r.vehicle_id').select(['r.id', 'v.plate']).where('r.id', '<=', demoRepairOrders.length).execute();
			const todays = new Set(own.filter((o) => plates.has(o.plate)).map((o) => o.id));
			expect(todays.size).toBeGreaterThan(15);
			const outside = events.filter((e) => {
				const day = storeDayOf(e.at, store.time_zone);
				return e.at < storeTime(day, store.opens_at, store.time_zone) || e.at > storeTime(day, store.closes_at, store.time_zone);
			});
			expect(outside.map((e) => `${e.type} ${new Date(e.at).toISOString()}`)).toEqual([]);
			expect(events.every((e) => e.at <= now)).toBe(true);

			const advisors = (await app.db.selectFrom('users').select('name').where('role', '=', 'service_advisor').execute()).map((u) => u.name);
			expect(advisors.length).toBeGreaterThanOrEqual(3);
			const created = events.filter((e) => e.type === 'repairOrder.created');
			expect(created).toHaveLength(demoRepairOrders.length);
			for (const e of created) {
				expect(advisors).toContain(e.actor_name);
			}
			// Every advisor has cars of their own today.
			expect(new Set(created.map((e) => e.actor_name))).toEqual(new Set(advisors));
		}, limit(60_000));
	}

	// Afternoons: the demo's day fits its hours unsqueezed (a morning squeezes it: see the report).
	for (const clock of ['14:30', '16:00']) {
		it(`started at ${clock}: its technicians' productivity today is a workshop's (the work keeps its length)`, async () => {
			const now = Date.parse(`2026-11-25T${clock}:00+08:00`);
			server = await startServer({ now: () => now });
			const day = storeDayOf(now, server.app.timeZone);
			const cookie = await sessionCookie(server.app, 'manager');
			// Today (the body shop's car delivered yesterday after days of work squeezed into the hours reads high: see the report).
			for (const d of [day]) {
				const report = (await (await fetch(`${server.url}/api/v1/kpi?from=${d}&to=${d}`, { headers: { cookie } })).json()) as KpiReport;
				for (const t of report.breakdowns.technicians) if (t.onJobHours > 0.5) expect(t.earnedHours / t.onJobHours, `${d} ${t.name}`).toBeLessThan(1.3);
			}
		}, limit(60_000));
	}

	it('the manager’s figures by advisor name the store’s advisors only, over today and the history', async () => {
		const now = Date.parse('2026-11-25T15:30:00+08:00');
		server = await startServer({ now: () => now });
		const today = storeDayOf(now, server.app.timeZone);
		const cookie = await sessionCookie(server.app, 'manager');
		const answer = await fetch(`${server.url}/api/v1/kpi?from=${addDays(today, -30)}&to=${today}`, { headers: { cookie } });
		const report = (await answer.json()) as KpiReport;
		const advisors = (await server.app.db.selectFrom('users').select('name').where('role', '=', 'service_advisor').execute()).map((u) => u.name);
		expect(report.breakdowns.stagesByAdvisor.map((a) => a.key).sort()).toEqual([...advisors].sort());
	}, limit(60_000));

	it('pairs a KPI wall screen like the other boards: its link opens the kpi channel', async () => {
		server = await startServer();
		const kpi = server.app.demoScreens.find((d) => d.board === 'kpi');
		expect(kpi?.path).toMatch(/^\/board\/kpi\?key=/);
		// The other boards' links are as they were (the first is the workshop's).
		expect(server.app.demoScreens[0].board).toBe('bays');
		const key = new URL(kpi!.path, 'http://x').searchParams.get('key')!;
		const channel = new LiveChannel(server.connect({ cookie: `${DISPLAY_COOKIE}=${key}` }), 'kpi');
		await waitFor(() => channel.state.status === 'live', 5000, 'the kpi board live');
		expect(Object.keys((channel.state.entities as Record<string, object>).kpiOrder ?? {}).length).toBeGreaterThan(10);
		channel.close();
	}, limit(60_000));
});
