import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { labelRequest, withCopies } from '$lib/domain/labels';
import { labelsFor } from '$lib/server/features/parts/labels';

/**
 * Labels to print: `?bins=A-1-1,A-1-2`, `?parts=ID,ID` or `?zone=A` (`&of=parts`, `&copies=N`), on A4
 * sheets of 70 × 37 mm labels. The barcodes are drawn here, on the server; the page only lays them out.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, 'part.manage', 'partsRequest.pick');
	const app = await getApp();
	const request = labelRequest(event.url.searchParams);
	const found = await labelsFor(app.db, user.storeId, request);
	const { labels, cut } = withCopies(found.labels, request.kind === 'none' ? 1 : request.copies);
	event.setHeaders({ 'cache-control': 'no-store' });
	return { labels, missing: found.missing, cut, title: found.title, asked: request.kind !== 'none' };
};
