import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Boards on the wall reload themselves when a new version is deployed.
		version: { pollInterval: 60_000 },
		// Small style files go inline in the page: on a phone's 3G each file costs a round trip and one of
		// six connections (the customer's status page met its 2 s budget only so: npm run bench:status).
		inlineStyleThreshold: 6144,
		// No page of Pitwall may be framed by another site (clickjacking a staff screen); scripts only
		// from here (SvelteKit adds the hashes of its own inline start-up script). Images also from blob:
		// (a photo's preview from the camera before it is uploaded, issue 19: an object URL of this page's own).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
