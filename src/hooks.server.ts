import type { Handle, ServerInit } from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';

const settings = readSettings();
// Screens that have not chosen a language use the shop's setting (PITWALL_LANG).
defineCustomServerStrategy('custom-default', { getLocale: () => settings.language });

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
