import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { errors, jsonAnswer, queryParams } from '$lib/server/core/openapi';
import { can } from '$lib/domain/permissions';
import { findCustomers } from './repository';

const customerQuery = z.object({ q: z.string().trim().min(2, 'at least 2 characters').max(40).describe('part of a phone number, a name or a plate') });

export const customerRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/customers',
		doc: {
			summary: "Customers whose phone, name or a car's plate contains q (booking specialist, advisors, manager, admin): their cars, how many orders and which are still in the workshop",
			parameters: queryParams(customerQuery),
			responses: { 200: jsonAnswer('{ items: CustomerHit[] }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await request.caller();
			if (caller.kind !== 'user' || !(can(caller.role, 'care.call') || can(caller.role, 'customer.erase'))) throw new CommandError(403, 'forbidden', 'customers are looked up by the desk, the booking specialist and the admin');
			const q = customerQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			return { body: { items: await findCustomers(request.app.db, caller.storeId, q.data.q) } };
		}
	}
];
