import { defineModule, type EventProjector } from '$lib/server/core/module';
import { careRoutes } from './api';
import { appointmentEntity } from './live';
import { arriveBooking } from './commands';

/** A car checked in on the day of its booked visit takes the visit, in the check-in's transaction. */
const arriveOnCheckIn: EventProjector = async (tx, event) => {
	if (event.subjectKind !== 'repairOrder' || event.type !== 'repairOrder.created') return [];
	return arriveBooking(tx, event.storeId, event.subjectId, event.at);
};

/** Customer care (issue 18): first and second services, the care lists and their calls, booked visits, customer tags. */
export const care = defineModule({
	name: 'care',
	entities: [appointmentEntity],
	routes: careRoutes,
	projectors: [arriveOnCheckIn]
});
