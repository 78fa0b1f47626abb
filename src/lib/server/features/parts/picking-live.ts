import type { PickListView } from './views';
import { defineEntity, type ProjectionContext } from '$lib/server/core/module';
import { closedStages } from '$lib/domain/repair-order';
import { pickListView, pickListViews } from './picking-repository';

export { pickListImagesForPart, pickListView } from './picking-repository';

/** On the parts room's screens: what is still to pick, and what was handed over today. */
function inQueue(p: PickListView, ctx: ProjectionContext): boolean {
	if (p.status === 'issued') return p.issuedAt !== null && p.issuedAt >= ctx.dayStart;
	// Its car was delivered or the order cancelled before anyone picked: nothing to pick any more.
	return !closedStages.includes(p.roStage);
}

/**
 * Pick lists on the live channels: the parts channel only (the kiosk and its wall). The tablets
 * and the desk see a request through its repair order (`repairOrder.partsRequests`), which every
 * picking command sends with the pick list.
 */
export const pickListEntity = defineEntity<PickListView>()({
	kind: 'pickList',
	project: { parts: (p, ctx): PickListView | null => (inQueue(p, ctx) ? p : null) },
	read: (db, { storeId, ctx }) => pickListViews(db, storeId, { issuedSince: ctx.dayStart }),
	readOne: (db, storeId, id) => pickListView(db, storeId, id)
});
