import { defineModule, type EventProjector } from '$lib/server/core/module';
import { kpiRoutes } from './api';
import { kpiOrderEntity } from './live';
import { computeOrderFactsWithStored, fillMissingKpiFacts, fillMissingKpiMonths, writeFacts } from './repository';

/**
 * Every event on a repair order (its moves, add-ons, parts issued to it, crew changes) rewrites
 * the order's facts in the event's own transaction and sends them on the kpi channel.
 */
const orderFactsProjector: EventProjector = async (tx, event) => {
	if (event.subjectKind !== 'repairOrder') return [];
	const {
		facts: [facts],
		stored
	} = await computeOrderFactsWithStored(tx, event.storeId, [event.subjectId], {
		id: event.subjectId,
		event: { at: event.at, type: event.type, actorName: event.actorName, data: event.data }
	});
	if (!facts) return [];
	await writeFacts(tx, event.storeId, [facts], stored);
	return [{ kind: 'kpiOrder', id: facts.id, value: facts }];
};

/** The service manager's figures (issue 16): computed by `$lib/domain/kpi*` from one row of facts per order. */
export const kpi = defineModule({
	name: 'kpi',
	entities: [kpiOrderEntity],
	routes: kpiRoutes,
	projectors: [orderFactsProjector],
	// Orders written before the facts existed (an upgraded database, a bulk-loaded demo) get theirs at
	// start, and a store without month tallies gets them from its facts.
	jobs: [
		(app) => {
			// A failure (the database away at start) is said, not left to end the process; the next start fills them.
			void fillMissingKpiFacts(app.db)
				.then(() => fillMissingKpiMonths(app.db))
				.catch((error: Error) => console.error(`the manager's figures: filling the missing ones failed (${error.message}); the next start tries again`));
			return () => {};
		}
	]
});
