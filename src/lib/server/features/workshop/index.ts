import { defineModule } from '$lib/server/core/module';
import { workshopRoutes } from './api';
import { bayEntity, teamEntity } from './live';

/** The workshop: bays (in or out of service), teams and their technicians, the standard-time catalogue. */
export const workshop = defineModule({
	name: 'workshop',
	entities: [bayEntity, teamEntity],
	routes: workshopRoutes
});
