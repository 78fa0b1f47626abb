import { z } from 'zod';
import { CommandError, defineCommand, expectedVersion } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { onTheirTeam } from '$lib/domain/permissions';
import { closedStages } from '$lib/domain/repair-order';
import { MAX_CAPTION, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, carSpots, orderClosedForPhotos, photoCountProblem, pruneBefore } from '$lib/domain/photos';
import type { Db } from '$lib/server/db/database';
import type { CommandEnv } from '$lib/server/core/commands';
import { photoCount, photoRow, photoSettings } from './repository';

/** Where a photo goes, as the request says it (the query of the upload). */
export const photoPlacement = z.object({
	addonId: z.coerce.number().int().positive().optional().describe("the finding (add-on) the photo shows; without: the check-in's walk-around"),
	spot: z.enum(carSpots).optional().describe('where on the car (walk-around): front, rear, left, right or roof'),
	caption: z.string().trim().max(MAX_CAPTION).default('').describe('a few words: what the photo shows')
});

export const addPhotoInput = photoPlacement.extend({
	id: z.number().int().positive(),
	/** The stored files, as images.ts made them (the key is the upload's SHA-256). */
	file: z.object({ key: z.string().regex(/^[0-9a-f]{64}$/), width: z.number().int().positive(), height: z.number().int().positive(), bytes: z.number().int().positive() })
});

/** The order in this store, open for photos, on the caller's team; or a clear refusal. */
async function orderForPhotos(tx: Db, env: CommandEnv, id: number) {
	const ro = await repairOrderView(tx, id, env.storeId);
	if (!ro) throw new CommandError(404, 'not_found', `id: repair order ${id} does not exist`, 'id');
	const closed = orderClosedForPhotos(ro.stage);
	if (closed) throw new CommandError(409, 'order_closed', `id: ${ro.number}: ${closed}`, 'id', { stage: ro.stage });
	const actor = env.actor;
	if (actor.kind === 'user' && !onTheirTeam(actor.role, actor.teamId, ro.teamId)) {
		throw new CommandError(403, 'forbidden', `${actor.name} (${actor.role}) works in another team than ${ro.number}`, 'id');
	}
	return ro;
}

/** A photo on an order: the walk-around (with its spot) or a finding's evidence. The files are already stored. */
export const addPhoto = defineCommand({
	type: 'photo.add',
	schema: addPhotoInput,
	permission: () => 'photo.add',
	async handle(tx, input, env) {
		const ro = await orderForPhotos(tx, env, input.id);
		const addonId = input.addonId ?? null;
		if (addonId !== null && !ro.addons.some((a) => a.id === addonId)) {
			throw new CommandError(404, 'not_found', `addonId: ${ro.number} has no add-on ${addonId}`, 'addonId');
		}
		if (addonId !== null && input.spot) throw new CommandError(400, 'invalid_input', "spot: only the walk-around's photos have a spot on the car", 'spot');
		const tooMany = photoCountProblem(await photoCount(tx, ro.id, addonId), addonId === null ? 'walkaround' : 'finding');
		if (tooMany) throw new CommandError(409, 'too_many_photos', `${addonId === null ? 'id' : 'addonId'}: ${tooMany}`, addonId === null ? 'id' : 'addonId');
		const actorName = env.actor.kind === 'system' ? 'Pitwall' : env.actor.name;
		const { id: photoId } = await tx
			.insertInto('photos')
			.values({
				store_id: env.storeId,
				repair_order_id: ro.id,
				addon_id: addonId,
				spot: input.spot ?? null,
				caption: input.caption,
				file_key: input.file.key,
				width: input.file.width,
				height: input.file.height,
				bytes: input.file.bytes,
				taken_by: actorName,
				taken_at: env.now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = (await repairOrderView(tx, ro.id, env.storeId))!;
		const photo = view.photos.find((p) => p.id === photoId)!;
		return {
			result: photo,
			// The event names the photo and where it went; the caption stays on the row (a caption may name the customer).
			event: { type: 'photo.added', subjectKind: 'repairOrder', subjectId: ro.id, data: { photoId, addonId, spot: input.spot ?? null, number: ro.number }, images: [{ kind: 'repairOrder', id: ro.id, value: view }] }
		};
	}
});

export const removePhotoInput = z.object({ photoId: z.number().int().positive() });

/** A photo taken by mistake, removed before the car leaves. Its files go after the commit (api.ts). */
export const removePhoto = defineCommand({
	type: 'photo.remove',
	schema: removePhotoInput,
	permission: () => 'photo.remove',
	async handle(tx, input, env) {
		const row = await photoRow(tx, env.storeId, input.photoId);
		if (!row) throw new CommandError(404, 'not_found', `photoId: no photo ${input.photoId}`, 'photoId');
		await orderForPhotos(tx, env, row.repair_order_id);
		await tx.deleteFrom('photos').where('id', '=', row.id).execute();
		const view = (await repairOrderView(tx, row.repair_order_id, env.storeId))!;
		return {
			result: { photoId: row.id, fileKey: row.file_key },
			event: { type: 'photo.removed', subjectKind: 'repairOrder', subjectId: row.repair_order_id, data: { photoId: row.id, number: row.number }, images: [{ kind: 'repairOrder', id: row.repair_order_id, value: view }] }
		};
	}
});

export const photoSettingsInput = z.object({
	retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).describe('photos older than this many days are deleted'),
	expectedVersion: expectedVersion.optional()
});

/** How long the store keeps its photos (the manager's or the admin's choice; two years unless set). */
export const savePhotoSettings = defineCommand({
	type: 'photo.settings',
	schema: photoSettingsInput,
	permission: () => 'photo.settings',
	async handle(tx, input, env) {
		const current = await photoSettings(tx, env.storeId);
		if (input.expectedVersion !== undefined && current.version !== 0 && input.expectedVersion !== current.version) {
			throw new CommandError(409, 'version_conflict', `Photo settings were changed meanwhile (now version ${current.version})`, 'expectedVersion', { currentVersion: current.version });
		}
		await tx
			.insertInto('photo_settings')
			.values({ store_id: env.storeId, retention_days: input.retentionDays, version: 1 })
			.onConflict((oc) => oc.column('store_id').doUpdateSet((eb) => ({ retention_days: input.retentionDays, version: eb('photo_settings.version', '+', 1) })))
			.execute();
		const saved = await photoSettings(tx, env.storeId);
		return { result: saved, event: { type: 'photo.settings', subjectKind: 'store', subjectId: env.storeId, data: { retentionDays: saved.retentionDays }, images: [] } };
	}
});

/** At most this many photos go in one pruning transaction (the job runs again until none are left). */
export const PRUNE_BATCH = 500;

/** Photos past the store's retention, deleted (the job's command; their files go after the commit). */
export const prunePhotos = defineCommand({
	type: 'photo.prune',
	schema: z.object({}),
	permission: () => 'photo.prune',
	async handle(tx, _input, env) {
		const { retentionDays } = await photoSettings(tx, env.storeId);
		const before = pruneBefore(env.now, retentionDays);
		const rows = await tx
			.selectFrom('photos as p')
			.innerJoin('repair_orders as ro', 'ro.id', 'p.repair_order_id')
			.select(['p.id', 'p.file_key', 'p.repair_order_id', 'ro.stage'])
			.where('p.store_id', '=', env.storeId)
			.where('p.taken_at', '<', before)
			.orderBy('p.taken_at')
			.limit(PRUNE_BATCH)
			.execute();
		if (rows.length) await tx.deleteFrom('photos').where('id', 'in', rows.map((r) => r.id)).execute();
		// Only an order still in the shop (a long accident repair) is on a screen to update.
		const images: EntityImage[] = [];
		for (const id of new Set(rows.filter((r) => !closedStages.includes(r.stage)).map((r) => r.repair_order_id))) {
			images.push({ kind: 'repairOrder', id, value: (await repairOrderView(tx, id, env.storeId)) ?? null });
		}
		const fileKeys = rows.map((r) => r.file_key);
		return { result: { pruned: rows.length, before, retentionDays, fileKeys }, event: { type: 'photo.pruned', subjectKind: 'store', subjectId: env.storeId, data: { pruned: rows.length, before, retentionDays }, images } };
	}
});
