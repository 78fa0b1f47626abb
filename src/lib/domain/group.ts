import { closedStages, type Stage } from './repair-order';

/**
 * A dealer group's overview (issue 20): each store's day in a few numbers, for the group's people
 * who look after several stores. Counted from each order's stage and times at `now`.
 */
export interface OrderFacts {
	stage: Stage;
	promisedAt: number | null;
	overdueAt: number | null;
	deliveredAt: number | null;
}

export interface StoreDay {
	/** Every car not delivered or cancelled. */
	inShop: number;
	/** Checked in, not yet in a bay. */
	waiting: number;
	/** In a bay: dispatched, worked on, paused or at the team check. */
	workshop: number;
	/** Of those, past their standard time (the overdue watch's red). */
	overdue: number;
	/** Final QC, the advisor's check or the wash. */
	finishing: number;
	/** Ready for the customer. */
	ready: number;
	/** Not ready yet and past the time promised to the customer. */
	late: number;
	/** Handed over since the store's day began. */
	deliveredToday: number;
}

const waitingStages: readonly Stage[] = ['checked_in', 'waiting_dispatch'];
const workshopStages: readonly Stage[] = ['dispatched', 'in_progress', 'paused', 'team_check'];
const finishingStages: readonly Stage[] = ['final_qc', 'advisor_check', 'wash'];

export function storeDay(orders: readonly OrderFacts[], now: number, dayStart: number): StoreDay {
	const day: StoreDay = { inShop: 0, waiting: 0, workshop: 0, overdue: 0, finishing: 0, ready: 0, late: 0, deliveredToday: 0 };
	for (const o of orders) {
		if (o.deliveredAt !== null && o.deliveredAt >= dayStart && (o.stage === 'delivered' || o.stage === 'followed_up')) day.deliveredToday++;
		if (closedStages.includes(o.stage)) continue;
		day.inShop++;
		if (waitingStages.includes(o.stage)) day.waiting++;
		else if (workshopStages.includes(o.stage)) {
			day.workshop++;
			if (o.overdueAt !== null) day.overdue++;
		} else if (finishingStages.includes(o.stage)) day.finishing++;
		else if (o.stage === 'ready') day.ready++;
		if (o.stage !== 'ready' && o.promisedAt !== null && o.promisedAt < now) day.late++;
	}
	return day;
}
