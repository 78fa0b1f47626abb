import type { BayView, TeamView } from '$lib/live/protocol';
import { defineEntity } from '$lib/server/core/module';
import { bayView, bayViews, teamViews } from './repository';

// Bays and teams are on the staff channels only: teams carry technicians' names, so the
// lounge and customers' links never get them.

export const bayEntity = defineEntity<BayView>()({
	kind: 'bay',
	project: { bays: (bay) => bay, desk: (bay) => bay, tech: (bay) => bay },
	read: (db, { storeId }) => bayViews(db, storeId),
	readOne: (db, storeId, id) => bayView(db, id, storeId)
});

export const teamEntity = defineEntity<TeamView>()({
	kind: 'team',
	project: { bays: (team) => team, desk: (team) => team, tech: (team) => team },
	read: (db, { storeId }) => teamViews(db, storeId),
	readOne: async (db, storeId, id) => (await teamViews(db, storeId)).find((t) => t.id === id)
});
