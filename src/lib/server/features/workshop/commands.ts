import { z } from 'zod';
import { CommandError, checkVersion, defineCommand, expectedVersion } from '$lib/server/core/commands';
import { bayHoldingStages } from '$lib/domain/repair-order';
import { transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { bayView, teamViews } from './repository';
import { bayKinds, teamKinds } from './table';

const code = z
	.string()
	.trim()
	.min(1)
	.max(12)
	.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const names = { nameZh: z.string().trim().min(1).max(40), nameEn: z.string().trim().min(1).max(60) };

/** A bay by its id (digits) or its code, in this store. */
async function findBay(tx: Parameters<typeof bayView>[0], storeId: number, ref: string) {
	let q = tx.selectFrom('bays').selectAll().where('store_id', '=', storeId);
	q = /^[0-9]+$/.test(ref) ? q.where('id', '=', Number(ref)) : q.where('code', '=', ref);
	const bay = await q.executeTakeFirst();
	if (!bay) throw new CommandError(404, 'not_found', `bay "${ref}" does not exist`, 'bay');
	return bay;
}

async function codeTaken(tx: Parameters<typeof bayView>[0], table: 'bays' | 'teams', storeId: number, value: string, exceptId?: number) {
	let q = tx.selectFrom(table).select('id').where('store_id', '=', storeId).where('code', '=', value);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	if (await q.executeTakeFirst()) throw new CommandError(409, 'code_taken', `code: ${value} is already used in this store`, 'code');
}

const bayImage = async (tx: Parameters<typeof bayView>[0], id: number) => {
	const value = (await bayView(tx, id))!;
	return { kind: 'bay' as const, id, value };
};

export const createBay = defineCommand({
	type: 'bay.create',
	permission: () => 'bay.manage',
	schema: z.object({ code, ...names, kind: z.enum(bayKinds), sort: z.number().int().min(0).max(999).optional() }),
	async handle(tx, input, env) {
		await codeTaken(tx, 'bays', env.storeId, input.code);
		const last = await tx.selectFrom('bays').select((eb) => eb.fn.max('sort').as('sort')).where('store_id', '=', env.storeId).executeTakeFirst();
		const { id } = await tx
			.insertInto('bays')
			.values({ store_id: env.storeId, code: input.code, name_zh: input.nameZh, name_en: input.nameEn, kind: input.kind, sort: input.sort ?? Number(last?.sort ?? 0) + 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const image = await bayImage(tx, id);
		return { result: image.value, event: { type: 'bay.created', subjectKind: 'bay', subjectId: id, data: { code: input.code }, images: [image] } };
	}
});

export const updateBay = defineCommand({
	type: 'bay.update',
	permission: () => 'bay.manage',
	schema: z.object({ bay: z.string(), expectedVersion, code: code.optional(), nameZh: names.nameZh.optional(), nameEn: names.nameEn.optional(), kind: z.enum(bayKinds).optional(), sort: z.number().int().min(0).max(999).optional() }),
	async handle(tx, input, env) {
		const bay = await findBay(tx, env.storeId, input.bay);
		checkVersion(bay.version, input.expectedVersion, `Bay ${bay.code}`);
		if (input.code) await codeTaken(tx, 'bays', env.storeId, input.code, bay.id);
		await tx
			.updateTable('bays')
			.set({ code: input.code ?? bay.code, name_zh: input.nameZh ?? bay.name_zh, name_en: input.nameEn ?? bay.name_en, kind: input.kind ?? bay.kind, sort: input.sort ?? bay.sort, version: bay.version + 1 })
			.where('id', '=', bay.id)
			.execute();
		const image = await bayImage(tx, bay.id);
		return { result: image.value, event: { type: 'bay.updated', subjectKind: 'bay', subjectId: bay.id, data: { code: input.code ?? bay.code }, images: [image] } };
	}
});

/**
 * A lift or bay taken out of service (or back): the board and the dispatcher see it at once. With
 * a car on it the caller must confirm; then that car's job is paused with the reason.
 */
export const setBayService = defineCommand({
	type: 'bay.setService',
	permission: () => 'bay.setService',
	schema: z
		.object({
			bay: z.string().trim().min(1),
			inService: z.boolean(),
			reason: z.string().trim().max(200).optional(),
			confirm: z.boolean().default(false),
			expectedVersion
		})
		.refine((v) => v.inService || (v.reason?.length ?? 0) > 0, { message: 'say why the bay is out of service', path: ['reason'] }),
	async handle(tx, input, env) {
		const bay = await findBay(tx, env.storeId, input.bay);
		checkVersion(bay.version, input.expectedVersion, `Bay ${bay.code}`);
		const images: EntityImage[] = [];
		if (!input.inService) {
			const car = await tx
				.selectFrom('repair_orders')
				.select(['id', 'number', 'stage', 'version'])
				.where('bay_id', '=', bay.id)
				.where('stage', 'in', [...bayHoldingStages])
				.executeTakeFirst();
			if (car && !input.confirm) {
				throw new CommandError(409, 'bay_occupied_confirm', `bay: ${car.number} is on ${bay.code}; confirm, and its job is paused`, 'bay', { order: car.number });
			}
			if (car?.stage === 'in_progress') {
				const paused = await transitionRepairOrder.handle(tx, { id: car.id, action: 'pause', reason: 'other', note: input.reason, expectedVersion: car.version }, env);
				images.push(...paused.event.images);
			}
		}
		await tx
			.updateTable('bays')
			.set({ in_service: input.inService ? 1 : 0, out_of_service_reason: input.inService ? null : input.reason!, version: bay.version + 1 })
			.where('id', '=', bay.id)
			.execute();
		const image = await bayImage(tx, bay.id);
		return {
			result: image.value,
			event: {
				type: input.inService ? 'bay.returnedToService' : 'bay.outOfService',
				subjectKind: 'bay',
				subjectId: bay.id,
				data: { bay: bay.code, reason: input.reason ?? null },
				images: [image, ...images]
			}
		};
	}
});

export const createTeam = defineCommand({
	type: 'team.create',
	permission: () => 'team.manage',
	schema: z.object({ code, ...names, kind: z.enum(teamKinds) }),
	async handle(tx, input, env) {
		await codeTaken(tx, 'teams', env.storeId, input.code);
		const { id } = await tx
			.insertInto('teams')
			.values({ store_id: env.storeId, code: input.code, name_zh: input.nameZh, name_en: input.nameEn, kind: input.kind })
			.returning('id')
			.executeTakeFirstOrThrow();
		const team = (await teamViews(tx, env.storeId)).find((t) => t.id === id)!;
		return { result: team, event: { type: 'team.created', subjectKind: 'team', subjectId: id, data: { code: input.code }, images: [{ kind: 'team', id, value: team }] } };
	}
});

export const updateTeam = defineCommand({
	type: 'team.update',
	permission: () => 'team.manage',
	schema: z.object({ id: z.number().int().positive(), expectedVersion, code: code.optional(), nameZh: names.nameZh.optional(), nameEn: names.nameEn.optional(), kind: z.enum(teamKinds).optional() }),
	async handle(tx, input, env) {
		const team = await tx.selectFrom('teams').selectAll().where('store_id', '=', env.storeId).where('id', '=', input.id).executeTakeFirst();
		if (!team) throw new CommandError(404, 'not_found', `team ${input.id} does not exist`, 'id');
		checkVersion(team.version, input.expectedVersion, `Team ${team.code}`);
		if (input.code) await codeTaken(tx, 'teams', env.storeId, input.code, team.id);
		await tx
			.updateTable('teams')
			.set({ code: input.code ?? team.code, name_zh: input.nameZh ?? team.name_zh, name_en: input.nameEn ?? team.name_en, kind: input.kind ?? team.kind, version: team.version + 1 })
			.where('id', '=', team.id)
			.execute();
		const view = (await teamViews(tx, env.storeId)).find((t) => t.id === team.id)!;
		return { result: view, event: { type: 'team.updated', subjectKind: 'team', subjectId: team.id, data: { code: view.code }, images: [{ kind: 'team', id: team.id, value: view }] } };
	}
});

/** One operation of the labour catalogue: minutes for one technician, and for two (never longer). */
export const standardTimeInput = z
	.object({
		code,
		nameZh: names.nameZh,
		nameEn: names.nameEn,
		category: z.string().trim().min(1).max(30),
		minutes1: z.number().int().min(1, 'at least 1 minute').max(24 * 60),
		minutes2: z.number().int().min(1, 'at least 1 minute').max(24 * 60)
	})
	.refine((v) => v.minutes2 <= v.minutes1, { message: 'two technicians never take longer than one', path: ['minutes2'] });

export const saveStandardTime = defineCommand({
	type: 'standardTime.save',
	permission: () => 'catalogue.manage',
	schema: standardTimeInput,
	async handle(tx, input, env) {
		const existing = await tx.selectFrom('standard_times').select(['id', 'version']).where('store_id', '=', env.storeId).where('code', '=', input.code).executeTakeFirst();
		const values = { name_zh: input.nameZh, name_en: input.nameEn, category: input.category, minutes_1: input.minutes1, minutes_2: input.minutes2 };
		let id: number;
		if (existing) {
			id = existing.id;
			await tx.updateTable('standard_times').set({ ...values, version: existing.version + 1 }).where('id', '=', id).execute();
		} else {
			({ id } = await tx.insertInto('standard_times').values({ ...values, store_id: env.storeId, code: input.code }).returning('id').executeTakeFirstOrThrow());
		}
		return {
			result: input,
			event: { type: existing ? 'standardTime.updated' : 'standardTime.created', subjectKind: 'standardTime', subjectId: id, data: { ...input }, images: [] }
		};
	}
});
