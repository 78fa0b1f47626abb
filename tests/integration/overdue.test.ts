import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { watchOverdue } from '$lib/server/features/repair-orders/overdue';
import { execute, systemActor } from '$lib/server/core/commands';
import { decideAddon, raiseAddon } from '$lib/server/features/repair-orders/commands';
import { countdown } from '$lib/domain/countdown';
import { openRepairOrderViews } from '$lib/server/features/repair-orders/repository';

let app: App;
afterEach(async () => app?.close());

describe('overdue watch', () => {
	it('alerts once for each job that went red, escalates after 15 minutes, and clears when more hands join', async () => {
		// An afternoon: the demo's day has its jobs past their standard time by then (a morning's are still within it).
		const now = Date.parse('2026-12-01T15:00:00+08:00');
		app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true }, { now: () => now });
		const open = await openRepairOrderViews(app.db, app.storeId, 0);
		const red = open.filter((o) => o.stage === 'in_progress' && countdown(o, now).level === 'red');
		expect(red.length).toBeGreaterThan(0);

		expect(await watchOverdue(app.commands, now)).toBe(red.length);
		expect(await watchOverdue(app.commands, now + 1000)).toBe(0);
		const alerts = await app.db.selectFrom('events').select(['subject_id', 'actor_name']).where('type', '=', 'repairOrder.overdue').execute();
		expect(alerts.map((a) => a.subject_id).sort()).toEqual(red.map((o) => o.id).sort());
		expect(alerts[0].actor_name).toBe('Pitwall overdue watch');

		expect(await watchOverdue(app.commands, now + 15 * 60_000)).toBe(red.length);
		const escalated = await app.db.selectFrom('repair_orders').select(['id', 'escalated_at']).where('escalated_at', 'is not', null).execute();
		expect(escalated).toHaveLength(red.length);

		// An approved add-on adds standard time: the job is no longer late and the alert clears.
		// (The watch does not bump the order's version: it is not a person's edit.)
		const job = red[0];
		const raised = await execute(app.commands, raiseAddon, { id: job.id, expectedVersion: job.version, finding: '排气管漏气', operations: [{ nameZh: '更换排气管', nameEn: 'Replace exhaust pipe', minutes1: 600, minutes2: 400 }] }, { actor: systemActor });
		await execute(app.commands, decideAddon, { id: job.id, expectedVersion: raised.result.version, addonId: raised.result.addons.at(-1)!.id, approved: true }, { actor: systemActor });
		expect(await watchOverdue(app.commands, now + 16 * 60_000)).toBe(1);
		const cleared = await app.db.selectFrom('repair_orders').select(['overdue_at', 'escalated_at']).where('id', '=', job.id).executeTakeFirstOrThrow();
		expect(cleared).toEqual({ overdue_at: null, escalated_at: null });
		const last = await app.db.selectFrom('events').select('type').orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(last.type).toBe('repairOrder.overdueCleared');
	});
});
