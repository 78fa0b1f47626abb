import { z } from 'zod';
import { repairOrderFor } from './live';
import { CommandError, execute, validationError, type CommandDefinition } from '$lib/server/core/commands';
import {
	announceReadyTime,
	announceReadyTimeBody,
	createRepairOrder,
	createRepairOrderInput,
	decideAddon,
	decideAddonBody,
	joinBody,
	joinJob,
	partsRequestBody,
	raiseAddon,
	raiseAddonBody,
	requestParts,
	transitionInput,
	transitionRepairOrder
} from './commands';
import { withIsoTimes } from '$lib/server/core/instants';
import { errors, idempotencyHeader, jsonAnswer, jsonSchema, namedBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { listRepairOrderViews, repairOrderView } from './repository';
import { vehicleHistory } from '$lib/server/features/customers/repository';
import type { RepairOrderView } from '$lib/live/protocol';
import { stages } from '$lib/domain/repair-order';
import { normalizePlate } from '$lib/domain/plate';
import type { ApiAnswer, ApiRequest, Route } from '$lib/server/core/router';

/**
 * The JSON API v1: each endpoint reads its request, runs one query or one command, and says
 * what happened. Documented in /api/v1/openapi.json (src/lib/server/openapi.ts), built from
 * the same zod schemas the commands validate with.
 */

const listQuery = z.object({
	stage: z.enum(stages).optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
	offset: z.coerce.number().int().min(0).default(0)
});

function orderId(request: ApiRequest): number {
	const id = Number(request.params.id);
	if (!Number.isInteger(id) || id < 1) throw new CommandError(404, 'not_found', `repair order ${request.params.id} does not exist`, 'id');
	return id;
}

/**
 * A command on one repair order: its fields from the body, the order (and add-on) from the
 * path; answers the order as the caller may see it, with the event's seq.
 */
function orderCommand<S extends z.ZodType>(
	def: CommandDefinition<S, RepairOrderView>,
	options: { created?: boolean; addon?: boolean } = {}
): (request: ApiRequest) => Promise<ApiAnswer> {
	return async (request) => {
		const actor = await request.changer();
		const id = orderId(request);
		const body = await request.object();
		const input = options.addon ? { ...body, id, addonId: Number(request.params.addonId) } : { ...body, id };
		const { result, seq, replayed } = await execute(request.app.commands, def, input, { actor, idempotencyKey: request.header('idempotency-key') });
		return { status: options.created && !replayed ? 201 : 200, body: { ...withIsoTimes(repairOrderFor(actor, result)), seq, replayed } };
	};
}

const order = jsonAnswer('the repair order as it now stands, with the event seq', { $ref: '#/components/schemas/RepairOrder' });
const commandDoc = (summary: string, body: keyof typeof repairOrderSchemas, created = false, extra: unknown[] = []) => ({
	summary,
	parameters: [pathParam('id'), ...extra, idempotencyHeader],
	requestBody: namedBody(body),
	responses: { [created ? 201 : 200]: order, ...errors(400, 401, 403, 404, 409, 413, 422) }
});

export const repairOrderRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/repair-orders',
		doc: {
			summary: 'List repair orders, newest first',
			parameters: queryParams(listQuery),
			responses: { 200: jsonAnswer('orders', { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/RepairOrder' } } } }), ...errors(400, 401) }
		},
		handle: async (request) => {
			const caller = await request.caller();
			const query = listQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!query.success) throw validationError(query.error);
			const items = await listRepairOrderViews(request.app.db, caller.storeId, query.data);
			return { body: { items: items.map((ro) => withIsoTimes(repairOrderFor(caller, ro))) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders',
		doc: {
			summary: 'Check a car in: create a repair order',
			parameters: [idempotencyHeader],
			requestBody: namedBody('CreateRepairOrder'),
			responses: { 201: order, 200: order, ...errors(400, 401, 403, 409, 413, 422) }
		},
		handle: async (request) => {
			const actor = await request.changer();
			const body = await request.json();
			const { result, seq, replayed } = await execute(request.app.commands, createRepairOrder, body, {
				actor,
				idempotencyKey: request.header('idempotency-key')
			});
			return { status: replayed ? 200 : 201, body: { ...withIsoTimes(repairOrderFor(actor, result)), seq, replayed } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/repair-orders/:id',
		doc: { summary: 'One repair order', parameters: [pathParam('id')], responses: { 200: order, ...errors(401, 404) } },
		handle: async (request) => {
			const caller = await request.caller();
			const id = Number(request.params.id);
			const view = Number.isInteger(id) ? await repairOrderView(request.app.db, id, caller.storeId) : undefined;
			if (!view) throw new CommandError(404, 'not_found', `repair order ${request.params.id} does not exist`, 'id');
			return { body: withIsoTimes(repairOrderFor(caller, view)) };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/transitions',
		doc: commandDoc('Move a repair order along its life (dispatch, start, pause, finish, QC, deliver…)', 'Transition'),
		handle: orderCommand(transitionRepairOrder)
	},
	{
		// The advisor confirms a later ready time after calling the customer; public screens show it.
		method: 'POST',
		path: '/api/v1/repair-orders/:id/ready-time',
		doc: commandDoc('Confirm a later ready time to the customer (the lounge and the customer link show it instead of the promise)', 'AnnounceReadyTime'),
		handle: orderCommand(announceReadyTime)
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/join',
		doc: commandDoc('A technician joins a job they were not named for (the crew, and so the standard time, follows)', 'Join'),
		handle: orderCommand(joinJob)
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/parts-requests',
		doc: commandDoc(
			'Request parts for the job: lines of catalogue parts ({partId, qty 1..999}, at most 30, duplicates added up), a note in words, or both; the technician or the advisor. The pick list appears in the parts room at once (live channel parts, kind pickList). A part not in the catalogue: 404 naming lines.N.partId',
			'PartsRequest',
			true
		),
		handle: orderCommand(requestParts, { created: true })
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/addons',
		doc: commandDoc('Raise an add-on (增项): a finding and the operations it needs', 'RaiseAddon', true),
		handle: orderCommand(raiseAddon, { created: true })
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders/:id/addons/:addonId/decision',
		doc: commandDoc("Record the customer's yes or no to an add-on", 'DecideAddon', false, [pathParam('addonId')]),
		handle: orderCommand(decideAddon, { addon: true })
	},
	{
		// Check-in: a plate fills the vehicle and its customer from history.
		method: 'GET',
		path: '/api/v1/vehicles/lookup',
		doc: {
			summary: 'A vehicle by its plate, with its customer, last five visits and the work its customer declined in the last year, to raise again (check-in fills the form from it)',
			parameters: [{ name: 'plate', in: 'query', required: true, schema: { type: 'string', examples: ['粤B·D12345'] } }],
			responses: { 200: jsonAnswer('the vehicle, its customer and recent visits'), ...errors(400, 401, 404) }
		},
		handle: async (request) => {
			const caller = await request.caller();
			const raw = request.url.searchParams.get('plate') ?? '';
			const plate = normalizePlate(raw);
			if (!plate) throw new CommandError(400, 'invalid_input', `plate: "${raw}" is not a Chinese licence plate (e.g. 粤B·D12345)`, 'plate');
			const found = await vehicleHistory(request.app.db, caller.storeId, plate, request.app.now());
			if (!found) throw new CommandError(404, 'not_found', `plate: ${plate} has not been here before`, 'plate', { plate });
			return { body: found };
		}
	}
];

/** The repair order as the OpenAPI document describes it (the full view is larger; see /desk). */
export const repairOrderSchemas = {
	CreateRepairOrder: jsonSchema(createRepairOrderInput),
	Transition: jsonSchema(transitionInput),
	RaiseAddon: jsonSchema(raiseAddonBody),
	DecideAddon: jsonSchema(decideAddonBody),
	PartsRequest: jsonSchema(partsRequestBody),
	AnnounceReadyTime: jsonSchema(announceReadyTimeBody),
	Join: jsonSchema(joinBody),
	RepairOrder: {
		type: 'object',
		required: ['id', 'number', 'stage', 'version', 'plate', 'operations'],
		properties: {
			id: { type: 'integer' },
			number: { type: 'string', examples: ['RO20261127-001'] },
			stage: { type: 'string', enum: [...stages] },
			version: { type: 'integer', description: 'send as expectedVersion with the next transition' },
			plate: { type: 'string', examples: ['粤B·D12345'] },
			seq: { type: 'integer', description: 'the event this change was recorded as' }
		},
		additionalProperties: true
	}
};
