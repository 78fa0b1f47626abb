import { afterEach, describe, expect, it } from 'vitest';
import { call, sessionCookie, startServer, waitFor, type ClientSocket } from './harness';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { SESSION_COOKIE } from '$lib/server/features/access/service';
import { LiveChannel } from '$lib/live/channel';
import type { Delta } from '$lib/live/protocol';

/**
 * Two stores on one server and one database (a dealer group): whoever is signed in to one sees
 * and changes nothing of the other, through the JSON API or the live channels.
 */

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

/** A second store with a bay, a team and one advisor signed in on a desk; returns the advisor's cookie. */
async function secondStore(app: NonNullable<typeof server>['app']) {
	const now = Date.now();
	const { id: storeId } = await app.db
		.insertInto('stores')
		.values({ code: 'north', name_zh: '北区店', name_en: 'North store', time_zone: 'Asia/Urumqi', created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	await app.db.insertInto('bays').values({ store_id: storeId, code: 'N1', name_zh: '北1', name_en: 'North 1', kind: 'mechanical' }).execute();
	const { id: userId } = await app.db
		.insertInto('users')
		.values({ store_id: storeId, name: '北区顾问', name_latin: 'North Advisor', role: 'service_advisor', team_id: null, technician_id: null, pin_hash: 'x', created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	const token = randomToken(32);
	await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: userId, device_kind: 'desk', created_at: now, last_seen_at: now, ended_at: null }).execute();
	return { storeId, cookie: `${SESSION_COOKIE}=${token}` };
}

const freeOrder = (plate: string) => ({
	vehicle: { plate, model: '卡罗拉 Corolla' },
	customer: { name: '北区客户', phone: '13900000000' },
	operations: [{ nameZh: '保养', nameEn: 'Service', minutes1: 45, minutes2: 30 }]
});

async function joined(socket: ClientSocket, channel: 'desk' | 'bays') {
	const live = new LiveChannel(socket, channel);
	await waitFor(() => live.state.status === 'live', 5000, `${channel} live`);
	return live;
}

describe('two stores on one server', () => {
	it('keeps each store to itself: API reads, commands and live channels', async () => {
		server = await startServer();
		const { app, url } = server;
		const north = await secondStore(app);
		const southCookie = await sessionCookie(app, 'service_advisor');

		// The north advisor checks a car in: it lands in the north store.
		const created = await call(url, 'POST', '/api/v1/repair-orders', north.cookie, freeOrder('新A·N1234'));
		expect(created.status).toBe(201);
		const northId = created.body.id as number;
		expect((await app.db.selectFrom('repair_orders').select('store_id').where('id', '=', northId).executeTakeFirstOrThrow()).store_id).toBe(north.storeId);

		// Lists: each sees only its own.
		const northList = (await call(url, 'GET', '/api/v1/repair-orders?limit=500', north.cookie)).body.items as { id: number }[];
		expect(northList.map((o) => o.id)).toEqual([northId]);
		const southList = (await call(url, 'GET', '/api/v1/repair-orders?limit=500', southCookie)).body.items as { id: number }[];
		expect(southList.length).toBeGreaterThan(5);
		expect(southList.map((o) => o.id)).not.toContain(northId);
		const northBays = (await call(url, 'GET', '/api/v1/bays', north.cookie)).body.items as { code: string }[];
		expect(northBays.map((b) => b.code)).toEqual(['N1']);

		// Another store's order is not there at all: reads and commands answer 404 and change nothing.
		const southOrder = await app.db.selectFrom('repair_orders').select(['id', 'version', 'number']).where('store_id', '=', app.storeId).where('stage', '=', 'checked_in').executeTakeFirstOrThrow();
		expect((await call(url, 'GET', `/api/v1/repair-orders/${southOrder.id}`, north.cookie)).status).toBe(404);
		const moved = await call(url, 'POST', `/api/v1/repair-orders/${southOrder.id}/transitions`, north.cookie, { action: 'submit', expectedVersion: southOrder.version });
		expect([moved.status, moved.body.error]).toEqual([404, 'not_found']);
		expect((await app.db.selectFrom('repair_orders').select('version').where('id', '=', southOrder.id).executeTakeFirstOrThrow()).version).toBe(southOrder.version);
		expect((await call(url, 'GET', `/api/v1/repair-orders/${northId}`, southCookie)).status).toBe(404);
		const plate = (await app.db.selectFrom('vehicles').select('plate').where('store_id', '=', app.storeId).executeTakeFirstOrThrow()).plate;
		expect((await call(url, 'GET', `/api/v1/vehicles/lookup?plate=${encodeURIComponent(plate)}`, north.cookie)).status).toBe(404);

		// Live: each desk's snapshot is its own store's, and a change in one reaches only its own screens.
		const northDesk = await joined(server.connect({ cookie: north.cookie }), 'desk');
		const southDesk = await joined(server.connect(), 'desk');
		expect(Object.keys(northDesk.state.entities.repairOrder ?? {})).toEqual([String(northId)]);
		expect(Object.values(northDesk.state.entities.bay ?? {}).map((b) => (b as { code: string }).code)).toEqual(['N1']);
		expect(Object.keys(southDesk.state.entities.repairOrder ?? {})).not.toContain(String(northId));

		const seen: Delta[] = [];
		const northSocket = server.connect({ cookie: north.cookie });
		northSocket.on('delta:v1', (d) => seen.push(d));
		await joined(northSocket, 'desk');
		const southMove = await call(url, 'POST', `/api/v1/repair-orders/${southOrder.id}/transitions`, southCookie, { action: 'submit', expectedVersion: southOrder.version });
		expect(southMove.status).toBe(200);
		await waitFor(() => southDesk.state.seq === southMove.body.seq && northDesk.state.seq === southMove.body.seq, 3000, 'both desks at the new seq');
		// The north screen moved to the new seq (no gap) without a word of the south store's order.
		expect(seen.find((d) => d.seq === southMove.body.seq)?.patches).toEqual([]);
		expect(JSON.stringify(northDesk.state.entities)).not.toContain(southOrder.number);
		expect(southDesk.state.entities.repairOrder[southOrder.id]).toMatchObject({ stage: 'waiting_dispatch' });

		const northMove = await call(url, 'POST', `/api/v1/repair-orders/${northId}/transitions`, north.cookie, { action: 'submit', expectedVersion: 1 });
		expect(northMove.status).toBe(200);
		await waitFor(() => southDesk.state.seq === northMove.body.seq && northDesk.state.seq === northMove.body.seq, 3000, 'both desks at the north seq');
		expect(northDesk.state.entities.repairOrder[northId]).toMatchObject({ stage: 'waiting_dispatch' });
		expect(JSON.stringify(southDesk.state.entities)).not.toContain('新A·N1234');
		northDesk.close();
		southDesk.close();
	});
});
