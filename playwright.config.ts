import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './tests/browser';
import { realStoreBase, realStoreDataDir, realStorePort, realStoreSetupCode } from './tests/e2e/real-store';

const port = Number(process.env.E2E_PORT ?? 4173);
export const e2eBase = `http://localhost:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'list' : 'line',
	use: {
		baseURL: e2eBase,
		launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
		// CI shows only what the run prints (the failure and its page snapshot): recording a trace of
		// every test there costs the two cores a screencast per page for nothing.
		trace: process.env.CI ? 'off' : 'retain-on-failure'
	},
	webServer: [
		{
			// The production build (npm run test:e2e builds it first), on a fresh demo database.
			command: 'node src/serve.js --reset',
			url: `${e2eBase}/healthz`,
			reuseExistingServer: false,
			timeout: 120_000,
			env: {
				PORT: String(port),
				PITWALL_DATA_DIR: join(tmpdir(), `pitwall-e2e-${port}`),
				PITWALL_HEARTBEAT_SECONDS: '1',
				PITWALL_SKIP_BUILD: '1',
				ORIGIN: e2eBase
			}
		},
		{
			// A real install for tests/e2e/setup-store.test.ts: no demo, an empty database, the
			// first-run set-up code fixed for the test.
			command: 'node src/serve.js --reset',
			url: `${realStoreBase}/healthz`,
			reuseExistingServer: false,
			timeout: 120_000,
			env: {
				PORT: String(realStorePort),
				PITWALL_DATA_DIR: realStoreDataDir,
				PITWALL_DEMO: '0',
				PITWALL_SETUP_CODE: realStoreSetupCode,
				PITWALL_HEARTBEAT_SECONDS: '1',
				PITWALL_SKIP_BUILD: '1',
				ORIGIN: realStoreBase
			}
		}
	]
});
