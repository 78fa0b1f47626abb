import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { refused, sessionCookie, startServer, waitFor, type ClientSocket } from './harness';
import { execute, systemActor } from '$lib/server/core/commands';
import { announceReadyTime, createRepairOrder, decideAddon, raiseAddon, transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { linkLimiter, customerPrincipal, resolveStatusLink, statusToken, verifyStatusToken } from '$lib/server/features/repair-orders/status-link';
import { DISPLAY_COOKIE } from '$lib/server/features/access/service';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { isLimited, recordFailure } from '$lib/server/core/limiter';
import type { CustomerView, JoinReply } from '$lib/live/protocol';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
const extra: ClientSocket[] = [];
afterEach(async () => {
	for (const s of extra.splice(0)) s.disconnect();
	await server?.close();
	server = undefined;
});

/** Every demo customer's name and phone, every vehicle's VIN and full plate (and its plate number alone). */
async function privateStrings(app: App): Promise<string[]> {
	const customers = await app.db.selectFrom('customers').select(['name', 'phone']).execute();
	const vehicles = await app.db.selectFrom('vehicles').select(['plate', 'vin']).execute();
	return [
		...customers.flatMap((c) => [c.name, c.phone]),
		...vehicles.flatMap((v) => [v.plate, v.plate.split('·')[1], v.vin ?? '']),
		...(await app.db.selectFrom('technicians').select('name').execute()).map((t) => t.name)
	].filter((s) => s && s.length >= 2);
}

/** A socket that records every frame it receives. */
function recorded(url: string, options: { cookie?: string; statusToken?: string }) {
	const frames: string[] = [];
	const s: ClientSocket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		extraHeaders: options.cookie ? { cookie: options.cookie } : {},
		auth: options.statusToken ? { statusToken: options.statusToken } : undefined
	});
	s.onAny((_event, ...args) => frames.push(JSON.stringify(args)));
	extra.push(s);
	const join = (channel: 'lounge' | 'status' | 'desk' | 'bays') =>
		new Promise<JoinReply>((resolve) =>
			s.emit('join:v1', { channel }, (reply) => {
				frames.push(JSON.stringify(reply));
				resolve(reply);
			})
		);
	return { socket: s, frames, join };
}

async function busyDay(app: App) {
	const c = app.commands;
	// A new car checks in and is submitted; a car in a bay gets an add-on for its customer.
	const { result: ro } = await execute(c, createRepairOrder, { vehicle: { plate: '粤B·Q77881', model: '雅阁 Accord', colour: '黑', vin: 'LHGCV1658J8000123' }, customer: { name: '欧阳女士', phone: '13912345678' }, operations: ['MNT-STD'], wash: true }, { actor: systemActor });
	await execute(c, transitionRepairOrder, { id: ro.id, action: 'submit', expectedVersion: ro.version }, { actor: systemActor });
	const job = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
	const raised = await execute(c, raiseAddon, { id: job.id, expectedVersion: job.version, finding: '轮胎鼓包', safety: true, operations: [{ nameZh: '更换轮胎', nameEn: 'Replace tyre', minutes1: 30, minutes2: 20 }] }, { actor: systemActor });
	return { created: ro, ro: raised.result };
}

describe('customer lounge channel', () => {
	it('carries no customer name, phone, VIN, full plate or technician in any frame', async () => {
		server = await startServer();
		const key = new URL(server.app.demoScreens.find((d) => d.board === 'lounge')!.path, 'http://x').searchParams.get('key')!;
		const tv = recorded(server.url, { cookie: `${DISPLAY_COOKIE}=${key}` });
		const reply = await tv.join('lounge');
		expect(reply.ok && reply.mode).toBe('snapshot');
		// A lounge screen may not watch the workshop's or the desk's channels.
		expect((await tv.join('desk')).ok).toBe(false);
		expect((await tv.join('bays')).ok).toBe(false);
		const rows = reply.ok && reply.mode === 'snapshot' ? (reply.snapshot.entities.repairOrder as Record<string, CustomerView>) : {};
		expect(Object.keys(rows).length).toBeGreaterThan(5);
		for (const r of Object.values(rows)) expect(r.plate).toMatch(/^..·\*\*\*..$/);

		const { created, ro } = await busyDay(server.app);
		await waitFor(() => tv.frames.some((f) => f.includes(`"id":${created.id}`)) && tv.frames.some((f) => f.includes(`"id":${ro.id}`)), 3000, 'deltas');
		const all = tv.frames.join('\n');
		for (const secret of [...(await privateStrings(server.app)), '欧阳女士', '13912345678', 'LHGCV1658J8000123', '粤B·Q77881', '轮胎鼓包']) {
			expect(all, secret).not.toContain(secret);
		}
		expect(all).toContain('粤B·***81');
	});
});

describe("the customer's own link", () => {
	it('is an unguessable token that verifies by recomputing, and expires 7 days after delivery', async () => {
		server = await startServer();
		const { app } = server;
		const token = statusToken(app.statusSecret, 12);
		expect(token).toMatch(/^12\.[A-Za-z0-9_-]{43}$/); // 256-bit MAC
		expect(verifyStatusToken(app.statusSecret, token)).toBe(12);
		expect(verifyStatusToken(app.statusSecret, `13.${token.split('.')[1]}`)).toBeNull();
		expect(verifyStatusToken(app.statusSecret, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
		expect(verifyStatusToken('another secret', token)).toBeNull();
		expect(verifyStatusToken(app.statusSecret, 'garbage')).toBeNull();

		const delivered = await app.db.selectFrom('repair_orders').select(['id', 'delivered_at']).where('stage', 'in', ['delivered', 'followed_up']).where('delivered_at', 'is not', null).executeTakeFirstOrThrow();
		const t = statusToken(app.statusSecret, delivered.id);
		expect(await resolveStatusLink(app.db, app.statusSecret, t, delivered.delivered_at! + 6 * 86_400_000)).not.toBeNull();
		expect(await resolveStatusLink(app.db, app.statusSecret, t, delivered.delivered_at! + 7 * 86_400_000 + 1)).toBeNull();
		expect(await resolveStatusLink(app.db, app.statusSecret, statusToken(app.statusSecret, 99_999), Date.now())).toBeNull();
	});

	it('rate-limits invalid links per address, valid ones included once limited', async () => {
		const app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: false });
		try {
			const limiter = linkLimiter();
			const now = 1_000_000;
			for (let i = 0; i < limiter.limit - 1; i++) await recordFailure(app.db, limiter, '10.0.0.9', now + i);
			expect(await isLimited(app.db, limiter, '10.0.0.9', now + 100)).toBe(false);
			await recordFailure(app.db, limiter, '10.0.0.9', now + 100);
			expect(await isLimited(app.db, limiter, '10.0.0.9', now + 101)).toBe(true);
			expect(await isLimited(app.db, limiter, '10.0.0.10', now + 101)).toBe(false);
			expect(await isLimited(app.db, limiter, '10.0.0.9', now + 100 + limiter.windowMs)).toBe(false);
		} finally {
			await app.close();
		}
	});

	it("streams only the customer's own order, live, and records the answer as decided through the link", async () => {
		server = await startServer();
		const { app } = server;
		const { ro } = await busyDay(app);
		const phone = recorded(server.url, { statusToken: statusToken(app.statusSecret, ro.id) });
		expect((await phone.join('desk')).ok).toBe(false);
		expect((await phone.join('lounge')).ok).toBe(false);
		const reply = await phone.join('status');
		if (!reply.ok || reply.mode !== 'snapshot') throw new Error('expected a snapshot');
		const mine = reply.snapshot.entities.repairOrder as Record<string, CustomerView>;
		expect(Object.keys(mine)).toEqual([String(ro.id)]);
		expect(mine[ro.id].addons).toHaveLength(1);
		expect(mine[ro.id].addons![0]).toMatchObject({ finding: '轮胎鼓包', safety: true, labourCny: 120 });

		// Another car moves: the phone gets the seq, with nothing in it.
		const other = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').where('id', '!=', ro.id).executeTakeFirstOrThrow();
		const { seq: otherSeq } = await execute(app.commands, transitionRepairOrder, { id: other.id, action: 'pause', reason: 'parts', expectedVersion: other.version }, { actor: systemActor });
		await waitFor(() => phone.frames.some((f) => f.includes(`"seq":${otherSeq}`)), 3000, 'empty delta');
		expect(phone.frames.find((f) => f.includes(`"seq":${otherSeq}`))).toContain('"patches":[]');

		// The customer approves on the phone.
		const addonId = ro.addons[0].id;
		const { seq } = await execute(app.commands, decideAddon, { id: ro.id, addonId, approved: true, expectedVersion: ro.version }, { actor: customerPrincipal(ro.id, app.storeId) });
		await waitFor(() => phone.frames.some((f) => f.includes(`"seq":${seq}`)), 3000, 'own delta');
		const after = (await repairOrderView(app.db, ro.id))!;
		expect(after.addons[0]).toMatchObject({ status: 'approved', decidedVia: 'customer_link' });
		const event = await app.db.selectFrom('events').select(['actor_kind', 'type']).where('seq', '=', seq).executeTakeFirstOrThrow();
		expect(event).toEqual({ actor_kind: 'customer', type: 'addon.approved' });
		// Twice: nothing changes, and it says so.
		const again = await refused(execute(app.commands, decideAddon, { id: ro.id, addonId, approved: false, expectedVersion: after.version }, { actor: customerPrincipal(ro.id, app.storeId) }));
		expect(again.code).toBe('already_decided');
		// Another order's add-on through this link: refused.
		expect((await refused(execute(app.commands, decideAddon, { id: other.id, addonId, approved: true, expectedVersion: 1 }, { actor: customerPrincipal(ro.id, app.storeId) }))).status).toBe(403);

		const all = phone.frames.join('\n');
		for (const secret of [...(await privateStrings(app)), '欧阳女士', '13912345678', 'LHGCV1658J8000123', '粤B·Q77881']) expect(all, secret).not.toContain(secret);
	});

	it('refuses a socket with a wrong link', async () => {
		server = await startServer();
		const bad = recorded(server.url, { statusToken: `1.${'A'.repeat(43)}` });
		const error = await new Promise<Error>((resolve) => bad.socket.on('connect_error', resolve));
		expect(error.message).toBe('unauthorized');
	});
});

describe('announcing a later ready time', () => {
	it('is the advisor’s: the public view shows the promise until then', async () => {
		server = await startServer();
		const { app } = server;
		const { ro } = await busyDay(app);
		const tech = { kind: 'user' as const, storeId: app.storeId, id: 1, name: 'tech', role: 'technician' as const, teamId: null, technicianId: null, deviceKind: 'tablet' as const, sessionHash: 'x' };
		expect((await refused(execute(app.commands, announceReadyTime, { id: ro.id, expectedVersion: ro.version, readyAt: Date.now() + 3_600_000 }, { actor: tech }))).status).toBe(403);
		const advisor = await sessionCookie(app, 'service_advisor');
		expect(advisor).toContain('pw_session=');
		const later = Date.now() + 5 * 3_600_000;
		const { result } = await execute(app.commands, announceReadyTime, { id: ro.id, expectedVersion: ro.version, readyAt: later }, { actor: { ...tech, role: 'service_advisor' } });
		expect(result.announcedReadyAt).toBe(later);
		const snap = await app.live!.snapshot('lounge', app.storeId);
		expect((snap.entities.repairOrder[ro.id] as CustomerView).readyAt).toBe(later);
	});
});
