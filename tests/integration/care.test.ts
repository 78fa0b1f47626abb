import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie, startServer, call as jsonCall } from './harness';
import { fromStoreLocal } from '$lib/domain/time';
import type { AppointmentView, CareRow } from '$lib/server/features/care/views';

/** Customer care over the API: the lists and their calls, booking a visit and checking the car in from it, tags, a car's sale, and every refusal (nothing written). */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown> };
const call = (url: string, method: string, path: string, cookie: string, body?: unknown): Promise<Answer> => jsonCall<Answer['body']>(url, method, path, cookie, body, { origin: true });

const TZ = 'Asia/Shanghai';
// Tuesday 1 December 2026, 10:00 in Guangzhou.
const NOW = fromStoreLocal('2026-12-01T10:00', TZ);

async function setUp() {
	server = await startServer({ now: () => NOW });
	const s = server;
	const { db } = s.app;
	const cookies = {
		booking: await sessionCookie(s.app, 'booking'),
		advisor: await sessionCookie(s.app, 'service_advisor'),
		technician: await sessionCookie(s.app, 'technician'),
		manager: await sessionCookie(s.app, 'manager'),
		admin: await sessionCookie(s.app, 'admin')
	};
	const count = async (table: 'appointments' | 'care_calls' | 'customer_tags' | 'customer_tag_links') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	// A car with no order open, whose customer we can follow through the lists.
	const open = (await db.selectFrom('repair_orders').select('vehicle_id').where('stage', 'not in', ['delivered', 'followed_up', 'cancelled']).execute()).map((r) => r.vehicle_id);
	// (Whatever the demo's own care data: a car with no sale on record, no booking and a customer nobody called or tagged.)
	const car = await db
		.selectFrom('vehicles as v')
		.select(['v.id', 'v.customer_id', 'v.plate', 'v.last_mileage'])
		.where('v.id', 'not in', open.length ? open : [0])
		.where('v.sale_day', 'is', null)
		.where((eb) => eb.not(eb.exists(eb.selectFrom('appointments as a').select('a.id').whereRef('a.customer_id', '=', 'v.customer_id'))))
		.where((eb) => eb.not(eb.exists(eb.selectFrom('care_calls as c').select('c.id').whereRef('c.customer_id', '=', 'v.customer_id'))))
		.where((eb) => eb.not(eb.exists(eb.selectFrom('customer_tag_links as l').select('l.tag_id').whereRef('l.customer_id', '=', 'v.customer_id'))))
		.orderBy('v.id', 'desc')
		.executeTakeFirstOrThrow();
	return { s, db, url: s.url, cookies, count, car };
}

describe('customer care', () => {
	it('lists a car whose first service falls due, takes a customer off after a call, and do-not-contact off every list', async () => {
		const { url, cookies, car, db } = await setUp();
		// Sold on 2026-07-05 at 8 km: 首保 due 5 months later, on 12-05 (within 30 days: due soon).
		await db.updateTable('vehicles').set({ last_mileage: null }).where('id', '=', car.id).execute();
		await db.updateTable('repair_orders').set({ mileage: null }).where('vehicle_id', '=', car.id).execute();
		const sale = await call(url, 'POST', '/api/v1/vehicles/sale', cookies.booking, { vehicleId: car.id, saleDay: '2026-07-05', saleMileage: 8 });
		expect(sale.status).toBe(200);
		const due = await call(url, 'GET', '/api/v1/care?list=due_soon', cookies.booking);
		expect(due.status).toBe(200);
		const row = (due.body.items as CareRow[]).find((r) => r.vehicleId === car.id)!;
		expect(row).toBeDefined();
		expect(row.service).toMatchObject({ service: 'first', dueDay: '2026-12-05', by: 'time', daysLeft: 4 });
		expect(row.plate).toBe(car.plate);

		// The lists come in their order, each sorted by what is most pressing: the due services by days left.
		const all = (await call(url, 'GET', '/api/v1/care', cookies.booking)).body.items as CareRow[];
		const order = ['due_soon', 'overdue', 'at_risk', 'lost', 'follow_up'];
		expect(all.map((r) => order.indexOf(r.list))).toEqual([...all.map((r) => order.indexOf(r.list))].sort((a, b) => a - b));
		for (const list of ['due_soon', 'overdue']) {
			const days = all.filter((r) => r.list === list).map((r) => r.service!.daysLeft);
			expect(days, list).toEqual([...days].sort((a, b) => a - b));
		}

		// No answer: off the list today, back tomorrow; the call is on record.
		const noAnswer = await call(url, 'POST', '/api/v1/care/calls', cookies.booking, { customerId: row.customerId, vehicleId: car.id, reason: 'first_service', outcome: 'no_answer' });
		expect(noAnswer.status).toBe(201);
		const after = (await call(url, 'GET', '/api/v1/care', cookies.booking)).body.items as CareRow[];
		expect(after.some((r) => r.customerId === row.customerId && r.list === 'due_soon')).toBe(false);

		// Do not contact: on no list at all, not even the follow-up calls.
		const deliveredCustomer = await db.selectFrom('repair_orders').select(['customer_id']).where('stage', '=', 'delivered').executeTakeFirst();
		const target = deliveredCustomer?.customer_id ?? row.customerId;
		expect((await call(url, 'POST', '/api/v1/care/calls', cookies.advisor, { customerId: target, reason: 'other', outcome: 'do_not_contact' })).status).toBe(201);
		const lists = (await call(url, 'GET', '/api/v1/care', cookies.booking)).body.items as CareRow[];
		expect(lists.some((r) => r.customerId === target)).toBe(false);
		// The event names the customer by id: no name, no phone.
		const event = await db.selectFrom('events').select(['payload']).where('type', '=', 'care.called').orderBy('seq', 'desc').executeTakeFirstOrThrow();
		const customer = await db.selectFrom('customers').select(['name', 'phone']).where('id', '=', target).executeTakeFirstOrThrow();
		expect(event.payload).not.toContain(customer.name);
		expect(event.payload).not.toContain(customer.phone);
	});

	it("schedules a car by the notes' default only where the catalogue has its operations; a store's own plan otherwise", async () => {
		const { url, cookies, car, db } = await setUp();
		await db.updateTable('vehicles').set({ last_mileage: null }).where('id', '=', car.id).execute();
		await db.updateTable('repair_orders').set({ mileage: null }).where('vehicle_id', '=', car.id).execute();
		expect((await call(url, 'POST', '/api/v1/vehicles/sale', cookies.booking, { vehicleId: car.id, saleDay: '2026-07-05', saleMileage: 8 })).status).toBe(200);
		const listed = async () => ((await call(url, 'GET', '/api/v1/care?list=due_soon', cookies.booking)).body.items as CareRow[]).some((r) => r.vehicleId === car.id);
		expect(await listed()).toBe(true);
		// A real store whose catalogue calls its first service something else: no first service it could never see done.
		await db.updateTable('standard_times').set({ code: 'FS-01' }).where('code', '=', 'MNT-5K').execute();
		expect(await listed()).toBe(false);
		// Its manager sets the plan with its own operation: the car is due again.
		const plan = await call(url, 'POST', '/api/v1/service-plans', cookies.manager, { prefix: '', firstMonths: 5, firstKm: 5000, secondMonths: 12, secondKm: 10000, firstCode: 'FS-01', secondCode: 'MNT-10K' });
		expect(plan.status).toBe(200);
		expect(await listed()).toBe(true);
	});

	it('keeps a wrong number off the lists until the desk corrects the phone at the next check-in', async () => {
		const { url, cookies, car, db } = await setUp();
		await db.updateTable('vehicles').set({ last_mileage: null }).where('id', '=', car.id).execute();
		await db.updateTable('repair_orders').set({ mileage: null }).where('vehicle_id', '=', car.id).execute();
		expect((await call(url, 'POST', '/api/v1/vehicles/sale', cookies.booking, { vehicleId: car.id, saleDay: '2026-07-05', saleMileage: 8 })).status).toBe(200);
		const listed = async () => ((await call(url, 'GET', '/api/v1/care?list=due_soon', cookies.booking)).body.items as CareRow[]).some((r) => r.vehicleId === car.id);
		expect(await listed()).toBe(true);
		expect((await call(url, 'POST', '/api/v1/care/calls', cookies.booking, { customerId: car.customer_id, vehicleId: car.id, reason: 'first_service', outcome: 'wrong_number' })).status).toBe(201);
		expect(await listed()).toBe(false);
		const customer = await db.selectFrom('customers').select(['name']).where('id', '=', car.customer_id).executeTakeFirstOrThrow();
		// The same phone again changes nothing; a corrected one puts them back.
		const created = await call(url, 'POST', '/api/v1/repair-orders', cookies.advisor, {
			vehicle: { plate: car.plate, model: 'x' },
			customer: { name: customer.name, phone: '13700001234' },
			operations: [{ nameZh: '保养', nameEn: 'Service', minutes1: 45, minutes2: 30 }]
		});
		expect(created.status).toBe(201);
		expect((await db.selectFrom('customers').select('phone_changed_at').where('id', '=', car.customer_id).executeTakeFirstOrThrow()).phone_changed_at).toBe(NOW);
		expect(await listed()).toBe(true);
	});

	it('refuses a second visit the same day while the first, whose time has passed, has not arrived', async () => {
		const { url, cookies, car, db } = await setUp();
		await db
			.insertInto('appointments')
			.values({ store_id: 1, customer_id: car.customer_id, vehicle_id: car.id, start_at: fromStoreLocal('2026-12-01T08:00', TZ), end_at: fromStoreLocal('2026-12-01T09:00', TZ), day: '2026-12-01', source: 'desk', created_at: NOW - 86_400_000, created_by_name: '吴婷' })
			.execute();
		const again = await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-01T14:00' });
		expect(again).toMatchObject({ status: 409, body: { error: 'already_booked', field: 'vehicleId' } });
	});

	it('counts a booked car due now in the promise made to a walk-in', async () => {
		const { url, cookies, car } = await setUp();
		const before = await call(url, 'GET', '/api/v1/promise?operations=MNT-STD', cookies.advisor);
		expect(before.status).toBe(200);
		expect((await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-01T10:15', operations: ['MNT-STD'] })).status).toBe(201);
		const after = await call(url, 'GET', '/api/v1/promise?operations=MNT-STD', cookies.advisor);
		expect(after.body.queueAhead).toBe((before.body.queueAhead as number) + 1);
		expect(Date.parse(after.body.promisedAt as string)).toBeGreaterThanOrEqual(Date.parse(before.body.promisedAt as string));
	});

	it('books a visit the desk sees, and the car checked in that day takes it', async () => {
		const { url, cookies, car, db } = await setUp();
		const booked = await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-01T14:00', operations: ['MNT-STD'], note: '客户下午来' });
		expect(booked.status).toBe(201);
		const view = (booked.body as { appointment: AppointmentView }).appointment;
		expect(view).toMatchObject({ plate: car.plate, day: '2026-12-01', status: 'booked', source: 'desk', operations: [{ code: 'MNT-STD' }] });
		expect(view.endAt - view.startAt).toBe(60 * 60_000);
		const list = (await call(url, 'GET', '/api/v1/appointments', cookies.advisor)).body.items as AppointmentView[];
		expect(list.map((a) => a.id)).toContain(view.id);

		const plate = car.plate;
		const customer = await db.selectFrom('customers').select(['name', 'phone']).where('id', '=', car.customer_id).executeTakeFirstOrThrow();
		const created = await call(url, 'POST', '/api/v1/repair-orders', cookies.advisor, {
			vehicle: { plate, model: 'x' },
			customer: { name: customer.name, phone: customer.phone },
			operations: [{ nameZh: '保养', nameEn: 'Service', minutes1: 45, minutes2: 30 }]
		});
		expect(created.status).toBe(201);
		const arrived = await db.selectFrom('appointments').select(['status', 'repair_order_id']).where('id', '=', view.id).executeTakeFirstOrThrow();
		expect(arrived.status).toBe('arrived');
		expect(arrived.repair_order_id).toBe((created.body as { id: number }).id ?? (created.body as { order: { id: number } }).order?.id);

		// Tagged while the car is in: the desk's view of the order carries the tag (the tablet's does not).
		const plus = await call(url, 'POST', '/api/v1/customer-tags', cookies.manager, { symbol: '@', colour: 'green', meaningZh: '老客户', meaningEn: 'Old friend' });
		expect((await call(url, 'POST', '/api/v1/customers/tags', cookies.booking, { customerId: car.customer_id, tagIds: [(plus.body as { id: number }).id] })).status).toBe(200);
		const orderId = arrived.repair_order_id!;
		const desk = await call(url, 'GET', `/api/v1/repair-orders/${orderId}`, cookies.advisor);
		expect(desk.body.customerTags).toEqual([expect.objectContaining({ symbol: '@', meaningZh: '老客户' })]);
		const tablet = await call(url, 'GET', `/api/v1/repair-orders/${orderId}`, cookies.technician);
		expect(JSON.stringify(tablet.body)).not.toContain('老客户');
	});

	it('refuses a visit in the past, outside opening hours, in a full slot, for a car already booked, with an unknown operation; nothing written', async () => {
		const { url, cookies, car, db, count } = await setUp();
		const unbooked = await db
			.selectFrom('vehicles as v')
			.select('v.id')
			.where('v.id', '!=', car.id)
			.where((eb) => eb.not(eb.exists(eb.selectFrom('appointments as a').select('a.id').whereRef('a.vehicle_id', '=', 'v.id'))))
			.orderBy('v.id')
			.limit(2)
			.execute();
		const [other, third] = unbooked;
		const before = await count('appointments');
		const bad: [unknown, number, string, string][] = [
			[{ vehicleId: car.id, start: '2026-12-01T09:00' }, 400, 'in_the_past', 'start'],
			[{ vehicleId: car.id, start: '2026-12-04T07:30' }, 400, 'outside_opening_hours', 'start'],
			[{ vehicleId: car.id, start: '2026-12-04T17:30' }, 400, 'outside_opening_hours', 'start'],
			[{ vehicleId: car.id, start: '2026-12-04T10:00', operations: ['NOPE'] }, 400, 'invalid_input', 'operations'],
			[{ vehicleId: car.id, start: '2026-12-04T10:00', advisorId: 999 }, 404, 'not_found', 'advisorId'],
			[{ vehicleId: 99999, start: '2026-12-04T10:00' }, 404, 'not_found', 'vehicleId'],
			[{ vehicleId: car.id, start: '2026-12-04 10:00' }, 400, 'invalid_input', 'start']
		];
		for (const [body, status, error, field] of bad) {
			const answer = await call(url, 'POST', '/api/v1/appointments', cookies.booking, body);
			expect(answer.status, JSON.stringify(body)).toBe(status);
			expect(answer.body.error, JSON.stringify(body)).toBe(error);
			expect(answer.body.field, JSON.stringify(body)).toBe(field);
		}
		expect(await count('appointments')).toBe(before);

		// Capacity 1: a second visit overlapping the first is refused; back to back is fine.
		const settings = await call(url, 'POST', '/api/v1/care/settings', cookies.manager, { expectedVersion: 0, bookingCapacity: 1, bookingMinutes: 60, soonDays: 30 });
		expect(settings.status).toBe(200);
		expect((await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-04T10:00' })).status).toBe(201);
		const full = await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: other.id, start: '2026-12-04T10:30' });
		expect(full).toMatchObject({ status: 409, body: { error: 'slot_full', field: 'start', capacity: 1 } });
		const twice = await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-05T10:00' });
		expect(twice).toMatchObject({ status: 409, body: { error: 'already_booked', field: 'vehicleId' } });
		expect(await count('appointments')).toBe(before + 1);
		expect((await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: third.id, start: '2026-12-04T11:00' })).status).toBe(201);

		// A technician may not book; a customer's link may not either.
		expect((await call(url, 'POST', '/api/v1/appointments', cookies.technician, { vehicleId: other.id, start: '2026-12-04T10:00' })).status).toBe(403);
		expect((await call(url, 'GET', '/api/v1/care', cookies.technician)).status).toBe(403);
		expect(await count('appointments')).toBe(before + 2);

		// Cancelling: with its version and a reason; a cancelled visit cannot be cancelled again.
		const mine = (await call(url, 'GET', '/api/v1/appointments?from=2026-12-04&to=2026-12-04', cookies.booking)).body.items as AppointmentView[];
		const first = mine.find((a) => a.vehicleId === car.id)!;
		expect((await call(url, 'POST', `/api/v1/appointments/${first.id}/cancel`, cookies.booking, { expectedVersion: first.version })).body.field).toBe('reason');
		expect((await call(url, 'POST', `/api/v1/appointments/${first.id}/cancel`, cookies.booking, { expectedVersion: first.version, reason: '客户改期' })).status).toBe(200);
		expect((await call(url, 'POST', `/api/v1/appointments/${first.id}/cancel`, cookies.booking, { expectedVersion: first.version + 1, reason: '再取消' })).body.error).toBe('not_booked');
	});

	it("refuses a sale in the future or above a later odometer reading, a tag that clashes or is not the store's; nothing written", async () => {
		const { url, cookies, car, db, count } = await setUp();
		await db.updateTable('vehicles').set({ last_mileage: 12000 }).where('id', '=', car.id).execute();
		const future = await call(url, 'POST', '/api/v1/vehicles/sale', cookies.advisor, { vehicleId: car.id, saleDay: '2026-12-02', saleMileage: 5 });
		expect(future).toMatchObject({ status: 400, body: { field: 'saleDay' } });
		const nodate = await call(url, 'POST', '/api/v1/vehicles/sale', cookies.advisor, { vehicleId: car.id, saleDay: '2026-02-30', saleMileage: 5 });
		expect(nodate).toMatchObject({ status: 400, body: { field: 'saleDay' } });
		const higher = await call(url, 'POST', '/api/v1/vehicles/sale', cookies.advisor, { vehicleId: car.id, saleDay: '2026-01-02', saleMileage: 12001 });
		expect(higher).toMatchObject({ status: 400, body: { field: 'saleMileage', lastMileage: 12000 } });
		const row = await db.selectFrom('vehicles').select(['sale_day', 'sale_mileage']).where('id', '=', car.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ sale_day: null, sale_mileage: null });

		const tagsBefore = await count('customer_tags');
		const plus = await call(url, 'POST', '/api/v1/customer-tags', cookies.manager, { symbol: '@', colour: 'green', meaningZh: '老客户', meaningEn: 'Old friend' });
		expect(plus.status).toBe(200);
		expect((await call(url, 'POST', '/api/v1/customer-tags', cookies.manager, { symbol: '@', colour: 'red', meaningZh: '重复', meaningEn: 'Again' })).body).toMatchObject({ error: 'duplicate', field: 'symbol' });
		expect((await call(url, 'POST', '/api/v1/customer-tags', cookies.booking, { symbol: '!', colour: 'red', meaningZh: '投诉', meaningEn: 'Complaint' })).status).toBe(403);
		expect((await call(url, 'POST', '/api/v1/customer-tags', cookies.manager, { symbol: 'TOOLONG', colour: 'red', meaningZh: '长', meaningEn: 'Long' })).body.field).toBe('symbol');
		expect(await count('customer_tags')).toBe(tagsBefore + 1);
		const plusId = (plus.body as { id: number }).id;
		const linksBefore = await count('customer_tag_links');
		expect((await call(url, 'POST', '/api/v1/customers/tags', cookies.booking, { customerId: car.customer_id, tagIds: [plusId, 9999] })).body.field).toBe('tagIds');
		expect(await count('customer_tag_links')).toBe(linksBefore);
		expect((await call(url, 'POST', '/api/v1/customers/tags', cookies.booking, { customerId: car.customer_id, tagIds: [plusId] })).status).toBe(200);
		const booked = await call(url, 'POST', '/api/v1/appointments', cookies.booking, { vehicleId: car.id, start: '2026-12-02T09:00' });
		expect((booked.body as { appointment: AppointmentView }).appointment.tags).toEqual([{ id: plusId, symbol: '@', colour: 'green', meaningZh: '老客户', meaningEn: 'Old friend' }]);
	});
});
