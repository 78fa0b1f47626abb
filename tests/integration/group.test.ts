import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, limit, sessionCookie, startServer, waitFor } from './harness';
import { SESSION_COOKIE, resolvePrincipal, signIn } from '$lib/server/features/access/service';
import { execute } from '$lib/server/core/commands';
import type { Principal } from '$lib/server/features/access/principal';
import { unlockSignin } from '$lib/server/features/access/commands';
import { auditTrail, lockoutsOf } from '$lib/server/features/access/repository';
import { signInTiles } from '$lib/server/features/access/repository';
import { demoGroupPeople, demoSecondStore } from '../../db/seed/demo';
import { demoDisplayPurpose, demoKey } from '$lib/server/demo-keys';
import { statusToken } from '$lib/server/features/repair-orders/status-link';
import { LiveChannel } from '$lib/live/channel';
import { io } from 'socket.io-client';

/**
 * A dealer group on one deployment (issue 20, item 4): the demo's two stores, a group manager who
 * enters both and switches between them, a group admin who opens a store and adds the group's
 * people, and everyone else kept to their own store.
 */

let server: Awaited<ReturnType<typeof startServer>>;
let stores: { first: number; second: number };
beforeAll(async () => {
	server = await startServer({ demoStores: 2 });
	const rows = await server.app.db.selectFrom('stores').select(['id', 'code']).orderBy('id').execute();
	stores = { first: rows[0].id, second: rows.find((r) => r.code === demoSecondStore.code)!.id };
}, limit(120_000));
afterAll(() => server?.close());

const person = (name: string) => server.app.db.selectFrom('users').select(['id', 'store_id', 'role']).where('name', '=', name).executeTakeFirstOrThrow();

/** Signs a person in on a desk of `storeId`'s sign-in screen, through the same check as the page; returns the cookie. */
async function signedIn(name: string, pin: string, storeId: number): Promise<string> {
	const { id } = await person(name);
	const { token } = await signIn({ ...server.app.commands, storeId }, { userId: id, pin, device: `test-${name}`, deviceKind: 'desk', address: '127.0.0.1' }, Date.now());
	return `${SESSION_COOKIE}=${token}`;
}

const lastSeq = async () => Number((await server.app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq);
const manager = demoGroupPeople.find((p) => p.role === 'group_manager')!;
const groupAdmin = demoGroupPeople.find((p) => p.role === 'group_admin')!;

describe('a dealer group on one deployment', () => {
	it('the demo loads two stores, each with its own shop, and the group people sign in at both', async () => {
		const { db } = server.app;
		for (const storeId of [stores.first, stores.second]) {
			const orders = await db.selectFrom('repair_orders').select('id').where('store_id', '=', storeId).execute();
			const bays = await db.selectFrom('bays').select('id').where('store_id', '=', storeId).execute();
			expect(orders.length).toBeGreaterThan(5);
			expect(bays.length).toBeGreaterThan(5);
			const tiles = await signInTiles(db, storeId);
			// Its own staff, then the group's people (the manager enters both; the group admin every store).
			expect(tiles.slice(-2).map((t) => [t.name, t.role])).toEqual(demoGroupPeople.map((p) => [p.name, p.role]));
			const own = await db.selectFrom('users').select('id').where('store_id', '=', storeId).where('role', 'not in', ['group_manager', 'group_admin']).execute();
			expect(new Set(tiles.slice(0, -2).map((t) => t.id))).toEqual(new Set(own.map((u) => u.id)));
		}
	});

	it('a group manager works in one store, switches to the other, and the session follows', async () => {
		const { url, app } = server;
		const cookie = await signedIn(manager.name, manager.pin, stores.second);
		const mine = await call(url, 'GET', '/api/v1/stores', cookie);
		expect(mine.status).toBe(200);
		expect((mine.body.items as { id: number }[]).map((s) => s.id)).toEqual([stores.first, stores.second]);
		expect(mine.body.current).toBe(stores.second);
		// In the second store: its orders, its figures (a group manager is the store's manager there).
		const orders = (await call(url, 'GET', '/api/v1/repair-orders?limit=500', cookie)).body.items as { id: number }[];
		const second = await app.db.selectFrom('repair_orders').select('id').where('store_id', '=', stores.second).execute();
		const secondIds = new Set(second.map((o) => o.id));
		expect(orders.length).toBeGreaterThan(5);
		expect(orders.filter((o) => !secondIds.has(o.id))).toEqual([]);
		expect((await call(url, 'GET', '/api/v1/kpi?from=2026-01-01&to=2026-01-02', cookie)).status).toBe(200);

		// Its open screens are told to reload into the store entered.
		const socket = server.connect({ cookie });
		const told: string[] = [];
		socket.on('revoked:v1', (why) => told.push(why.reason));
		await waitFor(() => socket.connected, 5000, 'socket connected');
		const switched = await call(url, 'POST', '/api/v1/session/store', cookie, { storeId: stores.first });
		expect(switched.status).toBe(200);
		expect(switched.body.storeId).toBe(stores.first);
		await waitFor(() => told.includes('store_changed'), 5000, 'the screen told to reload');
		expect((await call(url, 'GET', '/api/v1/store', cookie)).body.id).toBe(stores.first);
		const entered = await app.db.selectFrom('events').select(['store_id', 'type', 'actor_name']).where('seq', '=', switched.body.seq as number).executeTakeFirstOrThrow();
		expect(entered).toEqual({ store_id: stores.first, type: 'session.storeEntered', actor_name: manager.name });
		const firstOrders = (await call(url, 'GET', '/api/v1/repair-orders?limit=500', cookie)).body.items as { id: number }[];
		expect(firstOrders.map((o) => o.id)).not.toContain(second[0].id);
	});

	it('refuses a store the person may not enter, and bad input, changing nothing', async () => {
		const { url, app } = server;
		const cookie = await signedIn(manager.name, manager.pin, stores.first);
		// A third store the manager was not given.
		const admin = await signedIn(groupAdmin.name, groupAdmin.pin, stores.first);
		const third = await call(url, 'POST', '/api/v1/stores', admin, { code: 'fs-chancheng', nameZh: '广汽丰田禅城店', nameEn: 'GAC Toyota Chancheng', timeZone: 'Asia/Shanghai' });
		expect(third.status).toBe(201);
		const before = await lastSeq();
		const refused = await call(url, 'POST', '/api/v1/session/store', cookie, { storeId: third.body.id });
		expect([refused.status, refused.body.error, refused.body.field]).toEqual([404, 'not_found', 'storeId']);
		const bad = await call(url, 'POST', '/api/v1/session/store', cookie, { storeId: 'north' });
		expect([bad.status, bad.body.field]).toEqual([400, 'storeId']);
		expect((await call(url, 'GET', '/api/v1/store', cookie)).body.id).toBe(stores.first);
		expect(await lastSeq()).toBe(before);
		// Not on that store's sign-in screen, and its PIN check says there is no such person there.
		expect((await signInTiles(app.db, third.body.id as number)).map((t) => t.name)).toEqual([groupAdmin.name]);
		await expect(signedIn(manager.name, manager.pin, third.body.id as number)).rejects.toMatchObject({ status: 404, code: 'unknown_user' });

		// A store's own staff enter no other store, and sign in at no other store's screen.
		const advisor = await sessionCookie(app, 'service_advisor');
		const own = await call(url, 'POST', '/api/v1/session/store', advisor, { storeId: stores.second });
		expect([own.status, own.body.error]).toEqual([403, 'forbidden']);
		const secondDispatcher = await app.db.selectFrom('users').select('id').where('name', '=', '赵强').where('store_id', '=', stores.second).executeTakeFirstOrThrow();
		await expect(signIn({ ...app.commands, storeId: stores.first }, { userId: secondDispatcher.id, pin: '2222', device: 'd', deviceKind: 'desk', address: '127.0.0.1' }, Date.now())).rejects.toMatchObject({ status: 404 });

		// Opening stores is the group admin's: a duplicate code and a bad zone are refused by field.
		const taken = await call(url, 'POST', '/api/v1/stores', admin, { code: 'fs-chancheng', nameZh: '重复', nameEn: 'Again', timeZone: 'Asia/Shanghai' });
		expect([taken.status, taken.body.field]).toEqual([409, 'code']);
		const zone = await call(url, 'POST', '/api/v1/stores', admin, { code: 'x-1', nameZh: '某店', nameEn: 'Some', timeZone: 'Mars/Base' });
		expect([zone.status, zone.body.field]).toEqual([400, 'timeZone']);
		for (const who of [cookie, await sessionCookie(app, 'admin')]) {
			expect((await call(url, 'POST', '/api/v1/stores', who, { code: 'nope', nameZh: '不行', nameEn: 'No', timeZone: 'Asia/Shanghai' })).status).toBe(403);
		}
	});

	it("a store's admin neither sees nor changes the group's people; the group admin adds, limits and deactivates them", async () => {
		const { url, app } = server;
		const storeAdmin = await sessionCookie(app, 'admin');
		const gm = await person(manager.name);
		expect((await call(url, 'GET', '/api/v1/group/people', storeAdmin)).status).toBe(403);
		const staff = (await call(url, 'GET', '/api/v1/staff', storeAdmin)).body.items as { id: number }[];
		expect(staff.map((s) => s.id)).not.toContain(gm.id);
		const change = await call(url, 'POST', `/api/v1/staff/${gm.id}`, storeAdmin, { expectedVersion: 1, role: 'technician' });
		expect(change.status).toBe(404);
		expect((await person(manager.name)).role).toBe('group_manager');

		const admin = await signedIn(groupAdmin.name, groupAdmin.pin, stores.first);
		const added = await call(url, 'POST', '/api/v1/group/people', admin, { name: '区域经理 林', role: 'group_manager', storeIds: [stores.second], pin: '4321' });
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({ role: 'group_manager', homeStoreId: stores.first, storeIds: [stores.first, stores.second] });
		for (const [body, field, status] of [
			[{ name: '某人', role: 'admin', pin: '4321' }, 'role', 400],
			[{ name: '某人', role: 'group_manager', storeIds: [99999], pin: '4321' }, 'storeIds', 400],
			[{ name: '某人', role: 'group_manager', pin: '12' }, 'pin', 400],
			[{ name: '区域经理 林', role: 'group_manager', pin: '4321' }, 'name', 409]
		] as const) {
			const r = await call(url, 'POST', '/api/v1/group/people', admin, body);
			expect([r.status, r.body.field], JSON.stringify(body)).toEqual([status, field]);
		}
		const lin = await signedIn('区域经理 林', '4321', stores.second);
		expect((await call(url, 'GET', '/api/v1/stores', lin)).body.current).toBe(stores.second);
		// Taking the second store away signs them out; they may no longer sign in there.
		const limited = await call(url, 'POST', `/api/v1/group/people/${added.body.id}`, admin, { expectedVersion: added.body.version, storeIds: [] });
		expect([limited.status, limited.body.storeIds]).toEqual([200, [stores.first]]);
		expect((await call(url, 'GET', '/api/v1/stores', lin)).status).toBe(401);
		await expect(signedIn('区域经理 林', '4321', stores.second)).rejects.toMatchObject({ status: 404 });
		// The group keeps a group admin.
		const me = await person(groupAdmin.name);
		const version = (await app.db.selectFrom('users').select('version').where('id', '=', me.id).executeTakeFirstOrThrow()).version;
		const last = await call(url, 'POST', `/api/v1/group/people/${me.id}`, admin, { expectedVersion: version, active: false });
		expect([last.status, last.body.error]).toEqual([409, 'last_admin']);
	});

	it('a wall screen, an API token and a customer link of one store see nothing of the other', async () => {
		const { app, url } = server;
		const { db } = app;
		const secret = (await db.selectFrom('meta').select('value').where('key', '=', 'demo_secret').executeTakeFirstOrThrow()).value;
		const secondBoard = await db.selectFrom('displays').select('id').where('store_id', '=', stores.second).where('board', '=', 'bays').executeTakeFirstOrThrow();
		const secondBays = new Set((await db.selectFrom('bays').select('id').where('store_id', '=', stores.second).execute()).map((b) => String(b.id)));
		const secondOrders = new Set((await db.selectFrom('repair_orders').select('id').where('store_id', '=', stores.second).execute()).map((o) => String(o.id)));

		// The second store's bay board: its own bays and orders only.
		const board = new LiveChannel(server.connect({ cookie: `pw_display=${demoKey(secret, demoDisplayPurpose(secondBoard.id))}` }), 'bays');
		await waitFor(() => board.state.status === 'live', 5000, 'board live');
		const bays = Object.keys(board.state.entities.bay ?? {});
		expect(bays.length).toBeGreaterThan(5);
		expect(bays.filter((id) => !secondBays.has(id))).toEqual([]);
		const shown = Object.keys(board.state.entities.repairOrder ?? {});
		expect(shown.length).toBeGreaterThan(3);
		expect(shown.filter((id) => !secondOrders.has(id))).toEqual([]);
		board.close();

		// The first store's API token: the second store's order is not there.
		const order = await db.selectFrom('repair_orders').select(['id', 'version']).where('store_id', '=', stores.second).where('stage', '=', 'checked_in').executeTakeFirstOrThrow();
		const headers = { authorization: `Bearer ${app.demoToken}`, 'content-type': 'application/json' };
		expect((await fetch(`${url}/api/v1/repair-orders/${order.id}`, { headers })).status).toBe(404);
		const moved = await fetch(`${url}/api/v1/repair-orders/${order.id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ action: 'submit', expectedVersion: order.version }) });
		expect(moved.status).toBe(404);
		expect((await db.selectFrom('repair_orders').select('version').where('id', '=', order.id).executeTakeFirstOrThrow()).version).toBe(order.version);

		// A customer's link of the second store: that one order, nothing else of either store.
		const socket = io(url, { transports: ['websocket'], forceNew: true, auth: { statusToken: statusToken(app.statusSecret, order.id) } });
		try {
			const link = new LiveChannel(socket, 'status');
			await waitFor(() => link.state.status === 'live', 5000, 'link live');
			expect(Object.keys(link.state.entities.repairOrder ?? {})).toEqual([String(order.id)]);
			link.close();
		} finally {
			socket.disconnect();
		}
	});

	it("only a group admin lifts a group person's lockout; a store's admin neither sees nor lifts it", async () => {
		const { app } = server;
		const gm = await person(manager.name);
		// Locked by wrong PINs on a desk of the second store.
		await app.db.insertInto('signin_failures').values({ key: `user:${gm.id}`, store_id: stores.second, user_id: gm.id, device: 'd', failures: 10, last_failed_at: Date.now(), locked_at: Date.now() }).execute();
		const principal = async (cookie: string) => (await resolvePrincipal(app.db, { session: cookie.split('=')[1] }, Date.now())) as Extract<Principal, { kind: 'user' }>;
		const storeAdmin = await principal(await sessionCookie(app, 'admin'));
		expect((await lockoutsOf(app.db, stores.first)).map((l) => l.userId)).not.toContain(gm.id);
		await expect(execute({ ...app.commands, storeId: stores.second }, unlockSignin, { userId: gm.id }, { actor: { ...storeAdmin, storeId: stores.second } })).rejects.toMatchObject({ status: 404 });
		expect(await app.db.selectFrom('signin_failures').select('key').where('user_id', '=', gm.id).execute()).toHaveLength(1);
		const groupAdminPrincipal = await principal(await signedIn(groupAdmin.name, groupAdmin.pin, stores.first));
		expect((await lockoutsOf(app.db, stores.first, true)).map((l) => l.userId)).toContain(gm.id);
		await execute(app.commands, unlockSignin, { userId: gm.id }, { actor: groupAdminPrincipal });
		expect(await app.db.selectFrom('signin_failures').select('key').where('user_id', '=', gm.id).execute()).toHaveLength(0);
	});
});

describe('a store that runs alone becomes a dealer group', () => {
	it("its admin becomes the group admin, once; nobody else may, and the store's staff and data stay", async () => {
		const alone = await startServer();
		try {
			const { url, app } = alone;
			const admin = await sessionCookie(app, 'admin');
			const storeManager = await sessionCookie(app, 'manager');
			const staffBefore = (await call<{ items: unknown[] }>(url, 'GET', '/api/v1/staff', admin)).body.items.length;
			const seq = async () => Number((await app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq);
			// Refused: the manager (not the store's admin), a wall screen's or a token's caller (not a person); nothing written.
			const before = await seq();
			expect(await call(url, 'POST', '/api/v1/group', storeManager, {})).toMatchObject({ status: 403 });
			expect(await call(url, 'POST', '/api/v1/group', null, {})).toMatchObject({ status: 401 });
			expect(await seq()).toBe(before);
			expect(await app.db.selectFrom('users').select('id').where('role', 'in', ['group_admin', 'group_manager']).execute()).toHaveLength(0);

			const founded = await call<{ role: string; id: number }>(url, 'POST', '/api/v1/group', admin, {});
			expect(founded.status).toBe(200);
			expect(founded.body.role).toBe('group_admin');
			const event = await app.db.selectFrom('events').select(['type', 'store_id', 'actor_name']).where('seq', '=', await seq()).executeTakeFirstOrThrow();
			expect(event).toMatchObject({ type: 'group.founded', store_id: app.storeId });
			// The same session goes on, now as the group admin: it lists the group's people and opens a store.
			expect((await call<{ items: { id: number }[] }>(url, 'GET', '/api/v1/group/people', admin)).body.items.map((p) => p.id)).toEqual([founded.body.id]);
			const opened = await call(url, 'POST', '/api/v1/stores', admin, { code: 'sz-futian', nameZh: '深圳福田店', nameEn: 'Shenzhen Futian', timeZone: 'Asia/Shanghai' });
			expect(opened.status).toBe(201);
			// The group's changes were recorded in this store; a group admin reads them from any store's audit trail, its admin only here.
			const futian = { id: (opened.body as { id: number }).id, timeZone: 'Asia/Shanghai' };
			expect((await auditTrail(app.db, futian, { group: true })).map((r) => r.type)).toEqual(['store.created', 'group.founded']);
			expect(await auditTrail(app.db, futian, {})).toEqual([]);
			expect((await auditTrail(app.db, { id: app.storeId, timeZone: 'Asia/Shanghai' }, { type: 'group.' })).map((r) => r.type)).toEqual(['group.founded']);
			// Off the store's staff list (the group's people are on none), the rest of the staff as they were.
			const staff = (await call<{ items: { id: number }[] }>(url, 'GET', '/api/v1/staff', admin)).body.items;
			expect(staff.map((p) => p.id)).not.toContain(founded.body.id);
			expect(staff).toHaveLength(staffBefore - 1);
			// Once: the group exists now.
			const again = await call(url, 'POST', '/api/v1/group', admin, {});
			expect(again).toMatchObject({ status: 409, body: { error: 'group_exists', field: 'group' } });
		} finally {
			await alone.close();
		}
	}, limit(60_000));
});
