import { closedStages } from '$lib/domain/repair-order';
import { customerView } from '$lib/domain/privacy';
import { boardFields, type RepairOrderBoardView, type RepairOrderTechView, type RepairOrderView } from './views';
import { defineEntity, type ProjectionContext } from '$lib/server/core/module';
import { channelsFor, type Principal } from '$lib/server/features/access/principal';
import { openRepairOrderViews, repairOrderView } from './repository';

/** Days after delivery that an order stays on the desk, for the follow-up call. */
export const FOLLOW_UP_DAYS = 3;

function boardView(ro: RepairOrderView): RepairOrderBoardView {
	return Object.fromEntries(boardFields.map((f) => [f, ro[f]])) as unknown as RepairOrderBoardView;
}

function techView(ro: RepairOrderView): RepairOrderTechView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { customerName, customerPhone, customerTags, ...rest } = ro;
	return rest;
}

function onBoardToday(ro: RepairOrderView, ctx: ProjectionContext): boolean {
	return !closedStages.includes(ro.stage) || ro.stageSince >= ctx.dayStart;
}

function onDesk(ro: RepairOrderView, ctx: ProjectionContext): boolean {
	return onBoardToday(ro, ctx) || (ro.stage === 'delivered' && ro.stageSince >= ctx.dayStart - FOLLOW_UP_DAYS * 86_400_000);
}

/**
 * Repair orders on the live channels: the workshop boards without the customer, the desk in
 * full, the tablets without name and phone, and the lounge and a customer's own link only
 * through the privacy view (src/lib/domain/privacy.ts).
 */
export const repairOrderEntity = defineEntity<RepairOrderView>()({
	kind: 'repairOrder',
	project: {
		bays: (ro, ctx): RepairOrderBoardView | null => (onBoardToday(ro, ctx) ? boardView(ro) : null),
		desk: (ro, ctx): RepairOrderView | null => (onDesk(ro, ctx) ? ro : null),
		tech: (ro, ctx): RepairOrderTechView | null => (onBoardToday(ro, ctx) ? techView(ro) : null),
		lounge: (ro, ctx) => (closedStages.includes(ro.stage) ? null : customerView(ro, { withAddons: false, labourRate: ctx.labourRate })),
		// The hub sends each customer socket only its own order, never this channel to a room of many.
		status: (ro, ctx) => customerView(ro, { withAddons: true, labourRate: ctx.labourRate })
	},
	async read(db, { storeId, ctx, repairOrderId }) {
		if (repairOrderId !== undefined) {
			// A customer's link: that one order (it stays readable for days after delivery).
			const one = await repairOrderView(db, repairOrderId, storeId);
			return one ? [one] : [];
		}
		return openRepairOrderViews(db, storeId, ctx.dayStart - FOLLOW_UP_DAYS * 86_400_000);
	},
	readOne: (db, storeId, id) => repairOrderView(db, id, storeId)
});

/**
 * A repair order as the JSON API answers it: in full for those who call customers, without the
 * customer's name and phone for the workshop (the same rule as the live channels).
 */
export function repairOrderFor(principal: Principal, ro: RepairOrderView): RepairOrderView | RepairOrderTechView {
	return channelsFor(principal).includes('desk') ? ro : techView(ro);
}
