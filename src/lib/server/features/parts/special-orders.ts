import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { CommandError, checkVersion, defineCommand, expectedVersion, type CommandEnv } from '$lib/server/core/commands';
import { calendarDay } from '$lib/server/core/instants';
import { actorOf } from '$lib/server/features/access/principal';
import { normalizePlate } from '$lib/domain/plate';
import { idleSignOutMs, type DeviceKind } from '$lib/domain/signin';
import { actionPermission, actionsAt, addDays, nextStep, storeDay, type Step } from '$lib/domain/special-orders';
import { nextSpecialOrderNumber, specialOrderImage, storeHours } from './special-orders-repository';
import type { SpecialOrderView } from './views';
import type { SpecialOrdersTable } from './table';
import type { Updateable } from 'kysely';

/**
 * Special orders' commands: registering one (or completing a draft), and one `specialOrder.step`
 * command for every step of the chain (src/lib/domain/special-orders.ts says which action moves
 * from which step and who may take it). Each step is a row in special_order_steps (who, when) and
 * a new version of the order. `draftSpecialOrder` is what picking calls when the counter is short.
 */

export const MAX_LINES = 20;
export const MAX_QTY = 999;

/** An optional text field: '' is the same as leaving it out (a form's empty box). */
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

const plate = z.string().transform((value, ctx) => {
	const normal = normalizePlate(value);
	if (normal === null) {
		ctx.addIssue({ code: 'custom', message: `"${value}" is not a Chinese licence plate (e.g. 粤B·D12345)` });
		return z.NEVER;
	}
	return normal;
});

const phone = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
	z.string().trim().regex(/^\+?[0-9 -]{7,20}$/, 'a phone number, digits only').optional()
);

export const specialOrderLine = z
	.object({
		partId: z.number().int().positive().optional().describe('a part of the catalogue (its number and name are taken from it when left out)'),
		number: optionalText(40).describe("the maker's part number"),
		name: optionalText(80),
		qty: z.number().int().min(1, 'at least 1').max(MAX_QTY, `at most ${MAX_QTY}`)
	})
	.refine((l) => l.partId !== undefined || (!!l.number && !!l.name), { message: 'the part number and its name (or a partId from the catalogue)', path: ['number'] });
export type SpecialOrderLineInput = z.output<typeof specialOrderLine>;

const lines = z.array(specialOrderLine).min(1, 'at least one part').max(MAX_LINES, `at most ${MAX_LINES} parts on one order`);

const orderFields = {
	customerName: z.string().trim().min(1, 'say whom the part is for').max(60),
	customerPhone: phone,
	plate,
	model: z.string().trim().min(1, 'the vehicle model').max(60),
	advisorId: z.number().int().positive().optional().describe('the advisor who owns the customer (a service advisor of this store); default: the registering advisor'),
	repairOrderId: z.number().int().positive().optional().describe('the repair order it was raised on, if any'),
	lines,
	note: optionalText(500)
};

export const registerInput = z.object(orderFields);

const note = { note: optionalText(500) };
const stepBase = { expectedVersion, ...note };

/** A step's body as the API takes it (the order's id is in the path). */
export const stepBody = z.discriminatedUnion('action', [
	// Completing a draft: any field given replaces the draft's.
	z.object({
		action: z.literal('register'),
		...stepBase,
		customerName: orderFields.customerName.optional(),
		customerPhone: phone,
		plate: plate.optional(),
		model: orderFields.model.optional(),
		advisorId: orderFields.advisorId,
		lines: lines.optional()
	}),
	z.object({ action: z.literal('review'), ...stepBase }),
	z.object({
		action: z.literal('order'),
		...stepBase,
		supplierRef: z.string().trim().min(1, "the supplier's order reference").max(60),
		expectedDate: z.preprocess((v) => (v === '' ? undefined : v), calendarDay.optional()).describe('YYYY-MM-DD, not before today; without: the next working day')
	}),
	z.object({ action: z.literal('arrive'), ...stepBase, bin: z.string().trim().min(1, 'the bin it waits in').max(20).describe('the bin code (A-1-3)') }),
	z.object({ action: z.literal('notify_advisor'), ...stepBase }),
	z.object({ action: z.literal('inform_customer'), ...stepBase }),
	z.object({ action: z.literal('agree_visit'), ...stepBase, visitDate: calendarDay.describe('YYYY-MM-DD, not in the past') }),
	z.object({ action: z.literal('fit'), ...stepBase, repairOrderId: z.number().int().positive().describe('the repair order it was fitted on') }),
	z.object({ action: z.literal('cancel'), ...stepBase, reason: z.string().trim().min(1, 'say why it is cancelled').max(200) })
]);
export const stepInput = z.intersection(z.object({ id: z.number().int().positive() }), stepBody);
export type StepInput = z.output<typeof stepInput>;

/** The event's name for reaching a step. */
const eventType = (step: Step) => `specialOrder.${step}`;

type Tx = Db;

/** A repair order of this store, or 404 naming the field. */
async function repairOrderOf(tx: Tx, storeId: number, id: number, field: string) {
	const ro = await tx
		.selectFrom('repair_orders as ro')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.innerJoin('customers as c', 'c.id', 'ro.customer_id')
		.select(['ro.id', 'ro.number', 'ro.customer_id', 'c.name as customer_name', 'c.phone as customer_phone', 'v.plate', 'v.model'])
		.where('ro.store_id', '=', storeId)
		.where('ro.id', '=', id)
		.executeTakeFirst();
	if (!ro) throw new CommandError(404, 'not_found', `${field}: repair order ${id} does not exist in this store`, field);
	return ro;
}

/** The advisor who owns the customer: the one named (a service advisor of this store), else the registering advisor. */
async function advisorFor(tx: Tx, env: CommandEnv, advisorId: number | undefined): Promise<{ id: number | null; name: string }> {
	if (advisorId !== undefined) {
		const u = await tx.selectFrom('users').select(['id', 'name', 'role', 'active']).where('store_id', '=', env.storeId).where('id', '=', advisorId).executeTakeFirst();
		if (!u) throw new CommandError(404, 'not_found', `advisorId: nobody with id ${advisorId} works in this store`, 'advisorId');
		if (u.role !== 'service_advisor' || u.active !== 1) throw new CommandError(400, 'invalid_input', `advisorId: ${u.name} is not an active service advisor`, 'advisorId');
		return { id: u.id, name: u.name };
	}
	const a = env.actor;
	if (a.kind === 'user' && a.role === 'service_advisor') return { id: a.id, name: a.name };
	return { id: null, name: '' };
}

/** The lines as stored: a catalogue part's number and name filled in from the part (404 naming the line). */
async function resolveLines(tx: Tx, storeId: number, input: SpecialOrderLineInput[], field = 'lines') {
	const ids = [...new Set(input.map((l) => l.partId).filter((id): id is number => id !== undefined))];
	const parts = ids.length
		? await tx.selectFrom('parts').select(['id', 'number', 'name_zh']).where('store_id', '=', storeId).where('id', 'in', ids).execute()
		: [];
	return input.map((l, i) => {
		if (l.partId === undefined) return { part_id: null, number: l.number!, name: l.name!, qty: l.qty };
		const p = parts.find((x) => x.id === l.partId);
		if (!p) throw new CommandError(404, 'not_found', `${field}.${i}.partId: no part ${l.partId} in this store`, `${field}.${i}.partId`);
		return { part_id: p.id, number: l.number ?? p.number, name: l.name ?? p.name_zh, qty: l.qty };
	});
}

async function writeLines(tx: Tx, orderId: number, rows: Awaited<ReturnType<typeof resolveLines>>) {
	await tx.deleteFrom('special_order_lines').where('order_id', '=', orderId).execute();
	await tx.insertInto('special_order_lines').values(rows.map((r) => ({ ...r, order_id: orderId }))).execute();
}

async function writeStep(tx: Tx, env: CommandEnv, orderId: number, step: Step, note: string | null) {
	const actor = actorOf(env.actor);
	await tx.insertInto('special_order_steps').values({ order_id: orderId, step, at: env.now, actor_id: actor.id, actor_name: actor.name, note }).execute();
}

/** A customer already known by this phone number, in this store. */
async function customerByPhone(tx: Tx, storeId: number, phone: string | undefined): Promise<number | null> {
	if (!phone) return null;
	const c = await tx.selectFrom('customers').select('id').where('store_id', '=', storeId).where('phone', '=', phone).orderBy('id', 'desc').executeTakeFirst();
	return c?.id ?? null;
}

/**
 * Whether a person has a live session: signed in, not signed out, and seen within their device's
 * idle sign-out time (what src/lib/server/features/access/service.ts accepts as signed in).
 */
export async function onDuty(tx: Tx, userId: number, now: number): Promise<boolean> {
	const sessions = await tx.selectFrom('sessions').select(['device_kind', 'last_seen_at']).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
	return sessions.some((s) => now - s.last_seen_at <= idleSignOutMs[s.device_kind as DeviceKind]);
}

interface NewOrder {
	step: 'draft' | 'registered';
	customerId: number | null;
	customerName: string;
	customerPhone: string | null;
	plate: string;
	model: string;
	repairOrderId: number | null;
	advisor: { id: number | null; name: string };
	note: string;
	lines: Awaited<ReturnType<typeof resolveLines>>;
}

async function insertOrder(tx: Tx, env: CommandEnv, o: NewOrder): Promise<number> {
	const { timeZone } = await storeHours(tx, env.storeId);
	const { id } = await tx
		.insertInto('special_orders')
		.values({
			store_id: env.storeId,
			number: await nextSpecialOrderNumber(tx, env.storeId, env.now, timeZone),
			step: o.step,
			customer_id: o.customerId,
			customer_name: o.customerName,
			customer_phone: o.customerPhone,
			plate: o.plate,
			model: o.model,
			repair_order_id: o.repairOrderId,
			advisor_id: o.advisor.id,
			advisor_name: o.advisor.name,
			note: o.note,
			step_since: env.now,
			created_at: env.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await writeLines(tx, id, o.lines);
	await writeStep(tx, env, id, o.step, null);
	return id;
}

/** Registers a special order (step `registered`): the desk, before 10:00 for today's batch. */
export const registerSpecialOrder = defineCommand({
	type: 'specialOrder.register',
	schema: registerInput,
	permission: () => 'specialOrder.register',
	async handle(tx, input, env) {
		const ro = input.repairOrderId !== undefined ? await repairOrderOf(tx, env.storeId, input.repairOrderId, 'repairOrderId') : null;
		const advisor = await advisorFor(tx, env, input.advisorId);
		const lineRows = await resolveLines(tx, env.storeId, input.lines);
		const id = await insertOrder(tx, env, {
			step: 'registered',
			customerId: ro?.customer_id ?? (await customerByPhone(tx, env.storeId, input.customerPhone)),
			customerName: input.customerName,
			customerPhone: input.customerPhone ?? null,
			plate: input.plate,
			model: input.model,
			repairOrderId: ro?.id ?? null,
			advisor,
			note: input.note ?? '',
			lines: lineRows
		});
		const image = await specialOrderImage(tx, env.storeId, id);
		return {
			result: image.value,
			event: { type: eventType('registered'), subjectKind: 'specialOrder', subjectId: id, data: { number: image.value.number, plate: input.plate, lines: lineRows.length }, images: [image] }
		};
	}
});

/**
 * A draft for what the parts counter could not hand over (picking's shortage): the repair order's
 * customer, plate and model, its advisor the person who opened that order. Runs inside the
 * caller's command (its transaction and event, which carries these images).
 */
export async function draftSpecialOrder(
	tx: Db,
	env: CommandEnv,
	input: { repairOrderId: number; lines: { partId: number | null; number: string; name: string; qty: number }[]; note?: string }
): Promise<{ id: number; images: EntityImage[] }> {
	const ro = await repairOrderOf(tx, env.storeId, input.repairOrderId, 'repairOrderId');
	if (input.lines.length === 0) throw new CommandError(400, 'invalid_input', 'lines: at least one part', 'lines');
	const opened = await tx
		.selectFrom('events')
		.select(['actor_id'])
		.where('store_id', '=', env.storeId)
		.where('type', '=', 'repairOrder.created')
		.where('subject_kind', '=', 'repairOrder')
		.where('subject_id', '=', ro.id)
		.where('actor_kind', '=', 'user')
		.orderBy('seq')
		.executeTakeFirst();
	const created =
		opened?.actor_id && /^[0-9]+$/.test(opened.actor_id)
			? await tx.selectFrom('users').select(['id', 'name']).where('store_id', '=', env.storeId).where('id', '=', Number(opened.actor_id)).executeTakeFirst()
			: undefined;
	const id = await insertOrder(tx, env, {
		step: 'draft',
		customerId: ro.customer_id,
		customerName: ro.customer_name,
		customerPhone: ro.customer_phone,
		plate: ro.plate,
		model: ro.model,
		repairOrderId: ro.id,
		advisor: created ? { id: created.id, name: created.name } : { id: null, name: '' },
		note: input.note?.trim().slice(0, 500) ?? '',
		lines: input.lines.map((l) => ({ part_id: l.partId, number: l.number, name: l.name, qty: Math.max(1, Math.min(MAX_QTY, Math.round(l.qty))) }))
	});
	return { id, images: [await specialOrderImage(tx, env.storeId, id)] };
}

/** A store day given for a step: a real date, not before today, within a year. */
function checkDay(field: string, day: string, today: string): void {
	if (day < today) throw new CommandError(400, 'invalid_input', `${field}: ${day} is already past (today is ${today})`, field);
	if (day > addDays(today, 366)) throw new CommandError(400, 'invalid_input', `${field}: ${day} is more than a year ahead`, field);
}

/** One step of the chain: the action, its fields, the order's version the caller saw. */
export const stepSpecialOrder = defineCommand({
	type: 'specialOrder.step',
	schema: stepInput,
	permission: (input) => actionPermission[input.action],
	async handle(tx, input, env) {
		const order = await tx.selectFrom('special_orders').selectAll().where('store_id', '=', env.storeId).where('id', '=', input.id).executeTakeFirst();
		if (!order) throw new CommandError(404, 'not_found', `special order ${input.id} does not exist`, 'id');
		checkVersion(order.version, input.expectedVersion, `Special order ${order.number}`);
		const to = nextStep(order.step, input.action);
		if (to === null) {
			throw new CommandError(409, 'transition_refused', `${order.number} is ${order.step}: ${input.action} does not apply`, 'action', {
				currentStep: order.step,
				allowedActions: actionsAt(order.step)
			});
		}
		const hours = await storeHours(tx, env.storeId);
		const today = storeDay(env.now, hours.timeZone);
		const set: Updateable<SpecialOrdersTable> = {};
		const data: Record<string, unknown> = { number: order.number, action: input.action, from: order.step, to };
		let note = input.note ?? null;
		switch (input.action) {
			case 'register': {
				const name = input.customerName ?? order.customer_name;
				if (!name.trim()) throw new CommandError(400, 'invalid_input', 'customerName: say whom the part is for', 'customerName');
				if (!normalizePlate(input.plate ?? order.plate)) throw new CommandError(400, 'invalid_input', 'plate: the draft has no plate; give one', 'plate');
				if (!(input.model ?? order.model).trim()) throw new CommandError(400, 'invalid_input', 'model: the vehicle model', 'model');
				if (input.lines) await writeLines(tx, order.id, await resolveLines(tx, env.storeId, input.lines));
				const advisor = input.advisorId !== undefined || order.advisor_id === null ? await advisorFor(tx, env, input.advisorId) : null;
				Object.assign(set, {
					customer_name: name,
					customer_phone: input.customerPhone ?? order.customer_phone,
					plate: input.plate ?? order.plate,
					model: input.model ?? order.model,
					...(advisor ? { advisor_id: advisor.id, advisor_name: advisor.name } : {}),
					...(input.note ? { note: input.note } : {})
				});
				break;
			}
			case 'order':
				if (input.expectedDate !== undefined) checkDay('expectedDate', input.expectedDate, today);
				Object.assign(set, { supplier_ref: input.supplierRef, expected_date: input.expectedDate ?? null });
				Object.assign(data, { supplierRef: input.supplierRef, expectedDate: input.expectedDate ?? null });
				break;
			case 'arrive': {
				const code = input.bin.toUpperCase();
				const bin = await tx.selectFrom('part_bins').select(['id', 'code']).where('store_id', '=', env.storeId).where('code', '=', code).executeTakeFirst();
				if (!bin) throw new CommandError(404, 'not_found', `bin: there is no bin ${input.bin} in this parts room`, 'bin');
				// Its advisor off duty (or none): every advisor's desk is told.
				const alertAll = order.advisor_id === null || !(await onDuty(tx, order.advisor_id, env.now));
				Object.assign(set, { bin_id: bin.id, alert_all: alertAll ? 1 : 0 });
				Object.assign(data, { bin: bin.code, alertAll });
				break;
			}
			case 'agree_visit':
				checkDay('visitDate', input.visitDate, today);
				set.visit_date = input.visitDate;
				data.visitDate = input.visitDate;
				break;
			case 'fit': {
				const ro = await repairOrderOf(tx, env.storeId, input.repairOrderId, 'repairOrderId');
				set.fitted_repair_order_id = ro.id;
				data.repairOrder = ro.number;
				break;
			}
			case 'cancel':
				set.cancel_reason = input.reason;
				data.reason = input.reason;
				note = input.reason;
				break;
		}
		await tx
			.updateTable('special_orders')
			.set({ ...set, step: to, step_since: env.now, version: order.version + 1 })
			.where('id', '=', order.id)
			.execute();
		await writeStep(tx, env, order.id, to, note);
		const image = await specialOrderImage(tx, env.storeId, order.id);
		return { result: image.value as SpecialOrderView, event: { type: eventType(to), subjectKind: 'specialOrder', subjectId: order.id, data, images: [image] } };
	}
});
