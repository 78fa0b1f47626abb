import { storeSettings } from '$lib/server/core/stores';
import type { App } from '$lib/server/app';
import { CommandError, authorize, execute, validationError } from '$lib/server/core/commands';
import { FileAnswer, type ApiRequest, type Route } from '$lib/server/core/router';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { MAX_UPLOAD_BYTES, orderClosedForPhotos, photoCountProblem, photoSizes, type PhotoSize } from '$lib/domain/photos';
import { resolveStatusLink } from '$lib/server/features/repair-orders/status-link';
import { addPhoto, photoPlacement, photoSettingsInput, removePhoto, savePhotoSettings } from './commands';
import { processPhoto } from './images';
import { photoCount, photoRow, photoSettings, unusedKeys } from './repository';
import { customerView } from '$lib/domain/privacy';
import { withFileLock } from './file-lock';
import { isLimited, recordFailure } from '$lib/server/core/limiter';

/** Files of these keys that no photo of the store names any more are deleted (after a removal, a prune, an erasure). */
export async function removeUnusedFiles(app: App, storeId: number, keys: readonly string[]): Promise<number> {
	let removed = 0;
	for (const key of new Set(keys)) {
		await withFileLock(app.db, storeId, key, async () => {
			if ((await unusedKeys(app.db, storeId, [key])).length === 0) return;
			await app.photos.remove(storeId, key);
			removed += 1;
		});
	}
	return removed;
}

function size(request: ApiRequest): PhotoSize {
	const s = request.params.size;
	if (!(photoSizes as readonly string[]).includes(s)) throw new CommandError(404, 'not_found', `size: "${s}" is not one of ${photoSizes.join(', ')}`, 'size');
	return s as PhotoSize;
}

async function image(app: App, storeId: number, key: string, s: PhotoSize, id: number, cacheControl: string): Promise<{ body: FileAnswer }> {
	const bytes = await app.photos.get(storeId, key, s);
	if (!bytes) throw new CommandError(404, 'not_found', `photo ${id}'s file is missing`, 'id');
	return { body: new FileAnswer('image/jpeg', `photo-${id}-${s}.jpg`, bytes, { inline: true, cacheControl, headers: { 'referrer-policy': 'no-referrer' } }) };
}

/** An upload: who may, where it goes, the order still open, then the image made and stored, then the command. */
async function upload(request: ApiRequest) {
	const caller = await request.changer();
	// Refused before a byte of the image is read or decoded.
	authorize(caller, 'photo.add');
	const id = pathId(request, 'id', 'repair order');
	const q = photoPlacement.safeParse(Object.fromEntries(request.url.searchParams));
	if (!q.success) throw validationError(q.error);
	const order = await request.app.db.selectFrom('repair_orders').select(['stage', 'number']).where('id', '=', id).where('store_id', '=', caller.storeId).executeTakeFirst();
	if (!order) throw new CommandError(404, 'not_found', `id: repair order ${id} does not exist`, 'id');
	const closed = orderClosedForPhotos(order.stage);
	if (closed) throw new CommandError(409, 'order_closed', `id: ${order.number}: ${closed}`, 'id', { stage: order.stage });
	// What can be refused without the image is refused before a byte of it is read (the command checks again, in its transaction).
	const addonId = q.data.addonId ?? null;
	if (addonId !== null && !(await request.app.db.selectFrom('addons').select('id').where('id', '=', addonId).where('repair_order_id', '=', id).executeTakeFirst())) {
		throw new CommandError(404, 'not_found', `addonId: ${order.number} has no add-on ${addonId}`, 'addonId');
	}
	const tooMany = photoCountProblem(await photoCount(request.app.db, id, addonId), addonId === null ? 'walkaround' : 'finding');
	if (tooMany && !request.header('idempotency-key')) throw new CommandError(409, 'too_many_photos', `${addonId === null ? 'id' : 'addonId'}: ${tooMany}`, addonId === null ? 'id' : 'addonId');
	if (Number(request.header('content-length')) > MAX_UPLOAD_BYTES) throw new CommandError(413, 'body_too_large', `file: at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, 'file');
	const photo = await processPhoto(await request.raw(MAX_UPLOAD_BYTES));
	const app = request.app;
	try {
		return await withFileLock(app.db, caller.storeId, photo.key, async () => {
			await app.photos.put(caller.storeId, photo.key, { display: photo.display, thumb: photo.thumb });
			const input = { ...q.data, id, file: { key: photo.key, width: photo.width, height: photo.height, bytes: photo.display.length } };
			const { result, seq, replayed } = await execute(app.commands, addPhoto, input, { actor: caller, idempotencyKey: request.header('idempotency-key') });
			return { status: replayed ? 200 : 201, body: { ...result, seq, replayed } };
		});
	} catch (e) {
		// Refused after all (a limit reached meanwhile, the car delivered): nothing stays behind.
		await removeUnusedFiles(app, caller.storeId, [photo.key]);
		throw e;
	}
}

const uploadDoc = (summary: string) => ({
	summary,
	parameters: [pathParam('id'), ...queryParams(photoPlacement), idempotencyHeader],
	requestBody: {
		required: true,
		description: `The photo's bytes as taken (JPEG, PNG or WebP; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB and 50 megapixels). Stored resized (1600 px and a 320 px thumbnail), turned upright, without any metadata (no location).`,
		content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } }, 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/webp': { schema: { type: 'string', format: 'binary' } } }
	},
	responses: { 201: jsonAnswer('the photo: { id, addonId, spot, caption, width, height, takenBy, takenAt, seq }'), ...errors(400, 401, 403, 404, 409, 413, 415, 422, 503) }
});

export const photoRoutes: Route[] = [
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/photos',
		doc: uploadDoc("Adds a photo to an order: with addonId, a finding's evidence (at most 6 each); without, the check-in's walk-around (with its spot on the car; at most 24). Refused once the car is delivered. Send an Idempotency-Key: a retried upload then answers as the first"),
		handle: upload
	},
	{
		method: 'POST',
		path: '/api/v1/photos/:photoId/remove',
		doc: {
			summary: 'Removes a photo taken by mistake (before the car is delivered); its files are deleted',
			parameters: [pathParam('photoId'), idempotencyHeader],
			responses: { 200: jsonAnswer('{ photoId }'), ...errors(401, 403, 404, 409) }
		},
		handle: async (request) => {
			const photoId = pathId(request, 'photoId', 'photo');
			const answer = await runCommand(request, removePhoto, { photoId });
			const { storeId } = await request.caller();
			const body = answer.body as { fileKey: string; photoId: number; seq: number; replayed: boolean };
			await removeUnusedFiles(request.app, storeId, [body.fileKey]);
			return { status: answer.status, body: { photoId: body.photoId, seq: body.seq, replayed: body.replayed } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/photos/:photoId/:size',
		doc: {
			summary: "A photo's image (size thumb or display), for the staff of its store and the dealer's system; never a wall screen",
			parameters: [pathParam('photoId'), { name: 'size', in: 'path', required: true, schema: { type: 'string', enum: [...photoSizes] } }],
			responses: { 200: { description: 'image/jpeg' }, ...errors(401, 403, 404) }
		},
		handle: async (request) => {
			const caller = await request.caller();
			if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', "a customer's link sees its photos at its own address", 'photoId');
			const id = pathId(request, 'photoId', 'photo');
			const s = size(request);
			const row = await photoRow(request.app.db, caller.storeId, id);
			if (!row) throw new CommandError(404, 'not_found', `photo ${id} does not exist`, 'photoId');
			// A photo never changes under its id; a day, so that one removed or erased leaves the desk's cache soon.
			return image(request.app, caller.storeId, row.file_key, s, id, 'private, max-age=86400');
		}
	},
	{
		method: 'GET',
		path: '/api/v1/status/:token/photos/:photoId/:size',
		doc: {
			summary: "A photo of the customer's own order, through their link (the same link as /status/…); any other photo, or a bad or expired link, is 404",
			parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }, pathParam('photoId'), { name: 'size', in: 'path', required: true, schema: { type: 'string', enum: [...photoSizes] } }],
			responses: { 200: { description: 'image/jpeg' }, ...errors(404, 429) }
		},
		handle: async (request) => {
			const app = request.app;
			const now = app.now();
			const where = request.address();
			if (await isLimited(app.db, app.linkLimiter, where, now)) throw new CommandError(429, 'limited', 'too many bad links from this address; try again later');
			const linked = await resolveStatusLink(app.db, app.statusSecret, request.params.token, now);
			if (!linked) {
				await recordFailure(app.db, app.linkLimiter, where, now);
				throw new CommandError(404, 'not_found', 'no such photo');
			}
			const id = Number(request.params.photoId);
			const s = size(request);
			const row = Number.isInteger(id) && id > 0 ? await photoRow(app.db, linked.storeId, id) : undefined;
			// Only a photo the customer's page shows them: the walk-around, a finding waiting for their answer, one they declined.
			const view = customerView(linked.ro, { withAddons: true, labourRate: (await storeSettings(app.db, linked.storeId)).labourRate });
			const shown = new Set([...(view?.walkaround ?? []), ...(view?.addons ?? []).flatMap((a) => a.photos), ...(view?.declined ?? []).flatMap((a) => a.photos)].map((p) => p.id));
			if (!row || row.repair_order_id !== linked.ro.id || !shown.has(row.id)) throw new CommandError(404, 'not_found', 'no such photo');
			return image(app, linked.storeId, row.file_key, s, id, 'private, max-age=3600');
		}
	},
	{
		method: 'GET',
		path: '/api/v1/photos/settings',
		doc: { summary: 'How long the store keeps photos (days)', responses: { 200: jsonAnswer('{ retentionDays, version }'), ...errors(401, 403) } },
		handle: async (request) => {
			const caller = await callerWho(request, 'photo.settings');
			return { body: await photoSettings(request.app.db, caller.storeId) };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/photos/settings',
		doc: { summary: 'Sets how long the store keeps photos (30 to 3650 days; manager, admin)', parameters: [idempotencyHeader], requestBody: jsonBody(photoSettingsInput), responses: { 200: jsonAnswer('{ retentionDays, version }'), ...errors(400, 401, 403, 409) } },
		handle: async (request) => runCommand(request, savePhotoSettings, await request.object())
	}
];

