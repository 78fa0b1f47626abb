import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { storeSettings } from '$lib/server/core/stores';
import { requireBoardViewer } from '$lib/server/features/access/guards';

/**
 * The parts board on a wall TV: special orders by step (customers' names masked) and how many
 * pick lists wait. Its paired display, or any signed-in staff member. The page carries no data
 * but the store's hours: orders arrive on the socket (channel parts), already masked.
 */
export const load: PageServerLoad = async (event) => {
	const viewer = requireBoardViewer(event, 'parts');
	const app = await getApp();
	const store = await storeSettings(app.db, viewer.kind === 'system' ? app.storeId : viewer.storeId);
	return { viewer: viewer.kind, store: { opensAt: store.opensAt, closesAt: store.closesAt } };
};
