import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/features/access/guards';
import { idleSignOutMs } from '$lib/domain/signin';

export const load: PageServerLoad = (event) => {
	const user = requireStaff(event, 'repairOrder.qc_pass');
	return { me: { userId: user.id, name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] } };
};
