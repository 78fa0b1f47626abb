import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { bayViews } from '$lib/server/features/workshop/repository';
import { bayHold, taskDue } from '$lib/domain/equipment';

// The demo's machines (db/seed/demo-equipment.ts): M4's lift is the out-of-service record, every
// other working bay can take a car, the balancer's calibration is overdue, and some work falls due
// this week; the log matches the tasks.
let app: App;
beforeAll(async () => {
	app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true });
});
afterAll(async () => app.close());

describe('demo equipment', () => {
	it('holds M4 by its lift, and no other bay', async () => {
		const store = await app.db.selectFrom('stores').select(['id', 'time_zone']).executeTakeFirstOrThrow();
		const now = Date.now();
		const bays = await bayViews(app.db, store.id);
		const held = bays.map((b) => ({ code: b.code, hold: bayHold(b.lifts, now, store.time_zone) })).filter((b) => b.hold);
		expect(held).toEqual([{ code: 'M4', hold: expect.objectContaining({ code: 'LIFT-M4', reason: 'out_of_service', detail: '举升机液压泄漏，待厂家上门维修' }) }]);
		expect(bays.every((b) => b.inService)).toBe(true);
		for (const code of ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'A1']) expect(bays.find((b) => b.code === code)!.lifts).toHaveLength(1);
	});

	it('has one overdue task (the balancer), some due this week, and a log behind every task', async () => {
		const store = await app.db.selectFrom('stores').select(['id', 'time_zone']).executeTakeFirstOrThrow();
		const now = Date.now();
		const rows = await app.db
			.selectFrom('maintenance_tasks as t')
			.innerJoin('equipment as e', 'e.id', 't.equipment_id')
			.select(['e.code', 'e.usage_total', 't.id', 't.name_en', 't.every_count', 't.every_unit', 't.every_usage', 't.lead_days', 't.lead_usage', 't.last_done_at', 't.last_done_usage'])
			.execute();
		const states = rows.map((r) => ({
			code: r.code,
			task: r.name_en,
			due: taskDue(
				{ everyCount: r.every_count, everyUnit: r.every_unit, everyUsage: r.every_usage, leadDays: r.lead_days, leadUsage: r.lead_usage, lastDoneAt: r.last_done_at, lastDoneUsage: r.last_done_usage },
				r.usage_total,
				now,
				store.time_zone
			)
		}));
		expect(states.filter((s) => s.due.state === 'overdue').map((s) => s.code)).toEqual(['WB-01']);
		expect(states.filter((s) => s.due.state === 'due_soon').length).toBeGreaterThanOrEqual(4);
		for (const r of rows) {
			const last = await app.db.selectFrom('maintenance_log').select(['at', 'usage_at', 'actor_name']).where('task_id', '=', r.id).where('kind', '=', 'done').orderBy('at', 'desc').executeTakeFirstOrThrow();
			expect([last.at, last.usage_at]).toEqual([r.last_done_at, r.last_done_usage]);
			expect(last.at).toBeLessThan(now);
			expect(last.usage_at).toBeLessThanOrEqual(r.usage_total);
		}
		const board = await app.db.selectFrom('displays').select('board').where('board', '=', 'equipment').execute();
		expect(board).toHaveLength(1);
	});
});
