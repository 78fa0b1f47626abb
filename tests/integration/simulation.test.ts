import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { Simulator } from '$lib/server/simulation';
import { limit } from './harness';

let app: App;
afterEach(async () => app?.close());

describe('demo simulation', () => {
	it('runs a working day through the real commands: arrivals, dispatch, parts pauses, QC, washes, pickups', async () => {
		const start = Date.parse('2026-11-27T08:00:00+08:00');
		let now = start;
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const before = Number((await app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s);
		const sim = new Simulator(app.commands, app.timeZone);
		for (; now < start + 10 * 3_600_000; now += 60_000) await sim.tick(now);

		const types = await app.db
			.selectFrom('events')
			.select(['type', (eb) => eb.fn.countAll<number>().as('n')])
			.where('seq', '>', before)
			.groupBy('type')
			.execute();
		const count = (t: string) => Number(types.find((x) => x.type === t)?.n ?? 0);
		expect(count('repairOrder.created')).toBeGreaterThan(10);
		for (const t of ['repairOrder.dispatch', 'repairOrder.start', 'repairOrder.finish', 'repairOrder.qc_pass', 'repairOrder.deliver', 'repairOrder.wash_done', 'repairOrder.pause', 'repairOrder.qc_fail', 'partsRequest.created']) {
			expect(count(t), t).toBeGreaterThan(0);
		}
		// Each car is checked in by one of the store's advisors by name (the manager's figures go by advisor); the simulation does the rest.
		const advisors = (await app.db.selectFrom('users').select('name').where('role', '=', 'service_advisor').execute()).map((u) => u.name);
		const actors = await app.db.selectFrom('events').select(['actor_name', 'type']).where('seq', '>', before).distinct().execute();
		expect(actors.every((a) => (a.type === 'repairOrder.created' ? advisors.includes(a.actor_name) : a.actor_name.startsWith('模拟 Simulation')))).toBe(true);
		// Never two jobs in one bay.
		const held = await app.db
			.selectFrom('repair_orders')
			.select(['bay_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('stage', 'in', ['dispatched', 'in_progress', 'paused', 'team_check'])
			.groupBy('bay_id')
			.execute();
		expect(held.every((h) => Number(h.n) === 1)).toBe(true);
	}, limit(60_000));
});
