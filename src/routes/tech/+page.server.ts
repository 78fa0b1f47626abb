import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/features/access/guards';
import { idleSignOutMs } from '$lib/domain/signin';

export const load: PageServerLoad = (event) => {
	const user = requireStaff(event, 'repairOrder.start', 'repairOrder.team_check_pass');
	return { me: { userId: user.id, name: user.name, role: user.role, teamId: user.teamId, technicianId: user.technicianId, idleMs: idleSignOutMs[user.deviceKind] } };
};
