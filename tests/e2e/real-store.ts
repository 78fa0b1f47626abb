import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The second server playwright.config.ts starts for tests/e2e/setup-store.test.ts: a real
 * install (PITWALL_DEMO=0) on an empty database, its first-run set-up code fixed by
 * PITWALL_SETUP_CODE instead of printed.
 */
export const realStorePort = Number(process.env.E2E_SETUP_PORT ?? 4183);
export const realStoreBase = `http://localhost:${realStorePort}`;
export const realStoreDataDir = join(tmpdir(), `pitwall-e2e-${realStorePort}`);
export const realStoreSetupCode = 'E2E-SETUP-CODE-4183';
