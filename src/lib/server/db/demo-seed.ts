import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, Seed } from './database';
import { PhotoStore } from '$lib/server/features/photos/storage';

type LoadDemo = (db: Db, photos: PhotoStore, stores: number, now: number) => Promise<void>;

/**
 * A test's demo, loaded once and copied (database.ts `Seed`). The demo is laid out around its `now`:
 * a test on a fixed clock shares the load of that instant, one on the real clock that of the current
 * minute (its demo at most a minute old, as a test's own steps take seconds anyway).
 *
 * On PostgreSQL only beside tests/tools/with-postgres.js (PITWALL_TEST_SEED_DIR): its cluster and
 * seed folder are new each run, so a template never outlives the demo's code or its photos. On
 * SQLite the copies live in this process, and their photos in a folder of its own.
 * Undefined where neither holds: the demo is loaded as at a first start.
 */
export function testDemoSeed(stores: number, now: (() => number) | undefined, load: LoadDemo): { seed: Seed; copyPhotos(to: string): void } | undefined {
	const seedDir = process.env.PITWALL_TEST_DATABASE_URL ? process.env.PITWALL_TEST_SEED_DIR : processSeedDir();
	if (!seedDir) return undefined;
	const at = now?.() ?? null;
	const key = JSON.stringify({ stores, historyDays: process.env.PITWALL_HISTORY_DAYS ?? null, at: at ?? `minute ${Math.floor(Date.now() / 60_000)}` });
	const photoDir = join(seedDir, `pitwall-seed-${createHash('sha1').update(key).digest('hex').slice(0, 12)}`);
	return {
		seed: { key, load: (db) => load(db, new PhotoStore(photoDir), stores, at ?? Date.now()) },
		// A copy's photo rows name the template's files.
		copyPhotos: (to) => void (existsSync(photoDir) && cpSync(photoDir, to, { recursive: true }))
	};
}

/**
 * The demo copies' photo files for this process (SQLite tests, whose copies live in its memory): a
 * folder of its own inside the run's (PITWALL_TEST_RUN_DIR, which Vitest's global set-up makes and
 * removes: tests/setup/seed-dir.ts), else in the temporary folder, removed when the process exits.
 */
function processSeedDir(): string {
	const shared = globalThis as { pitwallSeedDir?: string };
	if (!shared.pitwallSeedDir) {
		const run = process.env.PITWALL_TEST_RUN_DIR;
		const dir = run ? join(run, `process-${process.pid}`) : mkdtempSync(join(tmpdir(), 'pitwall-seeds-'));
		mkdirSync(dir, { recursive: true });
		shared.pitwallSeedDir = dir;
		process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	}
	return shared.pitwallSeedDir;
}
