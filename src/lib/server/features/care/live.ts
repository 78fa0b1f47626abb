import { defineEntity } from '$lib/server/core/module';
import { appointmentView, appointmentViews } from './repository';
import type { AppointmentView } from './views';

/**
 * Booked visits on the desk (channel desk: the people who call customers, so names and phones
 * may go there): booked or arrived, ending today or later. A cancelled visit, or one over before
 * today, leaves the screen.
 */
export const appointmentEntity = defineEntity<AppointmentView>()({
	kind: 'appointment',
	project: {
		desk: (a, ctx) => ((a.status === 'booked' || a.status === 'arrived') && a.endAt >= ctx.dayStart ? a : null)
	},
	read: (db, { storeId, ctx }) => appointmentViews(db, storeId, ctx.dayStart),
	readOne: (db, storeId, id) => appointmentView(db, storeId, id)
});
