import type { App } from '$lib/server/app';
import type { Job } from '$lib/server/core/module';
import { execute } from '$lib/server/core/commands';
import { systemPrincipal } from '$lib/server/features/access/principal';
import { pruneBefore } from '$lib/domain/photos';
import { PRUNE_BATCH, prunePhotos } from './commands';
import { photoSettings, storeKeys } from './repository';
import { removeUnusedFiles } from './api';

/** A file younger than this with no row may be an upload whose command has not committed yet. */
export const ORPHAN_GRACE_MS = 3600_000;
const EVERY_MS = 6 * 3600_000;

/** Deletes the store's photos past its retention, in batches, and then their files; returns how many. */
export async function pruneStorePhotos(app: App, storeId: number): Promise<number> {
	let total = 0;
	for (;;) {
		const { retentionDays } = await photoSettings(app.db, storeId);
		const due = await app.db.selectFrom('photos').select('id').where('store_id', '=', storeId).where('taken_at', '<', pruneBefore(app.now(), retentionDays)).limit(1).executeTakeFirst();
		// Nothing due: no command, no event.
		if (!due) return total;
		const { result } = await execute({ ...app.commands, storeId }, prunePhotos, {}, { actor: systemPrincipal });
		await removeUnusedFiles(app, storeId, result.fileKeys);
		total += result.pruned;
		if (result.pruned < PRUNE_BATCH) return total;
	}
}

/** Files on disk that no row names (a crash between writing and committing), older than the grace; returns how many went. */
export async function sweepOrphanFiles(app: App, storeId: number, graceMs = ORPHAN_GRACE_MS): Promise<number> {
	const files = await app.photos.list(storeId);
	if (!files.length) return 0;
	const keys = await storeKeys(app.db, storeId);
	const cutoff = Date.now() - graceMs;
	let removed = 0;
	for (const f of files) {
		if (keys.has(f.key) && !f.file.endsWith('.tmp')) continue;
		if (f.mtimeMs > cutoff) continue;
		await app.photos.removeFile(f.file);
		removed += 1;
	}
	return removed;
}

/** Every few hours (and once soon after start): each store's photos past retention, then stray files. */
export const photoRetention: Job = (app) => {
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			const stores = await app.db.selectFrom('stores').select('id').execute();
			for (const { id } of stores) {
				await pruneStorePhotos(app, id);
				await sweepOrphanFiles(app, id);
			}
		} catch (error) {
			console.error('photo retention failed', error);
		} finally {
			running = false;
		}
	};
	const first = setTimeout(() => void run(), 60_000);
	const timer = setInterval(() => void run(), EVERY_MS);
	first.unref();
	timer.unref();
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
};
