import { afterEach, describe, expect, it } from 'vitest';
import { refused, startServer, sessionCookie, waitFor } from './harness';
import { execute, type Actor } from '$lib/server/core/commands';
import { transitionRepairOrder, createRepairOrder } from '$lib/server/features/repair-orders/commands';
import { completeSetup } from '$lib/server/features/access/setup';
import { enterStore } from '$lib/server/features/access/group';
import { createStore } from '$lib/server/features/store/commands';
import { resetPin, setStaffActive } from '$lib/server/features/access/staff';
import { collectPairing, requestPairing, resolvePrincipal, signIn, PAIRING_PER_ADDRESS } from '$lib/server/features/access/service';
import { createDisplay, createFirstAdmin, createToken, pairDisplay, revokeDisplay, revokeToken, unlockSignin } from '$lib/server/features/access/commands';
import { hashPin } from '$lib/server/features/access/secrets';
import { openApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { idleSignOutMs } from '$lib/domain/signin';
import { sha256 } from '$lib/server/features/access/secrets';
import { systemPrincipal, type Principal } from '$lib/server/features/access/principal';
import type { App } from '$lib/server/app';
import { LiveChannel } from '$lib/live/channel';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function userId(app: App, name: string) {
	return (await app.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}
async function admin(app: App): Promise<Principal> {
	const id = await userId(app, '陈静');
	return { kind: 'user', storeId: 1, id, name: '陈静', role: 'admin', teamId: null, technicianId: null, deviceKind: 'desk', sessionHash: 'x' };
}
const eventCount = async (app: App) => Number((await app.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('PIN sign-in', () => {
	it('signs in with the right PIN: a fresh 256-bit session, PINs stored salted', async () => {
		server = await startServer();
		const { app } = server;
		const id = await userId(app, '李娜');
		const now = Date.now();
		const s = await signIn(app.commands, { userId: id, pin: '1111', device: 'desk-1', deviceKind: 'desk', address: '10.0.0.2' }, now);
		expect(Buffer.from(s.token, 'base64url').length).toBeGreaterThanOrEqual(16);
		const again = await signIn(app.commands, { userId: id, pin: '1111', device: 'desk-1', deviceKind: 'desk', address: '10.0.0.2' }, now);
		expect(again.token).not.toBe(s.token);
		const p = await resolvePrincipal(app.db, { session: s.token }, now + 1000);
		expect(p).toMatchObject({ kind: 'user', name: '李娜', role: 'service_advisor' });
		const techs = await app.db.selectFrom('users').select('pin_hash').where('role', '=', 'technician').execute();
		expect(new Set(techs.map((t) => t.pin_hash)).size).toBeGreaterThanOrEqual(1);
		const stored = await app.db.selectFrom('users').select('pin_hash').where('id', '=', id).executeTakeFirstOrThrow();
		expect(stored.pin_hash).toMatch(/^scrypt\$/);
		expect(stored.pin_hash).not.toContain('1111');
	});

	it('signs a device out after its inactivity time: tablet minutes, desk a working day', async () => {
		server = await startServer();
		const { app } = server;
		const id = await userId(app, '赵强');
		const now = Date.now();
		const tablet = await signIn(app.commands, { userId: id, pin: '2222', device: 't', deviceKind: 'tablet', address: 'a' }, now);
		const desk = await signIn(app.commands, { userId: id, pin: '2222', device: 'd', deviceKind: 'desk', address: 'a' }, now);
		expect(await resolvePrincipal(app.db, { session: tablet.token }, now + idleSignOutMs.tablet - 1000)).not.toBeNull();
		expect(await resolvePrincipal(app.db, { session: tablet.token }, now + 2 * idleSignOutMs.tablet + 1000)).toBeNull();
		expect(await resolvePrincipal(app.db, { session: desk.token }, now + 8 * 3600_000)).not.toBeNull();
	});

	it('does not give a technician a desk’s working day because the device says it is a desk', async () => {
		server = await startServer();
		const { app } = server;
		const now = Date.now();
		const tech = await signIn(app.commands, { userId: await userId(app, '李伟'), pin: '3333', device: 'k', deviceKind: 'desk', address: 'a' }, now);
		expect(await resolvePrincipal(app.db, { session: tech.token }, now + 1000)).toMatchObject({ role: 'technician', deviceKind: 'tablet' });
		expect(await resolvePrincipal(app.db, { session: tech.token }, now + 2 * idleSignOutMs.tablet + 1000)).toBeNull();
		// The parts kiosk stays a kiosk; an advisor at a desk keeps the desk.
		const parts = await signIn(app.commands, { userId: await userId(app, '周敏'), pin: '6666', device: 'k', deviceKind: 'kiosk', address: 'a' }, now);
		expect(await resolvePrincipal(app.db, { session: parts.token }, now + 1000)).toMatchObject({ deviceKind: 'kiosk' });
		const advisor = await signIn(app.commands, { userId: await userId(app, '李娜'), pin: '1111', device: 'd', deviceKind: 'desk', address: 'a' }, now);
		expect(await resolvePrincipal(app.db, { session: advisor.token }, now + 1000)).toMatchObject({ deviceKind: 'desk' });
	});

	it('counts wrong PINs per person on the server: a browser that drops its device cookie gets no fresh start', async () => {
		server = await startServer();
		const { app } = server;
		const id = await userId(app, '李娜');
		let now = Date.now();
		const statuses: number[] = [];
		// Every attempt from a device never seen before (no cookie kept), from changing addresses.
		for (let i = 0; statuses.filter((s) => s === 401).length < 10 && i < 60; i++) {
			const e = await refused(signIn(app.commands, { userId: id, device: `fresh-${i}`, deviceKind: 'kiosk', address: `10.1.0.${i}`, pin: '0000' }, now));
			statuses.push(e.status);
			if (e.status === 423) break;
			now += e.status === 429 ? (e.details.retryAfterSeconds as number) * 1000 : 1;
		}
		expect(statuses).toContain(429);
		expect(statuses.at(-1)).toBe(423);
		expect(statuses.filter((s) => s === 401).length).toBe(9);
		expect((await refused(signIn(app.commands, { userId: id, device: 'fresh-x', deviceKind: 'kiosk', address: '10.1.9.9', pin: '1111' }, now + 1000))).status).toBe(423);
	});

	it("lets a flood of wrong PINs from the shop's address slow strangers without holding up a known device's right PIN", async () => {
		server = await startServer();
		const { app } = server;
		const dispatcher = await userId(app, '赵强');
		const advisor = await userId(app, '李娜');
		const nat = '192.0.2.1';
		await signIn(app.commands, { userId: dispatcher, device: 'dispatch-desk', deviceKind: 'desk', address: nat, pin: '2222' }, Date.now() - 60_000);
		let now = Date.now();
		// Someone at another device behind the same address guesses PINs for several people.
		for (let i = 0; i < 19; i++) {
			const e = await refused(signIn(app.commands, { userId: advisor, device: `guess-${i}`, deviceKind: 'kiosk', address: nat, pin: '0000' }, now));
			now += e.status === 429 ? (e.details.retryAfterSeconds as number) * 1000 : 1;
		}
		const stranger = await refused(signIn(app.commands, { userId: dispatcher, device: 'guess-new', deviceKind: 'kiosk', address: nat, pin: '0000' }, now));
		expect([429, 423, 401]).toContain(stranger.status);
		// The dispatcher at his own desk, same address, right PIN: straight in.
		await expect(signIn(app.commands, { userId: dispatcher, device: 'dispatch-desk', deviceKind: 'desk', address: nat, pin: '2222' }, now)).resolves.toMatchObject({ name: '赵强' });
	});

	it('answers unknown user, wrong PIN, slow down, then locks the person except on her own devices, recorded in the audit trail', async () => {
		server = await startServer();
		const { app } = server;
		const id = await userId(app, '李娜');
		const kiosk = { userId: id, device: 'kiosk-1', deviceKind: 'kiosk' as const, address: '10.0.0.9' };
		// She works at desk 7 (signed in there before).
		await signIn(app.commands, { ...kiosk, device: 'desk-7', deviceKind: 'desk', address: '10.0.0.7', pin: '1111' }, Date.now() - 60_000);
		expect((await refused(signIn(app.commands, { ...kiosk, userId: 99999, pin: '1111' }, Date.now()))).status).toBe(404);
		expect((await refused(signIn(app.commands, { ...kiosk, pin: '12' }, Date.now()))).status).toBe(400);
		let now = Date.now();
		const statuses: number[] = [];
		for (let i = 0; i < 10; i++) {
			const e = await refused(signIn(app.commands, { ...kiosk, pin: '0000' }, now));
			statuses.push(e.status);
			if (e.status === 429) {
				now += (e.details.retryAfterSeconds as number) * 1000;
				i--;
				continue;
			}
			now += 1;
		}
		expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
		expect(statuses).toContain(429);
		expect(statuses.at(-1)).toBe(423);
		// Even the right PIN is refused on this device now, and on any device new to her…
		expect((await refused(signIn(app.commands, { ...kiosk, pin: '1111' }, now + 3600_000 * 5))).status).toBe(423);
		expect((await refused(signIn(app.commands, { ...kiosk, device: 'tablet-new', address: '10.0.0.8', pin: '1111' }, now + 3600_000 * 5))).status).toBe(423);
		// …but the stranger at the kiosk has not locked her out of her own desk.
		await expect(signIn(app.commands, { ...kiosk, device: 'desk-7', address: '10.0.0.7', pin: '1111' }, now)).resolves.toMatchObject({ name: '李娜' });
		const audit = await app.db.selectFrom('events').selectAll().where('type', '=', 'signin.lockedOut').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ subject_kind: 'user', subject_id: id });
		// A technician may not lift it; an admin may.
		const tech: Principal = { kind: 'user', storeId: 1, id: 1, name: 'x', role: 'technician', teamId: null, technicianId: null, deviceKind: 'tablet', sessionHash: 'y' };
		expect((await refused(execute(app.commands, unlockSignin, { userId: id }, { actor: tech }))).status).toBe(403);
		await execute(app.commands, unlockSignin, { userId: id }, { actor: await admin(app) });
		await expect(signIn(app.commands, { ...kiosk, pin: '1111' }, now + 3600_000 * 5)).resolves.toMatchObject({ name: '李娜' });
	});
});

describe('paired wall screens', () => {
	it('pairs with a short single-use code valid 10 minutes; the screen collects its key once', async () => {
		server = await startServer();
		const { app } = server;
		const now = Date.now();
		const adminP = await admin(app);
		const { result: d } = await execute(app.commands, createDisplay, { name: 'Workshop TV south', board: 'bays', language: 'en' }, { actor: adminP });
		const tv = await requestPairing(app.db, '10.0.0.50', now);
		expect(tv.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await collectPairing(app.db, tv.claim, now)).toEqual({ state: 'waiting', expiresAt: tv.expiresAt });

		const wrong = await refused(execute(app.commands, pairDisplay, { code: 'AAAA-AAAA', displayId: d.id }, { actor: adminP }));
		expect([wrong.status, wrong.field]).toEqual([400, 'code']);
		await execute(app.commands, pairDisplay, { code: tv.code.toLowerCase().replace('-', ' '), displayId: d.id }, { actor: adminP });
		const reused = await refused(execute(app.commands, pairDisplay, { code: tv.code, displayId: d.id }, { actor: adminP }));
		expect([reused.status, reused.code]).toEqual([409, 'code_used']);

		const got = await collectPairing(app.db, tv.claim, now + 2000);
		expect(got).toMatchObject({ state: 'paired', board: 'bays', language: 'en' });
		expect(await collectPairing(app.db, tv.claim, now + 4000)).toEqual({ state: 'expired' });
		const key = (got as { displayKey: string }).displayKey;
		expect(await resolvePrincipal(app.db, { display: key }, now)).toMatchObject({ kind: 'display', board: 'bays', name: 'Workshop TV south' });
		const row = await app.db.selectFrom('displays').select('key_hash').where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.key_hash).toBe(sha256(key));
	});

	it('refuses an expired code, and rate-limits new codes per address', async () => {
		server = await startServer();
		const { app } = server;
		const now = Date.now();
		const adminP = await admin(app);
		const old = await requestPairing(app.db, '10.0.0.60', now - 11 * 60_000);
		const e = await refused(execute(app.commands, pairDisplay, { code: old.code, displayId: 1 }, { actor: adminP }));
		expect([e.status, e.code]).toEqual([400, 'invalid_code']);
		expect(await collectPairing(app.db, old.claim, now)).toEqual({ state: 'expired' });
		for (let i = 0; i < PAIRING_PER_ADDRESS - 1; i++) await requestPairing(app.db, '10.0.0.61', now);
		await requestPairing(app.db, '10.0.0.61', now);
		expect((await refused(requestPairing(app.db, '10.0.0.61', now))).status).toBe(429);
		await expect(requestPairing(app.db, '10.0.0.62', now)).resolves.toHaveProperty('code');
	});

	it('a display key is read-only and sees only its own board', async () => {
		server = await startServer();
		const { app } = server;
		const display: Actor = { kind: 'display', storeId: 1, id: 1, name: 'TV', board: 'bays', language: 'zh-CN' };
		const before = await eventCount(app);
		const e = await refused(
			execute(app.commands, createRepairOrder, { vehicle: { plate: '粤B·D12345', model: 'Camry' }, customer: { name: 'A', phone: '13800000000' }, operations: ['MNT-STD'] }, { actor: display })
		);
		expect(e.status).toBe(403);
		expect(e.message).toMatch(/wall screen/);
		expect(await eventCount(app)).toBe(before);

		const key = app.demoScreens[0].path.split('key=')[1];
		const socket = server.connect({ cookie: `pw_display=${key}` });
		const bays = new LiveChannel(socket, 'bays');
		await waitFor(() => bays.state.status === 'live');
		const reply = await new Promise<{ ok: boolean; error?: string }>((resolve) => socket.emit('join:v1', { channel: 'desk' }, resolve));
		expect(reply).toEqual({ ok: false, error: 'not allowed to watch "desk"' });
		bays.close();
	});

	it('deactivating a person or resetting their PIN closes their open screens at once', async () => {
		server = await startServer();
		const { app } = server;
		const advisors = await app.db.selectFrom('users').select(['id', 'version']).where('role', 'in', ['service_advisor', 'booking']).where('active', '=', 1).orderBy('id').limit(2).execute();
		for (const [i, change] of (['deactivate', 'pin'] as const).entries()) {
			const person = advisors[i];
			const token = `t${i}-${Date.now()}-session-token-of-sufficient-length`;
			await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: person.id, device_kind: 'desk', created_at: Date.now(), last_seen_at: Date.now(), ended_at: null }).execute();
			const socket = server.connect({ cookie: `pw_session=${token}` });
			const desk = new LiveChannel(socket, 'desk');
			await waitFor(() => desk.state.status === 'live');
			let told: string | null = null;
			socket.on('revoked:v1', (why) => (told = why.reason));
			socket.io.reconnection(false);
			if (change === 'deactivate') await execute(app.commands, setStaffActive, { id: person.id, expectedVersion: person.version, active: false }, { actor: await admin(app) });
			else await execute(app.commands, resetPin, { id: person.id, pinHash: await hashPin('864209') }, { actor: await admin(app) });
			await waitFor(() => told !== null && !socket.connected, 2000, `${change} closes the screen`);
			expect(told).toBe('signed_out');
			desk.close();
		}
	});

	it('revoking a display disconnects its live socket at once and its key stops working', async () => {
		server = await startServer();
		const { app } = server;
		const key = app.demoScreens[0].path.split('key=')[1];
		const socket = server.connect({ cookie: `pw_display=${key}` });
		const bays = new LiveChannel(socket, 'bays');
		await waitFor(() => bays.state.status === 'live');
		let told: string | null = null;
		socket.on('revoked:v1', (why) => (told = why.reason));
		socket.io.reconnection(false);
		await execute(app.commands, revokeDisplay, { displayId: 1 }, { actor: await admin(app) });
		await waitFor(() => told !== null && !socket.connected, 2000, 'revocation');
		expect(told).toBe('display_revoked');
		expect(await resolvePrincipal(app.db, { display: key }, Date.now())).toBeNull();
		const again = server.connect({ cookie: `pw_display=${key}` });
		const error = await new Promise<Error>((resolve) => again.on('connect_error', resolve));
		expect(error.message).toBe('unauthorized');
		bays.close();
	});
});

describe('sockets and tokens', () => {
	it('refuses a socket without credentials, or from another origin', async () => {
		server = await startServer();
		const anonymous = server.connect({ cookie: null });
		expect((await new Promise<Error>((resolve) => anonymous.on('connect_error', resolve))).message).toBe('unauthorized');
		const cookie = await sessionCookie(server.app, 'dispatcher');
		const forged = server.connect({ cookie, origin: 'https://evil.example' });
		const error = await new Promise<Error>((resolve) => forged.on('connect_error', resolve));
		expect(error.message).not.toBe('');
		expect(forged.connected).toBe(false);
		const host = new URL(server.url).host;
		const same = server.connect({ cookie, origin: `http://${host}` });
		await waitFor(() => same.connected, 2000, 'same-origin socket');
	});

	it('scopes API tokens: read may not write, write may move orders but not manage screens, revoked is nobody', async () => {
		server = await startServer();
		const { app } = server;
		const adminP = await admin(app);
		const { result: read } = await execute(app.commands, createToken, { name: 'BI export', scope: 'read' }, { actor: adminP });
		const { result: write } = await execute(app.commands, createToken, { name: 'DMS', scope: 'write' }, { actor: adminP });
		expect(read.token).toMatch(/^pw_/);
		const stored = await app.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).where('id', '=', read.id).executeTakeFirstOrThrow();
		expect(stored.token_hash).toBe(sha256(read.token));
		const events = await app.db.selectFrom('events').select('payload').where('type', '=', 'token.created').execute();
		expect(JSON.stringify(events)).not.toContain(read.token);

		const now = Date.now();
		const r = (await resolvePrincipal(app.db, { bearer: read.token }, now))!;
		const w = (await resolvePrincipal(app.db, { bearer: write.token }, now))!;
		const order = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').executeTakeFirstOrThrow();
		const move = { id: order.id, action: 'pause', reason: 'parts', expectedVersion: order.version };
		expect((await refused(execute(app.commands, transitionRepairOrder, move, { actor: r }))).status).toBe(403);
		await execute(app.commands, transitionRepairOrder, move, { actor: w });
		expect((await refused(execute(app.commands, createDisplay, { name: 'x', board: 'bays', language: 'en' }, { actor: w }))).status).toBe(403);
		const used = await app.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', write.id).executeTakeFirstOrThrow();
		expect(used.last_used_at).toBe(now);

		await execute(app.commands, revokeToken, { tokenId: write.id }, { actor: adminP });
		expect(await resolvePrincipal(app.db, { bearer: write.token }, now)).toBeNull();
		expect((await refused(execute(app.commands, revokeToken, { tokenId: write.id }, { actor: adminP }))).status).toBe(409);
	});

	it('records who did what: every event names its actor', async () => {
		server = await startServer();
		const { app } = server;
		const rows = await app.db.selectFrom('events').select(['actor_kind', 'actor_name']).execute();
		expect(rows.every((r) => r.actor_kind && r.actor_name)).toBe(true);
		await execute(app.commands, createDisplay, { name: 'Lounge', board: 'bays', language: 'en' }, { actor: systemPrincipal });
		const last = await app.db.selectFrom('events').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(last).toMatchObject({ type: 'display.created', actor_kind: 'system', actor_name: 'Pitwall' });
	});
});

describe('a real install', () => {
	it('has no demo accounts and starts with one admin created with the printed set-up code', async () => {
		const app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: false });
		try {
			expect(app.setupCode).toMatch(/^[A-Za-z0-9_-]{8}$/);
			expect(app.demoScreens).toEqual([]);
			expect(app.demoToken).toBeNull();
			expect(await app.db.selectFrom('users').selectAll().execute()).toEqual([]);
			await execute(app.commands, createFirstAdmin, { name: 'Boss', pinHash: await hashPin('482913') }, { actor: systemPrincipal });
			const again = await refused(execute(app.commands, createFirstAdmin, { name: 'Intruder', pinHash: await hashPin('111111') }, { actor: systemPrincipal }));
			expect([again.status, again.code]).toEqual([409, 'already_set_up']);
			const users = await app.db.selectFrom('users').select(['name', 'role']).execute();
			expect(users).toEqual([{ name: 'Boss', role: 'admin' }]);
			const s = await signIn(app.commands, { userId: (await userId(app, 'Boss')), pin: '482913', device: 'd', deviceKind: 'desk', address: 'a' }, Date.now());
			expect(s.role).toBe('admin');
		} finally {
			await app.close();
		}
	});

	it("a dealer group's deployment: the set-up makes the group admin, who opens a store and enters it", async () => {
		const app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: false });
		try {
			await completeSetup(app, { code: app.setupCode!, name: '集团IT', pin: '482913', pin2: '482913', group: true, address: '203.0.113.9' });
			expect(await app.db.selectFrom('users').select(['name', 'role']).execute()).toEqual([{ name: '集团IT', role: 'group_admin' }]);
			const id = await userId(app, '集团IT');
			const { token } = await signIn(app.commands, { userId: id, pin: '482913', device: 'd', deviceKind: 'desk', address: 'a' }, Date.now());
			const groupAdmin = (await resolvePrincipal(app.db, { session: token }, Date.now())) as Extract<Principal, { kind: 'user' }>;
			// In a store, the store's admin; and the group's admin besides.
			expect(groupAdmin).toMatchObject({ kind: 'user', storeId: app.storeId, role: 'admin', groupRole: 'group_admin' });
			const { result } = await execute(app.commands, createStore, { code: 'north', nameZh: '北区店', nameEn: 'North', timeZone: 'Asia/Urumqi' }, { actor: groupAdmin });
			await execute(app.commands, enterStore, { storeId: result.id, sessionHash: groupAdmin.sessionHash, from: app.storeId }, { actor: { ...groupAdmin, storeId: result.id } });
			expect(await resolvePrincipal(app.db, { session: token }, Date.now())).toMatchObject({ storeId: result.id, groupRole: 'group_admin' });
			// A store's admin may do neither.
			const storeAdmin: Principal = { ...groupAdmin, groupRole: null };
			expect((await refused(execute(app.commands, createStore, { code: 'south', nameZh: '南区店', nameEn: 'South' }, { actor: storeAdmin }))).status).toBe(403);
		} finally {
			await app.close();
		}
	});

	it('limits set-up code guesses like pairing codes: per address, and from everywhere', async () => {
		const app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: false });
		try {
			const code = app.setupCode!;
			const form = { code: 'WRONG123', name: 'Boss', pin: '482913', pin2: '482913', address: '203.0.113.5' };
			const now = Date.now();
			for (let i = 0; i < 10; i++) expect((await refused(completeSetup(app, form, now + i))).status).toBe(403);
			// From that address even the right code waits now; another address may still try.
			expect((await refused(completeSetup(app, { ...form, code }, now + 20))).status).toBe(429);
			for (let a = 0; a < 4; a++) for (let i = 0; i < 10; i++) await refused(completeSetup(app, { ...form, address: `198.51.100.${a}` }, now + 30 + i));
			// Fifty wrong codes from everywhere: every address waits.
			expect((await refused(completeSetup(app, { ...form, code, address: '192.0.2.77' }, now + 100))).status).toBe(429);
			expect(await app.db.selectFrom('users').selectAll().execute()).toEqual([]);
			// After the window, the right code works.
			await completeSetup(app, { ...form, code, address: '192.0.2.77' }, now + 11 * 60_000);
			expect(app.setupCode).toBeNull();
			expect(await app.db.selectFrom('users').select(['name', 'role']).execute()).toEqual([{ name: 'Boss', role: 'admin' }]);
		} finally {
			await app.close();
		}
	});
});
