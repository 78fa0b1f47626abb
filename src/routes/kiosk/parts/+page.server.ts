import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { can } from '$lib/domain/permissions';
import { idleSignOutMs } from '$lib/domain/signin';
import { storeSettings } from '$lib/server/core/stores';
import { binViews, zoneViews } from '$lib/server/features/parts/repository';

/**
 * The parts room's touch kiosk. A picker (a role that may pick) works it; a screen paired to the
 * `parts` board shows it read-only (queue, search, map, special orders) with "sign in to pick";
 * anyone else goes to the kiosk's sign-in and comes back here. Every action is refused by the
 * API anyway to whoever may not run it. The plan of the room comes with the page (a paired
 * screen has no API session to ask for it).
 */
export const load: PageServerLoad = async (event) => {
	const p = event.locals.principal;
	const picker = p?.kind === 'user' && can(p.role, 'partsRequest.pick') ? p : null;
	const display = p?.kind === 'display' && p.board === 'parts' ? p : null;
	const viewer = picker ?? display;
	if (!viewer) redirect(303, `/signin?device=kiosk&next=${encodeURIComponent(event.url.pathname)}`);

	const app = await getApp();
	const [store, zones, bins] = await Promise.all([storeSettings(app.db, viewer.storeId), zoneViews(app.db, viewer.storeId), binViews(app.db, viewer.storeId)]);
	return {
		me: picker ? { userId: picker.id, name: picker.name, role: picker.role, idleMs: idleSignOutMs[picker.deviceKind], mayIssue: can(picker.role, 'partsRequest.issue') } : null,
		store: { nameZh: store.nameZh, nameEn: store.nameEn, opensAt: store.opensAt, closesAt: store.closesAt },
		binMap: { zones, bins }
	};
};
