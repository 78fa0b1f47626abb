import type { PageServerLoad } from './$types';
import { requireBoardViewer } from '$lib/server/features/access/guards';

/**
 * The equipment board on a wall TV: every machine, worst first, and what falls due this week. Its
 * paired display, or any signed-in staff member. The machines arrive on the socket (channel
 * equipment); the states are computed from the server's time (domain/equipment.ts).
 */
export const load: PageServerLoad = (event) => {
	const viewer = requireBoardViewer(event, 'equipment');
	return { viewer: viewer.kind };
};
