import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireBoardViewer } from '$lib/server/features/access/guards';
import { storeNames } from '$lib/server/features/kpi/repository';
import { screenCommands } from '$lib/screens';

/**
 * The manager's figures on a wall TV, taking turns every ~15 s (issue 16): its paired display, or a
 * signed-in manager or admin (kpi.read: revenue and each technician's figures are the manager's;
 * other staff get the 403 page). The orders' facts arrive on the socket (channel kpi); the page
 * folds them with the domain's functions. The teams' names come from here (the "by team" chart).
 */
export const load: PageServerLoad = async (event) => {
	const viewer = requireBoardViewer(event, 'kpi', ...screenCommands.manager);
	const app = await getApp();
	const { teams } = await storeNames(app.db, 'storeId' in viewer ? viewer.storeId : app.storeId);
	// ?slide=N: start at that slide (a screenshot, a check of one chart); it takes turns from there.
	const slide = Number(event.url.searchParams.get('slide'));
	return { viewer: viewer.kind, teams, slide: Number.isInteger(slide) && slide >= 0 && slide < 4 ? slide : 0 };
};
