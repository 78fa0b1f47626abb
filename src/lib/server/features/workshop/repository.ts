import type { Db } from '$lib/server/db/database';
import { bayHoldingStages } from '$lib/domain/repair-order';
import { countdown } from '$lib/domain/countdown';
import { standardMinutes } from '$lib/domain/standard-time';
import { suggestPromise, type PromiseSuggestion } from '$lib/domain/scheduling';
import { openRepairOrderViews } from '$lib/server/features/repair-orders/repository';

/** Reads the shop's load (bays, their jobs, the queue) for the promise suggestion at check-in. */
export async function suggestPromiseFor(db: Db, storeId: number, jobMinutes: number, now: number): Promise<PromiseSuggestion> {
	const bays = await db.selectFrom('bays').select(['id']).where('store_id', '=', storeId).where('in_service', '=', 1).execute();
	const orders = await openRepairOrderViews(db, storeId, now);
	const holding = new Map(orders.filter((o) => o.bayId !== null && bayHoldingStages.includes(o.stage)).map((o) => [o.bayId!, o]));
	const bayFreeAt = bays.map((b) => {
		const job = holding.get(b.id);
		if (!job) return now;
		// A job past its standard time is assumed to need ten more minutes.
		return now + Math.max(countdown(job, now).remainingMs, 10 * 60_000);
	});
	const queueMinutes = orders
		.filter((o) => o.stage === 'checked_in' || o.stage === 'waiting_dispatch')
		.sort((a, b) => a.checkedInAt - b.checkedInAt)
		.map((o) => standardMinutes(o.operations, 1));
	return suggestPromise({ now, bayFreeAt, queueMinutes, jobMinutes });
}
