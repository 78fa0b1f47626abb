import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PhotoSize } from '$lib/domain/photos';

/**
 * Where the images are kept: files under `<data>/photos/<store>/<key>-<size>.jpg`. Each file is
 * written to a temporary name and renamed, so a reader never sees half a photo and a crash leaves
 * at most a temporary file (swept with the orphans). A store on PostgreSQL with several servers
 * (issue 20) points PITWALL_PHOTO_DIR at storage every server mounts.
 */
export class PhotoStore {
	constructor(readonly root: string) {}

	/** The data folder's photos, or a throwaway folder for an in-memory database (tests). */
	static forDataDir(dataDir: string, override?: string): PhotoStore {
		if (override) return new PhotoStore(override);
		if (dataDir === ':memory:') return new PhotoStore(mkdtempSync(join(tmpdir(), 'pitwall-photos-')));
		return new PhotoStore(join(dataDir, 'photos'));
	}

	#dir(storeId: number): string {
		return join(this.root, String(storeId));
	}

	path(storeId: number, key: string, size: PhotoSize): string {
		if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a photo key: ${key}`);
		return join(this.#dir(storeId), `${key}-${size}.jpg`);
	}

	/** Writes every size of one photo (each atomically). */
	async put(storeId: number, key: string, files: Record<PhotoSize, Buffer>): Promise<void> {
		await mkdir(this.#dir(storeId), { recursive: true });
		for (const [size, bytes] of Object.entries(files) as [PhotoSize, Buffer][]) {
			const target = this.path(storeId, key, size);
			const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
			await writeFile(temp, bytes);
			await rename(temp, target);
		}
	}

	async get(storeId: number, key: string, size: PhotoSize): Promise<Buffer | null> {
		try {
			return await readFile(this.path(storeId, key, size));
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw e;
		}
	}

	async remove(storeId: number, key: string): Promise<void> {
		await rm(this.path(storeId, key, 'thumb'), { force: true });
		await rm(this.path(storeId, key, 'display'), { force: true });
	}

	/**
	 * The keys on disk for a store, with each file's age: what the sweep compares with the rows.
	 * Temporary files count under their key too (a crash mid-write).
	 */
	async list(storeId: number): Promise<{ key: string; file: string; mtimeMs: number }[]> {
		let names: string[];
		try {
			names = await readdir(this.#dir(storeId));
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
			throw e;
		}
		const out: { key: string; file: string; mtimeMs: number }[] = [];
		for (const name of names) {
			const m = /^([0-9a-f]{64})-/.exec(name);
			if (!m) continue;
			const file = join(this.#dir(storeId), name);
			try {
				out.push({ key: m[1], file, mtimeMs: (await stat(file)).mtimeMs });
			} catch {
				// removed meanwhile
			}
		}
		return out;
	}

	async removeFile(file: string): Promise<void> {
		await rm(file, { force: true });
	}

	/** Only for a throwaway store (tests): the whole folder. */
	async destroy(): Promise<void> {
		await rm(this.root, { recursive: true, force: true });
	}
}
