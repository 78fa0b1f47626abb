import type { SpecialOrderBoardView, SpecialOrderView } from '$lib/live/protocol';
import { defineEntity, type ProjectionContext } from '$lib/server/core/module';
import { isOpenStep } from '$lib/domain/special-orders';
import { boardView, specialOrderView, specialOrderViews } from './special-orders-repository';

/** Open orders, and those fitted or cancelled today: what the boards show. */
const onBoard = (o: SpecialOrderView, ctx: ProjectionContext) => isOpenStep(o.step) || o.stepSince >= ctx.dayStart;

/**
 * Special orders on the live channels: the desk (people who call customers) in full; the parts
 * room's kiosk and wall (channel `parts`) with the customer's name masked and no phone. Each
 * screen works out what is late from the order and server time (src/lib/domain/special-orders.ts).
 */
export const specialOrderEntity = defineEntity<SpecialOrderView>()({
	kind: 'specialOrder',
	project: {
		desk: (o, ctx): SpecialOrderView | null => (onBoard(o, ctx) ? o : null),
		parts: (o, ctx): SpecialOrderBoardView | null => (onBoard(o, ctx) ? boardView(o) : null)
	},
	read: (db, { storeId, ctx }) => specialOrderViews(db, storeId, { closedSince: ctx.dayStart }),
	readOne: (db, storeId, id) => specialOrderView(db, storeId, id)
});
