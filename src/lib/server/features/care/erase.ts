import { z } from 'zod';
import { sql } from 'kysely';
import { CommandError, defineCommand } from '$lib/server/core/commands';
import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { closedStages } from '$lib/domain/repair-order';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { specialOrderView } from '$lib/server/features/parts/special-orders-repository';
import { containing } from '$lib/server/db/like';

/** What an erased customer is called from then on, and each of their cars. */
export const erasedName = (id: number) => `已删除客户 #${id}`;
export const erasedPlate = (vehicleId: number) => `已删除车辆 #${vehicleId}`;

/** Keys under which a copied customer's name is found (customerName, customer_name, customer.name, owner, contact…). */
const customerKey = /customer|owner|contact/i;
/** Free text about the customer's car, where a name may be written in passing. */
const noteKey = /concern|note|remark|comment|finding|reason|recommend/i;

/**
 * A payload with a customer's phone taken out wherever it appears (a phone is long enough to be
 * no one else's) and their name where it stands as a customer's name (under a customer-ish key)
 * or is written in a note: a member of staff who shares the name keeps it in their own fields.
 * Returns the count replaced.
 */
export function scrub(
	value: unknown,
	secret: { name: string; phone: string; plates?: readonly string[] },
	by: { name: string; phone: string; plates?: readonly string[] }
): { value: unknown; replaced: number } {
	let replaced = 0;
	const phone = secret.phone.length >= 5 ? secret.phone : null;
	// A plate is as much the customer's as the phone (and as long): replaced wherever it stands.
	const plates = (secret.plates ?? []).map((p, i) => [p, by.plates?.[i] ?? ''] as const).filter(([p]) => p.length >= 5);
	const walk = (v: unknown, key: string, parent: string): unknown => {
		if (typeof v === 'string') {
			let out = v;
			for (const [plate, label] of plates) {
				if (out.includes(plate)) {
					replaced += 1;
					out = out.split(plate).join(label);
				}
			}
			if (phone && out.includes(phone)) {
				replaced += 1;
				out = out === phone ? by.phone : out.split(phone).join(by.phone);
			}
			if (secret.name && out === secret.name && (customerKey.test(key) || customerKey.test(parent))) {
				replaced += 1;
				out = by.name;
			} else if (secret.name && noteKey.test(key) && out.includes(secret.name)) {
				replaced += 1;
				out = out.split(secret.name).join(by.name);
			}
			return out;
		}
		if (Array.isArray(v)) return v.map((x) => walk(x, key, parent));
		if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, key)]));
		return v;
	};
	return { value: walk(value, '', ''), replaced };
}

export const eraseCustomerInput = z.object({
	customerId: z.number().int().positive(),
	confirm: z.string().trim().min(1).max(80).describe("the customer's name as stored, typed by the admin to confirm"),
	request: z.string().trim().min(1).max(200).describe('the request this answers (how and when the customer asked)')
});

/**
 * Erases a customer on request (PIPL): the name and phone on the customer row (the name becomes
 * "已删除客户 #id", the phone empty), the cars' VINs, the concerns written on their orders, the
 * notes of their special orders, care calls and booked visits, their tags, their cars' photos; any event payload or
 * kept command answer that copied the name or phone is rewritten. The counts and times the
 * figures need stay (orders, stages, operations, parts; a car's plate becomes "已删除车辆 #id"). Refused while a car of theirs is
 * in the workshop. The erasure is itself an event: who, when, which customer id, what changed.
 */
export const eraseCustomer = defineCommand({
	type: 'customer.erase',
	schema: eraseCustomerInput,
	permission: () => 'customer.erase',
	async handle(tx, input, env) {
		const customer = await tx.selectFrom('customers').select(['id', 'name', 'phone']).where('store_id', '=', env.storeId).where('id', '=', input.customerId).executeTakeFirst();
		if (!customer) throw new CommandError(404, 'not_found', `customerId: no customer ${input.customerId} in this store`, 'customerId');
		if (customer.name === erasedName(customer.id)) throw new CommandError(409, 'already_erased', 'customerId: this customer was erased already', 'customerId');
		if (input.confirm !== customer.name) throw new CommandError(400, 'invalid_input', "confirm: type the customer's name exactly as stored to confirm the erasure", 'confirm');
		const orders = await tx.selectFrom('repair_orders').select(['id', 'stage', 'number']).where('store_id', '=', env.storeId).where('customer_id', '=', customer.id).execute();
		const inWorkshop = orders.filter((o) => !(closedStages as readonly string[]).includes(o.stage));
		if (inWorkshop.length) {
			throw new CommandError(409, 'car_in_workshop', `customerId: ${inWorkshop.map((o) => o.number).join(', ')} is still in the workshop; erase after delivery`, 'customerId', { orders: inWorkshop.map((o) => o.number) });
		}
		const label = erasedName(customer.id);
		const cars = await tx.selectFrom('vehicles').select(['id', 'plate']).where('customer_id', '=', customer.id).orderBy('id').execute();
		// A car's plate identifies its owner as well as a phone does: each becomes "已删除车辆 #id".
		const secret = { name: customer.name, phone: customer.phone, plates: cars.map((c) => c.plate) };
		const by = { name: label, phone: '', plates: cars.map((c) => erasedPlate(c.id)) };
		const secrets = [customer.name, customer.phone, ...secret.plates].filter((s) => s.length >= 2);
		const orderIds = orders.map((o) => o.id);

		await tx.updateTable('customers').set({ name: label, phone: '', tags: '', phone_changed_at: null }).where('id', '=', customer.id).execute();
		await tx.deleteFrom('customer_tag_links').where('customer_id', '=', customer.id).execute();
		for (const car of cars) {
			await tx.updateTable('vehicles').set({ vin: null, plate: erasedPlate(car.id) }).where('id', '=', car.id).execute();
			// The manager's facts keep the order, not the plate.
			await tx
				.updateTable('kpi_orders')
				.set({ plate: erasedPlate(car.id) })
				.where('repair_order_id', 'in', tx.selectFrom('repair_orders').select('id').where('vehicle_id', '=', car.id))
				.execute();
		}
		if (orderIds.length) await tx.updateTable('repair_orders').set({ concerns: '' }).where('id', 'in', orderIds).execute();
		const plates = cars.map((c) => c.plate);
		const specials = await tx
			.selectFrom('special_orders')
			.select('id')
			.where('store_id', '=', env.storeId)
			.where((eb) =>
				eb.or([
					eb('customer_id', '=', customer.id),
					...(orderIds.length ? [eb('repair_order_id', 'in', orderIds)] : []),
					...(customer.phone ? [eb('customer_phone', '=', customer.phone)] : []),
					// Registered by name for one of their cars, without a phone or an order.
					...(plates.length ? [eb.and([eb('customer_name', '=', customer.name), eb('plate', 'in', plates)])] : [])
				])
			)
			.execute();
		if (specials.length) {
			await tx
				.updateTable('special_orders')
				.set({ customer_name: label, customer_phone: null, note: '' })
				.where('id', 'in', specials.map((s) => s.id))
				.execute();
			for (const [i, car] of cars.entries()) {
				await tx.updateTable('special_orders').set({ plate: by.plates[i] }).where('id', 'in', specials.map((s) => s.id)).where('plate', '=', car.plate).execute();
			}
		}
		// Free text written about their orders by staff: the name or phone written in passing goes.
		const passing = (column: string) => {
			let e = sql<string>`${sql.ref(column)}`;
			for (const s of secrets) e = sql<string>`replace(${e}, ${s}, ${label})`;
			return e;
		};
		if (orderIds.length) {
			await tx.updateTable('repair_orders').set({ pause_note: passing('pause_note'), cancel_reason: passing('cancel_reason'), team_recommendations: passing('team_recommendations') }).where('id', 'in', orderIds).execute();
			await tx.updateTable('addons').set({ finding: passing('finding') }).where('repair_order_id', 'in', orderIds).execute();
			await tx.updateTable('parts_requests').set({ note: passing('note') }).where('repair_order_id', 'in', orderIds).execute();
			await tx.updateTable('calls').set({ note: passing('note') }).where('repair_order_id', 'in', orderIds).execute();
		}
		if (specials.length) await tx.updateTable('special_order_steps').set({ note: passing('note') }).where('order_id', 'in', specials.map((x) => x.id)).execute();
		await tx.updateTable('care_calls').set({ note: '' }).where('customer_id', '=', customer.id).execute();
		await tx.updateTable('appointments').set({ note: '' }).where('customer_id', '=', customer.id).execute();

		// Their cars' photos (the walk-around, the findings): the rows here, the files after the commit (care/api.ts).
		const photos = orderIds.length ? Number((await tx.deleteFrom('photos').where('store_id', '=', env.storeId).where('repair_order_id', 'in', orderIds).executeTakeFirst()).numDeletedRows) : 0;

		const events = await rewriteEvents(tx, env.storeId, secrets, secret, by);
		let answers = 0;
		for (const s of secrets) {
			const rows = await tx.selectFrom('idempotency_keys').select(['caller', 'key', 'result']).where('store_id', '=', env.storeId).where('result', 'like', containing(s)).execute();
			for (const r of rows) {
				const { value, replaced } = scrub(JSON.parse(r.result), secret, by);
				if (replaced === 0) continue;
				await tx.updateTable('idempotency_keys').set({ result: JSON.stringify(value) }).where('store_id', '=', env.storeId).where('caller', '=', r.caller).where('key', '=', r.key).execute();
				answers += 1;
			}
		}

		// The screens that show this customer's orders and special orders get them as they are now.
		const images: EntityImage[] = [];
		for (const id of orderIds) images.push({ kind: 'repairOrder', id, value: (await repairOrderView(tx, id, env.storeId)) ?? null });
		for (const s of specials) images.push({ kind: 'specialOrder', id: s.id, value: (await specialOrderView(tx, env.storeId, s.id)) ?? null });
		// The request as the admin wrote it may name the customer: recorded without the name or phone.
		const request = secrets.reduce((text, s) => text.split(s).join(label), input.request);
		const summary = { customerId: customer.id, request, vehicles: cars.length, orders: orderIds.length, specialOrders: specials.length, photos, eventsRewritten: events, answersRewritten: answers };
		return { result: summary, event: { type: 'customer.erased', subjectKind: 'customer', subjectId: customer.id, data: summary, images } };
	}
});

/** Rewrites the payloads of the store's events that copied a secret (under the erasure lock, in this transaction). */
async function rewriteEvents(tx: Db, storeId: number, secrets: readonly string[], secret: Parameters<typeof scrub>[1], by: Parameters<typeof scrub>[2]): Promise<number> {
	const hits = new Map<number, string>();
	for (const s of secrets) {
		const rows = await tx.selectFrom('events').select(['seq', 'payload']).where('store_id', '=', storeId).where('payload', 'like', containing(s)).execute();
		for (const r of rows) hits.set(r.seq, r.payload);
	}
	const changed = [...hits].map(([seq, payload]) => ({ seq, ...scrub(JSON.parse(payload), secret, by) })).filter((c) => c.replaced > 0);
	if (changed.length === 0) return 0;
	await tx.insertInto('erasure_lock').values({ store_id: storeId }).execute();
	for (const c of changed) await tx.updateTable('events').set({ payload: JSON.stringify(c.value) }).where('seq', '=', c.seq).execute();
	await tx.deleteFrom('erasure_lock').where('store_id', '=', storeId).execute();
	return changed.length;
}
