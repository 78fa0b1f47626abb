import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { CommandError, authorize, checkVersion, defineCommand, expectedVersion, type CommandEnv } from '$lib/server/core/commands';
import { crewOf, insertRepairOrder, openOrderOf, repairOrderView } from './repository';
import { recordMileage, rememberVehicle } from '$lib/server/features/customers/repository';
import { assignCrew, crewClockOff, crewClockOn, crewFor } from './crew';
import { changedColumns } from '$lib/server/core/rows';
import { calendarDay, checkAhead, instant } from '$lib/server/core/instants';
import { bayHoldingStages, followUpOutcomes, pauseReasons, transition, TransitionRefused, type Action, type RepairOrderState, type Stage } from '$lib/domain/repair-order';
import { normalizePlate } from '$lib/domain/plate';
import { onTheirTeam } from '$lib/domain/permissions';
import type { RepairOrderView } from '$lib/live/protocol';
import type { EntityImage } from '$lib/server/core/projections';
import { mergeLines } from '$lib/domain/picking';
import { pickListImage, pickListImagesForOrder } from '$lib/server/features/parts/picking-repository';
import { bayHold } from '$lib/domain/equipment';
import { bayLiftHolds, bayView } from '$lib/server/features/workshop/repository';
import { countBayCycle } from '$lib/server/features/equipment/commands';
import { storeTimeZone } from '$lib/server/features/equipment/repository';

const plate = z
	.string()
	.transform((value, ctx) => {
		const normal = normalizePlate(value);
		if (normal === null) {
			ctx.addIssue({ code: 'custom', message: `"${value}" is not a Chinese licence plate (e.g. 粤B·D12345)` });
			return z.NEVER;
		}
		return normal;
	});


/**
 * What one order can hold: a full service with repairs is a dozen operations; these bounds keep a
 * runaway integration from writing an order that every board's snapshot would carry.
 */
export const MAX_OPERATIONS = 40;
export const MAX_ADDON_OPERATIONS = 20;
export const MAX_ADDONS = 20;
export const MAX_PARTS_REQUESTS = 50;

const freeOperation = z.object({
	nameZh: z.string().trim().min(1).max(100),
	nameEn: z.string().trim().min(1).max(100),
	minutes1: z.number().int().min(1).max(24 * 60),
	minutes2: z.number().int().min(1).max(24 * 60)
});

export const createRepairOrderInput = z.object({
	vehicle: z.object({
		plate,
		vin: z
			.string()
			.trim()
			.toUpperCase()
			.regex(/^[A-HJ-NPR-Z0-9]{17}$/, '17 characters, letters and digits without I, O, Q')
			.optional(),
		model: z.string().trim().min(1).max(60),
		colour: z.string().trim().max(30).optional()
	}),
	customer: z.object({
		name: z.string().trim().min(1).max(60),
		phone: z.string().trim().regex(/^\+?[0-9 -]{7,20}$/, 'a phone number, digits only')
	}),
	kind: z.enum(['maintenance', 'repair', 'accident']).default('maintenance'),
	operations: z
		.array(z.union([z.string().trim().min(1).max(40), freeOperation]))
		.min(1, 'at least one operation')
		.max(MAX_OPERATIONS, `at most ${MAX_OPERATIONS} operations on one order`),
	promisedAt: instant.optional(),
	/** The odometer now (km): checked against the last reading; the next service is suggested from it at delivery. */
	mileage: z.number().int().min(0).max(2_000_000).optional(),
	wash: z.boolean().default(false),
	keepOldParts: z.boolean().default(false),
	paymentMethod: z.enum(['cash', 'card', 'wechat', 'alipay', 'insurance', 'warranty']).default('cash'),
	concerns: z.string().trim().max(2000).default('')
});

export const createRepairOrder = defineCommand({
	type: 'repairOrder.create',
	schema: createRepairOrderInput,
	permission: () => 'repairOrder.create',
	async handle(tx, input, env) {
		if (input.promisedAt !== undefined) checkAhead('promisedAt', input.promisedAt, env.now);
		const operations = await resolveOperations(tx, env, input.operations, 'operations');
		const { vehicleId, customerId } = await rememberVehicle(tx, env.storeId, input.vehicle, input.customer, env.now);
		if (input.mileage !== undefined) await recordMileage(tx, vehicleId, input.mileage);
		const open = await openOrderOf(tx, vehicleId);
		if (open) {
			throw new CommandError(409, 'vehicle_has_open_order', `vehicle.plate: ${input.vehicle.plate} already has open repair order ${open}`, 'vehicle.plate');
		}
		const id = await insertRepairOrder(tx, {
			storeId: env.storeId,
			vehicleId,
			customerId,
			now: env.now,
			kind: input.kind,
			wash: input.wash,
			keepOldParts: input.keepOldParts,
			paymentMethod: input.paymentMethod,
			concerns: input.concerns,
			promisedAt: input.promisedAt ?? null,
			mileage: input.mileage ?? null,
			operations
		});
		const view = (await repairOrderView(tx, id))!;
		return {
			result: view,
			event: {
				type: 'repairOrder.created',
				subjectKind: 'repairOrder',
				subjectId: id,
				data: { number: view.number, plate: view.plate },
				images: [{ kind: 'repairOrder', id, value: view }]
			}
		};
	}
});

export const transitionInput = z.discriminatedUnion('action', [
	z.object({ action: z.literal('submit'), expectedVersion }),
	z.object({
		action: z.literal('dispatch'),
		expectedVersion,
		bay: z.string().trim().min(1),
		team: z.string().trim().min(1),
		crewSize: z.union([z.literal(1), z.literal(2)]),
		/** The technicians on the job (as many as the crew); without: the team's free members. */
		technicians: z.array(z.number().int().positive()).min(1).max(2).optional()
	}),
	z.object({ action: z.literal('set_crew'), expectedVersion, crewSize: z.union([z.literal(1), z.literal(2)]) }),
	z.object({ action: z.literal('start'), expectedVersion }),
	z.object({ action: z.literal('pause'), expectedVersion, reason: z.enum(pauseReasons), note: z.string().trim().max(500).optional() }),
	z.object({ action: z.literal('resume'), expectedVersion }),
	z.object({ action: z.literal('finish'), expectedVersion }),
	z.object({ action: z.literal('team_check_pass'), expectedVersion, recommendations: z.string().trim().max(1000).optional() }),
	z.object({ action: z.literal('qc_pass'), expectedVersion }),
	z.object({ action: z.literal('qc_fail'), expectedVersion, reason: z.string().trim().min(1).max(500) }),
	z.object({ action: z.literal('advisor_check_pass'), expectedVersion }),
	z.object({ action: z.literal('wash_done'), expectedVersion }),
	z.object({ action: z.literal('set_pickup'), expectedVersion, pickupAt: instant }),
	z.object({
		action: z.literal('deliver'),
		expectedVersion,
		nextServiceDate: calendarDay.optional(),
		nextServiceMileage: z.number().int().min(0).max(2_000_000).optional(),
		followUpTime: z.string().trim().max(60).optional()
	}),
	z.object({ action: z.literal('follow_up'), expectedVersion, outcome: z.enum(followUpOutcomes), note: z.string().trim().max(500).optional() }),
	z.object({ action: z.literal('cancel'), expectedVersion, reason: z.string().trim().min(1).max(500) })
]);
export const transitionCommandInput = z.intersection(z.object({ id: z.number().int().positive() }), transitionInput);

async function resolveDispatch(tx: Db, env: CommandEnv, roId: number, bayCode: string, teamCode: string) {
	const bay = await tx.selectFrom('bays').selectAll().where('store_id', '=', env.storeId).where('code', '=', bayCode).executeTakeFirst();
	if (!bay) throw new CommandError(400, 'invalid_input', `bay: no bay "${bayCode}"`, 'bay');
	if (!bay.in_service) throw new CommandError(409, 'bay_out_of_service', `bay: ${bayCode} is out of service (${bay.out_of_service_reason ?? ''})`, 'bay');
	const occupant = await tx
		.selectFrom('repair_orders')
		.select(['number'])
		.where('bay_id', '=', bay.id)
		.where('id', '!=', roId)
		.where('stage', 'in', [...bayHoldingStages])
		.executeTakeFirst();
	if (occupant) throw new CommandError(409, 'bay_occupied', `bay: ${bayCode} is taken by ${occupant.number}`, 'bay');
	// A lift in the bay out of service, or with a safety inspection overdue, holds the bay (domain/equipment.ts).
	const lifts = (await bayView(tx, bay.id))?.lifts ?? [];
	const hold = lifts.length ? bayHold(lifts, env.now, await storeTimeZone(tx, env.storeId)) : null;
	if (hold) {
		const why = hold.reason === 'out_of_service' ? 'is out of service' : 'is overdue for its safety inspection';
		throw new CommandError(409, 'bay_unavailable', `bay: ${bayCode} is unavailable: lift ${hold.code} ${why}${hold.detail ? ` (${hold.detail})` : ''}`, 'bay', { hold });
	}
	const team = await tx.selectFrom('teams').selectAll().where('store_id', '=', env.storeId).where('code', '=', teamCode).executeTakeFirst();
	if (!team) throw new CommandError(400, 'invalid_input', `team: no team "${teamCode}"`, 'team');
	return { bayId: bay.id, teamId: team.id };
}

/** The order as it stands, in this store, at the version the caller saw; or a clear refusal. */
async function loadForChange(tx: Db, env: CommandEnv, id: number, expected: number): Promise<RepairOrderView> {
	const ro = await repairOrderView(tx, id, env.storeId);
	if (!ro) throw new CommandError(404, 'not_found', `repair order ${id} does not exist`, 'id');
	const actor = env.actor;
	if (actor.kind === 'user' && !onTheirTeam(actor.role, actor.teamId, ro.teamId)) {
		throw new CommandError(403, 'forbidden', `${actor.name} (${actor.role}) works in another team than ${ro.number}`, 'id');
	}
	if (ro.version !== expected) {
		const last = await tx
			.selectFrom('events')
			.select(['actor_name', 'at'])
			.where('subject_kind', '=', 'repairOrder')
			.where('subject_id', '=', id)
			.orderBy('seq', 'desc')
			.executeTakeFirst();
		try {
			checkVersion(ro.version, expected, `Repair order ${ro.number}`);
		} catch (e) {
			if (e instanceof CommandError) Object.assign(e.details, { changedBy: last?.actor_name ?? null, changedAt: last?.at ?? null });
			throw e;
		}
	}
	return ro;
}

async function bumpVersion(tx: Db, ro: RepairOrderView, now: number): Promise<RepairOrderView> {
	await tx.updateTable('repair_orders').set({ version: ro.version + 1, updated_at: now }).where('id', '=', ro.id).execute();
	return (await repairOrderView(tx, ro.id))!;
}

export const transitionRepairOrder = defineCommand({
	type: 'repairOrder.transition',
	schema: transitionCommandInput,
	permission: (input) => `repairOrder.${input.action}`,
	async handle(tx, input, env) {
		if (input.action === 'set_pickup') checkAhead('pickupAt', input.pickupAt, env.now);
		const before = await loadForChange(tx, env, input.id, input.expectedVersion);
		// Accident cars are inspected by the workshop supervisor, then the advisor.
		if (before.kind === 'accident' && before.stage === 'final_qc' && (input.action === 'qc_pass' || input.action === 'qc_fail')) {
			authorize(env.actor, 'repairOrder.accident_qc');
		}
		let action: Action;
		if (input.action === 'dispatch') {
			const { bayId, teamId } = await resolveDispatch(tx, env, input.id, input.bay, input.team);
			action = { action: 'dispatch', bayId, teamId, crewSize: input.crewSize };
		} else {
			// eslint-disable-next-line @typescript-eslint/no-unused-vars
			const { id, expectedVersion, ...rest } = input;
			// The check is signed by whoever passes it.
			action = (input.action === 'team_check_pass' ? { ...rest, signedBy: env.actor.name } : rest) as Action;
		}
		let after: RepairOrderState;
		try {
			after = transition(before, action, env.now);
		} catch (e) {
			if (e instanceof TransitionRefused) {
				throw new CommandError(409, 'transition_refused', e.message, 'action', { stage: e.stage, allowedActions: e.allowed });
			}
			throw e;
		}
		if (input.action === 'qc_fail' && after.bayId !== null) {
			// Rework goes back to the bay it was worked in, unless another car has it now.
			const taken = await tx
				.selectFrom('repair_orders')
				.select('id')
				.where('bay_id', '=', after.bayId)
				.where('id', '!=', input.id)
				.where('stage', 'in', [...bayHoldingStages])
				.executeTakeFirst();
			// Nor when its lift went down (or fell overdue for its inspection) meanwhile.
			if (taken || (await bayLiftHolds(tx, env.storeId, env.now)).has(after.bayId)) after = { ...after, bayId: null };
		}
		// The row takes exactly what the transition changed; the view is the order as read with
		// those changes and the new version, without reading it again.
		const view: RepairOrderView = { ...before, ...after, version: before.version + 1 };
		await tx
			.updateTable('repair_orders')
			.set({ ...changedColumns(before, view), updated_at: env.now })
			.where('id', '=', input.id)
			.execute();
		// Who is on the job, and each one's clock.
		// Each job dispatched to a bay counts a cycle on its lifts (counted in cycles).
		const counted: EntityImage[] = [];
		if (input.action === 'dispatch') {
			await assignCrew(tx, input.id, await crewFor(tx, env, input.id, view.teamId!, input.crewSize, input.technicians), env.now);
			counted.push(...(await countBayCycle(tx, env.storeId, view.bayId!)));
		}
		// Who is on it changes at dispatch, or when a technician not yet on it starts the clock.
		let crewChanged = input.action === 'dispatch';
		if (before.runningSince === null && view.runningSince !== null) {
			const joining = env.actor.kind === 'user' && env.actor.technicianId !== null ? env.actor.technicianId : null;
			await crewClockOn(tx, input.id, env.now, joining);
			if (joining !== null && !before.technicians.some((t) => t.id === joining)) crewChanged = true;
		} else if (before.runningSince !== null && view.runningSince === null) {
			await crewClockOff(tx, input.id, env.now);
		}
		if (crewChanged) view.technicians = await crewOf(tx, input.id);
		// Its requests still to pick show its stage, bay and crew (who may take the parts), and leave
		// the parts room's queue when it closes: one indexed read, usually empty.
		const pickLists = await pickListImagesForOrder(tx, env.storeId, input.id);
		const { id: _id, expectedVersion: _v, ...fields } = input;
		return {
			result: view,
			event: {
				type: `repairOrder.${input.action}`,
				subjectKind: 'repairOrder',
				subjectId: input.id,
				data: { ...fields, number: view.number, from: before.stage, to: view.stage, bayId: view.bayId },
				images: [{ kind: 'repairOrder', id: input.id, value: view }, ...pickLists, ...counted]
			}
		};
	}
});


const operationInput = z.union([z.string().trim().min(1).max(40), freeOperation]);

async function resolveOperations(tx: Db, env: CommandEnv, ops: z.output<typeof operationInput>[], field: string) {
	const codes = ops.filter((o): o is string => typeof o === 'string');
	const catalogue = codes.length
		? await tx.selectFrom('standard_times').selectAll().where('store_id', '=', env.storeId).where('code', 'in', codes).execute()
		: [];
	const byCode = new Map(catalogue.map((c) => [c.code, c]));
	return ops.map((o, i) => {
		if (typeof o !== 'string') return { standard_time_id: null, code: null, name_zh: o.nameZh, name_en: o.nameEn, minutes_1: o.minutes1, minutes_2: o.minutes2 };
		const c = byCode.get(o);
		if (!c) throw new CommandError(400, 'invalid_input', `${field}.${i}: no operation with code "${o}" in the standard-time catalogue`, `${field}.${i}`);
		return { standard_time_id: c.id, code: c.code, name_zh: c.name_zh, name_en: c.name_en, minutes_1: c.minutes_1, minutes_2: c.minutes_2 };
	});
}

const openForWork: readonly Stage[] = ['dispatched', 'in_progress', 'paused', 'team_check'];

/** A finding at the car (增项): its operations wait for the customer's answer before they count. */
export const raiseAddonBody = z.object({
	expectedVersion,
	finding: z.string().trim().min(1, 'say what was found').max(500),
	safety: z.boolean().default(false),
	operations: z.array(operationInput).min(1, 'at least one operation').max(MAX_ADDON_OPERATIONS, `at most ${MAX_ADDON_OPERATIONS} operations on one add-on`)
});
export const raiseAddon = defineCommand({
	type: 'addon.raise',
	permission: () => 'addon.raise',
	schema: raiseAddonBody.extend({ id: z.number().int().positive() }),
	async handle(tx, input, env) {
		const ro = await loadForChange(tx, env, input.id, input.expectedVersion);
		if (!openForWork.includes(ro.stage)) {
			throw new CommandError(409, 'transition_refused', `An add-on can be raised while the car is in the workshop, not while it is ${ro.stage}`, 'id', { stage: ro.stage });
		}
		if (ro.addons.length >= MAX_ADDONS) throw new CommandError(409, 'too_many', `id: ${ro.number} already has ${MAX_ADDONS} add-ons`, 'id');
		const ops = await resolveOperations(tx, env, input.operations, 'operations');
		const { id: addonId } = await tx
			.insertInto('addons')
			.values({ repair_order_id: ro.id, finding: input.finding, safety: input.safety ? 1 : 0, raised_by: env.actor.name, raised_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('repair_order_operations')
			.values(ops.map((o, i) => ({ ...o, repair_order_id: ro.id, addon_id: addonId, status: 'pending' as const, sort: 100 + addonId * 10 + i })))
			.execute();
		const view = await bumpVersion(tx, ro, env.now);
		return {
			result: view,
			event: { type: 'addon.raised', subjectKind: 'repairOrder', subjectId: ro.id, data: { addonId, finding: input.finding, safety: input.safety, number: ro.number }, images: [{ kind: 'repairOrder', id: ro.id, value: view }] }
		};
	}
});

export const announceReadyTimeBody = z.object({ expectedVersion, readyAt: instant });

/**
 * The advisor called the customer about a later ready time and confirms it: from now on the
 * lounge and the customer's link show this time instead of the promise.
 */
export const announceReadyTime = defineCommand({
	type: 'repairOrder.announce_ready_time',
	permission: () => 'repairOrder.announce_ready_time',
	schema: z.object({ id: z.number().int().positive() }).extend(announceReadyTimeBody.shape),
	async handle(tx, input, env) {
		checkAhead('readyAt', input.readyAt, env.now);
		const ro = await loadForChange(tx, env, input.id, input.expectedVersion);
		if (['ready', 'delivered', 'followed_up', 'cancelled'].includes(ro.stage)) {
			throw new CommandError(409, 'not_in_service', `${ro.number} is ${ro.stage}: there is no ready time to announce`, 'id');
		}
		await tx.updateTable('repair_orders').set({ announced_ready_at: input.readyAt }).where('id', '=', ro.id).execute();
		const view = await bumpVersion(tx, ro, env.now);
		return {
			result: view,
			event: { type: 'repairOrder.ready_time_announced', subjectKind: 'repairOrder', subjectId: ro.id, data: { number: ro.number, readyAt: input.readyAt, promisedAt: ro.promisedAt }, images: [{ kind: 'repairOrder', id: ro.id, value: view }] }
		};
	}
});

export const decideAddonBody = z.object({ expectedVersion, approved: z.boolean() });

/** The customer's yes or no to an add-on, recorded by the advisor (or by the customer's own link). */
export const decideAddon = defineCommand({
	type: 'addon.decide',
	permission: () => 'addon.decide',
	schema: z.object({ id: z.number().int().positive(), addonId: z.number().int().positive() }).extend(decideAddonBody.shape),
	async handle(tx, input, env) {
		if (env.actor.kind === 'customer' && env.actor.repairOrderId !== input.id) {
			throw new CommandError(403, 'forbidden', 'This link is for another car', 'id');
		}
		const ro = await loadForChange(tx, env, input.id, input.expectedVersion);
		const addon = ro.addons.find((a) => a.id === input.addonId);
		if (!addon) throw new CommandError(404, 'not_found', `addonId: no add-on ${input.addonId} on ${ro.number}`, 'addonId');
		if (addon.status !== 'pending') {
			throw new CommandError(409, 'already_decided', `addonId: the customer already ${addon.status} this add-on (recorded by ${addon.decidedBy})`, 'addonId', { status: addon.status });
		}
		const status = input.approved ? 'approved' : 'declined';
		await tx
			.updateTable('addons')
			.set({ status, decided_by: env.actor.name, decided_via: env.actor.kind === 'customer' ? 'customer_link' : 'advisor', decided_at: env.now })
			.where('id', '=', addon.id)
			.execute();
		await tx
			.updateTable('repair_order_operations')
			.set({ status: input.approved ? 'active' : 'declined' })
			.where('addon_id', '=', addon.id)
			.execute();
		const view = await bumpVersion(tx, ro, env.now);
		return {
			result: view,
			event: { type: `addon.${status}`, subjectKind: 'repairOrder', subjectId: ro.id, data: { addonId: addon.id, number: ro.number }, images: [{ kind: 'repairOrder', id: ro.id, value: view }] }
		};
	}
});

/** Lines on one parts request: a job's parts fit on a slip. */
export const MAX_PARTS_LINES = 30;

/**
 * A parts request: the parts chosen from the catalogue (each with its quantity), or what is
 * needed in words for the parts room to find, or both.
 */
export const partsRequestBody = z
	.object({
		expectedVersion,
		note: z.string().trim().max(500).default(''),
		lines: z
			.array(z.object({ partId: z.number().int().positive(), qty: z.number().int().min(1).max(999) }))
			.max(MAX_PARTS_LINES, `at most ${MAX_PARTS_LINES} parts on one request`)
			.default([])
	})
	.refine((v) => v.note.length > 0 || v.lines.length > 0, { message: 'choose a part or say which parts', path: ['lines'] });

export const joinBody = z.object({ expectedVersion });

/**
 * A technician puts themselves on a job they were not named for (a second pair of hands): they
 * are on it from now, on its clock if it runs, and the crew (so the standard time) follows.
 */
export const joinJob = defineCommand({
	type: 'repairOrder.join',
	permission: () => 'repairOrder.start',
	schema: z.object({ id: z.number().int().positive() }).extend(joinBody.shape),
	async handle(tx, input, env) {
		const actor = env.actor;
		if (actor.kind !== 'user' || actor.technicianId === null) throw new CommandError(403, 'forbidden', 'Only a technician can join a job', 'id');
		const ro = await loadForChange(tx, env, input.id, input.expectedVersion);
		if (!openForWork.includes(ro.stage)) {
			throw new CommandError(409, 'transition_refused', `A job is joined while it is in the workshop, not while it is ${ro.stage}`, 'id', { stage: ro.stage });
		}
		if (ro.technicians.some((t) => t.id === actor.technicianId)) throw new CommandError(409, 'already_on_job', `${actor.name} is already on ${ro.number}`, 'id');
		if (ro.runningSince !== null) await crewClockOn(tx, ro.id, env.now, actor.technicianId);
		else await tx.insertInto('job_technicians').values({ repair_order_id: ro.id, technician_id: actor.technicianId, assigned_at: env.now }).execute();
		const technicians = await crewOf(tx, ro.id);
		const crewSize = Math.min(2, Math.max(ro.crewSize ?? 1, technicians.length));
		if (crewSize !== ro.crewSize) await tx.updateTable('repair_orders').set({ crew_size: crewSize }).where('id', '=', ro.id).execute();
		const view = { ...(await bumpVersion(tx, ro, env.now)), technicians };
		return {
			result: view,
			event: {
				type: 'repairOrder.joined',
				subjectKind: 'repairOrder',
				subjectId: ro.id,
				data: { number: ro.number, technician: actor.name },
				// The one who joined may now take the job's parts at the counter.
				images: [{ kind: 'repairOrder', id: ro.id, value: view }, ...(await pickListImagesForOrder(tx, env.storeId, ro.id))]
			}
		};
	}
});

/**
 * Parts for the job, asked for from the car (or by the advisor): the parts room sees the pick
 * list at once. Duplicate parts are one line; every part must be in this store's catalogue.
 */
export const requestParts = defineCommand({
	type: 'partsRequest.create',
	permission: () => 'partsRequest.create',
	schema: z.intersection(z.object({ id: z.number().int().positive() }), partsRequestBody),
	async handle(tx, input, env) {
		const ro = await loadForChange(tx, env, input.id, input.expectedVersion);
		if (!openForWork.includes(ro.stage)) {
			throw new CommandError(409, 'transition_refused', `Parts are requested while the car is in the workshop, not while it is ${ro.stage}`, 'id', { stage: ro.stage });
		}
		if (ro.partsRequests.length >= MAX_PARTS_REQUESTS) throw new CommandError(409, 'too_many', `id: ${ro.number} already has ${MAX_PARTS_REQUESTS} parts requests`, 'id');
		const lines = mergeLines(input.lines);
		const ids = lines.map((l) => l.partId);
		const known = ids.length
			? new Set((await tx.selectFrom('parts').select('id').where('store_id', '=', env.storeId).where('active', '=', 1).where('id', 'in', ids).execute()).map((p) => p.id))
			: new Set<number>();
		for (const l of lines) {
			if (!known.has(l.partId)) throw new CommandError(404, 'not_found', `lines.${l.index}.partId: no part ${l.partId} in this store's catalogue`, `lines.${l.index}.partId`);
			if (l.qty > 999) throw new CommandError(400, 'invalid_input', `lines.${l.index}.qty: at most 999 of one part (the lines of part ${l.partId} add up to ${l.qty})`, `lines.${l.index}.qty`);
		}
		const { id: requestId } = await tx
			.insertInto('parts_requests')
			.values({ repair_order_id: ro.id, note: input.note, requested_by: env.actor.name, requested_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		if (lines.length) await tx.insertInto('parts_request_lines').values(lines.map((l) => ({ request_id: requestId, part_id: l.partId, qty: l.qty }))).execute();
		const view = await bumpVersion(tx, ro, env.now);
		return {
			result: view,
			event: {
				type: 'partsRequest.created',
				subjectKind: 'repairOrder',
				subjectId: ro.id,
				data: { requestId, note: input.note, lines: lines.map(({ partId, qty }) => ({ partId, qty })), number: ro.number },
				images: [{ kind: 'repairOrder', id: ro.id, value: view }, await pickListImage(tx, env.storeId, requestId)]
			}
		};
	}
});
