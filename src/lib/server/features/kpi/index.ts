import { defineModule } from '$lib/server/core/module';
import { kpiRoutes } from './api';

/** The service manager's figures (issue 16): read-only, computed by `$lib/domain/kpi` from the records of a range. */
export const kpi = defineModule({
	name: 'kpi',
	entities: [],
	routes: kpiRoutes
});
