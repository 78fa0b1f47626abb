import type { PageServerLoad } from './$types';
import { requireBoardViewer } from '$lib/server/features/access/guards';

export const load: PageServerLoad = (event) => {
	const viewer = requireBoardViewer(event, 'bays');
	return { viewer: viewer.kind };
};
