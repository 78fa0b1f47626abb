import { defineModule } from '$lib/server/core/module';
import { equipmentRoutes } from './api';
import { equipmentEntity } from './live';

/**
 * Equipment: the workshop's machines, their maintenance plans by calendar and by usage, the log of
 * the work done, and the lifts that decide whether their bay can take a car.
 */
export const equipment = defineModule({
	name: 'equipment',
	entities: [equipmentEntity],
	routes: equipmentRoutes
});
