import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * In development Socket.IO attaches to Vite's own HTTP server, through the same code as in
 * production: the app (src/lib/server/app.ts) picks the server up from this global. The JSON
 * API (src/lib/server/api) is offered each request before SvelteKit, as in production.
 */
function liveServer(): Plugin {
	const share = (httpServer: unknown) => {
		if (httpServer) (globalThis as Record<symbol, unknown>)[Symbol.for('pitwall.httpServer')] = httpServer;
	};
	return {
		name: 'pitwall-live',
		configureServer: (server) => {
			share(server.httpServer);
			// The JSON API answers its own requests, before SvelteKit, as src/serve.js does.
			server.middlewares.use((req, res, next) => {
				if (!req.url?.startsWith('/api/')) return next();
				server
					.ssrLoadModule('/src/lib/server/core/api.ts')
					.then((api) => {
						if (!(api as typeof import('./src/lib/server/core/api')).serveApi(req, res)) next();
					})
					.catch(next);
			});
		},
		configurePreviewServer: (server) => {
			share(server.httpServer);
			// `vite preview` runs the build, whose hooks register the API on this global at start-up.
			server.middlewares.use((req, res, next) => {
				const api = (globalThis as Record<symbol, ((q: typeof req, s: typeof res) => boolean) | undefined>)[Symbol.for('pitwall.api')];
				if (!(api && req.url?.startsWith('/api/') && api(req, res))) next();
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
		liveServer()
	],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20_000
	}
});
