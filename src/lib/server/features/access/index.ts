import { defineModule } from '$lib/server/core/module';

/** Who may do what: staff and their PIN sign-in, paired wall screens, API tokens, the audit trail. */
export const access = defineModule({
	name: 'access',
	entities: [],
	routes: []
});
