import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/features/access/guards';
import { idleSignOutMs } from '$lib/domain/signin';

/** The service desk: advisors and the dispatcher (and whoever may check in, dispatch, decide add-ons or deliver). */
export const load: PageServerLoad = (event) => {
	const user = requireStaff(event, 'repairOrder.create', 'repairOrder.dispatch', 'addon.decide', 'repairOrder.deliver');
	return { me: { id: user.id, name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] } };
};
