import type { IncomingMessage, ServerResponse } from 'node:http';
import { getApp } from '$lib/server/app';
import { routes } from '$lib/server/features/repair-orders/api';
import { apiHandler } from '$lib/server/core/router';

/**
 * The running server's JSON API (every request under /api/). `src/serve.js` (production) and
 * `vite.config.ts` (dev) offer each request here before SvelteKit: true when it was answered.
 */
export const serveApi: (req: IncomingMessage, res: ServerResponse) => boolean = apiHandler(routes, getApp);

/** How the production build hands the API to `src/serve.js`, which loads it as a separate module graph. */
export const API_HANDLER = Symbol.for('pitwall.api');
