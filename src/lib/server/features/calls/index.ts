import { defineModule, type EventProjector } from '$lib/server/core/module';
import { bayHoldingStages, type Stage } from '$lib/domain/repair-order';
import { callRoutes } from './api';
import { callEntity } from './live';
import { closeCallsOfOrder } from './commands';
import { callWatch } from './watch';

/** A job that leaves its bay (to QC, or cancelled) closes its calls, in the same transaction, with the reason. */
const closeWhenJobLeaves: EventProjector = async (tx, event) => {
	const to = event.data.to;
	if (event.subjectKind !== 'repairOrder' || typeof to !== 'string' || bayHoldingStages.includes(to as Stage)) return [];
	return closeCallsOfOrder(tx, event.storeId, event.subjectId, to === 'cancelled' ? 'job_cancelled' : 'job_left_bay', event.at);
};

/** Calls that replace the walkie-talkies (issue 17). */
export const calls = defineModule({
	name: 'calls',
	entities: [callEntity],
	routes: callRoutes,
	projectors: [closeWhenJobLeaves],
	jobs: [callWatch]
});
