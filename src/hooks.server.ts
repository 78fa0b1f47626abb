import type { Handle, ServerInit } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, defineCustomServerStrategy, isLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';

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

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});
