import type { Db } from '$lib/server/db/database';
import { DEFAULT_SERVICE_CODES, DEFAULT_SERVICE_PLAN, nextScheduledService, planFor, queueStanding, visitStatus, type CareCall, type Slot } from '$lib/domain/care';
import { toStoreLocal } from '$lib/domain/time';
import type { BookedVisit } from '$lib/domain/scheduling';
import { careLists, type AppointmentView, type CareCallView, type CareRow, type CareSettingsView, type ServicePlanView, type TagRef, type TagView } from './views';
import { erasedName } from './erase';

const dayOf = (at: number, timeZone: string) => toStoreLocal(at, timeZone).slice(0, 10);

/** The store's booking and list settings (defaults until someone saves them). */
export async function careSettings(db: Db, storeId: number): Promise<CareSettingsView> {
	const row = await db.selectFrom('care_settings').selectAll().where('store_id', '=', storeId).executeTakeFirst();
	return { bookingCapacity: row?.booking_capacity ?? 3, bookingMinutes: row?.booking_minutes ?? 60, soonDays: row?.soon_days ?? 30, version: row?.version ?? 0 };
}

export async function servicePlans(db: Db, storeId: number): Promise<ServicePlanView[]> {
	const rows = await db.selectFrom('service_plans').selectAll().where('store_id', '=', storeId).orderBy('prefix').execute();
	return rows.map((r) => ({ id: r.id, prefix: r.prefix, firstMonths: r.first_months, firstKm: r.first_km, secondMonths: r.second_months, secondKm: r.second_km, firstCode: r.first_code, secondCode: r.second_code, version: r.version }));
}

export async function tagViews(db: Db, storeId: number): Promise<TagView[]> {
	const rows = await db.selectFrom('customer_tags').selectAll().where('store_id', '=', storeId).orderBy('sort').orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, symbol: r.symbol, colour: r.colour, meaningZh: r.meaning_zh, meaningEn: r.meaning_en, sort: r.sort, retired: r.retired === 1, version: r.version }));
}

/** The live tags of some customers. */
export async function tagsOfCustomers(db: Db, customerIds: readonly number[]): Promise<Map<number, TagRef[]>> {
	const out = new Map<number, TagRef[]>();
	for (let i = 0; i < customerIds.length; i += 500) {
		const rows = await db
			.selectFrom('customer_tag_links as l')
			.innerJoin('customer_tags as t', 't.id', 'l.tag_id')
			.select(['l.customer_id', 't.id', 't.symbol', 't.colour', 't.meaning_zh', 't.meaning_en'])
			.where('l.customer_id', 'in', customerIds.slice(i, i + 500))
			.where('t.retired', '=', 0)
			.orderBy('t.sort')
			.orderBy('t.id')
			.execute();
		for (const r of rows) {
			const list = out.get(r.customer_id) ?? [];
			list.push({ id: r.id, symbol: r.symbol, colour: r.colour, meaningZh: r.meaning_zh, meaningEn: r.meaning_en });
			out.set(r.customer_id, list);
		}
	}
	return out;
}

function appointmentsQuery(db: Db, storeId: number) {
	return db
		.selectFrom('appointments as a')
		.innerJoin('customers as c', 'c.id', 'a.customer_id')
		.innerJoin('vehicles as v', 'v.id', 'a.vehicle_id')
		.leftJoin('users as u', 'u.id', 'a.advisor_id')
		.select([
			'a.id',
			'a.customer_id',
			'c.name as customer_name',
			'c.phone',
			'a.vehicle_id',
			'v.plate',
			'v.model',
			'a.advisor_id',
			'u.name as advisor_name',
			'a.start_at',
			'a.end_at',
			'a.day',
			'a.operations',
			'a.note',
			'a.status',
			'a.source',
			'a.special_order_id',
			'a.repair_order_id',
			'a.created_by_name',
			'a.created_at',
			'a.version'
		])
		.where('a.store_id', '=', storeId);
}

async function toViews(db: Db, storeId: number, rows: Awaited<ReturnType<ReturnType<typeof appointmentsQuery>['execute']>>): Promise<AppointmentView[]> {
	if (rows.length === 0) return [];
	const tags = await tagsOfCustomers(db, [...new Set(rows.map((r) => r.customer_id))]);
	const codes = [...new Set(rows.flatMap((r) => JSON.parse(r.operations) as string[]))];
	const ops = codes.length ? await db.selectFrom('standard_times').select(['code', 'name_zh', 'name_en']).where('store_id', '=', storeId).where('code', 'in', codes).execute() : [];
	const opOf = new Map(ops.map((o) => [o.code, o]));
	return rows.map((r) => ({
		id: r.id,
		customerId: r.customer_id,
		customerName: r.customer_name,
		phone: r.phone,
		tags: tags.get(r.customer_id) ?? [],
		vehicleId: r.vehicle_id,
		plate: r.plate,
		model: r.model,
		advisorId: r.advisor_id,
		advisorName: r.advisor_name ?? null,
		startAt: r.start_at,
		endAt: r.end_at,
		day: r.day,
		operations: (JSON.parse(r.operations) as string[]).map((code) => ({ code, nameZh: opOf.get(code)?.name_zh ?? code, nameEn: opOf.get(code)?.name_en ?? code })),
		note: r.note,
		status: r.status,
		source: r.source,
		specialOrderId: r.special_order_id,
		repairOrderId: r.repair_order_id,
		createdByName: r.created_by_name,
		createdAt: r.created_at,
		version: r.version
	}));
}

export async function appointmentView(db: Db, storeId: number, id: number): Promise<AppointmentView | undefined> {
	const rows = await appointmentsQuery(db, storeId).where('a.id', '=', id).execute();
	return (await toViews(db, storeId, rows))[0];
}

/** Booked or arrived visits that end at or after `since` (the desk's today and ahead), by start. */
export async function appointmentViews(db: Db, storeId: number, since: number, until?: number): Promise<AppointmentView[]> {
	let q = appointmentsQuery(db, storeId).where('a.status', 'in', ['booked', 'arrived']).where('a.end_at', '>=', since);
	if (until !== undefined) q = q.where('a.start_at', '<', until);
	return toViews(db, storeId, await q.orderBy('a.start_at').orderBy('a.id').execute());
}

/** The booked visits overlapping [start, end) (for the capacity rule), but `except`. */
export async function bookedSlots(db: Db, storeId: number, start: number, end: number, except?: number): Promise<Slot[]> {
	let q = db.selectFrom('appointments').select(['start_at', 'end_at']).where('store_id', '=', storeId).where('status', '=', 'booked').where('start_at', '<', end).where('end_at', '>', start);
	if (except !== undefined) q = q.where('id', '!=', except);
	return (await q.execute()).map((r) => ({ start: r.start_at, end: r.end_at }));
}

/** A car's booked visit still ahead, or today's not arrived yet (even if its time has passed), if any. */
export async function openBookingOfVehicle(db: Db, storeId: number, vehicleId: number, since: number, today: string) {
	return db
		.selectFrom('appointments')
		.select(['id', 'start_at', 'version'])
		.where('store_id', '=', storeId)
		.where('vehicle_id', '=', vehicleId)
		.where('status', '=', 'booked')
		.where((eb) => eb.or([eb('end_at', '>=', since), eb('day', '=', today)]))
		.executeTakeFirst();
}

/**
 * Every care list of a store as of `now`: cars whose first or second service is due soon or
 * overdue, customers at risk or lost, delivered cars waiting for their follow-up call; each line
 * with the customer's tags, last visit and last calls, and only while the queue lists them
 * (`queueStanding`: do-not-contact leaves every list).
 */
export async function careRows(db: Db, storeId: number, now: number, timeZone: string): Promise<CareRow[]> {
	const today = dayOf(now, timeZone);
	const [settings, plans, customers, vehicles, visits, readings, calls, bookings, followUps] = await Promise.all([
		careSettings(db, storeId),
		servicePlans(db, storeId),
		db.selectFrom('customers').select(['id', 'name', 'phone', 'created_at', 'phone_changed_at']).where('store_id', '=', storeId).execute(),
		db.selectFrom('vehicles').select(['id', 'customer_id', 'plate', 'model', 'sale_day', 'sale_mileage', 'last_mileage']).where('store_id', '=', storeId).execute(),
		db
			.selectFrom('repair_orders')
			.select(['customer_id', (eb) => eb.fn.max('checked_in_at').as('at')])
			.where('store_id', '=', storeId)
			.where('stage', '!=', 'cancelled')
			.groupBy('customer_id')
			.execute(),
		db
			.selectFrom('repair_orders')
			.select(['vehicle_id', 'mileage', 'checked_in_at'])
			.where('store_id', '=', storeId)
			.where('mileage', 'is not', null)
			.orderBy('checked_in_at')
			.execute(),
		db.selectFrom('care_calls').select(['id', 'customer_id', 'reason', 'outcome', 'note', 'at', 'day', 'actor_name']).where('store_id', '=', storeId).orderBy('at').orderBy('id').execute(),
		db.selectFrom('appointments').select(['customer_id']).where('store_id', '=', storeId).where('status', '=', 'booked').where('end_at', '>=', now).execute(),
		db
			.selectFrom('repair_orders as r')
			.innerJoin('vehicles as v', 'v.id', 'r.vehicle_id')
			.select(['r.id', 'r.number', 'r.customer_id', 'r.vehicle_id', 'v.plate', 'v.model', 'r.delivered_at'])
			.where('r.store_id', '=', storeId)
			.where('r.stage', '=', 'delivered')
			.orderBy('r.delivered_at')
			.execute()
	]);
	const codes = [...new Set([...plans.flatMap((p) => [p.firstCode, p.secondCode]), DEFAULT_SERVICE_CODES.first, DEFAULT_SERVICE_CODES.second])];
	const done = await db
		.selectFrom('repair_orders as r')
		.innerJoin('repair_order_operations as o', 'o.repair_order_id', 'r.id')
		.select(['r.vehicle_id', 'o.code', (eb) => eb.fn.min('r.delivered_at').as('at')])
		.where('r.store_id', '=', storeId)
		.where('r.stage', 'in', ['delivered', 'followed_up'])
		.where('o.status', '=', 'active')
		.where('o.code', 'in', codes)
		.groupBy(['r.vehicle_id', 'o.code'])
		.execute();
	const doneAt = new Map(done.map((d) => [`${d.vehicle_id}:${d.code}`, Number(d.at)]));
	const lastVisit = new Map(visits.map((v) => [v.customer_id, Number(v.at)]));
	const lastReading = new Map<number, { mileage: number; at: number }>();
	for (const r of readings) lastReading.set(r.vehicle_id, { mileage: r.mileage!, at: r.checked_in_at });
	const callsOf = new Map<number, typeof calls>();
	for (const c of calls) {
		const list = callsOf.get(c.customer_id) ?? [];
		list.push(c);
		callsOf.set(c.customer_id, list);
	}
	const booked = new Set(bookings.map((b) => b.customer_id));
	const customerOf = new Map(customers.map((c) => [c.id, c]));
	// Without a plan of its own, a car follows the notes' default only where the store's catalogue has the
	// default operations (else a first service done under another code would never count as done).
	const defaultsKnown =
		(await db.selectFrom('standard_times').select('code').where('store_id', '=', storeId).where('code', 'in', [DEFAULT_SERVICE_CODES.first, DEFAULT_SERVICE_CODES.second]).execute()).length === 2;
	const scheduleOf = (model: string) => {
		const own = planFor(model, plans);
		if (own) return { rule: own, firstCode: own.firstCode, secondCode: own.secondCode };
		return defaultsKnown ? { rule: DEFAULT_SERVICE_PLAN, firstCode: DEFAULT_SERVICE_CODES.first, secondCode: DEFAULT_SERVICE_CODES.second } : null;
	};
	const standingOf = (customerId: number) => {
		const c = customerOf.get(customerId)!;
		const list: CareCall[] = (callsOf.get(customerId) ?? []).map((x) => ({ outcome: x.outcome, day: x.day }));
		return queueStanding(list, today, { hasUpcomingBooking: booked.has(customerId), phoneChangedDay: c.phone_changed_at === null ? null : dayOf(c.phone_changed_at, timeZone) });
	};
	const lastCalls = (customerId: number): CareCallView[] =>
		(callsOf.get(customerId) ?? [])
			.slice(-3)
			.reverse()
			.map((c) => ({ id: c.id, reason: c.reason, outcome: c.outcome, note: c.note, at: c.at, actorName: c.actor_name }));
	const visitDay = (customerId: number) => {
		const at = lastVisit.get(customerId);
		return at === undefined ? null : dayOf(at, timeZone);
	};

	const rows: Omit<CareRow, 'tags'>[] = [];
	for (const v of vehicles) {
		const schedule = v.sale_day === null ? null : scheduleOf(v.model);
		if (!schedule) continue;
		const { rule, firstCode, secondCode } = schedule;
		const reading = lastReading.get(v.id);
		const first = doneAt.get(`${v.id}:${firstCode}`);
		const second = doneAt.get(`${v.id}:${secondCode}`);
		const due = nextScheduledService(
			{
				saleDay: v.sale_day,
				saleMileage: v.sale_mileage,
				lastMileage: reading?.mileage ?? v.last_mileage,
				lastMileageDay: reading ? dayOf(reading.at, timeZone) : null,
				firstDoneDay: first === undefined ? null : dayOf(first, timeZone),
				secondDoneDay: second === undefined ? null : dayOf(second, timeZone)
			},
			rule,
			today,
			settings.soonDays
		);
		if (!due || (due.state !== 'due_soon' && due.state !== 'overdue')) continue;
		const c = customerOf.get(v.customer_id);
		if (!c) continue;
		rows.push({
			list: due.state,
			customerId: c.id,
			name: c.name,
			phone: c.phone,
			vehicleId: v.id,
			plate: v.plate,
			model: v.model,
			saleDay: v.sale_day,
			service: due,
			lastVisitDay: visitDay(c.id),
			visit: null,
			repairOrderId: null,
			repairOrderNumber: null,
			deliveredAt: null,
			calls: lastCalls(c.id),
			standing: standingOf(c.id)
		});
	}
	const saleDayOf = new Map(vehicles.map((v) => [v.id, v.sale_day]));
	const vehiclesOf = new Map<number, typeof vehicles>();
	for (const v of vehicles) vehiclesOf.set(v.customer_id, [...(vehiclesOf.get(v.customer_id) ?? []), v]);
	for (const c of customers) {
		const last = visitDay(c.id) ?? dayOf(c.created_at, timeZone);
		const visit = visitStatus(last, today);
		if (visit === 'active') continue;
		const car = vehiclesOf.get(c.id)?.[0];
		rows.push({
			list: visit,
			customerId: c.id,
			name: c.name,
			phone: c.phone,
			vehicleId: car?.id ?? null,
			plate: car?.plate ?? null,
			model: car?.model ?? null,
			saleDay: car?.sale_day ?? null,
			service: null,
			lastVisitDay: visitDay(c.id),
			visit,
			repairOrderId: null,
			repairOrderNumber: null,
			deliveredAt: null,
			calls: lastCalls(c.id),
			standing: standingOf(c.id)
		});
	}
	for (const r of followUps) {
		const c = customerOf.get(r.customer_id);
		if (!c) continue;
		const standing = standingOf(c.id);
		rows.push({
			list: 'follow_up',
			customerId: c.id,
			name: c.name,
			phone: c.phone,
			vehicleId: r.vehicle_id,
			plate: r.plate,
			model: r.model,
			saleDay: saleDayOf.get(r.vehicle_id) ?? null,
			service: null,
			lastVisitDay: visitDay(c.id),
			visit: null,
			repairOrderId: r.id,
			repairOrderNumber: r.number,
			deliveredAt: r.delivered_at,
			calls: lastCalls(c.id),
			// The follow-up call is due whatever the care calls said, unless they asked not to be called.
			standing: standing.hold === 'do_not_contact' ? standing : { ...standing, listed: true, hold: null, until: null }
		});
	}
	// An erased customer (their name and phone gone on request) is on no list.
	const listed = rows.filter((r) => r.standing.listed && !(r.phone === '' && r.name === erasedName(r.customerId)));
	const tags = await tagsOfCustomers(db, [...new Set(listed.map((r) => r.customerId))]);
	const order = (r: Omit<CareRow, 'tags'>) => (r.service ? r.service.daysLeft : r.deliveredAt !== null ? r.deliveredAt : r.lastVisitDay ? -Date.parse(r.lastVisitDay) : 0);
	const rank = (r: Omit<CareRow, 'tags'>) => careLists.indexOf(r.list);
	return listed.map((r) => ({ ...r, tags: tags.get(r.customerId) ?? [] })).sort((a, b) => rank(a) - rank(b) || order(a) - order(b) || a.customerId - b.customerId);
}

/** Today's booked visits not arrived yet, with their operations' standard minutes (one technician), for the promise's load. */
export async function bookedVisitsToday(db: Db, storeId: number, now: number): Promise<BookedVisit[]> {
	const rows = await db
		.selectFrom('appointments')
		.select(['start_at', 'operations'])
		.where('store_id', '=', storeId)
		.where('status', '=', 'booked')
		.where('start_at', '<=', now + 86_400_000)
		.where('end_at', '>=', now - 12 * 3_600_000)
		.execute();
	const codes = [...new Set(rows.flatMap((r) => JSON.parse(r.operations) as string[]))];
	const minutes = codes.length ? await db.selectFrom('standard_times').select(['code', 'minutes_1']).where('store_id', '=', storeId).where('code', 'in', codes).execute() : [];
	const of = new Map(minutes.map((x) => [x.code, x.minutes_1]));
	return rows.map((r) => ({ startAt: r.start_at, minutes: (JSON.parse(r.operations) as string[]).reduce((sum, c) => sum + (of.get(c) ?? 0), 0) }));
}
