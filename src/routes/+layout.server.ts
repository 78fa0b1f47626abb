import type { LayoutServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { storeSettings } from '$lib/server/core/stores';

/**
 * Every screen shows times in its store's zone, from the store's settings (never one written in
 * code): the store of whoever is asking, else the store this server opens on (sign-in, pairing).
 * `signedIn`: the signed-in person's name and role, for the page that says what their role opens (403).
 */
export const load: LayoutServerLoad = async ({ locals }) => {
	const app = await getApp();
	const p = locals.principal;
	const storeId = p && p.kind !== 'system' ? p.storeId : app.storeId;
	const signedIn = p?.kind === 'user' ? { name: p.name, role: p.role } : null;
	return { timeZone: (await storeSettings(app.db, storeId)).timeZone, signedIn };
};
