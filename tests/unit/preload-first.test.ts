import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { PRELOAD_FIRST, preloadFirst } from '../../src/lib/server/preload-first';

const run = (headers: Record<string, string>) =>
	preloadFirst({ event: {} as RequestEvent, resolve: async () => new Response('<html></html>', { headers }) }) as Promise<Response>;

describe("a page's own preloads go ahead of the app's (the status page's thumbnails on 3G)", () => {
	it("puts the page's preloads first in the Link header and drops the internal header", async () => {
		const res = await run({ link: '</_app/start.js>; rel="modulepreload"; nopush', [PRELOAD_FIRST]: '</a/thumb>; rel=preload; as=image' });
		expect(res.headers.get('link')).toBe('</a/thumb>; rel=preload; as=image, </_app/start.js>; rel="modulepreload"; nopush');
		expect(res.headers.has(PRELOAD_FIRST)).toBe(false);
	});
	it('makes the Link header when the app sent none, and leaves other responses alone', async () => {
		expect((await run({ [PRELOAD_FIRST]: '</a/thumb>; rel=preload; as=image' })).headers.get('link')).toBe('</a/thumb>; rel=preload; as=image');
		const plain = await run({ link: '</_app/start.js>; rel="modulepreload"' });
		expect(plain.headers.get('link')).toBe('</_app/start.js>; rel="modulepreload"');
	});
});
