import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie, startServer, waitFor, call as jsonCall } from './harness';
import { LiveChannel } from '$lib/live/channel';
import { execute, type Actor } from '$lib/server/core/commands';
import { createRepairOrder, transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { SESSION_COOKIE } from '$lib/server/features/access/service';
import { bayHold, equipmentState, taskDue } from '$lib/domain/equipment';
import { bayLiftHolds } from '$lib/server/features/workshop/repository';
import type { Role } from '$lib/domain/permissions';
import type { BayView, EquipmentView } from '$lib/live/protocol';

/** Equipment over the API: machines and plans, logging work, refusals that write nothing, lifts that hold their bay, counted cycles. */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown> & Partial<EquipmentView> };
const call = (url: string, method: string, path: string, cookie: string, body?: unknown): Promise<Answer> => jsonCall<Answer['body']>(url, method, path, cookie, body);

const DAY = 86_400_000;
const person = (id: number, name: string, role: Role): Actor => ({ kind: 'user', storeId: 1, id, name, role, teamId: null, technicianId: null, deviceKind: 'desk', sessionHash: `s${id}` });
const advisor = person(7, '李娜', 'service_advisor');
const dispatcher = person(8, '赵强', 'dispatcher');

async function setUp() {
	server = await startServer();
	const s = server;
	const { app, url } = s;
	const roles: Role[] = ['manager', 'technician', 'dispatcher', 'team_leader', 'service_advisor'];
	const cookies = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await sessionCookie(app, r)] as const))) as Record<Role, string>;
	const as = (role: Role) => ({
		get: (path: string) => call(url, 'GET', path, cookies[role]),
		post: (path: string, body: unknown) => call(url, 'POST', path, cookies[role], body)
	});
	const count = async (t: 'events' | 'equipment' | 'maintenance_tasks' | 'maintenance_log') =>
		Number((await app.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => ({ events: await count('events'), equipment: await count('equipment'), tasks: await count('maintenance_tasks'), log: await count('maintenance_log') });
	const { time_zone: timeZone } = await app.db.selectFrom('stores').select('time_zone').where('id', '=', app.storeId).executeTakeFirstOrThrow();
	// A bay of our own, so the demo's machines and cars never get in the way.
	await app.db.insertInto('bays').values({ store_id: app.storeId, code: 'EQ1', name_zh: '设备测试', name_en: 'Equipment test', kind: 'mechanical' }).execute();
	const lift = async (code = 'TLIFT-1', fields: Record<string, unknown> = {}) => {
		const res = await as('manager').post('/api/v1/equipment', {
			code,
			nameZh: '二柱举升机',
			nameEn: 'Two-post lift',
			type: 'two_post_lift',
			bay: 'EQ1',
			usageUnit: 'cycles',
			...fields
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		return res.body as unknown as EquipmentView;
	};
	/** A new order, checked in and waiting, ready for dispatch. */
	const waitingOrder = async (n: number) => {
		const { result } = await execute(
			app.commands,
			createRepairOrder,
			{ vehicle: { plate: `粤B·E${String(10000 + n)}`, model: '凯美瑞 Camry' }, customer: { name: '陈先生', phone: '13800000000' }, operations: ['MNT-STD'] },
			{ actor: advisor }
		);
		return (await execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: result.version }, { actor: advisor })).result;
	};
	const dispatch = (o: { id: number; version: number }) =>
		execute(app.commands, transitionRepairOrder, { id: o.id, action: 'dispatch', bay: 'EQ1', team: 'T1', crewSize: 1, expectedVersion: o.version }, { actor: dispatcher });
	/** The job leaves the bay (as if finished): the next one can be dispatched to it. */
	const leaveBay = (id: number) => app.db.updateTable('repair_orders').set({ stage: 'ready', bay_id: null }).where('id', '=', id).execute();
	return { app, url, s, cookies, as, counts, timeZone, lift, waitingOrder, dispatch, leaveBay };
}

describe('equipment', () => {
	it('creates a machine with a plan, logs work (the state goes ok), and keeps a log newest first', async () => {
		const { as, counts, timeZone, app } = await setUp();
		const before = await counts();
		const created = await as('manager').post('/api/v1/equipment', {
			code: 'TCOMP-1',
			nameZh: '空压机',
			nameEn: 'Compressor',
			type: 'compressor',
			location: 'Compressor room',
			usageUnit: 'hours',
			tasks: [
				{ nameZh: '更换压缩机油', nameEn: 'Change compressor oil', everyCount: 6, everyUnit: 'month', everyUsage: 500, leadDays: 14, leadUsage: 50 },
				{ nameZh: '排放储气罐积水', nameEn: 'Drain the tank', everyCount: 1, everyUnit: 'week' }
			]
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const e = created.body as unknown as EquipmentView;
		expect(e).toMatchObject({ code: 'TCOMP-1', inService: true, bayCode: null, usageTotal: 0, planVersion: 1 });
		expect(e.tasks).toHaveLength(2);
		expect(await counts()).toEqual({ ...before, events: before.events + 1, equipment: before.equipment + 1, tasks: before.tasks + 2 });
		const now = app.now();
		expect(equipmentState(e, now, timeZone).state).toBe('due');

		const read = await as('technician').post('/api/v1/equipment/TCOMP-1/log', { kind: 'reading', reading: 1200 });
		expect(read.status, JSON.stringify(read.body)).toBe(201);
		expect(read.body).toMatchObject({ usageTotal: 0, lastReading: 1200 });
		const moved = await as('technician').post('/api/v1/equipment/TCOMP-1/log', { kind: 'reading', reading: 1300, notes: '月检' });
		expect(moved.body).toMatchObject({ usageTotal: 100, lastReading: 1300 });
		for (const t of e.tasks) {
			const done = await as('technician').post('/api/v1/equipment/TCOMP-1/log', { kind: 'done', taskId: t.id, notes: 'ok', reading: t === e.tasks[0] ? 1310 : undefined });
			expect(done.status, JSON.stringify(done.body)).toBe(201);
		}
		const got = await as('technician').get('/api/v1/equipment/TCOMP-1');
		expect(got.status).toBe(200);
		const view = got.body.equipment as EquipmentView;
		expect(view.usageTotal).toBe(110);
		expect(view.tasks[0]).toMatchObject({ lastDoneUsage: 110 });
		expect(equipmentState(view, app.now(), timeZone).state).toBe('ok');
		const log = got.body.log as { kind: string; usageAt: number; actorName: string; taskNameEn: string | null; reading: number | null }[];
		expect(log.map((l) => [l.kind, l.usageAt])).toEqual([
			['done', 110],
			['done', 110],
			['reading', 100],
			['reading', 0]
		]);
		expect(log.find((l) => l.taskNameEn === 'Change compressor oil')?.reading).toBe(1310);
		expect(log[0].actorName.length).toBeGreaterThan(0);

		// A new meter starts again lower; the total keeps growing.
		const swapped = await as('technician').post('/api/v1/equipment/TCOMP-1/log', { kind: 'reading', reading: 5, meterReplaced: true });
		expect(swapped.body).toMatchObject({ usageTotal: 110, lastReading: 5 });
		const after = await as('technician').post('/api/v1/equipment/TCOMP-1/log', { kind: 'reading', reading: 25 });
		expect(after.body).toMatchObject({ usageTotal: 130, lastReading: 25 });

		const list = await as('technician').get('/api/v1/equipment');
		expect((list.body.items as EquipmentView[]).some((x) => x.code === 'TCOMP-1')).toBe(true);

		// Plan changes bump the plan version; a retired task leaves the plan.
		const added = await as('manager').post('/api/v1/equipment/TCOMP-1/tasks', { nameZh: '检查皮带', nameEn: 'Check the belt', everyCount: 3, everyUnit: 'month' });
		expect(added.status, JSON.stringify(added.body)).toBe(201);
		expect(added.body.planVersion).toBe(2);
		const retired = await as('manager').post(`/api/v1/equipment/TCOMP-1/tasks/${e.tasks[1].id}`, { active: false });
		expect(retired.status, JSON.stringify(retired.body)).toBe(200);
		expect(retired.body.planVersion).toBe(3);
		expect((retired.body.tasks as unknown[]).length).toBe(2);
		const changed = await as('manager').post(`/api/v1/equipment/TCOMP-1/tasks/${e.tasks[0].id}`, { everyUsage: 400 });
		expect(changed.status, JSON.stringify(changed.body)).toBe(200);
		expect(changed.body.tasks![0]).toMatchObject({ everyUsage: 400, everyCount: 6 });
	});

	it('refuses bad input naming the field, and writes nothing', async () => {
		const { as, counts, lift } = await setUp();
		const e = await lift();
		await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'reading', reading: 100 });
		const task = await as('manager').post('/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyCount: 1, everyUnit: 'month', safety: true });
		const taskId = (task.body.tasks as { id: number }[])[0].id;
		const before = await counts();
		const future = new Date(Date.now() + DAY).toISOString();
		const cases: [string, string, unknown, number, string | undefined][] = [
			['manager', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyCount: 0, everyUnit: 'day' }, 400, 'everyCount'],
			['manager', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyUsage: -5 }, 400, 'everyUsage'],
			['manager', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check' }, 400, 'every'],
			['manager', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyUnit: 'week' }, 400, 'everyCount'],
			['manager', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyCount: 2 }, 400, 'everyUnit'],
			['manager', `/api/v1/equipment/TLIFT-1/tasks/${taskId}`, { everyCount: null, everyUnit: null }, 400, 'every'],
			['manager', '/api/v1/equipment', { code: 'TLIFT-1', nameZh: '重复', nameEn: 'Dup', type: 'other' }, 409, 'code'],
			['manager', '/api/v1/equipment', { code: 'TX-1', nameZh: '无', nameEn: 'None', type: 'other', bay: 'NOPE' }, 400, 'bay'],
			['manager', '/api/v1/equipment', { code: 'TX-2', nameZh: '无', nameEn: 'None', type: 'other', tasks: [{ nameZh: '空', nameEn: 'Empty' }] }, 400, 'tasks.0.every'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'reading', reading: 99 }, 400, 'reading'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'reading' }, 400, 'reading'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId, at: future }, 400, 'at'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId, at: '2019-12-31T00:00:00Z' }, 400, 'at'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId, at: 'yesterday' }, 400, 'at'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'done' }, 400, 'taskId'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId: 999999 }, 404, 'taskId'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'check_failed', taskId, outOfService: true }, 400, 'reason'],
			['technician', '/api/v1/equipment/TLIFT-1/log', { kind: 'repair', backInService: true }, 403, undefined],
			['technician', '/api/v1/equipment/NOPE/log', { kind: 'reading', reading: 1 }, 404, 'equipment'],
			['technician', '/api/v1/equipment', { code: 'TX-3', nameZh: '无', nameEn: 'None', type: 'other' }, 403, undefined],
			['technician', '/api/v1/equipment/TLIFT-1/tasks', { nameZh: '检查', nameEn: 'Check', everyCount: 1, everyUnit: 'day' }, 403, undefined],
			['technician', '/api/v1/equipment/TLIFT-1/service', { inService: false, reason: '漏油' }, 403, undefined],
			['team_leader', '/api/v1/equipment/TLIFT-1/service', { inService: false }, 400, 'reason'],
			['manager', '/api/v1/equipment/TLIFT-1', { nameEn: 'Stale', expectedVersion: e.version }, 409, 'expectedVersion']
		];
		for (const [role, path, body, status, field] of cases) {
			const res = await as(role as Role).post(path, body);
			expect([res.status, res.body.field], `${role} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toEqual([status, field]);
			expect(String(res.body.message ?? '').length).toBeGreaterThan(5);
		}
		expect(await counts()).toEqual(before);
		// A task of another machine is not this one's.
		await lift('TLIFT-2');
		const other = await as('technician').post('/api/v1/equipment/TLIFT-2/log', { kind: 'done', taskId });
		expect([other.status, other.body.field]).toEqual([404, 'taskId']);
	});

	it('the log is only added to: the database refuses to change or remove a row', async () => {
		const { app, as, lift } = await setUp();
		await lift();
		await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'reading', reading: 7 });
		const row = await app.db.selectFrom('maintenance_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
		await expect(app.db.updateTable('maintenance_log').set({ notes: 'changed' }).where('id', '=', row.id).execute()).rejects.toThrow(/only added to/);
		await expect(app.db.deleteFrom('maintenance_log').where('id', '=', row.id).execute()).rejects.toThrow(/only added to/);
	});

	it('a lift out of service holds its bay: dispatch refused with the reason, the bay board shows it; back in service, dispatch works and counts a cycle', async () => {
		const { app, s, as, cookies, lift, waitingOrder, dispatch, leaveBay, timeZone, counts } = await setUp();
		const e = await lift('TLIFT-1', { tasks: [{ nameZh: '保养', nameEn: 'Service', everyUsage: 3, leadUsage: 1 }] });
		await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId: e.tasks[0].id });
		const bays = new LiveChannel(s.connect({ cookie: cookies.dispatcher }), 'bays');
		const eqBoard = new LiveChannel(s.connect({ cookie: cookies.technician }), 'equipment');
		await waitFor(() => bays.state.status === 'live' && eqBoard.state.status === 'live', 5000, 'live');
		const bayId = (await app.db.selectFrom('bays').select('id').where('code', '=', 'EQ1').executeTakeFirstOrThrow()).id;
		const liveBay = () => (bays.state.entities.bay ?? {})[String(bayId)] as BayView | undefined;
		expect(liveBay()?.lifts.map((l) => l.code)).toEqual(['TLIFT-1']);

		const down = await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'check_failed', taskId: e.tasks[0].id, notes: '液压缸漏油', outOfService: true, reason: '液压漏油' });
		expect(down.status, JSON.stringify(down.body)).toBe(201);
		expect(down.body).toMatchObject({ inService: false, outOfServiceReason: '液压漏油' });
		await waitFor(() => liveBay()?.lifts[0]?.inService === false, 5000, 'the bay board sees the lift down');
		expect(bayHold(liveBay()!.lifts, app.now(), timeZone)).toMatchObject({ code: 'TLIFT-1', reason: 'out_of_service', detail: '液压漏油' });
		await waitFor(() => (eqBoard.state.entities.equipment?.[String(e.id)] as EquipmentView | undefined)?.inService === false, 5000, 'the equipment board');

		const order = await waitingOrder(1);
		const before = await counts();
		const refusedDispatch = await dispatch(order).catch((err) => err);
		expect(refusedDispatch).toMatchObject({ status: 409, code: 'bay_unavailable', field: 'bay' });
		expect(refusedDispatch.details.hold).toMatchObject({ reason: 'out_of_service', code: 'TLIFT-1' });
		expect(refusedDispatch.message).toContain('液压漏油');
		expect(await counts()).toEqual(before);
		// The desk's free bays leave it out, and say why.
		const free = await as('dispatcher').get('/api/v1/bays');
		const eq1 = (free.body.items as (BayView & { hold: unknown })[]).find((b) => b.code === 'EQ1')!;
		expect(eq1.hold).toMatchObject({ reason: 'out_of_service' });
		expect((await bayLiftHolds(app.db, app.storeId, app.now())).get(bayId)).toMatchObject({ code: 'TLIFT-1' });

		// A repair brings it back (the team leader may), and the bay takes cars again.
		const back = await as('team_leader').post('/api/v1/equipment/TLIFT-1/log', { kind: 'repair', notes: '更换密封圈', backInService: true });
		expect(back.status, JSON.stringify(back.body)).toBe(201);
		expect(back.body).toMatchObject({ inService: true, outOfServiceReason: null });
		await waitFor(() => liveBay()?.lifts[0]?.inService === true, 5000, 'the bay board sees the lift back');
		const log = (await as('technician').get('/api/v1/equipment/TLIFT-1')).body.log as { kind: string }[];
		expect(log.map((l) => l.kind).slice(0, 3)).toEqual(['back_in_service', 'repair', 'out_of_service']);

		// Each dispatch counts one cycle on the lift; its plan by cycles goes due after 3.
		let o = order;
		for (let i = 1; i <= 3; i++) {
			const { result } = await dispatch(o);
			expect(result.bayId).toBe(bayId);
			const view = (await as('technician').get('/api/v1/equipment/TLIFT-1')).body.equipment as EquipmentView;
			expect(view.usageTotal).toBe(i);
			expect(taskDue(view.tasks[0], view.usageTotal, app.now(), timeZone).state).toBe(i < 2 ? 'ok' : i < 3 ? 'due_soon' : 'due');
			await leaveBay(result.id);
			o = await waitingOrder(i + 1);
		}
		await waitFor(() => liveBay()?.lifts[0]?.usageTotal === 3, 5000, 'the bay image carries the counted cycles');
		bays.close?.();
		eqBoard.close?.();
	});

	it('a safety inspection overdue holds the bay until it is done; a lift out of service by the service route too', async () => {
		const { as, lift, waitingOrder, dispatch } = await setUp();
		const e = await lift('TLIFT-1', { tasks: [{ nameZh: '安全检查', nameEn: 'Safety inspection', everyCount: 1, everyUnit: 'day', safety: true }] });
		const taskId = e.tasks[0].id;
		await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId, at: Date.now() - 3 * DAY });
		const order = await waitingOrder(1);
		const held = await dispatch(order).catch((err) => err);
		expect(held).toMatchObject({ status: 409, code: 'bay_unavailable', field: 'bay' });
		expect(held.details.hold).toMatchObject({ reason: 'safety_overdue', detail: '安全检查' });
		await as('technician').post('/api/v1/equipment/TLIFT-1/log', { kind: 'done', taskId, passed: true });
		const { result } = await dispatch(order);
		expect(result.stage).toBe('dispatched');

		const out = await as('dispatcher').post('/api/v1/equipment/TLIFT-1/service', { inService: false, reason: '年检' });
		expect(out.status, JSON.stringify(out.body)).toBe(200);
		expect(out.body.inService).toBe(false);
		const again = await as('dispatcher').post('/api/v1/equipment/TLIFT-1/service', { inService: false, reason: '年检' });
		expect([again.status, again.body.error]).toEqual([409, 'no_change']);
		const inAgain = await as('dispatcher').post('/api/v1/equipment/TLIFT-1/service', { inService: true });
		expect(inAgain.body.inService).toBe(true);
	});

	it('a car sent back from QC does not return to a bay whose lift went down meanwhile', async () => {
		const { app, as, lift, waitingOrder, dispatch } = await setUp();
		await lift('TLIFT-9');
		const dispatched = (await dispatch(await waitingOrder(9))).result;
		// Worked and finished (the stages between are the workflow's own tests'), now at final QC with its bay kept.
		await app.db.updateTable('repair_orders').set({ stage: 'final_qc' }).where('id', '=', dispatched.id).execute();
		const down = await as('manager').post('/api/v1/equipment/TLIFT-9/service', { inService: false, reason: '链条断裂' });
		expect(down.status, JSON.stringify(down.body)).toBe(200);
		const qc = person(5, '孙磊', 'qc_inspector');
		const { version } = await app.db.selectFrom('repair_orders').select('version').where('id', '=', dispatched.id).executeTakeFirstOrThrow();
		const { result } = await execute(app.commands, transitionRepairOrder, { id: dispatched.id, action: 'qc_fail', reason: '异响未排除', expectedVersion: version }, { actor: qc });
		expect(result.stage).not.toBe('final_qc');
		expect(result.bayId).toBeNull();
	});

	it('opens a machine by a code of digits only (as painted on it), and by its id', async () => {
		const { as, lift } = await setUp();
		const e = await lift('4711', { bay: undefined, location: '轮胎间' });
		expect((await as('technician').get('/api/v1/equipment/4711')).body).toMatchObject({ equipment: { id: e.id, code: '4711' } });
		expect((await as('technician').get(`/api/v1/equipment/${e.id}`)).body).toMatchObject({ equipment: { code: '4711' } });
	});

	it("another store's machines are never seen", async () => {
		const { app, url, lift } = await setUp();
		await lift();
		const now = Date.now();
		const { id: storeId } = await app.db.insertInto('stores').values({ code: 'north', name_zh: '北区店', name_en: 'North store', time_zone: 'Asia/Shanghai', created_at: now }).returning('id').executeTakeFirstOrThrow();
		const { id } = await app.db
			.insertInto('users')
			.values({ store_id: storeId, name: '北区经理', name_latin: null, role: 'manager', team_id: null, technician_id: null, pin_hash: 'x', created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const token = randomToken(32);
		await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: id, device_kind: 'desk', created_at: now, last_seen_at: now, ended_at: null }).execute();
		const north = `${SESSION_COOKIE}=${token}`;
		const list = await call(url, 'GET', '/api/v1/equipment', north);
		expect(list.status).toBe(200);
		expect(JSON.stringify(list.body)).not.toContain('TLIFT-1');
		expect((await call(url, 'GET', '/api/v1/equipment/TLIFT-1', north)).status).toBe(404);
		expect((await call(url, 'POST', '/api/v1/equipment/TLIFT-1/log', north, { kind: 'reading', reading: 5 })).status).toBe(404);
		// Its own machine may take the same code.
		const own = await call(url, 'POST', '/api/v1/equipment', north, { code: 'TLIFT-1', nameZh: '举升机', nameEn: 'Lift', type: 'two_post_lift', bay: 'EQ1' });
		expect([own.status, own.body.field]).toEqual([400, 'bay']);
		const ok = await call(url, 'POST', '/api/v1/equipment', north, { code: 'TLIFT-1', nameZh: '举升机', nameEn: 'Lift', type: 'two_post_lift' });
		expect(ok.status).toBe(201);
	});

	it('lists its routes in the OpenAPI document', async () => {
		const { url, cookies } = await setUp();
		const doc = await call(url, 'GET', '/api/v1/openapi.json', cookies.manager);
		const paths = doc.body.paths as Record<string, Record<string, unknown>>;
		expect(Object.keys(paths['/equipment'] ?? {}).sort()).toEqual(['get', 'post']);
		expect(Object.keys(paths['/equipment/{code}'] ?? {}).sort()).toEqual(['get', 'post']);
		for (const p of ['/equipment/{code}/tasks', '/equipment/{code}/tasks/{taskId}', '/equipment/{code}/log', '/equipment/{code}/service']) expect(Object.keys(paths[p] ?? {})).toEqual(['post']);
	});
});
