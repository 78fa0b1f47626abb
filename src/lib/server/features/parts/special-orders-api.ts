import { z } from 'zod';
import type { ApiRequest, Caller, Route } from '$lib/server/core/router';
import { CommandError, execute, validationError, type CommandDefinition } from '$lib/server/core/commands';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { pathId } from '$lib/server/core/endpoints';
import { channelsFor } from '$lib/server/features/access/principal';
import { startOfStoreDay } from '$lib/domain/time';
import { registerInput, registerSpecialOrder, stepBody, stepSpecialOrder } from './special-orders';
import { boardView, specialOrderView, specialOrderViews, storeHours } from './special-orders-repository';
import type { SpecialOrderBoardView, SpecialOrderView } from './views';

/**
 * Special orders over the API. Orders answer as the live channels carry them (moments in epoch
 * milliseconds): in full to those who call customers (the desk channel's people and integrations),
 * with the name masked and no phone to everyone else (the parts room).
 */

async function staff(request: ApiRequest): Promise<Caller> {
	const caller = await request.caller();
	if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', "a customer's link does not see special orders");
	return caller;
}

/** The order as this caller may see it. */
export function specialOrderFor(caller: Parameters<typeof channelsFor>[0], order: SpecialOrderView): SpecialOrderView | SpecialOrderBoardView {
	return channelsFor(caller).includes('desk') ? order : boardView(order);
}

const listQuery = z.object({ all: z.enum(['1']).optional().describe('1: every order of the store, newest first (else: open ones and those closed today)') });


const order = jsonAnswer('the special order as it now stands (SpecialOrderView, or SpecialOrderBoardView for the parts room), with the event seq');

async function run<S extends z.ZodType>(request: ApiRequest, def: CommandDefinition<S, SpecialOrderView>, input: unknown, created = false) {
	const actor = await request.changer();
	const { result, seq, replayed } = await execute(request.app.commands, def, input, { actor, idempotencyKey: request.header('idempotency-key') });
	return { status: created && !replayed ? 201 : 200, body: { ...specialOrderFor(actor, result), seq, replayed } };
}

export const specialOrderRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/special-orders',
		doc: {
			summary: 'Special orders: open ones and those fitted or cancelled today (all=1: every one). Customers’ names and phones only for those who call customers',
			parameters: queryParams(listQuery),
			responses: { 200: jsonAnswer('{ items }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await staff(request);
			const q = listQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const { db } = request.app;
			const items = q.data.all
				? await specialOrderViews(db, caller.storeId, { all: true })
				: await specialOrderViews(db, caller.storeId, { closedSince: startOfStoreDay(request.app.now(), (await storeHours(db, caller.storeId)).timeZone) });
			return { body: { items: items.map((o) => specialOrderFor(caller, o)) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/special-orders',
		doc: {
			summary: 'Register a special order (booking specialist, advisor, parts, manager): the customer, the car, the parts; by 10:00 on a weekday for that day’s batch',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(registerInput),
			responses: { 201: order, ...errors(400, 401, 403, 404, 422) }
		},
		handle: async (request) => run(request, registerSpecialOrder, await request.object(), true)
	},
	{
		method: 'GET',
		path: '/api/v1/special-orders/:id',
		doc: { summary: 'One special order with its parts and its history (each step, who, when)', parameters: [pathParam('id')], responses: { 200: order, ...errors(401, 403, 404) } },
		handle: async (request) => {
			const caller = await staff(request);
			const found = await specialOrderView(request.app.db, caller.storeId, pathId(request, 'id', 'special order'));
			if (!found) throw new CommandError(404, 'not_found', `special order ${request.params.id} does not exist`, 'id');
			return { body: specialOrderFor(caller, found) };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/special-orders/:id/steps',
		doc: {
			summary:
				'The next step of a special order: register (a draft), review / order / arrive (the parts room), notify_advisor / inform_customer / agree_visit / fit (the advisor), cancel (with a reason). Out of order: 409 transition_refused with currentStep; a stale expectedVersion: 409 version_conflict',
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(stepBody),
			responses: { 200: order, ...errors(400, 401, 403, 404, 409, 422) }
		},
		handle: async (request) => run(request, stepSpecialOrder, { ...(await request.object()), id: pathId(request, 'id', 'special order') })
	}
];

export const specialOrderSchemas: Record<string, unknown> = {};
