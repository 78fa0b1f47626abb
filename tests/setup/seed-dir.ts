import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest's global set-up: one folder for the run's temporary files (the SQLite demo copies' photo
 * files, src/lib/server/db/demo-seed.ts), removed when the run ends, whatever happened to its
 * workers. (On PostgreSQL, tests/tools/with-postgres.js keeps its own: PITWALL_TEST_SEED_DIR.)
 */
export default function setup(): () => void {
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-run-'));
	process.env.PITWALL_TEST_RUN_DIR = dir;
	return () => rmSync(dir, { recursive: true, force: true });
}
