import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * In development Socket.IO attaches to Vite's own HTTP server, through the same code as in
 * production: the app (src/lib/server/app.ts) picks the server up from this global.
 */
function liveServer(): Plugin {
	const share = (httpServer: unknown) => {
		if (httpServer) (globalThis as Record<symbol, unknown>)[Symbol.for('pitwall.httpServer')] = httpServer;
	};
	return {
		name: 'pitwall-live',
		configureServer: (server) => share(server.httpServer),
		configurePreviewServer: (server) => share(server.httpServer)
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
