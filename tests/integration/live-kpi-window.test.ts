import { afterEach, describe, expect, it } from 'vitest';
import { startServer, waitFor, limit } from './harness';
import { LiveChannel } from '$lib/live/channel';
import { execute, systemActor } from '$lib/server/core/commands';
import { transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { liveSinceDay } from '$lib/server/features/kpi/live';
import { startOfStoreDay } from '$lib/domain/time';

/**
 * The kpi channel's deltas keep to the window of its snapshot (orders open now, or checked in or
 * delivered since the 1st of the month or a week back): a command on an order closed long ago
 * (a follow-up call on a car delivered two months before) sends nothing a reconnecting screen's
 * snapshot would not hold, so a screen that stayed and a screen that reconnects show the same.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const DAY = 86_400_000;

describe('kpi channel window', () => {
	it('a follow-up call on a car delivered two months ago leaves a live screen equal to a fresh snapshot', async () => {
		// The demo's day is 62 days before "now": its delivered cars are long out of this month.
		const demoDay = Date.parse('2026-09-18T16:00:00+08:00');
		let now = demoDay;
		server = await startServer({ now: () => now });
		const { app } = server;
		let old = await app.db.selectFrom('repair_orders').select(['id', 'version', 'stage']).where('stage', '=', 'delivered').orderBy('id').executeTakeFirst();
		if (!old) {
			const ready = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'ready').orderBy('id').executeTakeFirstOrThrow();
			await execute(app.commands, transitionRepairOrder, { id: ready.id, action: 'deliver', expectedVersion: ready.version }, { actor: systemActor });
			old = await app.db.selectFrom('repair_orders').select(['id', 'version', 'stage']).where('id', '=', ready.id).executeTakeFirstOrThrow();
		}
		now = demoDay + 62 * DAY;
		const since = liveSinceDay(startOfStoreDay(now, app.timeZone), app.timeZone);
		expect(since).toBe('2026-11-01');

		const channel = new LiveChannel(server.connect(), 'kpi');
		await waitFor(() => channel.state.status === 'live', 5000, 'live');
		const kpiOrders = () => (channel.state.entities as Record<string, Record<string, unknown>>).kpiOrder ?? {};
		expect(kpiOrders()[old.id]).toBeUndefined();

		const { seq } = await execute(app.commands, transitionRepairOrder, { id: old.id, action: 'follow_up', expectedVersion: old.version, outcome: 'satisfied' }, { actor: systemActor });
		await waitFor(() => channel.state.seq === seq, 3000, 'the follow-up’s delta');
		// The command still rewrote the order's facts (the month it was delivered in counts the call) …
		const facts = await app.db.selectFrom('kpi_orders').select(['stage', 'followed_up_at']).where('repair_order_id', '=', old.id).executeTakeFirstOrThrow();
		expect(facts).toEqual({ stage: 'followed_up', followed_up_at: now });
		// … but the live screen did not receive it, and equals what a reconnecting screen would get.
		expect(kpiOrders()[old.id]).toBeUndefined();
		const fresh = await app.live!.snapshot('kpi', app.storeId);
		expect(fresh.seq).toBe(seq);
		expect(channel.state.entities).toEqual(fresh.entities);
		channel.close();
	}, limit(60_000));

	it('a command on an order open now still reaches the screen, equal to a fresh snapshot', async () => {
		const demoDay = Date.parse('2026-09-18T16:00:00+08:00');
		let now = demoDay;
		server = await startServer({ now: () => now });
		const { app } = server;
		// Still open 62 days later (a car left on site): it stays on the channel however old its check-in.
		const open = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'checked_in').orderBy('id').executeTakeFirstOrThrow();
		now = demoDay + 62 * DAY;
		const channel = new LiveChannel(server.connect(), 'kpi');
		await waitFor(() => channel.state.status === 'live', 5000, 'live');
		const kpiOrders = () => (channel.state.entities as Record<string, Record<string, { stage: string }>>).kpiOrder ?? {};
		expect(kpiOrders()[open.id]?.stage).toBe('checked_in');
		const { seq } = await execute(app.commands, transitionRepairOrder, { id: open.id, action: 'cancel', expectedVersion: open.version, reason: 'left' }, { actor: systemActor });
		await waitFor(() => channel.state.seq === seq, 3000, 'the cancel’s delta');
		// Cancelled, checked in two months ago: out of the window, removed from the screen as from the snapshot.
		expect(kpiOrders()[open.id]).toBeUndefined();
		expect(channel.state.entities).toEqual((await app.live!.snapshot('kpi', app.storeId)).entities);
		channel.close();
	}, limit(60_000));
});
