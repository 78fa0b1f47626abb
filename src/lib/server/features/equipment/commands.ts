import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { CommandError, authorize, checkVersion, defineCommand, expectedVersion, type CommandEnv } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { actorOf } from '$lib/server/features/access/principal';
import { bayView } from '$lib/server/features/workshop/repository';
import { applyReading } from '$lib/domain/equipment';
import { equipmentView } from './repository';
import { equipmentTypes, intervalUnits, liftTypes, usageUnits, type EquipmentType, type LogKind } from './table';
import type { EquipmentView } from './views';

/** The earliest a logged piece of work may have been done. */
export const EARLIEST_LOG = Date.UTC(2020, 0, 1);
/** A device's clock a little ahead of the server's is not "the future". */
const CLOCK_SKEW_MS = 2 * 60_000;

const code = z
	.string()
	.trim()
	.min(1)
	.max(20)
	.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const text = (max: number) => z.string().trim().max(max);
const nameZh = z.string().trim().min(1).max(40);
const nameEn = z.string().trim().min(1).max(60);

/** A task's plan fields; each given interval is positive (checked again on the whole task). */
const taskFields = {
	nameZh,
	nameEn,
	everyCount: z.number().int().min(1, 'the interval must be at least 1').max(1000).nullable().optional(),
	everyUnit: z.enum(intervalUnits).nullable().optional(),
	everyUsage: z.number().int().min(1, 'the interval must be at least 1').max(10_000_000).nullable().optional(),
	leadDays: z.number().int().min(0).max(365).optional(),
	leadUsage: z.number().int().min(0).max(10_000_000).optional(),
	safety: z.boolean().optional(),
	sort: z.number().int().min(0).max(999).optional()
};
export const taskInput = z.object(taskFields);
type TaskPlan = { everyCount?: number | null; everyUnit?: string | null; everyUsage?: number | null };

/** A whole task's intervals: a calendar interval (count and unit together), a usage one, or both. */
function checkInterval(t: TaskPlan, machine: { usage_unit: string | null }, field = '') {
	const f = (name: string) => (field ? `${field}.${name}` : name);
	const hasCount = t.everyCount !== null && t.everyCount !== undefined;
	const hasUnit = t.everyUnit !== null && t.everyUnit !== undefined;
	const hasUsage = t.everyUsage !== null && t.everyUsage !== undefined;
	if (hasUnit && !hasCount) throw new CommandError(400, 'invalid_input', `${f('everyCount')}: how many ${t.everyUnit}s between times`, f('everyCount'));
	if (hasCount && !hasUnit) throw new CommandError(400, 'invalid_input', `${f('everyUnit')}: days, weeks or months`, f('everyUnit'));
	if (!hasCount && !hasUsage) throw new CommandError(400, 'invalid_input', `${f('every')}: give an interval by calendar, by usage, or both`, f('every'));
	if (hasUsage && !machine.usage_unit) throw new CommandError(400, 'invalid_input', `${f('everyUsage')}: say first what the machine's usage is counted in (usageUnit)`, f('everyUsage'));
}

const isLift = (type: EquipmentType) => liftTypes.includes(type);

/** The machine's image, and its bay's (and the bay it left) when it is a lift: the bay board and dispatch follow. */
async function images(tx: Db, storeId: number, id: number, alsoBays: (number | null)[] = []): Promise<{ view: EquipmentView; images: EntityImage[] }> {
	const view = (await equipmentView(tx, storeId, id, true))!;
	// A retired machine leaves the screens.
	const active = (await equipmentView(tx, storeId, id)) !== undefined;
	const out: EntityImage[] = [{ kind: 'equipment', id, value: active ? view : null }];
	const bays = new Set<number>();
	if (isLift(view.type) && view.bayId !== null) bays.add(view.bayId);
	for (const b of alsoBays) if (b !== null) bays.add(b);
	for (const b of bays) {
		const bay = await bayView(tx, b);
		if (bay) out.push({ kind: 'bay', id: b, value: bay });
	}
	return { view, images: out };
}

async function findMachine(tx: Db, storeId: number, ref: string) {
	let q = tx.selectFrom('equipment').selectAll().where('store_id', '=', storeId).where('active', '=', 1);
	q = /^[0-9]+$/.test(ref) ? q.where('id', '=', Number(ref)) : q.where('code', '=', ref);
	const row = await q.executeTakeFirst();
	if (!row) throw new CommandError(404, 'not_found', `equipment "${ref}" does not exist`, 'equipment');
	return row;
}

async function codeFree(tx: Db, storeId: number, value: string, exceptId?: number) {
	let q = tx.selectFrom('equipment').select('id').where('store_id', '=', storeId).where('code', '=', value);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	if (await q.executeTakeFirst()) throw new CommandError(409, 'code_taken', `code: ${value} is already used in this store`, 'code');
}

async function findBayId(tx: Db, storeId: number, ref: string | null | undefined): Promise<number | null> {
	if (ref === null || ref === undefined || ref === '') return null;
	let q = tx.selectFrom('bays').select('id').where('store_id', '=', storeId);
	q = /^[0-9]+$/.test(ref) ? q.where('id', '=', Number(ref)) : q.where('code', '=', ref);
	const bay = await q.executeTakeFirst();
	if (!bay) throw new CommandError(400, 'invalid_input', `bay: no bay "${ref}" in this store`, 'bay');
	return bay.id;
}

function taskValues(t: z.output<typeof taskInput>) {
	return {
		name_zh: t.nameZh,
		name_en: t.nameEn,
		every_count: t.everyCount ?? null,
		every_unit: t.everyUnit ?? null,
		every_usage: t.everyUsage ?? null,
		lead_days: t.leadDays ?? 0,
		lead_usage: t.leadUsage ?? 0,
		safety: t.safety ? 1 : 0,
		sort: t.sort ?? 0
	};
}

const machineFields = {
	nameZh,
	nameEn,
	type: z.enum(equipmentTypes),
	bay: z.string().trim().max(20).nullable().optional().describe('the code of the bay it stands in, or null'),
	location: text(60).optional(),
	maker: text(60).optional(),
	model: text(60).optional(),
	serial: text(60).optional(),
	usageUnit: z.enum(usageUnits).nullable().optional()
};

export const createEquipment = defineCommand({
	type: 'equipment.create',
	permission: () => 'equipment.manage',
	schema: z.object({ code, ...machineFields, tasks: z.array(taskInput).max(30).optional() }),
	async handle(tx, input, env) {
		await codeFree(tx, env.storeId, input.code);
		const bayId = await findBayId(tx, env.storeId, input.bay);
		const usageUnit = input.usageUnit ?? null;
		(input.tasks ?? []).forEach((t, i) => checkInterval(t, { usage_unit: usageUnit }, `tasks.${i}`));
		const { id } = await tx
			.insertInto('equipment')
			.values({
				store_id: env.storeId,
				code: input.code,
				name_zh: input.nameZh,
				name_en: input.nameEn,
				type: input.type,
				bay_id: bayId,
				location: input.location ?? '',
				maker: input.maker ?? '',
				model: input.model ?? '',
				serial: input.serial ?? '',
				usage_unit: usageUnit,
				created_at: env.now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const [i, t] of (input.tasks ?? []).entries()) await tx.insertInto('maintenance_tasks').values({ ...taskValues(t), sort: t.sort ?? i, equipment_id: id }).execute();
		const { view, images: imgs } = await images(tx, env.storeId, id);
		return { result: view, event: { type: 'equipment.created', subjectKind: 'equipment', subjectId: id, data: { code: input.code, type: input.type }, images: imgs } };
	}
});

export const updateEquipment = defineCommand({
	type: 'equipment.update',
	permission: () => 'equipment.manage',
	schema: z.object({
		equipment: z.string().trim().min(1),
		expectedVersion,
		code: code.optional(),
		nameZh: nameZh.optional(),
		nameEn: nameEn.optional(),
		type: machineFields.type.optional(),
		bay: machineFields.bay,
		location: machineFields.location,
		maker: machineFields.maker,
		model: machineFields.model,
		serial: machineFields.serial,
		usageUnit: machineFields.usageUnit,
		active: z.boolean().optional().describe('false: retire the machine (its log stays)')
	}),
	async handle(tx, input, env) {
		const m = await findMachine(tx, env.storeId, input.equipment);
		checkVersion(m.version, input.expectedVersion, `Equipment ${m.code}`);
		if (input.code) await codeFree(tx, env.storeId, input.code, m.id);
		const bayId = input.bay === undefined ? m.bay_id : await findBayId(tx, env.storeId, input.bay);
		const usageUnit = input.usageUnit === undefined ? m.usage_unit : input.usageUnit;
		if (!usageUnit) {
			const byUsage = await tx.selectFrom('maintenance_tasks').select('id').where('equipment_id', '=', m.id).where('active', '=', 1).where('every_usage', 'is not', null).executeTakeFirst();
			if (byUsage) throw new CommandError(400, 'invalid_input', 'usageUnit: a task of its plan counts usage', 'usageUnit');
		}
		await tx
			.updateTable('equipment')
			.set({
				code: input.code ?? m.code,
				name_zh: input.nameZh ?? m.name_zh,
				name_en: input.nameEn ?? m.name_en,
				type: input.type ?? m.type,
				bay_id: bayId,
				location: input.location ?? m.location,
				maker: input.maker ?? m.maker,
				model: input.model ?? m.model,
				serial: input.serial ?? m.serial,
				usage_unit: usageUnit,
				active: input.active === false ? 0 : 1,
				version: m.version + 1
			})
			.where('id', '=', m.id)
			.execute();
		const { view, images: imgs } = await images(tx, env.storeId, m.id, isLift(m.type) ? [m.bay_id] : []);
		return {
			result: view,
			event: { type: input.active === false ? 'equipment.retired' : 'equipment.updated', subjectKind: 'equipment', subjectId: m.id, data: { code: view.code }, images: imgs }
		};
	}
});

/** A plan change: the machine's plan_version and version go up (a printed card older than it is stale). */
async function bumpPlan(tx: Db, m: { id: number; plan_version: number; version: number }) {
	await tx
		.updateTable('equipment')
		.set({ plan_version: m.plan_version + 1, version: m.version + 1 })
		.where('id', '=', m.id)
		.execute();
}

export const addTask = defineCommand({
	type: 'equipment.addTask',
	permission: () => 'equipment.manage',
	schema: taskInput.extend({ equipment: z.string().trim().min(1), expectedVersion: expectedVersion.optional() }),
	async handle(tx, input, env) {
		const m = await findMachine(tx, env.storeId, input.equipment);
		if (input.expectedVersion !== undefined) checkVersion(m.version, input.expectedVersion, `Equipment ${m.code}`);
		checkInterval(input, m);
		const last = await tx.selectFrom('maintenance_tasks').select((eb) => eb.fn.max('sort').as('sort')).where('equipment_id', '=', m.id).executeTakeFirst();
		const { id } = await tx
			.insertInto('maintenance_tasks')
			.values({ ...taskValues(input), sort: input.sort ?? Number(last?.sort ?? -1) + 1, equipment_id: m.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		await bumpPlan(tx, m);
		const { view, images: imgs } = await images(tx, env.storeId, m.id);
		return { result: view, event: { type: 'equipment.taskAdded', subjectKind: 'equipment', subjectId: m.id, data: { code: m.code, taskId: id, nameZh: input.nameZh }, images: imgs } };
	}
});

export const updateTask = defineCommand({
	type: 'equipment.updateTask',
	permission: () => 'equipment.manage',
	schema: taskInput.partial().extend({
		equipment: z.string().trim().min(1),
		taskId: z.number().int().positive(),
		expectedVersion: expectedVersion.optional().describe("the task's version"),
		active: z.boolean().optional().describe('false: retire the task')
	}),
	async handle(tx, input, env) {
		const m = await findMachine(tx, env.storeId, input.equipment);
		const t = await tx.selectFrom('maintenance_tasks').selectAll().where('id', '=', input.taskId).where('equipment_id', '=', m.id).executeTakeFirst();
		if (!t || !t.active) throw new CommandError(404, 'not_found', `taskId: ${m.code} has no task ${input.taskId}`, 'taskId');
		if (input.expectedVersion !== undefined) checkVersion(t.version, input.expectedVersion, `Task ${t.name_en}`);
		const pick = <K extends keyof typeof input>(k: K, old: unknown) => (input[k] === undefined ? old : input[k]);
		const merged = {
			nameZh: pick('nameZh', t.name_zh) as string,
			nameEn: pick('nameEn', t.name_en) as string,
			everyCount: pick('everyCount', t.every_count) as number | null,
			everyUnit: pick('everyUnit', t.every_unit) as (typeof intervalUnits)[number] | null,
			everyUsage: pick('everyUsage', t.every_usage) as number | null,
			leadDays: pick('leadDays', t.lead_days) as number,
			leadUsage: pick('leadUsage', t.lead_usage) as number,
			safety: input.safety ?? t.safety === 1,
			sort: pick('sort', t.sort) as number
		};
		if (input.active !== false) checkInterval(merged, m);
		await tx
			.updateTable('maintenance_tasks')
			.set({ ...taskValues(merged), active: input.active === false ? 0 : 1, version: t.version + 1 })
			.where('id', '=', t.id)
			.execute();
		await bumpPlan(tx, m);
		const { view, images: imgs } = await images(tx, env.storeId, m.id);
		return {
			result: view,
			event: {
				type: input.active === false ? 'equipment.taskRetired' : 'equipment.taskUpdated',
				subjectKind: 'equipment',
				subjectId: m.id,
				data: { code: m.code, taskId: t.id, nameZh: merged.nameZh },
				images: imgs
			}
		};
	}
});

/** ISO 8601 or epoch ms. */
const moment = z.union([z.number(), z.string().trim().min(1)]);

function parseAt(value: z.output<typeof moment> | undefined, now: number): number {
	if (value === undefined) return now;
	const at = typeof value === 'number' ? value : /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
	if (!Number.isFinite(at)) throw new CommandError(400, 'invalid_input', 'at: not a time (ISO 8601 or epoch milliseconds)', 'at');
	if (at > now + CLOCK_SKEW_MS) throw new CommandError(400, 'invalid_input', 'at: work cannot be logged in the future', 'at');
	if (at < EARLIEST_LOG) throw new CommandError(400, 'invalid_input', 'at: before 2020', 'at');
	return Math.round(at);
}

async function writeLog(
	tx: Db,
	env: CommandEnv,
	m: { id: number },
	row: { kind: LogKind; at: number; taskId?: number | null; notes?: string; reading?: number | null; meterReplaced?: boolean; passed?: boolean | null; usageAt: number }
) {
	const who = actorOf(env.actor);
	await tx
		.insertInto('maintenance_log')
		.values({
			store_id: env.storeId,
			equipment_id: m.id,
			task_id: row.taskId ?? null,
			kind: row.kind,
			at: row.at,
			logged_at: env.now,
			actor_id: who.id,
			actor_name: who.name,
			notes: row.notes ?? '',
			reading: row.reading ?? null,
			meter_replaced: row.meterReplaced ? 1 : 0,
			passed: row.passed === undefined || row.passed === null ? null : row.passed ? 1 : 0,
			usage_at: row.usageAt
		})
		.execute();
}

export const logWork = defineCommand({
	type: 'equipment.log',
	permission: () => 'equipment.log',
	schema: z.object({
		equipment: z.string().trim().min(1),
		kind: z.enum(['done', 'check_failed', 'repair', 'reading']),
		taskId: z.number().int().positive().optional(),
		at: moment.optional().describe('when it was done: ISO 8601 or epoch ms (default now; not in the future, not before 2020)'),
		notes: text(1000).optional(),
		reading: z.number().int().min(0).max(1_000_000_000).optional().describe("the machine's meter (cycles or hours)"),
		meterReplaced: z.boolean().optional().describe('a new meter: the reading starts again from here'),
		passed: z.boolean().optional().describe("a check's result"),
		outOfService: z.boolean().optional().describe('a failed check takes the machine out of service'),
		reason: text(200).optional(),
		backInService: z.boolean().optional().describe('a repair brings it back in service (equipment.setService)')
	}),
	async handle(tx, input, env) {
		const m = await findMachine(tx, env.storeId, input.equipment);
		const at = parseAt(input.at, env.now);
		let task: { id: number; last_done_at: number | null; safety: number } | undefined;
		if (input.taskId !== undefined) {
			task = await tx.selectFrom('maintenance_tasks').select(['id', 'last_done_at', 'safety']).where('id', '=', input.taskId).where('equipment_id', '=', m.id).where('active', '=', 1).executeTakeFirst();
			if (!task) throw new CommandError(404, 'not_found', `taskId: ${m.code} has no task ${input.taskId}`, 'taskId');
		}
		if (input.kind === 'done' && !task) throw new CommandError(400, 'invalid_input', 'taskId: which task of the plan was done', 'taskId');
		if (input.kind === 'reading' && input.reading === undefined) throw new CommandError(400, 'invalid_input', 'reading: what the meter reads', 'reading');
		if (input.outOfService && input.kind !== 'check_failed') throw new CommandError(400, 'invalid_input', 'outOfService: only a failed check takes a machine out of service here', 'outOfService');
		if (input.outOfService && !input.reason) throw new CommandError(400, 'invalid_input', 'reason: say why the machine is out of service', 'reason');
		if (input.backInService && input.kind !== 'repair') throw new CommandError(400, 'invalid_input', 'backInService: only a repair brings a machine back here', 'backInService');
		if (input.backInService) authorize(env.actor, 'equipment.setService');

		let usageTotal = m.usage_total;
		let lastReading = m.last_reading;
		if (input.reading !== undefined) {
			if (!m.usage_unit) throw new CommandError(400, 'invalid_input', `reading: ${m.code} counts no usage`, 'reading');
			const applied = applyReading(usageTotal, lastReading, input.reading, input.meterReplaced ?? false);
			if (!applied) throw new CommandError(400, 'invalid_input', `reading: ${input.reading} is lower than the last reading ${lastReading}; a new meter? say meterReplaced`, 'reading', { lastReading });
			({ usageTotal, lastReading } = applied);
		}
		const passed = input.kind === 'check_failed' ? false : (input.passed ?? null);
		await writeLog(tx, env, m, {
			kind: input.kind,
			at,
			taskId: task?.id,
			notes: input.notes ?? (input.kind === 'check_failed' ? (input.reason ?? '') : ''),
			reading: input.reading ?? null,
			meterReplaced: input.meterReplaced,
			passed,
			usageAt: usageTotal
		});
		const set: Record<string, unknown> = {};
		if (usageTotal !== m.usage_total || lastReading !== m.last_reading) Object.assign(set, { usage_total: usageTotal, last_reading: lastReading });
		if (input.kind === 'done' && task && passed !== false && (task.last_done_at === null || at >= task.last_done_at)) {
			await tx.updateTable('maintenance_tasks').set({ last_done_at: at, last_done_usage: usageTotal }).where('id', '=', task.id).execute();
		}
		if (input.outOfService && m.in_service) {
			await writeLog(tx, env, m, { kind: 'out_of_service', at, notes: input.reason, usageAt: usageTotal });
			Object.assign(set, { in_service: 0, out_of_service_reason: input.reason, out_of_service_since: at });
		}
		if (input.backInService && !m.in_service) {
			await writeLog(tx, env, m, { kind: 'back_in_service', at, notes: input.notes ?? '', usageAt: usageTotal });
			Object.assign(set, { in_service: 1, out_of_service_reason: null, out_of_service_since: null });
		}
		await tx
			.updateTable('equipment')
			.set({ ...set, version: m.version + 1 })
			.where('id', '=', m.id)
			.execute();
		const { view, images: imgs } = await images(tx, env.storeId, m.id);
		return {
			result: view,
			event: {
				type: `equipment.${input.kind === 'check_failed' ? 'checkFailed' : input.kind}`,
				subjectKind: 'equipment',
				subjectId: m.id,
				data: { code: m.code, kind: input.kind, taskId: task?.id ?? null, at, reading: input.reading ?? null, outOfService: !!input.outOfService, backInService: !!input.backInService },
				images: imgs
			}
		};
	}
});

export const setEquipmentService = defineCommand({
	type: 'equipment.setService',
	permission: () => 'equipment.setService',
	schema: z
		.object({ equipment: z.string().trim().min(1), inService: z.boolean(), reason: text(200).optional(), expectedVersion: expectedVersion.optional() })
		.refine((v) => v.inService || (v.reason?.length ?? 0) > 0, { message: 'say why the machine is out of service', path: ['reason'] }),
	async handle(tx, input, env) {
		const m = await findMachine(tx, env.storeId, input.equipment);
		if (input.expectedVersion !== undefined) checkVersion(m.version, input.expectedVersion, `Equipment ${m.code}`);
		if ((m.in_service === 1) === input.inService && (input.inService || m.out_of_service_reason === input.reason)) {
			throw new CommandError(409, 'no_change', `inService: ${m.code} is already ${input.inService ? 'in service' : 'out of service'}`, 'inService');
		}
		await writeLog(tx, env, m, { kind: input.inService ? 'back_in_service' : 'out_of_service', at: env.now, notes: input.reason ?? '', usageAt: m.usage_total });
		await tx
			.updateTable('equipment')
			.set({
				in_service: input.inService ? 1 : 0,
				out_of_service_reason: input.inService ? null : input.reason!,
				out_of_service_since: input.inService ? null : m.in_service ? env.now : m.out_of_service_since,
				version: m.version + 1
			})
			.where('id', '=', m.id)
			.execute();
		const { view, images: imgs } = await images(tx, env.storeId, m.id);
		return {
			result: view,
			event: {
				type: input.inService ? 'equipment.backInService' : 'equipment.outOfService',
				subjectKind: 'equipment',
				subjectId: m.id,
				data: { code: m.code, reason: input.reason ?? null },
				images: imgs
			}
		};
	}
});

/**
 * A job dispatched to a bay counts a cycle on each in-service lift in it counted in cycles, in the
 * dispatch's own transaction: the images of those lifts (and of the bay, when any) for its event.
 */
export async function countBayCycle(tx: Db, storeId: number, bayId: number): Promise<EntityImage[]> {
	const lifts = await tx
		.selectFrom('equipment')
		.select(['id', 'usage_total', 'version'])
		.where('store_id', '=', storeId)
		.where('bay_id', '=', bayId)
		.where('active', '=', 1)
		.where('in_service', '=', 1)
		.where('usage_unit', '=', 'cycles')
		.where('type', 'in', [...liftTypes])
		.execute();
	if (lifts.length === 0) return [];
	const out: EntityImage[] = [];
	for (const l of lifts) {
		await tx
			.updateTable('equipment')
			.set({ usage_total: l.usage_total + 1, version: l.version + 1 })
			.where('id', '=', l.id)
			.execute();
		out.push({ kind: 'equipment', id: l.id, value: (await equipmentView(tx, storeId, l.id))! });
	}
	const bay = await bayView(tx, bayId);
	if (bay) out.push({ kind: 'bay', id: bayId, value: bay });
	return out;
}
