import type { LayoutServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { storeSettings } from '$lib/server/core/stores';
import { storesOf } from '$lib/server/features/access/group';

/**
 * Every screen shows times in its store's zone, from the store's settings (never one written in
 * code): the store of whoever is asking, else the store this server opens on (sign-in, pairing).
 * `signedIn`: the signed-in person's name and role, for the page that says what their role opens (403).
 */
export const load: LayoutServerLoad = async ({ locals }) => {
	const app = await getApp();
	const p = locals.principal;
	const storeId = p && p.kind !== 'system' ? p.storeId : app.storeId;
	const signedIn = p?.kind === 'user' ? { name: p.name, role: p.role, groupRole: p.groupRole ?? null } : null;
	const store = await storeSettings(app.db, storeId);
	// A group's person sees which store they are in and may switch (StaffBar); a store's own staff need not.
	const stores = p?.kind === 'user' && p.groupRole ? await storesOf(app.db, p) : [];
	return {
		timeZone: store.timeZone,
		signedIn,
		store: { id: store.id, nameZh: store.nameZh, nameEn: store.nameEn },
		stores: stores.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn }))
	};
};
