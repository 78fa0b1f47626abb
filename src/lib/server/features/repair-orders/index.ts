import { defineModule } from '$lib/server/core/module';
import { repairOrderRoutes, repairOrderSchemas } from './api';
import { repairOrderEntity } from './live';
import { overdueWatch } from './overdue';

/** The repair order's life from check-in to the follow-up call, its add-ons and parts requests. */
export const repairOrders = defineModule({
	name: 'repair-orders',
	entities: [repairOrderEntity],
	routes: repairOrderRoutes,
	schemas: repairOrderSchemas,
	jobs: [overdueWatch]
});
