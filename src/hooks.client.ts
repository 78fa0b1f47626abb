import { defineCustomClientStrategy } from '$lib/paraglide/runtime';

// The server rendered the page in the shop's default language; keep it unless a cookie says otherwise.
defineCustomClientStrategy('custom-default', {
	getLocale: () => document.documentElement.lang || undefined,
	setLocale: () => {}
});
