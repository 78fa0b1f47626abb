import { defineModule } from '$lib/server/core/module';
import { customerRoutes } from './api';

/**
 * Customers and their cars (issue 18): their tables and repository (found by phone, name or
 * plate; remembered and brought up to date at check-in; the odometer never read backwards).
 * Repair orders, customer care and special orders use them; the desk's views carry them.
 */
export const customers = defineModule({
	name: 'customers',
	entities: [],
	routes: customerRoutes
});
