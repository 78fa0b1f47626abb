import { defineModule } from '$lib/server/core/module';
import { partsRoutes, partsSchemas } from './api';
import { pickListEntity } from './picking-live';
import { specialOrderEntity } from './special-orders-live';

/**
 * The parts room: zones and bins drawn as a plan, parts and their stock (every movement with its
 * actor), pick lists from the technicians' requests with the issue slip, and special orders.
 */
export const parts = defineModule({
	name: 'parts',
	entities: [pickListEntity, specialOrderEntity],
	routes: partsRoutes,
	schemas: partsSchemas
});
