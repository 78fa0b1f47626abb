import { redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, defineCustomServerStrategy, isLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { DEVICE_COOKIE, DISPLAY_COOKIE, resolvePrincipal } from '$lib/server/features/access/service';
import { principalOf } from '$lib/server/features/access/who';
import { sameOriginPath } from '$lib/server/core/redirects';
import { deviceKinds, type DeviceKind } from '$lib/domain/signin';
import { preloadFirst } from '$lib/server/preload-first';

// The launchers (src/serve.js, vite.config.ts) compose the HTTP server from this bundle's own copy.
export { composeServer } from '$lib/server/core/http';

const settings = readSettings();
// A screen's own choice (the language cookie) first, else the shop's setting (PITWALL_LANG).
// Paraglide runs custom strategies before the built-in ones, so this one reads the cookie itself.
defineCustomServerStrategy('custom-default', {
	getLocale: (request) => {
		const chosen = request?.headers
			.get('cookie')
			?.split(';')
			.map((c) => c.trim())
			.find((c) => c.startsWith(`${cookieName}=`))
			?.slice(cookieName.length + 1);
		return chosen && isLocale(chosen) ? chosen : settings.language;
	}
});

export const init: ServerInit = async () => {
	await getApp();
};

const YEAR = 365 * 24 * 3600;

/** Who is asking: session cookie, display key cookie, or an API token (Authorization: Bearer). */
const authenticate: Handle = async ({ event, resolve }) => {
	const app = await getApp();
	const now = Date.now();
	const { cookies, url } = event;

	// A wall screen opened from a link carrying its key (the demo prints these): keep the key
	// in an httpOnly cookie and take it out of the address bar.
	const key = url.searchParams.get('key');
	if (key) {
		const display = await resolvePrincipal(app.db, { display: key }, now);
		if (display?.kind === 'display') {
			cookies.set(DISPLAY_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 10 * YEAR });
			cookies.set(cookieName, isLocale(display.language) ? display.language : 'zh-CN', { path: '/', httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 10 * YEAR });
		}
		url.searchParams.delete('key');
		// Only ever to a path on this site (a request for `//evil.example/?key=…` must not leave it).
		redirect(303, sameOriginPath(url.pathname.replace(/^\/+/, '/') + url.search));
	}

	event.locals.principal = await principalOf(app, { cookie: event.request.headers.get('cookie'), authorization: event.request.headers.get('authorization') });
	const device = cookies.get(DEVICE_COOKIE)?.split('.');
	event.locals.device =
		device?.length === 2 && deviceKinds.includes(device[0] as DeviceKind) ? { kind: device[0] as DeviceKind, id: device[1] } : null;
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	// JSON has no language: the health check skips the locale middleware.
	event.url.pathname === '/healthz'
		? resolve(event)
		: paraglideMiddleware(event.request, ({ request, locale }) => {
				event.request = request;
				return resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
				});
			});

/** Headers every page carries (the CSP, with frame-ancestors 'none', is SvelteKit's: svelte.config.js). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const set = (name: string, value: string) => {
		try {
			if (!response.headers.has(name)) response.headers.set(name, value);
		} catch {
			// a response with immutable headers (none of ours): leave it as it is
		}
	};
	set('x-content-type-options', 'nosniff');
	set('x-frame-options', 'DENY');
	set('referrer-policy', 'same-origin');
	return response;
};

export const handle = sequence(securityHeaders, preloadFirst, authenticate, i18n);
