import type { PageServerLoad } from './$types';
import { requireBoardViewer } from '$lib/server/guards';

export const load: PageServerLoad = (event) => {
	const viewer = requireBoardViewer(event, 'bays');
	return { viewer: viewer.kind };
};
