import { z } from 'zod';
import { CommandError, checkVersion, defineCommand, type CommandEnv } from '$lib/server/core/commands';
import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { bookingProblem, careOutcomes } from '$lib/domain/care';
import { fromStoreLocal, toStoreLocal } from '$lib/domain/time';
import { appointmentView, bookedSlots, careSettings, openBookingOfVehicle } from './repository';
import type { AppointmentView } from './views';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';

const image = (view: AppointmentView): EntityImage => ({ kind: 'appointment', id: view.id, value: view });

async function storeOf(tx: Db, storeId: number) {
	return tx.selectFrom('stores').select(['time_zone', 'opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirstOrThrow();
}

async function customerIn(tx: Db, storeId: number, id: number) {
	const c = await tx.selectFrom('customers').select(['id', 'name']).where('store_id', '=', storeId).where('id', '=', id).executeTakeFirst();
	if (!c) throw new CommandError(404, 'not_found', `customerId: no customer ${id} in this store`, 'customerId');
	return c;
}

async function vehicleIn(tx: Db, storeId: number, id: number, field = 'vehicleId') {
	const v = await tx.selectFrom('vehicles').select(['id', 'customer_id', 'plate', 'last_mileage', 'sale_day', 'sale_mileage']).where('store_id', '=', storeId).where('id', '=', id).executeTakeFirst();
	if (!v) throw new CommandError(404, 'not_found', `${field}: no car ${id} in this store`, field);
	return v;
}

const actorId = (env: CommandEnv) => (env.actor.kind === 'user' ? env.actor.id : null);

export const careReasons = ['first_service', 'second_service', 'at_risk', 'lost', 'follow_up', 'other'] as const;

export const recordCareCallInput = z.object({
	customerId: z.number().int().positive(),
	vehicleId: z.number().int().positive().optional().describe('the car the call was about'),
	reason: z.enum(careReasons).describe('why the customer was called: the care list they were on'),
	outcome: z.enum(careOutcomes).describe('reached, no_answer, booked, declined, wrong_number, do_not_contact (off every list for good)'),
	note: z.string().trim().max(500).default('')
});

/** A care call and its outcome: moves the customer along the care lists (`queueStanding`). The event carries ids, never the name or phone. */
export const recordCareCall = defineCommand({
	type: 'care.call',
	schema: recordCareCallInput,
	permission: () => 'care.call',
	async handle(tx, input, env) {
		const customer = await customerIn(tx, env.storeId, input.customerId);
		if (input.vehicleId !== undefined) {
			const v = await vehicleIn(tx, env.storeId, input.vehicleId);
			if (v.customer_id !== customer.id) throw new CommandError(400, 'invalid_input', `vehicleId: car ${v.id} is not this customer's`, 'vehicleId');
		}
		const { time_zone } = await storeOf(tx, env.storeId);
		const { id } = await tx
			.insertInto('care_calls')
			.values({
				store_id: env.storeId,
				customer_id: customer.id,
				vehicle_id: input.vehicleId ?? null,
				reason: input.reason,
				outcome: input.outcome,
				note: input.note,
				at: env.now,
				day: toStoreLocal(env.now, time_zone).slice(0, 10),
				actor_id: actorId(env),
				actor_name: env.actor.name
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return {
			result: { id, customerId: customer.id, outcome: input.outcome },
			event: { type: 'care.called', subjectKind: 'customer', subjectId: customer.id, data: { callId: id, vehicleId: input.vehicleId ?? null, reason: input.reason, outcome: input.outcome }, images: [] }
		};
	}
});

const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a store-local time YYYY-MM-DDTHH:MM');

export const bookVisitInput = z.object({
	vehicleId: z.number().int().positive(),
	start: localTime.describe("the visit's start in the store's time zone"),
	minutes: z.number().int().min(15).max(480).optional().describe("the visit's length (default: the store's booking length)"),
	operations: z.array(z.string().trim().min(1).max(40)).max(20).default([]).describe('catalogue codes of the operations asked for'),
	advisorId: z.number().int().positive().optional().describe('the advisor who receives the car'),
	note: z.string().trim().max(500).default(''),
	source: z.enum(['care', 'special_order', 'desk']).default('desk'),
	specialOrderId: z.number().int().positive().optional().describe('the special order whose parts arrived (source special_order)')
});

/**
 * Books a visit: in the future, within the store's opening hours of its day, with room (at no
 * moment more visits than the store's booking capacity), for a car of this store with no other
 * visit booked ahead, operations from the catalogue, an advisor of the store.
 */
export const bookVisit = defineCommand({
	type: 'appointment.book',
	schema: bookVisitInput,
	permission: () => 'appointment.book',
	async handle(tx, input, env) {
		const vehicle = await vehicleIn(tx, env.storeId, input.vehicleId);
		const store = await storeOf(tx, env.storeId);
		const settings = await careSettings(tx, env.storeId);
		const start = fromStoreLocal(input.start, store.time_zone);
		if (Number.isNaN(start)) throw new CommandError(400, 'invalid_input', 'start: not a time', 'start');
		const end = start + (input.minutes ?? settings.bookingMinutes) * 60_000;
		const endLocal = toStoreLocal(end, store.time_zone);
		const existing = await bookedSlots(tx, env.storeId, start, end);
		const problem = bookingProblem({ start, end, startLocal: input.start, endLocal }, env.now, { opensAt: store.opens_at, closesAt: store.closes_at }, existing, settings.bookingCapacity);
		if (problem === 'in_the_past') throw new CommandError(400, 'in_the_past', 'start: a visit is booked ahead, not in the past', 'start');
		if (problem === 'outside_opening_hours') throw new CommandError(400, 'outside_opening_hours', `start: the visit must lie within opening hours (${store.opens_at}–${store.closes_at})`, 'start');
		if (problem === 'full') throw new CommandError(409, 'slot_full', `start: ${settings.bookingCapacity} visits are already booked at that time`, 'start', { capacity: settings.bookingCapacity });
		const already = await openBookingOfVehicle(tx, env.storeId, vehicle.id, env.now, toStoreLocal(env.now, store.time_zone).slice(0, 10));
		if (already) throw new CommandError(409, 'already_booked', `vehicleId: ${vehicle.plate} is already booked (visit ${already.id})`, 'vehicleId', { appointmentId: already.id });
		const codes = [...new Set(input.operations)];
		if (codes.length) {
			const known = await tx.selectFrom('standard_times').select('code').where('store_id', '=', env.storeId).where('code', 'in', codes).execute();
			const unknown = codes.filter((c) => !known.some((k) => k.code === c));
			if (unknown.length) throw new CommandError(400, 'invalid_input', `operations: not in the catalogue: ${unknown.join(', ')}`, 'operations');
		}
		if (input.advisorId !== undefined) {
			const advisor = await tx.selectFrom('users').select('id').where('store_id', '=', env.storeId).where('id', '=', input.advisorId).where('role', '=', 'service_advisor').where('active', '=', 1).executeTakeFirst();
			if (!advisor) throw new CommandError(404, 'not_found', `advisorId: no active service advisor ${input.advisorId} in this store`, 'advisorId');
		}
		if (input.specialOrderId !== undefined) {
			const so = await tx.selectFrom('special_orders').select('id').where('store_id', '=', env.storeId).where('id', '=', input.specialOrderId).executeTakeFirst();
			if (!so) throw new CommandError(404, 'not_found', `specialOrderId: no special order ${input.specialOrderId} in this store`, 'specialOrderId');
		}
		const { id } = await tx
			.insertInto('appointments')
			.values({
				store_id: env.storeId,
				customer_id: vehicle.customer_id,
				vehicle_id: vehicle.id,
				advisor_id: input.advisorId ?? null,
				start_at: start,
				end_at: end,
				day: input.start.slice(0, 10),
				operations: JSON.stringify(codes),
				note: input.note,
				source: input.source,
				special_order_id: input.specialOrderId ?? null,
				created_at: env.now,
				created_by_name: env.actor.name
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = (await appointmentView(tx, env.storeId, id))!;
		return {
			result: { appointment: view },
			event: { type: 'appointment.booked', subjectKind: 'appointment', subjectId: id, data: { vehicleId: vehicle.id, customerId: vehicle.customer_id, startAt: start, endAt: end, source: input.source }, images: [image(view)] }
		};
	}
});

export const cancelVisitInput = z.object({
	id: z.number().int().positive(),
	expectedVersion: z.number().int().min(1),
	reason: z.string().trim().min(1).max(200).describe('why: the customer called off, moved, no show…'),
	noShow: z.boolean().default(false).describe('the customer did not come (recorded as a no-show, not a cancellation)')
});

/** Calls off a booked visit (or records that the customer did not come); an arrived or cancelled one refuses. */
export const cancelVisit = defineCommand({
	type: 'appointment.cancel',
	schema: cancelVisitInput,
	permission: () => 'appointment.book',
	async handle(tx, input, env) {
		const view = await appointmentView(tx, env.storeId, input.id);
		if (!view) throw new CommandError(404, 'not_found', `appointment ${input.id} does not exist`, 'id');
		checkVersion(view.version, input.expectedVersion, `appointment ${view.id}`);
		if (view.status !== 'booked') throw new CommandError(409, 'not_booked', `id: the visit is ${view.status}, not booked`, 'id', { status: view.status });
		const status = input.noShow ? 'no_show' : 'cancelled';
		await tx
			.updateTable('appointments')
			.set({ status, cancel_reason: input.reason, version: view.version + 1 })
			.where('id', '=', view.id)
			.execute();
		const after = (await appointmentView(tx, env.storeId, view.id))!;
		return { result: { appointment: after }, event: { type: `appointment.${status}`, subjectKind: 'appointment', subjectId: view.id, data: { vehicleId: view.vehicleId, status }, images: [image(after)] } };
	}
});

/**
 * A car checked in on the day of its booked visit takes the visit (arrived, with its repair
 * order), in the check-in's own transaction (the care module's projector).
 */
export async function arriveBooking(tx: Db, storeId: number, repairOrderId: number, at: number): Promise<EntityImage[]> {
	const ro = await tx.selectFrom('repair_orders').select(['vehicle_id']).where('id', '=', repairOrderId).where('store_id', '=', storeId).executeTakeFirst();
	if (!ro) return [];
	const { time_zone } = await storeOf(tx, storeId);
	const day = toStoreLocal(at, time_zone).slice(0, 10);
	// The car's booking of that day whose time is nearest its arrival.
	const bookings = await tx.selectFrom('appointments').select(['id', 'version', 'start_at']).where('store_id', '=', storeId).where('vehicle_id', '=', ro.vehicle_id).where('status', '=', 'booked').where('day', '=', day).execute();
	const booking = bookings.sort((a, b) => Math.abs(a.start_at - at) - Math.abs(b.start_at - at) || a.id - b.id)[0];
	if (!booking) return [];
	await tx
		.updateTable('appointments')
		.set({ status: 'arrived', repair_order_id: repairOrderId, version: booking.version + 1 })
		.where('id', '=', booking.id)
		.execute();
	return [image((await appointmentView(tx, storeId, booking.id))!)];
}

const today = (env: CommandEnv, timeZone: string) => toStoreLocal(env.now, timeZone).slice(0, 10);

export const setVehicleSaleInput = z.object({
	vehicleId: z.number().int().positive(),
	saleDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar date YYYY-MM-DD').describe('the day the car was sold (store day)'),
	saleMileage: z.number().int().min(0).max(100_000).describe('the odometer at the sale, km')
});

/** The car's sale: its first and second services count from it. Not in the future; its odometer then not above a later reading. */
export const setVehicleSale = defineCommand({
	type: 'vehicle.sale',
	schema: setVehicleSaleInput,
	permission: () => 'vehicle.update',
	async handle(tx, input, env) {
		const v = await vehicleIn(tx, env.storeId, input.vehicleId);
		const { time_zone } = await storeOf(tx, env.storeId);
		if (Number.isNaN(Date.parse(`${input.saleDay}T00:00:00Z`)) || new Date(Date.parse(`${input.saleDay}T00:00:00Z`)).toISOString().slice(0, 10) !== input.saleDay) {
			throw new CommandError(400, 'invalid_input', 'saleDay: no such date', 'saleDay');
		}
		if (input.saleDay > today(env, time_zone)) throw new CommandError(400, 'invalid_input', 'saleDay: a sale day cannot be in the future', 'saleDay');
		if (v.last_mileage !== null && input.saleMileage > v.last_mileage) {
			throw new CommandError(400, 'invalid_input', `saleMileage: the car has since been read at ${v.last_mileage} km; the sale's odometer cannot be higher`, 'saleMileage', { lastMileage: v.last_mileage });
		}
		await tx.updateTable('vehicles').set({ sale_day: input.saleDay, sale_mileage: input.saleMileage }).where('id', '=', v.id).execute();
		return {
			result: { vehicleId: v.id, saleDay: input.saleDay, saleMileage: input.saleMileage },
			event: { type: 'vehicle.sale_recorded', subjectKind: 'vehicle', subjectId: v.id, data: { saleDay: input.saleDay, saleMileage: input.saleMileage }, images: [] }
		};
	}
});

export const tagColours = ['green', 'red', 'amber', 'blue', 'grey'] as const;

export const saveTagInput = z.object({
	id: z.number().int().positive().optional().describe('the tag to change (absent: a new tag)'),
	expectedVersion: z.number().int().min(1).optional(),
	symbol: z.string().trim().min(1).max(3).describe('one to three characters, e.g. +, !, #, VIP'),
	colour: z.enum(tagColours),
	meaningZh: z.string().trim().min(1).max(40),
	meaningEn: z.string().trim().min(1).max(60),
	sort: z.number().int().min(0).max(999).default(0),
	retired: z.boolean().default(false).describe('a retired tag is kept on no screen')
});

/** Defines or changes one of the store's customer tags (symbols unique in the store). */
export const saveTag = defineCommand({
	type: 'tag.save',
	schema: saveTagInput,
	permission: () => 'care.manage',
	async handle(tx, input, env) {
		const clash = await tx.selectFrom('customer_tags').select('id').where('store_id', '=', env.storeId).where('symbol', '=', input.symbol).executeTakeFirst();
		if (clash && clash.id !== input.id) throw new CommandError(409, 'duplicate', `symbol: the store already has a tag "${input.symbol}"`, 'symbol');
		const values = { symbol: input.symbol, colour: input.colour, meaning_zh: input.meaningZh, meaning_en: input.meaningEn, sort: input.sort, retired: input.retired ? 1 : 0 };
		let id: number;
		if (input.id === undefined) {
			id = (await tx.insertInto('customer_tags').values({ store_id: env.storeId, ...values }).returning('id').executeTakeFirstOrThrow()).id;
		} else {
			const tag = await tx.selectFrom('customer_tags').select(['id', 'version']).where('store_id', '=', env.storeId).where('id', '=', input.id).executeTakeFirst();
			if (!tag) throw new CommandError(404, 'not_found', `id: no tag ${input.id} in this store`, 'id');
			if (input.expectedVersion === undefined) throw new CommandError(400, 'invalid_input', 'expectedVersion: required to change a tag', 'expectedVersion');
			checkVersion(tag.version, input.expectedVersion, `tag ${tag.id}`);
			await tx.updateTable('customer_tags').set({ ...values, version: tag.version + 1 }).where('id', '=', tag.id).execute();
			id = tag.id;
		}
		return { result: { id }, event: { type: 'tag.saved', subjectKind: 'tag', subjectId: id, data: { symbol: input.symbol, colour: input.colour, retired: input.retired }, images: [] } };
	}
});

export const tagCustomerInput = z.object({
	customerId: z.number().int().positive(),
	tagIds: z.array(z.number().int().positive()).max(10).describe("the customer's tags, all of them (replaces the set)")
});

/** Sets a customer's tags (the store's own, not retired). */
export const tagCustomer = defineCommand({
	type: 'customer.tag',
	schema: tagCustomerInput,
	permission: () => 'customer.tag',
	async handle(tx, input, env) {
		const customer = await customerIn(tx, env.storeId, input.customerId);
		const ids = [...new Set(input.tagIds)];
		if (ids.length) {
			const ok = await tx.selectFrom('customer_tags').select('id').where('store_id', '=', env.storeId).where('retired', '=', 0).where('id', 'in', ids).execute();
			const bad = ids.filter((i) => !ok.some((o) => o.id === i));
			if (bad.length) throw new CommandError(400, 'invalid_input', `tagIds: no such tag in this store: ${bad.join(', ')}`, 'tagIds');
		}
		await tx.deleteFrom('customer_tag_links').where('customer_id', '=', customer.id).execute();
		if (ids.length) await tx.insertInto('customer_tag_links').values(ids.map((tag_id) => ({ customer_id: customer.id, tag_id }))).execute();
		// The desk shows the tags beside the name on the customer's orders still in the shop, and their visits.
		const images: EntityImage[] = [];
		const orders = await tx.selectFrom('repair_orders').select('id').where('store_id', '=', env.storeId).where('customer_id', '=', customer.id).where('stage', 'not in', ['delivered', 'followed_up', 'cancelled']).execute();
		for (const o of orders) images.push({ kind: 'repairOrder', id: o.id, value: (await repairOrderView(tx, o.id, env.storeId)) ?? null });
		const visits = await tx.selectFrom('appointments').select('id').where('store_id', '=', env.storeId).where('customer_id', '=', customer.id).where('status', 'in', ['booked', 'arrived']).where('end_at', '>=', env.now - 86_400_000).execute();
		for (const v of visits) images.push(image((await appointmentView(tx, env.storeId, v.id))!));
		return { result: { customerId: customer.id, tagIds: ids }, event: { type: 'customer.tagged', subjectKind: 'customer', subjectId: customer.id, data: { tagIds: ids }, images } };
	}
});

export const saveCareSettingsInput = z.object({
	expectedVersion: z.number().int().min(0).describe('0 the first time'),
	bookingCapacity: z.number().int().min(1).max(50).describe('visits booked at the same time at most'),
	bookingMinutes: z.number().int().min(15).max(480).describe("a booked visit's length"),
	soonDays: z.number().int().min(1).max(120).describe('a first or second service within this many days is due soon')
});

export const saveCareSettings = defineCommand({
	type: 'care.settings',
	schema: saveCareSettingsInput,
	permission: () => 'care.manage',
	async handle(tx, input, env) {
		const now = await careSettings(tx, env.storeId);
		checkVersion(now.version, input.expectedVersion, 'the care settings');
		const values = { booking_capacity: input.bookingCapacity, booking_minutes: input.bookingMinutes, soon_days: input.soonDays, version: now.version + 1 };
		await tx
			.insertInto('care_settings')
			.values({ store_id: env.storeId, ...values })
			.onConflict((oc) => oc.column('store_id').doUpdateSet(values))
			.execute();
		return { result: await careSettings(tx, env.storeId), event: { type: 'care.settings_saved', subjectKind: 'store', subjectId: env.storeId, data: { ...input }, images: [] } };
	}
});

export const saveServicePlanInput = z.object({
	prefix: z.string().trim().max(40).describe("'' for the store's default, else a brand or model a car's model starts with"),
	firstMonths: z.number().int().min(1).max(60),
	firstKm: z.number().int().min(500).max(100_000),
	secondMonths: z.number().int().min(1).max(120),
	secondKm: z.number().int().min(500).max(200_000),
	firstCode: z.string().trim().min(1).max(40).describe('the catalogue operation that is the first service'),
	secondCode: z.string().trim().min(1).max(40).describe('the catalogue operation that is the second service')
});

/** Sets the first and second service intervals of a brand or model (or the store's default). */
export const saveServicePlan = defineCommand({
	type: 'servicePlan.save',
	schema: saveServicePlanInput,
	permission: () => 'care.manage',
	async handle(tx, input, env) {
		if (input.secondMonths <= input.firstMonths) throw new CommandError(400, 'invalid_input', 'secondMonths: the second service comes after the first', 'secondMonths');
		if (input.secondKm <= input.firstKm) throw new CommandError(400, 'invalid_input', 'secondKm: the second service comes after the first', 'secondKm');
		for (const [field, code] of [['firstCode', input.firstCode], ['secondCode', input.secondCode]] as const) {
			const op = await tx.selectFrom('standard_times').select('code').where('store_id', '=', env.storeId).where('code', '=', code).executeTakeFirst();
			if (!op) throw new CommandError(400, 'invalid_input', `${field}: "${code}" is not in the catalogue`, field);
		}
		const values = { first_months: input.firstMonths, first_km: input.firstKm, second_months: input.secondMonths, second_km: input.secondKm, first_code: input.firstCode, second_code: input.secondCode };
		const row = await tx
			.insertInto('service_plans')
			.values({ store_id: env.storeId, prefix: input.prefix, ...values })
			.onConflict((oc) => oc.columns(['store_id', 'prefix']).doUpdateSet((eb) => ({ ...values, version: eb('service_plans.version', '+', 1) })))
			.returning('id')
			.executeTakeFirstOrThrow();
		return { result: { id: row.id }, event: { type: 'servicePlan.saved', subjectKind: 'servicePlan', subjectId: row.id, data: { ...input }, images: [] } };
	}
});
