import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { migrationProvider } from '$lib/server/db/migrate';
import { refused, startServer, testEngine, waitFor } from './harness';
import { execute, type Actor } from '$lib/server/core/commands';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { SESSION_COOKIE } from '$lib/server/features/access/service';
import { requestParts } from '$lib/server/features/repair-orders/commands';
import { addPickLine, confirmPickLine, issueParts } from '$lib/server/features/parts/picking';
import { pickListImagesForPart, pickListView } from '$lib/server/features/parts/picking-live';
import { searchKeys } from '$lib/server/features/parts/search-keys';
import { LiveChannel } from '$lib/live/channel';
import type { PickListView, RepairOrderView } from '$lib/live/protocol';
import type { App } from '$lib/server/app';
import type { Role } from '$lib/domain/permissions';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let app: App;
beforeEach(async () => {
	server = await startServer();
	app = server.app;
});
afterEach(async () => server.close());

/** A signed-in person's cookie (a session as sign-in writes it). */
async function cookieOf(userId: number): Promise<string> {
	const token = randomToken(32);
	const now = Date.now();
	await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: userId, device_kind: 'desk', created_at: now, last_seen_at: now, ended_at: null }).execute();
	return `${SESSION_COOKIE}=${token}`;
}

async function person(role: Role): Promise<Actor & { kind: 'user' }> {
	const u = await app.db.selectFrom('users').selectAll().where('role', '=', role).where('active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
	return { kind: 'user', storeId: u.store_id, id: u.id, name: u.name, role, teamId: u.team_id, technicianId: u.technician_id, deviceKind: 'desk', sessionHash: `s${u.id}` };
}

async function call<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, cookie: string, body?: unknown): Promise<{ status: number; body: T }> {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as T };
}

/**
 * A small parts room beside the demo's: zone X (rack 1 and 2) and zone Y, five parts; a job in progress whose
 * technicians have a sign-in (the receivers).
 */
async function partsRoom() {
	const storeId = app.storeId;
	const zone = async (code: string, sort: number) =>
		(await app.db.insertInto('part_zones').values({ store_id: storeId, code, name_zh: `${code}区`, name_en: `Zone ${code}`, kind: 'common', sort }).returning('id').executeTakeFirstOrThrow()).id;
	const a = await zone('X', 90);
	const b = await zone('Y', 91);
	const bin = async (zoneId: number, code: string, rack: number, shelf: number) =>
		(await app.db.insertInto('part_bins').values({ store_id: storeId, zone_id: zoneId, code, rack, shelf, position: 1 }).returning('id').executeTakeFirstOrThrow()).id;
	const a11 = await bin(a, 'X-1-1', 1, 1);
	const a21 = await bin(a, 'X-2-1', 2, 1);
	const b11 = await bin(b, 'Y-1-1', 1, 1);
	const part = async (number: string, nameZh: string, nameEn: string, price: number, onHand: number, binId: number | null, barcode: string | null = null) =>
		(
			await app.db
				.insertInto('parts')
				.values({ store_id: storeId, number, barcode, name_zh: nameZh, name_en: nameEn, ...searchKeys(nameZh), price, on_hand: onHand, bin_id: binId, created_at: Date.now() })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const parts = {
		oilFilter: await part('T0152-YZZA1', '机油滤清器', 'Oil filter', 4500, 10, b11, '6999999567892'),
		airFilter: await part('T7801-0H050', '空气滤清器', 'Air filter', 8800, 5, a21),
		pads: await part('T0465-02220', '前刹车片', 'Front brake pads', 38_000, 1, a11),
		oil: await part('T8880-83716', '机油 0W-20 4L', 'Engine oil 0W-20 4L', 32_000, 20, null),
		wiper: await part('T5222-06180', '雨刮片', 'Wiper blade', 9000, 3, a21)
	};
	// A job in progress whose technicians can sign in.
	const jobs = await app.db
		.selectFrom('repair_orders as ro')
		.innerJoin('job_technicians as j', 'j.repair_order_id', 'ro.id')
		.innerJoin('users as u', 'u.technician_id', 'j.technician_id')
		.select(['ro.id', 'ro.team_id', 'u.id as user_id', 'u.name'])
		.where('ro.stage', '=', 'in_progress')
		.where('u.active', '=', 1)
		.orderBy('ro.id')
		.execute();
	expect(jobs.length).toBeGreaterThan(0);
	const job = jobs[0];
	const other = jobs.find((j) => j.id !== job.id) ?? null;
	const tech = await app.db.selectFrom('users').selectAll().where('id', '=', job.user_id).executeTakeFirstOrThrow();
	const techActor: Actor = { kind: 'user', storeId, id: tech.id, name: tech.name, role: tech.role as Role, teamId: tech.team_id, technicianId: tech.technician_id, deviceKind: 'tablet', sessionHash: 'tech' };
	return { parts, bins: { a11, a21, b11 }, job, other, tech, techActor };
}

const version = async (id: number) => (await app.db.selectFrom('repair_orders').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

async function counts() {
	const n = async (t: 'events' | 'parts_requests' | 'parts_request_lines' | 'issue_slips' | 'issue_slip_lines' | 'stock_movements' | 'special_orders') =>
		Number((await app.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const stock = await app.db.selectFrom('parts').select(['id', 'on_hand']).orderBy('id').execute();
	const requests = await app.db.selectFrom('parts_requests').select(['id', 'status', 'version']).orderBy('id').execute();
	const lines = await app.db.selectFrom('parts_request_lines').select(['id', 'qty', 'confirmed_at', 'issued_qty']).orderBy('id').execute();
	return {
		events: await n('events'),
		requests,
		lines,
		slips: await n('issue_slips'),
		slipLines: await n('issue_slip_lines'),
		movements: await n('stock_movements'),
		specialOrders: await n('special_orders'),
		stock
	};
}

/** A request through the tablet's route; answers the pick list as it stands. */
async function request(room: Awaited<ReturnType<typeof partsRoom>>, lines: { partId: number; qty: number }[], note?: string, jobId = room.job.id, actor: Actor = room.techActor): Promise<PickListView> {
	const { result } = await execute(app.commands, requestParts, { id: jobId, expectedVersion: await version(jobId), lines, note }, { actor });
	const id = result.partsRequests.at(-1)!.id;
	return (await pickListView(app.db, app.storeId, id))!;
}

async function confirmAll(list: PickListView, actor: Actor) {
	for (const l of list.lines) await execute(app.commands, confirmPickLine, { id: list.id, lineId: l.id }, { actor });
}

describe('parts requests with lines', () => {
	it('puts a request with lines on the parts channel at once, in walking order, with its receivers; the desk and the tablet see its lines', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const partsChannel = new LiveChannel(server.connect({ cookie: await cookieOf(picker.id) }), 'parts');
		const desk = new LiveChannel(server.connect(), 'desk');
		const tablet = new LiveChannel(server.connect({ cookie: await cookieOf(room.tech.id) }), 'tech');
		await waitFor(() => partsChannel.state.status === 'live' && desk.state.status === 'live' && tablet.state.status === 'live', 5000, 'live');

		const res = await call<RepairOrderView & { seq: number }>('POST', `/api/v1/repair-orders/${room.job.id}/parts-requests`, await cookieOf(room.tech.id), {
			expectedVersion: await version(room.job.id),
			note: '保养',
			lines: [
				{ partId: room.parts.oil, qty: 1 },
				{ partId: room.parts.oilFilter, qty: 1 },
				{ partId: room.parts.airFilter, qty: 1 },
				{ partId: room.parts.pads, qty: 1 },
				{ partId: room.parts.oilFilter, qty: 1 }
			]
		});
		expect(res.status).toBe(201);
		const requestId = res.body.partsRequests.at(-1)!.id;
		await waitFor(() => partsChannel.state.seq === res.body.seq && desk.state.seq === res.body.seq && tablet.state.seq === res.body.seq, 3000, 'deltas');
		const live = partsChannel.state.entities.pickList?.[requestId] as PickListView;
		expect(live).toMatchObject({ status: 'open', note: '保养', roNumber: expect.stringMatching(/^RO/), requestedBy: room.tech.name });
		// Walking order: X-1-1, X-2-1, Y-1-1, then the oil (no bin); the two oil filters are one line of 2.
		expect(live.lines.map((l) => [l.number, l.binCode, l.qty])).toEqual([
			['T0465-02220', 'X-1-1', 1],
			['T7801-0H050', 'X-2-1', 1],
			['T0152-YZZA1', 'Y-1-1', 2],
			['T8880-83716', null, 1]
		]);
		expect(live.lines[0]).toMatchObject({ onHand: 1, zoneCode: 'X', confirmedAt: null });
		expect(live.receivers.map((r) => r.userId)).toContain(room.tech.id);
		// The customer is not on the parts channel.
		expect(JSON.stringify(partsChannel.state.entities.pickList)).not.toMatch(/customer/i);
		for (const ch of [desk, tablet]) {
			const ro = ch.state.entities.repairOrder[room.job.id] as RepairOrderView;
			expect(ro.partsRequests.at(-1)).toMatchObject({ status: 'open', lines: expect.arrayContaining([expect.objectContaining({ number: 'T0152-YZZA1', qty: 2 })]) });
		}
		// The queue through the API as well.
		const queue = await call<{ items: PickListView[] }>('GET', '/api/v1/parts-requests', await cookieOf(picker.id));
		expect(queue.body.items.find((p) => p.id === requestId)?.lines).toHaveLength(4);
		// The stock work's hook: the lists holding a part.
		expect((await pickListImagesForPart(app.db, app.storeId, room.parts.pads)).map((i) => i.id)).toEqual([requestId]);
		expect(await pickListImagesForPart(app.db, app.storeId, room.parts.wiper)).toEqual([]);
		for (const ch of [partsChannel, desk, tablet]) ch.close();
	});

	it('takes a request off the queue when its order is cancelled before anyone picked it, and refuses picking it', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const dispatcher = await person('dispatcher');
		const partsChannel = new LiveChannel(server.connect({ cookie: await cookieOf(picker.id) }), 'parts');
		await waitFor(() => partsChannel.state.status === 'live', 5000, 'live');
		const dispatched = await app.db.selectFrom('repair_orders').select(['id']).where('stage', '=', 'dispatched').orderBy('id').executeTakeFirstOrThrow();
		const list = await request(room, [{ partId: room.parts.wiper, qty: 1 }], undefined, dispatched.id, dispatcher);
		await waitFor(() => partsChannel.state.entities.pickList?.[list.id] !== undefined, 3000, 'the list on the queue');
		const res = await call<{ seq: number }>('POST', `/api/v1/repair-orders/${dispatched.id}/transitions`, await cookieOf(dispatcher.id), {
			action: 'cancel',
			expectedVersion: await version(dispatched.id),
			reason: '客户改期'
		});
		expect(res.status).toBe(200);
		await waitFor(() => partsChannel.state.seq >= res.body.seq, 3000, 'the cancel delta');
		expect(partsChannel.state.entities.pickList?.[list.id]).toBeUndefined();
		const queue = await call<{ items: PickListView[] }>('GET', '/api/v1/parts-requests', await cookieOf(picker.id));
		expect(queue.body.items.map((p) => p.id)).not.toContain(list.id);
		const e = await refused(execute(app.commands, confirmPickLine, { id: list.id, lineId: list.lines[0].id }, { actor: picker }));
		expect(e).toMatchObject({ status: 409, code: 'order_closed' });
		partsChannel.close();
	});

	it('lets the advisor request parts, and a technician on another team not', async () => {
		const room = await partsRoom();
		const advisor = await person('service_advisor');
		const { result } = await execute(app.commands, requestParts, { id: room.job.id, expectedVersion: await version(room.job.id), lines: [{ partId: room.parts.wiper, qty: 2 }] }, { actor: advisor });
		expect(result.partsRequests.at(-1)).toMatchObject({ requestedBy: advisor.name, note: '', lines: [expect.objectContaining({ number: 'T5222-06180', qty: 2 })] });
		const outsider = await app.db
			.selectFrom('users')
			.selectAll()
			.where('role', '=', 'technician')
			.where('active', '=', 1)
			.where((eb) => eb.or([eb('team_id', '!=', room.job.team_id!), eb('team_id', 'is', null)]))
			.executeTakeFirstOrThrow();
		const res = await call('POST', `/api/v1/repair-orders/${room.job.id}/parts-requests`, await cookieOf(outsider.id), { expectedVersion: await version(room.job.id), lines: [{ partId: room.parts.wiper, qty: 1 }] });
		expect(res.status).toBe(403);
	});

	it.each([
		[{ lines: [{ qty: 0 }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: -1 }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: 1.5 }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: 1e9 }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: '2' }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: 600 }, { qty: 600 }] }, 400, 'lines.0.qty'],
		[{ lines: [{ qty: 1 }, { partId: 999_999, qty: 1 }] }, 404, 'lines.1.partId'],
		[{ lines: [{ partId: -3, qty: 1 }] }, 400, 'lines.0.partId'],
		[{ lines: [] }, 400, 'lines'],
		[{ note: '   ' }, 400, 'lines'],
		[{ lines: Array.from({ length: 31 }, () => ({ qty: 1 })) }, 400, 'lines']
	])('refuses a bad request (%j) by field, and writes nothing', async (body, status, field) => {
		const room = await partsRoom();
		const cookie = await cookieOf(room.tech.id);
		const lines = (body as { lines?: { partId?: number; qty: unknown }[] }).lines?.map((l) => ({ partId: room.parts.oilFilter, ...l }));
		const before = await counts();
		const res = await call('POST', `/api/v1/repair-orders/${room.job.id}/parts-requests`, cookie, { expectedVersion: await version(room.job.id), ...body, ...(lines ? { lines } : {}) });
		expect([res.status, res.body.field]).toEqual([status, field]);
		expect(String(res.body.message).length).toBeGreaterThan(5);
		expect(await counts()).toEqual(before);
	});
});

describe('picking', () => {
	it('confirms by scan (number or barcode, any case and dashes) and by tap; the first confirm marks who is picking', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const list = await request(room, [
			{ partId: room.parts.oilFilter, qty: 1 },
			{ partId: room.parts.pads, qty: 1 }
		]);
		const scanned = await call<PickListView>('POST', `/api/v1/parts-requests/${list.id}/confirm`, await cookieOf(picker.id), { code: '6999999567892' });
		expect(scanned.status).toBe(200);
		expect(scanned.body).toMatchObject({ status: 'picking', pickerName: picker.name, version: list.version + 1 });
		expect(scanned.body.lines.find((l) => l.partId === room.parts.oilFilter)).toMatchObject({ confirmedBy: picker.name });
		const typed = (await execute(app.commands, confirmPickLine, { id: list.id, code: 't046502220' }, { actor: picker })).result;
		expect(typed.lines.every((l) => l.confirmedAt !== null)).toBe(true);
		// The tablet sees "being picked by".
		const ro = (await app.db.selectFrom('parts_requests').select(['status', 'picker_name']).where('id', '=', list.id).executeTakeFirstOrThrow());
		expect(ro).toEqual({ status: 'picking', picker_name: picker.name });

		const other = await request(room, [{ partId: room.parts.airFilter, qty: 1 }]);
		const tapped = (await execute(app.commands, confirmPickLine, { id: other.id, lineId: other.lines[0].id }, { actor: picker })).result;
		expect(tapped.lines[0].confirmedAt).not.toBeNull();
	});

	it('refuses a wrong scan with the part expected next, and an unknown code with 404; neither writes anything', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const cookie = await cookieOf(picker.id);
		const list = await request(room, [
			{ partId: room.parts.oilFilter, qty: 1 },
			{ partId: room.parts.pads, qty: 1 }
		]);
		const before = await counts();
		const wrong = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, cookie, { code: 'T5222-06180' });
		expect(wrong.status).toBe(409);
		expect(wrong.body).toMatchObject({
			error: 'wrong_part',
			field: 'code',
			// Walking order: the pads at X-1-1 come before the oil filter at Y-1-1.
			expected: { number: 'T0465-02220', nameZh: '前刹车片', nameEn: 'Front brake pads', binCode: 'X-1-1' },
			scanned: { number: 'T5222-06180', binCode: 'X-2-1' }
		});
		const unknown = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, cookie, { code: 'NOPE-0000' });
		expect([unknown.status, unknown.body.error, unknown.body.field]).toEqual([404, 'unknown_code', 'code']);
		const noLine = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, cookie, { lineId: 999_999 });
		expect([noLine.status, noLine.body.field]).toEqual([404, 'lineId']);
		const both = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, cookie, { code: 'T0465-02220', lineId: list.lines[0].id });
		expect([both.status, both.body.field]).toEqual([400, 'code']);
		const none = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, cookie, {});
		expect([none.status, none.body.field]).toEqual([400, 'code']);
		// A technician may not pick.
		const tech = await call('POST', `/api/v1/parts-requests/${list.id}/confirm`, await cookieOf(room.tech.id), { code: 'T0465-02220' });
		expect(tech.status).toBe(403);
		expect(await counts()).toEqual(before);
	});

	it('adds a part to a request asked for in words; a note-only request cannot be issued before', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const cookie = await cookieOf(picker.id);
		const list = await request(room, [], '前刹车片一套');
		expect(list.lines).toEqual([]);
		const empty = await refused(execute(app.commands, issueParts, { id: list.id, receiverId: room.tech.id }, { actor: picker }));
		expect([empty.status, empty.code]).toEqual([409, 'no_lines']);
		for (const [body, status, field] of [
			[{ partId: room.parts.pads, qty: 0 }, 400, 'qty'],
			[{ partId: room.parts.pads, qty: 1000 }, 400, 'qty'],
			[{ partId: 999_999, qty: 1 }, 404, 'partId']
		] as const) {
			const res = await call('POST', `/api/v1/parts-requests/${list.id}/lines`, cookie, body);
			expect([res.status, res.body.field]).toEqual([status, field]);
		}
		const added = await call<PickListView>('POST', `/api/v1/parts-requests/${list.id}/lines`, cookie, { partId: room.parts.pads, qty: 1 });
		expect(added.status).toBe(200);
		expect(added.body.lines.map((l) => [l.number, l.qty])).toEqual([['T0465-02220', 1]]);
		const more = (await execute(app.commands, addPickLine, { id: list.id, partId: room.parts.pads, qty: 1 }, { actor: picker })).result;
		expect(more.lines.map((l) => l.qty)).toEqual([2]);
		const ro = (await app.db.selectFrom('parts_request_lines').select('part_id').where('request_id', '=', list.id).execute()).length;
		expect(ro).toBe(1);
	});
});

describe('issuing', () => {
	it('issues with the right PIN: slip, lines at their prices, movements, stock down, request issued; the desk and the tablet see it at once', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const cookie = await cookieOf(picker.id);
		const list = await request(room, [
			{ partId: room.parts.oilFilter, qty: 2 },
			{ partId: room.parts.airFilter, qty: 1 }
		]);
		const waiting = await request(room, [{ partId: room.parts.oilFilter, qty: 1 }]);
		const desk = new LiveChannel(server.connect(), 'desk');
		const tablet = new LiveChannel(server.connect({ cookie: await cookieOf(room.tech.id) }), 'tech');
		const kiosk = new LiveChannel(server.connect({ cookie }), 'parts');
		await waitFor(() => desk.state.status === 'live' && tablet.state.status === 'live' && kiosk.state.status === 'live', 5000, 'live');

		const early = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, cookie, { receiverId: room.tech.id, pin: '3333' });
		expect([early.status, early.body.error]).toEqual([409, 'not_confirmed']);
		await confirmAll(list, picker);

		const before = await counts();
		const wrongPin = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, cookie, { receiverId: room.tech.id, pin: '0000' });
		expect([wrongPin.status, wrongPin.body.error]).toEqual([401, 'wrong_pin']);
		const notReceiver = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, cookie, { receiverId: picker.id, pin: '6666' });
		expect([notReceiver.status, notReceiver.body.field]).toEqual([400, 'receiverId']);
		const noPin = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, cookie, { receiverId: room.tech.id });
		expect([noPin.status, noPin.body.field]).toEqual([400, 'pin']);
		const techIssues = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, await cookieOf(room.tech.id), { receiverId: room.tech.id, pin: '3333' });
		expect(techIssues.status).toBe(403);
		expect(await counts()).toEqual(before);

		const res = await call<{ pickList: PickListView; slip: { id: number; number: string; total: number; lines: { number: string; qty: number; unitPrice: number }[] }; seq: number }>(
			'POST',
			`/api/v1/parts-requests/${list.id}/issue`,
			cookie,
			{ receiverId: room.tech.id, pin: '3333' }
		);
		expect(res.status).toBe(200);
		const { pickList, slip } = res.body;
		expect(slip.number).toMatch(/^CK\d{8}-\d{3}$/);
		expect(slip.total).toBe(2 * 4500 + 8800);
		expect(slip.lines.map((l) => [l.number, l.qty, l.unitPrice])).toEqual([
			['T7801-0H050', 1, 8800],
			['T0152-YZZA1', 2, 4500]
		]);
		expect(pickList).toMatchObject({ status: 'issued', receivedByName: room.tech.name, slipNumber: slip.number, short: false });
		expect(pickList.lines.map((l) => l.issuedQty)).toEqual([1, 2]);
		const stock = await app.db.selectFrom('parts').select(['id', 'on_hand', 'last_issued_at']).where('id', 'in', [room.parts.oilFilter, room.parts.airFilter]).orderBy('id').execute();
		expect(stock.map((s) => s.on_hand)).toEqual([8, 4]);
		expect(stock.every((s) => s.last_issued_at !== null)).toBe(true);
		const moves = await app.db.selectFrom('stock_movements').selectAll().where('slip_id', '=', slip.id).orderBy('part_id').execute();
		expect(moves.map((mv) => [mv.kind, mv.qty, mv.on_hand_after, mv.repair_order_id, mv.actor_name])).toEqual([
			['issue', -2, 8, room.job.id, picker.name],
			['issue', -1, 4, room.job.id, picker.name]
		]);
		const row = await app.db.selectFrom('issue_slips').selectAll().where('id', '=', slip.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ repair_order_id: room.job.id, request_id: list.id, received_by_id: room.tech.id, issued_by_name: picker.name });
		expect(await counts()).toMatchObject({ slips: before.slips + 1, slipLines: before.slipLines + 2, movements: before.movements + 2, events: before.events + 1 });

		// "Parts ready" on the desk and the tablet, with the delta of this very command.
		await waitFor(() => desk.state.seq === res.body.seq && tablet.state.seq === res.body.seq && kiosk.state.seq === res.body.seq, 3000, 'deltas');
		for (const ch of [desk, tablet]) {
			const ro = ch.state.entities.repairOrder[room.job.id] as RepairOrderView;
			expect(ro.partsRequests.find((p) => p.id === list.id)).toMatchObject({ status: 'issued', receivedByName: room.tech.name, lines: expect.arrayContaining([expect.objectContaining({ issuedQty: 2 })]) });
		}
		// The kiosk: this list issued (today's), and the other list waiting for an oil filter shows the stock left.
		expect((kiosk.state.entities.pickList[list.id] as PickListView).status).toBe('issued');
		expect((kiosk.state.entities.pickList[waiting.id] as PickListView).lines[0].onHand).toBe(8);
		// The slip through the API.
		const read = await call('GET', `/api/v1/issue-slips/${slip.id}`, cookie);
		expect(read.body).toMatchObject({ number: slip.number, total: slip.total, receivedByName: room.tech.name });
		expect((await call('GET', '/api/v1/issue-slips/999999', cookie)).status).toBe(404);
		const issuedToday = await call<{ items: PickListView[] }>('GET', '/api/v1/parts-requests?status=issued', cookie);
		expect(issuedToday.body.items.map((p) => p.id)).toContain(list.id);
		expect(issuedToday.body.items.every((p) => p.status === 'issued')).toBe(true);
		// Once issued, nothing more happens to it.
		const again = await refused(execute(app.commands, issueParts, { id: list.id, receiverId: room.tech.id }, { actor: picker }));
		expect([again.status, again.code]).toEqual([409, 'already_issued']);
		for (const ch of [desk, tablet, kiosk]) ch.close();
	});

	it('numbers the day’s slips one after the other', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const numbers: string[] = [];
		for (let i = 0; i < 2; i++) {
			const list = await request(room, [{ partId: room.parts.oil, qty: 1 }]);
			await confirmAll(list, picker);
			numbers.push((await execute(app.commands, issueParts, { id: list.id, receiverId: room.tech.id }, { actor: picker })).result.slip!.number);
		}
		const counter = (n: string) => Number(n.split('-')[1]);
		expect(numbers[1].split('-')[0]).toBe(numbers[0].split('-')[0]);
		expect(counter(numbers[1])).toBe(counter(numbers[0]) + 1);
	});

	it('refuses a shortage with the list and writes nothing', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const list = await request(room, [
			{ partId: room.parts.pads, qty: 2 },
			{ partId: room.parts.oilFilter, qty: 1 }
		]);
		await confirmAll(list, picker);
		const before = await counts();
		const res = await call('POST', `/api/v1/parts-requests/${list.id}/issue`, await cookieOf(picker.id), { receiverId: room.tech.id, pin: '3333' });
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({ error: 'shortage', short: [{ partId: room.parts.pads, number: 'T0465-02220', nameZh: '前刹车片', nameEn: 'Front brake pads', want: 2, onHand: 1 }] });
		expect(await counts()).toEqual(before);
	});

	it('with orderShortage issues what there is and drafts a special order for the rest', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const list = await request(room, [
			{ partId: room.parts.pads, qty: 3 },
			{ partId: room.parts.oilFilter, qty: 1 }
		]);
		await confirmAll(list, picker);
		const before = await counts();
		const res = await call<{ pickList: PickListView; slip: { total: number; lines: { number: string; qty: number }[] }; specialOrderId: number }>(
			'POST',
			`/api/v1/parts-requests/${list.id}/issue`,
			await cookieOf(picker.id),
			{ receiverId: room.tech.id, pin: '3333', orderShortage: true }
		);
		expect(res.status).toBe(200);
		expect(res.body.pickList).toMatchObject({ status: 'issued', short: true });
		expect(res.body.pickList.lines.map((l) => [l.number, l.qty, l.issuedQty])).toEqual([
			['T0465-02220', 3, 1],
			['T0152-YZZA1', 1, 1]
		]);
		expect(res.body.slip.total).toBe(38_000 + 4500);
		const stock = await app.db.selectFrom('parts').select('on_hand').where('id', '=', room.parts.pads).executeTakeFirstOrThrow();
		expect(stock.on_hand).toBe(0);
		expect(await counts()).toMatchObject({ specialOrders: before.specialOrders + 1 });
		const order = await app.db.selectFrom('special_orders').selectAll().where('id', '=', res.body.specialOrderId).executeTakeFirstOrThrow();
		expect(order.repair_order_id).toBe(room.job.id);
		const lines = await app.db.selectFrom('special_order_lines').selectAll().where('order_id', '=', order.id).execute();
		expect(lines.map((l) => [l.part_id, l.number, l.qty])).toEqual([[room.parts.pads, 'T0465-02220', 2]]);
	});

	it('gives the last unit to exactly one of two pickers issuing at once; the other is told the shortage', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const manager = await person('manager');
		const first = await request(room, [{ partId: room.parts.pads, qty: 1 }]);
		const second = await request(room, [{ partId: room.parts.pads, qty: 1 }], undefined, room.other?.id ?? room.job.id, await person('service_advisor'));
		await confirmAll(first, picker);
		await confirmAll(second, manager);
		const receiver = async (list: PickListView) => list.receivers[0].userId;
		const [a, b] = await Promise.all([
			call('POST', `/api/v1/parts-requests/${first.id}/issue`, await cookieOf(picker.id), { receiverId: await receiver((await pickListView(app.db, app.storeId, first.id))!), pin: '3333' }),
			call('POST', `/api/v1/parts-requests/${second.id}/issue`, await cookieOf(manager.id), { receiverId: await receiver((await pickListView(app.db, app.storeId, second.id))!), pin: '3333' })
		]);
		expect([a.status, b.status].sort()).toEqual([200, 409]);
		expect([a, b].find((r) => r.status === 409)!.body.error).toBe('shortage');
		const pads = await app.db.selectFrom('parts').select('on_hand').where('id', '=', room.parts.pads).executeTakeFirstOrThrow();
		expect(pads.on_hand).toBe(0);
		expect(await app.db.selectFrom('issue_slips').select('id').where('request_id', 'in', [first.id, second.id]).execute()).toHaveLength(1);
		const statuses = await app.db.selectFrom('parts_requests').select('status').where('id', 'in', [first.id, second.id]).execute();
		expect(statuses.map((s) => s.status).sort()).toEqual(['issued', 'picking']);
	});
});

describe('the migration that lets a request be picking', () => {
	it('rolls back and forth keeping every request, line and slip, and every reference', async () => {
		const room = await partsRoom();
		const picker = await person('parts');
		const list = await request(room, [{ partId: room.parts.oil, qty: 1 }]);
		await confirmAll(list, picker);
		await execute(app.commands, issueParts, { id: list.id, receiverId: room.tech.id }, { actor: picker });
		const picking = await request(room, [{ partId: room.parts.oil, qty: 1 }]);
		await confirmAll(picking, picker);
		const tables = ['parts_requests', 'parts_request_lines', 'issue_slips', 'issue_slip_lines'];
		const schema = () =>
			testEngine === 'postgres'
				? sql<{ sql: string }>`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as sql from pg_constraint where conrelid::regclass::text in (${sql.join(tables)}) order by 1`.execute(app.db)
				: sql<{ sql: string }>`select sql from sqlite_master where tbl_name in (${sql.join(tables)}) order by name`.execute(app.db);
		const before = { schema: (await schema()).rows, rows: await counts() };
		const migrator = new Migrator({ db: app.db, provider: migrationProvider });
		// Down to just before the picking migration (later migrations are undone on the way), and up again.
		expect((await migrator.migrateTo('2026-11-30T2100_parts')).error).toBeUndefined();
		expect((await app.db.selectFrom('parts_requests').select('status').where('id', '=', picking.id).executeTakeFirstOrThrow()).status).toBe('open');
		await expect(app.db.updateTable('parts_requests').set({ status: 'picking' }).where('id', '=', picking.id).execute()).rejects.toThrow(/CHECK|check constraint/);
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		await app.db.updateTable('parts_requests').set({ status: 'picking' }).where('id', '=', picking.id).execute();
		expect({ schema: (await schema()).rows, rows: await counts() }).toEqual(before);
		// SQLite checks every reference after the rebuild; PostgreSQL never lets one break.
		if (testEngine === 'sqlite') expect((await sql`pragma foreign_key_check`.execute(app.db)).rows).toEqual([]);
		await expect(app.db.insertInto('parts_request_lines').values({ request_id: 999_999, part_id: room.parts.oil, qty: 1 }).execute()).rejects.toThrow(/FOREIGN KEY|foreign key constraint/);
	});
});
