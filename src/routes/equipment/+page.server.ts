import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { can } from '$lib/domain/permissions';
import { idleSignOutMs } from '$lib/domain/signin';
import { requireStaff } from '$lib/server/features/access/guards';
import { equipmentViews } from '$lib/server/features/equipment/repository';

/** The workshop's machines with their states, worst first: any signed-in staff member. */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event);
	const app = await getApp();
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		items: await equipmentViews(app.db, user.storeId),
		now: app.now(),
		me: { name: user.name, idleMs: idleSignOutMs[user.deviceKind], mayManage: can(user.role, 'equipment.manage') }
	};
};
