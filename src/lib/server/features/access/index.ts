import { defineModule } from '$lib/server/core/module';
import { accessRoutes } from './api';
import { groupRoutes } from './group-api';

/** Who may do what: staff and their PIN sign-in, paired wall screens, API tokens, the audit trail. */
export const access = defineModule({
	name: 'access',
	entities: [],
	routes: [...accessRoutes, ...groupRoutes]
});
