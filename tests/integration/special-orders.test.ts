import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie, startServer, waitFor, call as jsonCall } from './harness';
import { LiveChannel } from '$lib/live/channel';
import { execute, systemActor, type Actor } from '$lib/server/core/commands';
import { createRepairOrder } from '$lib/server/features/repair-orders/commands';
import { draftSpecialOrder } from '$lib/server/features/parts/special-orders';
import { specialOrderView } from '$lib/server/features/parts/special-orders-repository';
import { addDays, storeDay } from '$lib/domain/special-orders';
import type { Role } from '$lib/domain/permissions';
import type { SpecialOrderView } from '$lib/live/protocol';

/** Special orders over the API: the chain with the right people, refusals that write nothing, what each channel sees. */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown> & Partial<SpecialOrderView> };
const call = (url: string, method: string, path: string, cookie: string, body?: unknown): Promise<Answer> => jsonCall<Answer['body']>(url, method, path, cookie, body);

const newOrder = {
	customerName: '陈建国',
	customerPhone: '13900001111',
	plate: '粤B·S01234',
	model: '凯美瑞 Camry',
	lines: [
		{ number: '52119-06923', name: '前保险杠', qty: 1 },
		{ number: '81110-06K30', name: '左前大灯总成', qty: 1 }
	],
	note: '客户要求原厂件'
};

async function setUp() {
	server = await startServer();
	const { app, url } = server;
	const cookies = Object.fromEntries(
		await Promise.all((['booking', 'parts', 'service_advisor', 'manager', 'technician', 'dispatcher'] as Role[]).map(async (r) => [r, await sessionCookie(app, r)] as const))
	) as Record<Role, string>;
	const as = (role: Role) => ({
		get: (path: string) => call(url, 'GET', path, cookies[role]),
		post: (path: string, body: unknown) => call(url, 'POST', path, cookies[role], body)
	});
	const user = async (role: Role) => app.db.selectFrom('users').select(['id', 'name']).where('role', '=', role).orderBy('id').executeTakeFirstOrThrow();
	const count = async (t: 'events' | 'special_orders' | 'special_order_steps' | 'special_order_lines') =>
		Number((await app.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => ({ events: await count('events'), orders: await count('special_orders'), steps: await count('special_order_steps'), lines: await count('special_order_lines') });
	const { time_zone: timeZone } = await app.db.selectFrom('stores').select('time_zone').where('id', '=', app.storeId).executeTakeFirstOrThrow();
	const today = storeDay(Date.now(), timeZone);
	const bin = (await app.db.selectFrom('part_bins').select('code').where('store_id', '=', app.storeId).orderBy('id').executeTakeFirstOrThrow()).code;
	const repairOrder = (await app.db.selectFrom('repair_orders').select(['id', 'number']).where('store_id', '=', app.storeId).orderBy('id').executeTakeFirstOrThrow());
	return { app, url, cookies, as, user, counts, today, bin, repairOrder };
}

type Ctx = Awaited<ReturnType<typeof setUp>>;

/** Takes a step as `role`, expecting it to succeed; answers the order as it now stands. */
async function step(ctx: Ctx, role: Role, order: { id?: number; version?: number }, action: string, fields: Record<string, unknown> = {}) {
	const res = await ctx.as(role).post(`/api/v1/special-orders/${order.id}/steps`, { action, expectedVersion: order.version, ...fields });
	expect(res.status, `${action} by ${role}: ${JSON.stringify(res.body)}`).toBe(200);
	return res.body;
}

describe('special orders over the API', () => {
	it('runs registered → reviewed → ordered → arrived → advisor told → customer told → visit agreed → fitted, each step with its owner and time', async () => {
		const ctx = await setUp();
		const advisor = await ctx.user('service_advisor');
		const created = await ctx.as('booking').post('/api/v1/special-orders', { ...newOrder, advisorId: advisor.id });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ step: 'registered', version: 1, customerName: '陈建国', customerPhone: '13900001111', advisorId: advisor.id, advisorName: advisor.name, plate: '粤B·S01234' });
		// DD + the store's day + the day's counter (the demo's own orders may have taken the first numbers).
		expect(created.body.number).toMatch(/^DD\d{8}-\d{2}$/);
		expect(created.body.lines!.map((l) => [l.number, l.name, l.qty])).toEqual([
			['52119-06923', '前保险杠', 1],
			['81110-06K30', '左前大灯总成', 1]
		]);

		let o = created.body;
		o = await step(ctx, 'parts', o, 'review');
		o = await step(ctx, 'parts', o, 'order', { supplierRef: 'GTMC-PO-88123', expectedDate: addDays(ctx.today) });
		expect(o).toMatchObject({ step: 'ordered', supplierRef: 'GTMC-PO-88123', expectedDate: addDays(ctx.today) });
		o = await step(ctx, 'parts', o, 'arrive', { bin: ctx.bin.toLowerCase() });
		expect(o).toMatchObject({ step: 'arrived', binCode: ctx.bin, alertAll: false });
		o = await step(ctx, 'service_advisor', o, 'notify_advisor');
		o = await step(ctx, 'service_advisor', o, 'inform_customer', { note: '电话已通知' });
		o = await step(ctx, 'service_advisor', o, 'agree_visit', { visitDate: ctx.today });
		expect(o).toMatchObject({ step: 'visit_agreed', visitDate: ctx.today });
		o = await step(ctx, 'service_advisor', o, 'fit', { repairOrderId: ctx.repairOrder.id });
		expect(o).toMatchObject({ step: 'fitted', version: 8, fittedRepairOrderId: ctx.repairOrder.id, fittedRoNumber: ctx.repairOrder.number });

		const parts = await ctx.user('parts');
		const booking = await ctx.user('booking');
		expect(o.steps!.map((s) => [s.step, s.actorName, s.actorId])).toEqual([
			['registered', booking.name, String(booking.id)],
			['reviewed', parts.name, String(parts.id)],
			['ordered', parts.name, String(parts.id)],
			['arrived', parts.name, String(parts.id)],
			['advisor_notified', advisor.name, String(advisor.id)],
			['customer_informed', advisor.name, String(advisor.id)],
			['visit_agreed', advisor.name, String(advisor.id)],
			['fitted', advisor.name, String(advisor.id)]
		]);
		expect(o.steps!.every((s) => Math.abs(s.at - Date.now()) < 60_000)).toBe(true);
		expect(o.steps!.find((s) => s.step === 'customer_informed')!.note).toBe('电话已通知');
		const events = await ctx.app.db.selectFrom('events').select(['type', 'actor_name']).where('subject_kind', '=', 'specialOrder').where('subject_id', '=', o.id!).orderBy('seq').execute();
		expect(events.map((e) => e.type)).toEqual([
			'specialOrder.registered',
			'specialOrder.reviewed',
			'specialOrder.ordered',
			'specialOrder.arrived',
			'specialOrder.advisor_notified',
			'specialOrder.customer_informed',
			'specialOrder.visit_agreed',
			'specialOrder.fitted'
		]);
		// Closed today: still on today's list; and every order with all=1.
		const list = await ctx.as('service_advisor').get('/api/v1/special-orders');
		expect((list.body.items as SpecialOrderView[]).map((x) => x.id)).toContain(o.id);
		expect(((await ctx.as('manager').get('/api/v1/special-orders?all=1')).body.items as SpecialOrderView[]).map((x) => x.id)).toContain(o.id);
	});

	it('refuses a step out of order (409 with the current step) or by the wrong role (403), and writes nothing', async () => {
		const ctx = await setUp();
		const o = (await ctx.as('service_advisor').post('/api/v1/special-orders', newOrder)).body;
		const before = await ctx.counts();
		const early = await ctx.as('parts').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'arrive', expectedVersion: 1, bin: ctx.bin });
		expect([early.status, early.body.error, early.body.currentStep, early.body.field]).toEqual([409, 'transition_refused', 'registered', 'action']);
		expect(early.body.allowedActions).toEqual(['review', 'cancel']);
		const advisorReviews = await ctx.as('service_advisor').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'review', expectedVersion: 1 });
		expect([advisorReviews.status, advisorReviews.body.error]).toEqual([403, 'forbidden']);
		const techRegisters = await ctx.as('technician').post('/api/v1/special-orders', newOrder);
		expect(techRegisters.status).toBe(403);
		const partsInforms = await ctx.as('parts').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'inform_customer', expectedVersion: 1 });
		expect(partsInforms.status).toBe(403);
		expect(await ctx.counts()).toEqual(before);
		// The advisor registering without naming one is the order's advisor.
		const me = await ctx.user('service_advisor');
		expect([o.advisorId, o.advisorName]).toEqual([me.id, me.name]);
	});

	it('refuses a stale expectedVersion, and cancels with a reason from an open step only', async () => {
		const ctx = await setUp();
		let o = (await ctx.as('booking').post('/api/v1/special-orders', newOrder)).body;
		o = await step(ctx, 'parts', o, 'review');
		const before = await ctx.counts();
		const stale = await ctx.as('parts').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'order', expectedVersion: 1, supplierRef: 'X-1' });
		expect([stale.status, stale.body.error, stale.body.currentVersion, stale.body.field]).toEqual([409, 'version_conflict', 2, 'expectedVersion']);
		const noReason = await ctx.as('parts').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'cancel', expectedVersion: 2, reason: '  ' });
		expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
		expect(await ctx.counts()).toEqual(before);
		o = await step(ctx, 'service_advisor', o, 'cancel', { reason: '客户不修了' });
		expect(o).toMatchObject({ step: 'cancelled', cancelReason: '客户不修了', version: 3 });
		expect(o.steps!.at(-1)).toMatchObject({ step: 'cancelled', note: '客户不修了' });
		const again = await ctx.as('manager').post(`/api/v1/special-orders/${o.id}/steps`, { action: 'cancel', expectedVersion: 3, reason: 'twice' });
		expect([again.status, again.body.error, again.body.currentStep]).toEqual([409, 'transition_refused', 'cancelled']);
	});

	it('refuses bad dates and fields, naming the field, and writes nothing', async () => {
		const ctx = await setUp();
		const dispatcher = await ctx.user('dispatcher');
		let o = (await ctx.as('booking').post('/api/v1/special-orders', newOrder)).body;
		o = await step(ctx, 'parts', o, 'review');
		const before = await ctx.counts();
		const post = (role: Role, body: Record<string, unknown>) => ctx.as(role).post('/api/v1/special-orders', body);
		const stepOf = (role: Role, body: Record<string, unknown>) => ctx.as(role).post(`/api/v1/special-orders/${o.id}/steps`, { expectedVersion: o.version, ...body });
		const cases: [string, Promise<Answer>, number, string][] = [
			['no customer', post('booking', { ...newOrder, customerName: ' ' }), 400, 'customerName'],
			['a plate that is not one', post('booking', { ...newOrder, plate: 'ABC' }), 400, 'plate'],
			['no model', post('booking', { ...newOrder, model: '' }), 400, 'model'],
			['a phone of letters', post('booking', { ...newOrder, customerPhone: 'call me' }), 400, 'customerPhone'],
			['no parts', post('booking', { ...newOrder, lines: [] }), 400, 'lines'],
			['21 parts', post('booking', { ...newOrder, lines: Array(21).fill(newOrder.lines[0]) }), 400, 'lines'],
			['zero of a part', post('booking', { ...newOrder, lines: [{ ...newOrder.lines[0], qty: 0 }] }), 400, 'lines.0.qty'],
			['a thousand of a part', post('booking', { ...newOrder, lines: [{ ...newOrder.lines[0], qty: 1000 }] }), 400, 'lines.0.qty'],
			['a line without number', post('booking', { ...newOrder, lines: [{ name: '前保险杠', qty: 1 }] }), 400, 'lines.0.number'],
			['an unknown part', post('booking', { ...newOrder, lines: [{ partId: 999_999, qty: 1 }] }), 404, 'lines.0.partId'],
			['an advisor who is the dispatcher', post('booking', { ...newOrder, advisorId: dispatcher.id }), 400, 'advisorId'],
			['an advisor nobody knows', post('booking', { ...newOrder, advisorId: 999_999 }), 404, 'advisorId'],
			['a repair order of nowhere', post('booking', { ...newOrder, repairOrderId: 999_999 }), 404, 'repairOrderId'],
			['no supplier reference', stepOf('parts', { action: 'order', supplierRef: '' }), 400, 'supplierRef'],
			['a supplier reference of 61', stepOf('parts', { action: 'order', supplierRef: 'X'.repeat(61) }), 400, 'supplierRef'],
			['expected yesterday', stepOf('parts', { action: 'order', supplierRef: 'PO-1', expectedDate: addDays(ctx.today, -1) }), 400, 'expectedDate'],
			['expected on 30 February', stepOf('parts', { action: 'order', supplierRef: 'PO-1', expectedDate: '2027-02-30' }), 400, 'expectedDate'],
			['expected in words', stepOf('parts', { action: 'order', supplierRef: 'PO-1', expectedDate: 'tomorrow' }), 400, 'expectedDate'],
			['an unknown action', stepOf('parts', { action: 'teleport' }), 400, 'action']
		];
		for (const [what, pending, status, field] of cases) {
			const answer = await pending;
			expect({ what, status: answer.status, field: answer.body.field }).toEqual({ what, status, field });
			expect(String(answer.body.message).length, what).toBeGreaterThan(5);
		}
		expect(await ctx.counts()).toEqual(before);

		o = await step(ctx, 'parts', o, 'order', { supplierRef: 'PO-1' });
		const at = await ctx.counts();
		const noBin = await stepOf('parts', { action: 'arrive', bin: 'Z-99-9' });
		expect([noBin.status, noBin.body.field]).toEqual([404, 'bin']);
		o = await step(ctx, 'parts', o, 'arrive', { bin: ctx.bin });
		o = await step(ctx, 'service_advisor', o, 'notify_advisor');
		o = await step(ctx, 'service_advisor', o, 'inform_customer');
		const after = await ctx.counts();
		const past = await stepOf('service_advisor', { action: 'agree_visit', visitDate: addDays(ctx.today, -1) });
		expect([past.status, past.body.field]).toEqual([400, 'visitDate']);
		o = await step(ctx, 'service_advisor', o, 'agree_visit', { visitDate: addDays(ctx.today, 2) });
		const nowhere = await stepOf('service_advisor', { action: 'fit', repairOrderId: 999_999 });
		expect([nowhere.status, nowhere.body.field]).toEqual([404, 'repairOrderId']);
		expect((await ctx.counts()).orders).toBe(at.orders);
		expect((await ctx.counts()).steps).toBe(after.steps + 1);
	});

	it('a bin renamed shows its new code on the special orders waiting in it, live', async () => {
		const ctx = await setUp();
		const s = server!;
		const desk = new LiveChannel(s.connect({ cookie: ctx.cookies.service_advisor }), 'desk');
		await waitFor(() => desk.state.status === 'live', 5000, 'live');
		const waiting = await ctx.app.db.selectFrom('special_orders as o').innerJoin('part_bins as b', 'b.id', 'o.bin_id').select(['o.id', 'b.id as binId', 'b.version']).executeTakeFirstOrThrow();
		const res = await ctx.as('manager').post(`/api/v1/part-bins/${waiting.binId}`, { expectedVersion: waiting.version, code: 'B-9-9-9' });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		await waitFor(() => ((desk.state.entities.specialOrder ?? {})[String(waiting.id)] as { binCode?: string } | undefined)?.binCode === 'B-9-9-9', 3000, 'the new bin code on the desk');
		desk.close();
	});

	it('the parts channel masks the customer and has no phone; the desk channel has them', async () => {
		const ctx = await setUp();
		const o = (await ctx.as('booking').post('/api/v1/special-orders', newOrder)).body;
		const s = server!;
		const parts = new LiveChannel(s.connect({ cookie: ctx.cookies.parts }), 'parts');
		const desk = new LiveChannel(s.connect({ cookie: ctx.cookies.service_advisor }), 'desk');
		const seen = (c: typeof parts) => (c.state.entities.specialOrder ?? {}) as Record<string, Record<string, unknown>>;
		await waitFor(() => parts.state.status === 'live' && desk.state.status === 'live', 5000, 'live');
		const onParts = seen(parts)[o.id!];
		expect(onParts).toMatchObject({ customerName: '陈**', plate: '粤B·S01234', step: 'registered' });
		expect(onParts).not.toHaveProperty('customerPhone');
		expect(onParts).not.toHaveProperty('customerId');
		expect(JSON.stringify(parts.state.entities)).not.toContain('13900001111');
		expect(JSON.stringify(parts.state.entities)).not.toContain('陈建国');
		expect(seen(desk)[o.id!]).toMatchObject({ customerName: '陈建国', customerPhone: '13900001111' });

		// A step reaches both, each in its own view.
		const reviewed = await step(ctx, 'parts', o, 'review');
		await waitFor(() => seen(parts)[o.id!]?.step === 'reviewed' && seen(desk)[o.id!]?.step === 'reviewed', 3000, 'delta');
		expect(seen(parts)[o.id!].customerName).toBe('陈**');
		expect(JSON.stringify(parts.state.entities)).not.toContain('13900001111');
		expect(seen(desk)[o.id!].customerPhone).toBe('13900001111');

		// The API answers the same way: the parts room masked, the desk in full.
		const partsList = (await ctx.as('parts').get('/api/v1/special-orders')).body.items as Record<string, unknown>[];
		expect(partsList.find((x) => x.id === o.id)).toMatchObject({ customerName: '陈**' });
		expect(JSON.stringify(partsList)).not.toContain('13900001111');
		expect((await ctx.as('parts').get(`/api/v1/special-orders/${o.id}`)).body).not.toHaveProperty('customerPhone');
		expect(reviewed).not.toHaveProperty('customerPhone'); // the parts person's own answer too
		expect((await ctx.as('booking').get(`/api/v1/special-orders/${o.id}`)).body).toMatchObject({ customerName: '陈建国', customerPhone: '13900001111' });
		// A technician's socket never joins the desk channel.
		parts.close();
		desk.close();
	});

	it('tells every advisor when the parts arrive while their advisor is off duty', async () => {
		const ctx = await setUp();
		const { app } = ctx;
		const onDuty = await ctx.user('service_advisor'); // signed in by setUp
		const offDuty = await app.db
			.insertInto('users')
			.values({ store_id: app.storeId, name: '王丽', name_latin: 'Wang Li', role: 'service_advisor', pin_hash: 'x', created_at: Date.now() })
			.returning(['id'])
			.executeTakeFirstOrThrow();
		const arrive = async (advisorId: number) => {
			let o = (await ctx.as('booking').post('/api/v1/special-orders', { ...newOrder, advisorId })).body;
			o = await step(ctx, 'parts', o, 'review');
			o = await step(ctx, 'parts', o, 'order', { supplierRef: 'PO-7' });
			return step(ctx, 'parts', o, 'arrive', { bin: ctx.bin });
		};
		expect((await arrive(onDuty.id)).alertAll).toBe(false);
		expect((await arrive(offDuty.id)).alertAll).toBe(true);
		// Signed in once, but idle past the desk's sign-out time: off duty.
		await app.db.insertInto('sessions').values({ token_hash: 'idle', user_id: offDuty.id, device_kind: 'desk', created_at: 0, last_seen_at: Date.now() - 11 * 3_600_000, ended_at: null }).execute();
		expect((await arrive(offDuty.id)).alertAll).toBe(true);
		// Signed out: off duty.
		await app.db.updateTable('sessions').set({ ended_at: Date.now() }).where('user_id', '=', onDuty.id).execute();
		expect((await arrive(onDuty.id)).alertAll).toBe(true);
		// No advisor at all (registered by the booking specialist without one): everyone.
		let none = (await ctx.as('booking').post('/api/v1/special-orders', newOrder)).body;
		expect(none.advisorId).toBeNull();
		none = await step(ctx, 'parts', none, 'review');
		none = await step(ctx, 'parts', none, 'order', { supplierRef: 'PO-8' });
		expect((await step(ctx, 'parts', none, 'arrive', { bin: ctx.bin })).alertAll).toBe(true);
	});

	it('drafts an order from a repair order short of parts, with its customer, car and the advisor who opened it; the desk completes and registers it', async () => {
		const ctx = await setUp();
		const { app } = ctx;
		const advisor = await ctx.user('service_advisor');
		const actor: Actor = { kind: 'user', storeId: app.storeId, id: advisor.id, name: advisor.name, role: 'service_advisor', teamId: null, technicianId: null, deviceKind: 'desk', sessionHash: 's' };
		const ro = (
			await execute(
				app.commands,
				createRepairOrder,
				{ vehicle: { plate: '粤B·DR4567', model: '雷凌 Levin' }, customer: { name: '林小姐', phone: '13700002222' }, operations: ['MNT-STD'] },
				{ actor }
			)
		).result;
		const parts = await ctx.user('parts');
		const picker: Actor = { ...actor, id: parts.id, name: parts.name, role: 'parts' };
		const now = Date.now();
		const before = await ctx.counts();
		const drafted = await app.db.transaction().execute((tx) =>
			draftSpecialOrder(tx, { storeId: app.storeId, now, actor: picker }, { repairOrderId: ro.id, lines: [{ partId: null, number: '04465-06090', name: '前刹车片', qty: 2 }], note: '缺货' })
		);
		expect(drafted.images).toHaveLength(1);
		expect(drafted.images[0]).toMatchObject({ kind: 'specialOrder', id: drafted.id });
		const draft = (await specialOrderView(app.db, app.storeId, drafted.id))!;
		expect(draft).toMatchObject({
			step: 'draft',
			customerName: '林小姐',
			customerPhone: '13700002222',
			plate: '粤B·DR4567',
			model: '雷凌 Levin',
			repairOrderId: ro.id,
			roNumber: ro.number,
			advisorId: advisor.id,
			advisorName: advisor.name,
			note: '缺货',
			stepSince: now
		});
		expect(draft.customerId).toBe((await app.db.selectFrom('repair_orders').select('customer_id').where('id', '=', ro.id).executeTakeFirstOrThrow()).customer_id);
		expect(draft.lines.map((l) => [l.number, l.name, l.qty])).toEqual([['04465-06090', '前刹车片', 2]]);
		expect(draft.steps.map((s) => [s.step, s.actorName])).toEqual([['draft', parts.name]]);
		// It writes no event of its own: the picking command's event carries the image.
		expect(await ctx.counts()).toMatchObject({ events: before.events, orders: before.orders + 1 });

		// A draft is not reviewed before it is registered; the desk completes it.
		const early = await ctx.as('parts').post(`/api/v1/special-orders/${draft.id}/steps`, { action: 'review', expectedVersion: 1 });
		expect([early.status, early.body.currentStep]).toEqual([409, 'draft']);
		const bad = await ctx.as('booking').post(`/api/v1/special-orders/${draft.id}/steps`, { action: 'register', expectedVersion: 1, lines: [{ number: 'X', name: 'Y', qty: 0 }] });
		expect([bad.status, bad.body.field]).toEqual([400, 'lines.0.qty']);
		const registered = await step(ctx, 'booking', draft, 'register', { lines: [{ number: '04465-06090', name: '前刹车片', qty: 4 }] });
		expect(registered).toMatchObject({ step: 'registered', version: 2, advisorId: advisor.id, customerName: '林小姐' });
		expect(registered.lines!.map((l) => l.qty)).toEqual([4]);
		expect(registered.steps!.map((s) => s.step)).toEqual(['draft', 'registered']);

		// A repair order the demo opened (no person): a draft without an advisor; a repair order of nowhere: 404.
		const demoRo = ctx.repairOrder.id;
		const orphan = await app.db.transaction().execute((tx) => draftSpecialOrder(tx, { storeId: app.storeId, now, actor: systemActor }, { repairOrderId: demoRo, lines: [{ partId: null, number: 'A', name: 'B', qty: 1 }] }));
		expect((await specialOrderView(app.db, app.storeId, orphan.id))!).toMatchObject({ advisorId: null, advisorName: '', step: 'draft' });
		await expect(app.db.transaction().execute((tx) => draftSpecialOrder(tx, { storeId: app.storeId, now, actor: systemActor }, { repairOrderId: 999_999, lines: [{ partId: null, number: 'A', name: 'B', qty: 1 }] }))).rejects.toMatchObject({ status: 404, field: 'repairOrderId' });
	});
});
