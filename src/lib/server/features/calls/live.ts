import { defineEntity } from '$lib/server/core/module';
import { callView, callViews } from './repository';
import { callBoardView, type CallView } from './views';

/**
 * Calls on the live channels: every staff screen (channel calls: who is called sees it wherever
 * they are signed in) and the bay board (on the bay's card, without the note). The snapshot is
 * the active calls and today's finished ones (the desk's record with their times).
 */
export const callEntity = defineEntity<CallView>()({
	kind: 'call',
	project: {
		calls: (c) => c,
		bays: (c, ctx) => (c.status === 'open' || c.status === 'acknowledged' || c.raisedAt >= ctx.dayStart ? callBoardView(c) : null)
	},
	read: (db, { storeId, ctx }) => callViews(db, storeId, ctx.dayStart),
	readOne: (db, storeId, id) => callView(db, storeId, id)
});
