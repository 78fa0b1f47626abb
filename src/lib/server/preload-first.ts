import type { Handle } from '@sveltejs/kit';

/**
 * A page's own preloads ahead of the app's (issue 19's status page budget). SvelteKit sends its
 * scripts' and styles' modulepreloads in the Link header, and a page's `setHeaders({ link })`
 * would replace them; a page that needs a few small resources before the scripts (the customer's
 * findings' thumbnails on a 3G phone: each request waits its turn for one of six connections)
 * sets this header instead, and they go first in the Link header.
 */
export const PRELOAD_FIRST = 'x-pitwall-preload-first';

export const preloadFirst: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const first = response.headers.get(PRELOAD_FIRST);
	if (!first) return response;
	try {
		const link = response.headers.get('link');
		response.headers.set('link', link ? `${first}, ${link}` : first);
		response.headers.delete(PRELOAD_FIRST);
	} catch {
		// a response with immutable headers (none of ours): leave it as it is
	}
	return response;
};
