import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import type { Composed } from './src/lib/server/core/http';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev`: the same composition as `npm start` (src/lib/server/core/http.ts), loaded
 * through Vite's SSR module graph, which SvelteKit's pages share: Socket.IO on Vite's server,
 * the JSON API ahead of SvelteKit, one app.
 */
function pitwallServer(): Plugin {
	return {
		name: 'pitwall-server',
		configureServer: (server) => {
			const httpServer = server.httpServer;
			if (!httpServer) return; // Vitest and middleware mode: no HTTP server of Vite's own
			let composed: Promise<Composed> | undefined;
			const compose = () =>
				(composed ??= server.ssrLoadModule('/src/lib/server/core/http.ts').then((m) => (m as typeof import('./src/lib/server/core/http')).composeServer(httpServer as import('node:http').Server)));
			httpServer.once('listening', () => void compose().catch((error) => console.error('Pitwall failed to start', error)));
			server.middlewares.use((req, res, next) => {
				compose()
					.then((c) => c.serve(req, res, () => next()))
					.catch(next);
			});
		}
	};
}

export default defineConfig({
	plugins: [
		// Under Vitest the messages are compiled by `npm run prepare` instead (the plugin keeps Vitest alive).
		...(process.env.VITEST
			? []
			: [
					paraglideVitePlugin({
						project: './project.inlang',
						outdir: './src/lib/paraglide',
						strategy: ['cookie', 'custom-default', 'baseLocale'],
						// The same output as `npm run prepare`, so a build never breaks a running dev server.
						outputStructure: 'message-modules'
					})
				]),
		sveltekit(),
		pitwallServer()
	],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/setup/seed-dir.ts'],
		environment: 'node',
		// On PostgreSQL (npm run test:pg) a test's demo shop takes about three times as long to load.
		testTimeout: process.env.PITWALL_TEST_DATABASE_URL ? 60_000 : 20_000,
		hookTimeout: process.env.PITWALL_TEST_DATABASE_URL ? 60_000 : 10_000
	}
});
