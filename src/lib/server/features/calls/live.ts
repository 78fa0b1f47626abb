import { defineEntity } from '$lib/server/core/module';
import { callView, callViews } from './repository';
import { callBoardView, type CallView } from './views';

const activeOrToday = (c: CallView, dayStart: number) => c.status === 'open' || c.status === 'acknowledged' || c.raisedAt >= dayStart;

/**
 * Calls on the live channels: every staff screen (channel calls: who is called sees it wherever
 * they are signed in), the bay board (on the bay's card, without the note) and the parts room's
 * wall screens (channel parts: the calls to parts, board-safe, for a display paired to the parts
 * board, which joins no other channel). The snapshot is the active calls and today's finished
 * ones (the desk's record with their times).
 */
export const callEntity = defineEntity<CallView>()({
	kind: 'call',
	project: {
		calls: (c) => c,
		bays: (c, ctx) => (activeOrToday(c, ctx.dayStart) ? callBoardView(c) : null),
		parts: (c, ctx) => (c.target === 'parts' && activeOrToday(c, ctx.dayStart) ? callBoardView(c) : null)
	},
	read: (db, { storeId, ctx }) => callViews(db, storeId, ctx.dayStart),
	readOne: (db, storeId, id) => callView(db, storeId, id)
});
