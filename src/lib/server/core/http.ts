import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { getApp, type App } from '$lib/server/app';
import { apiRoutes } from './api';
import { inResponseScope } from './after-response';
import { apiHandler } from './router';

/** What serves a request the JSON API does not: SvelteKit's pages (adapter-node's handler, or Vite's next middleware). */
export type Pages = (req: IncomingMessage, res: ServerResponse) => void;

export interface Composed {
	app: App;
	/** Serves one request: the JSON API first (src/lib/server/core/router.ts), the pages otherwise. */
	serve(req: IncomingMessage, res: ServerResponse, pages: Pages): void;
}

/**
 * The one place the HTTP server is put together, for `npm start` (src/serve.js) and `npm run
 * dev` (vite.config.ts) alike: Socket.IO attaches to the server, the JSON API answers every
 * `/api/` request on the plain Node request, SvelteKit serves the rest, and a command's
 * broadcast waits until its own answer is sent (after-response.ts).
 *
 * The launchers load this module from the app's own bundle (production: the chunk of
 * src/hooks.server.ts, which re-exports it; dev: Vite's SSR module graph), so the server, the
 * API and every page load share one app, one database and one hub.
 */
export async function composeServer(httpServer: HttpServer, app?: App): Promise<Composed> {
	app ??= await getApp();
	await app.attachLive(httpServer);
	const api = apiHandler(apiRoutes, app);
	return {
		app,
		serve(req, res, pages) {
			inResponseScope(res, () => {
				if (!api(req, res)) pages(req, res);
			});
		}
	};
}
