import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { fromStoreLocal, toStoreLocal } from '../../src/lib/domain/time';
import { addDaysToDay, addMonthsToDay } from '../../src/lib/domain/care';
import { computeOrderFactsWithStored, writeFacts } from '../../src/lib/server/features/kpi/repository';

/**
 * Customer care's demo (issue 18), so every care list has rows on first start: the store's three
 * tags (+ valued, ! complaint history, # fleet) on some customers; cars sold 4–5 months ago whose
 * 首保 falls due within the month, cars past it, cars with the first service done whose 二保 is
 * due; customers whose last visit was 7–11 months ago (at risk) or 13–20 months ago (lost), with
 * that visit on record (a closed maintenance order); and a few bookings today and tomorrow.
 * Written directly (no events), before anyone signs in; names, phones and plates are invented.
 */
export async function loadDemoCare(db: Kysely<Database>, storeId: number, now: number, timeZone: string): Promise<void> {
	// Once per store (the demo's start, or a test calling it on a demo that already has it).
	if (await db.selectFrom('customer_tags').select('id').where('store_id', '=', storeId).executeTakeFirst()) return;
	const today = toStoreLocal(now, timeZone).slice(0, 10);
	const at = (day: string, time = '10:00') => fromStoreLocal(`${day}T${time}`, timeZone);
	const store = await db.selectFrom('stores').select(['opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirstOrThrow();

	// --- Tags.
	const tagRows = [
		{ symbol: '+', colour: 'green', meaning_zh: '重要客户', meaning_en: 'Valued customer' },
		{ symbol: '!', colour: 'red', meaning_zh: '投诉记录', meaning_en: 'Complaint history' },
		{ symbol: '#', colour: 'blue', meaning_zh: '车队客户', meaning_en: 'Fleet customer' }
	];
	const tags = await db
		.insertInto('customer_tags')
		.values(tagRows.map((t, sort) => ({ store_id: storeId, ...t, sort })))
		.returning(['id', 'symbol'])
		.execute();
	const tagId = (s: string) => tags.find((t) => t.symbol === s)!.id;

	const catalogue = new Map((await db.selectFrom('standard_times').select(['id', 'code', 'name_zh', 'name_en', 'minutes_1', 'minutes_2']).where('store_id', '=', storeId).execute()).map((s) => [s.code, s]));
	let serial = 900;
	/** The past visits written here: their facts for the manager's figures are written with them (below). */
	const written: number[] = [];
	/** A closed maintenance visit in the past (checked in, delivered and followed up the same day). */
	async function pastVisit(customerId: number, vehicleId: number, day: string, mileage: number, code: string) {
		const inAt = at(day, '09:30');
		const outAt = at(day, '15:30');
		const { id } = await db
			.insertInto('repair_orders')
			.values({
				store_id: storeId,
				number: `RO${day.replaceAll('-', '')}-${serial++}`,
				vehicle_id: vehicleId,
				customer_id: customerId,
				kind: 'maintenance',
				stage: 'followed_up',
				bay_id: null,
				team_id: null,
				crew_size: null,
				pause_reason: null,
				pause_note: null,
				promised_at: outAt,
				checked_in_at: inAt,
				running_since: null,
				stage_since: outAt,
				cancel_reason: null,
				updated_at: outAt,
				pickup_at: null,
				ready_at: outAt - 30 * 60_000,
				delivered_at: outAt,
				next_service_date: null,
				next_service_mileage: null,
				follow_up_time: null,
				follow_up_outcome: null,
				last_qc_fail_reason: null,
				overdue_at: null,
				escalated_at: null,
				announced_ready_at: null,
				team_recommendations: null,
				team_checked_by: null,
				team_checked_at: null,
				mileage
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		written.push(id);
		// Visits from before Pitwall, as a store imports them from its DMS: one event says so (no stage moves).
		await db
			.insertInto('events')
			.values({
				store_id: storeId,
				at: inAt,
				actor_kind: 'system',
				actor_id: 'import',
				actor_name: '数据导入 Import',
				type: 'repairOrder.imported',
				subject_kind: 'repairOrder',
				subject_id: id,
				payload: JSON.stringify({ data: { number: `RO${day.replaceAll('-', '')}-${serial - 1}`, deliveredAt: outAt }, entities: [{ kind: 'repairOrder', id }] })
			})
			.execute();
		const op = catalogue.get(code);
		await db
			.insertInto('repair_order_operations')
			.values({ repair_order_id: id, standard_time_id: op?.id ?? null, code: op ? code : null, name_zh: op?.name_zh ?? '常规保养', name_en: op?.name_en ?? 'Routine maintenance', minutes_1: op?.minutes_1 ?? 45, minutes_2: op?.minutes_2 ?? 30, addon_id: null })
			.execute();
	}

	const open = (await db.selectFrom('repair_orders').select('vehicle_id').where('store_id', '=', storeId).where('stage', 'not in', ['delivered', 'followed_up', 'cancelled']).execute()).map((r) => r.vehicle_id);
	const orders = await db.selectFrom('repair_orders').select(['customer_id', 'vehicle_id', 'stage', 'checked_in_at']).where('store_id', '=', storeId).execute();
	const visited = new Set(orders.map((r) => r.customer_id));
	const lastIn = new Map<number, number>();
	for (const o of orders) lastIn.set(o.vehicle_id, Math.max(lastIn.get(o.vehicle_id) ?? 0, o.checked_in_at));
	// A car delivered and awaiting its follow-up call is on that list already.
	const awaiting = new Set(orders.filter((o) => o.stage === 'delivered').map((o) => o.vehicle_id));
	const reading = new Map<number, number>();
	for (const r of await db.selectFrom('repair_orders').select(['vehicle_id', 'mileage']).where('store_id', '=', storeId).where('mileage', 'is not', null).orderBy('checked_in_at').execute()) reading.set(r.vehicle_id, r.mileage!);
	const vehicles = await db.selectFrom('vehicles').select(['id', 'customer_id', 'plate', 'last_mileage']).where('store_id', '=', storeId).where('sale_day', 'is', null).orderBy('id').execute();
	// Cars of customers who come regularly, not in the workshop now: their services fall due.
	// A car whose first or second service is on record already would not fall due as told.
	const serviced = new Set(
		(await db.selectFrom('repair_order_operations as o').innerJoin('repair_orders as r', 'r.id', 'o.repair_order_id').select('r.vehicle_id').where('r.store_id', '=', storeId).where('o.code', 'in', ['MNT-5K', 'MNT-10K']).execute()).map((r) => r.vehicle_id)
	);
	// Those whose last visit is longest ago first.
	const regulars = vehicles.filter((v) => visited.has(v.customer_id) && !open.includes(v.id) && !awaiting.has(v.id) && !serviced.has(v.id)).sort((a, b) => (lastIn.get(a.id) ?? 0) - (lastIn.get(b.id) ?? 0));
	const km = (v: (typeof vehicles)[number]) => Math.max(reading.get(v.id) ?? 0, v.last_mileage ?? 0);
	const used = new Set<number>();
	const take = () => {
		const v = regulars.find((x) => !used.has(x.id) && ![...used].some((u) => vehicles.find((y) => y.id === u)?.customer_id === x.customer_id));
		if (v) used.add(v.id);
		return v;
	};
	const sell = (vehicleId: number, saleDay: string, saleMileage: number) => db.updateTable('vehicles').set({ sale_day: saleDay, sale_mileage: saleMileage }).where('id', '=', vehicleId).execute();
	const link = (customerId: number, symbol: string) => db.insertInto('customer_tag_links').values({ customer_id: customerId, tag_id: tagId(symbol) }).onConflict((oc) => oc.doNothing()).execute();

	// 首保 due soon (5 months after the sale, 6–24 days from today) and overdue (3–40 days past).
	const firstDue: [number, string?][] = [[6, '+'], [15], [24, '#'], [-3, '!'], [-18], [-40, '+']];
	for (const [daysLeft, tag] of firstDue) {
		const v = take();
		if (!v) break;
		// Driven little since the sale: due by time (the odometer stays well below 5,000 km over it).
		await sell(v.id, addMonthsToDay(addDaysToDay(today, daysLeft), -5), Math.max(0, km(v) - 1200));
		if (tag) await link(v.customer_id, tag);
	}
	// 首保 done about 6 months ago: 二保 (12 months after the sale) due in 20 days, and 10 days past.
	for (const daysLeft of [20, -10]) {
		const v = take();
		if (!v) break;
		const saleDay = addMonthsToDay(addDaysToDay(today, daysLeft), -12);
		const base = Math.max(0, km(v) - 2500);
		await sell(v.id, saleDay, base);
		await pastVisit(v.customer_id, v.id, addMonthsToDay(saleDay, 5), base + 1100, 'MNT-5K');
	}

	// Customers with no visit on record: their last one was months ago (at risk, then lost, by turns).
	const lapsed = vehicles.filter((v) => !visited.has(v.customer_id) && !used.has(v.id));
	let i = 0;
	for (const v of lapsed) {
		const monthsAgo = i % 2 === 0 ? 7 + ((i / 2) % 5) : 13 + (((i - 1) / 2) * 2) % 8;
		const day = addDaysToDay(addMonthsToDay(today, -monthsAgo), -(i % 3) * 4);
		await pastVisit(v.customer_id, v.id, day, 20000 + i * 7311, 'MNT-STD');
		if (i === 0) await link(v.customer_id, '#');
		if (i === 3) await link(v.customer_id, '!');
		i++;
	}
	// Two more who lapsed (one with a new-energy car's 8-character plate), their cars' sale unknown.
	const extra = [
		{ name: '欧阳丽华', phone: '13700009011', plate: '粤B·D08816', model: '比亚迪 汉 EV', monthsAgo: 9, tag: '+' },
		{ name: '冯家明', phone: '13600009022', plate: '粤A·7MZ35', model: '大众 帕萨特', monthsAgo: 16, tag: '#' }
	];
	for (const c of extra) {
		const visit = addMonthsToDay(today, -c.monthsAgo);
		const { id: customerId } = await db.insertInto('customers').values({ store_id: storeId, name: c.name, phone: c.phone, created_at: at(addMonthsToDay(visit, -14)) }).returning('id').executeTakeFirstOrThrow();
		const { id: vehicleId } = await db.insertInto('vehicles').values({ store_id: storeId, customer_id: customerId, plate: c.plate, vin: null, model: c.model, colour: null, last_mileage: 31000 }).returning('id').executeTakeFirstOrThrow();
		await pastVisit(customerId, vehicleId, visit, 31000, 'MNT-STD');
		await link(customerId, c.tag);
	}

	// Bookings: later today (if the store is still open long enough), and tomorrow morning and afternoon.
	const advisors = await db.selectFrom('users').select(['id']).where('store_id', '=', storeId).where('role', '=', 'service_advisor').where('active', '=', 1).orderBy('id').execute();
	const booker = (await db.selectFrom('users').select('name').where('store_id', '=', storeId).where('role', '=', 'booking').executeTakeFirst())?.name ?? 'demo';
	const nowLocal = toStoreLocal(now, timeZone).slice(11, 16);
	const nextHour = `${String(Number(nowLocal.slice(0, 2)) + 2).padStart(2, '0')}:00`;
	const slots: [string, string, string][] = [];
	if (nextHour >= store.opens_at && nextHour <= addClock(store.closes_at, -60)) slots.push([today, nextHour, 'MNT-10K']);
	slots.push([addDaysToDay(today, 1), '10:00', 'MNT-5K'], [addDaysToDay(today, 1), '14:00', 'MNT-STD']);
	for (const [n, [day, time, code]] of slots.entries()) {
		const v = take();
		if (!v) break;
		const start = at(day, time);
		await db
			.insertInto('appointments')
			.values({
				store_id: storeId,
				customer_id: v.customer_id,
				vehicle_id: v.id,
				advisor_id: advisors[n % Math.max(1, advisors.length)]?.id ?? null,
				start_at: start,
				end_at: start + 60 * 60_000,
				day,
				operations: JSON.stringify(catalogue.has(code) ? [code] : []),
				note: n === 0 ? '客户会提前十分钟到' : '',
				status: 'booked',
				source: n === 1 ? 'desk' : 'care',
				special_order_id: null,
				repair_order_id: null,
				created_at: now - (n + 1) * 3_600_000,
				created_by_name: booker
			})
			.execute();
		if (n === 1) await link(v.customer_id, '+');
	}
	// The past visits count in the manager's figures like any order: their facts (and month tallies) now.
	if (written.length) {
		const { facts, stored } = await computeOrderFactsWithStored(db, storeId, written);
		await writeFacts(db, storeId, facts, stored);
	}
}

/** 'HH:MM' moved by some minutes (same day). */
function addClock(hm: string, minutes: number): string {
	const t = Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5)) + minutes;
	return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}
