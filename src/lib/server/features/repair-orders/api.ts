import { z } from 'zod';
import { repairOrderFor } from '$lib/server/core/projections';
import { CommandError, execute, validationError, type CommandDefinition } from '$lib/server/core/commands';
import { announceReadyTime, createRepairOrder, decideAddon, raiseAddon, requestParts, transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { bayViews, listRepairOrderViews, repairOrderView } from '$lib/server/features/repair-orders/repository';
import type { RepairOrderView } from '$lib/live/protocol';
import { openApiDocument } from '$lib/server/core/openapi';
import { suggestPromiseFor } from '$lib/server/features/workshop/repository';
import { bayHoldingStages, stages } from '$lib/domain/repair-order';
import { standardMinutes } from '$lib/domain/standard-time';
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

const promiseQuery = z.object({
	operations: z.string().default('').describe('catalogue codes, comma-separated'),
	extraMinutes: z.coerce.number().int().min(0).max(24 * 60).default(0).describe('free-text operations, minutes for one technician')
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
		return { status: options.created && !replayed ? 201 : 200, body: { ...repairOrderFor(actor, result), seq, replayed } };
	};
}

export const routes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/openapi.json',
		handle: async (request) => ({ body: openApiDocument(request.url.origin) })
	},
	{
		method: 'GET',
		path: '/api/v1/repair-orders',
		handle: async (request) => {
			const caller = await request.caller();
			const query = listQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!query.success) throw validationError(query.error);
			const items = await listRepairOrderViews(request.app.db, request.app.storeId, query.data);
			return { body: { items: items.map((ro) => repairOrderFor(caller, ro)) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/repair-orders',
		handle: async (request) => {
			const actor = await request.changer();
			const body = await request.json();
			const { result, seq, replayed } = await execute(request.app.commands, createRepairOrder, body, {
				actor,
				idempotencyKey: request.header('idempotency-key')
			});
			return { status: replayed ? 200 : 201, body: { ...repairOrderFor(actor, result), seq, replayed } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/repair-orders/:id',
		handle: async (request) => {
			const caller = await request.caller();
			const id = Number(request.params.id);
			const view = Number.isInteger(id) ? await repairOrderView(request.app.db, id, request.app.storeId) : undefined;
			if (!view) throw new CommandError(404, 'not_found', `repair order ${request.params.id} does not exist`, 'id');
			return { body: repairOrderFor(caller, view) };
		}
	},
	{ method: 'POST', path: '/api/v1/repair-orders/:id/transitions', handle: orderCommand(transitionRepairOrder) },
	// The advisor confirms a later ready time after calling the customer; public screens show it.
	{ method: 'POST', path: '/api/v1/repair-orders/:id/ready-time', handle: orderCommand(announceReadyTime) },
	{ method: 'POST', path: '/api/v1/repair-orders/:id/parts-requests', handle: orderCommand(requestParts, { created: true }) },
	{ method: 'POST', path: '/api/v1/repair-orders/:id/addons', handle: orderCommand(raiseAddon, { created: true }) },
	{ method: 'POST', path: '/api/v1/repair-orders/:id/addons/:addonId/decision', handle: orderCommand(decideAddon, { addon: true }) },
	{
		// The bays, whether each is in service, and which order holds it now.
		method: 'GET',
		path: '/api/v1/bays',
		handle: async (request) => {
			await request.caller();
			const { db, storeId } = request.app;
			const holders = await db
				.selectFrom('repair_orders')
				.select(['id', 'number', 'bay_id'])
				.where('store_id', '=', storeId)
				.where('bay_id', 'is not', null)
				.where('stage', 'in', [...bayHoldingStages])
				.execute();
			const byBay = new Map(holders.map((h) => [h.bay_id, { id: h.id, number: h.number }]));
			const bays = await bayViews(db, storeId);
			return { body: { items: bays.map((b) => ({ ...b, heldBy: byBay.get(b.id) ?? null })) } };
		}
	},
	{
		// The standard-time catalogue, searched by code or by name in either language.
		method: 'GET',
		path: '/api/v1/standard-times',
		handle: async (request) => {
			await request.caller();
			const { db, storeId } = request.app;
			const q = (request.url.searchParams.get('q') ?? '').trim().slice(0, 40);
			let query = db
				.selectFrom('standard_times')
				.select(['code', 'name_zh as nameZh', 'name_en as nameEn', 'category', 'minutes_1 as minutes1', 'minutes_2 as minutes2'])
				.where('store_id', '=', storeId);
			if (q) {
				const like = `%${q.replace(/[%_]/g, '')}%`;
				query = query.where((eb) => eb.or([eb('code', 'like', like), eb('name_zh', 'like', like), eb('name_en', 'like', like)]));
			}
			return { body: { items: await query.orderBy('category').orderBy('code').limit(q ? 20 : 500).execute() } };
		}
	},
	{
		// The suggested promised completion for a car checked in now, from its standard times and the shop's load.
		method: 'GET',
		path: '/api/v1/promise',
		handle: async (request) => {
			await request.caller();
			const { db, storeId } = request.app;
			const q = promiseQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const codes = q.data.operations.split(',').map((c) => c.trim()).filter(Boolean);
			const found = codes.length
				? await db.selectFrom('standard_times').select(['code', 'minutes_1 as minutes1', 'minutes_2 as minutes2']).where('store_id', '=', storeId).where('code', 'in', codes).execute()
				: [];
			const missing = codes.find((c) => !found.some((f) => f.code === c));
			if (missing) throw new CommandError(400, 'invalid_input', `operations: no operation with code "${missing}"`, 'operations');
			const minutes = standardMinutes(found, 1) + q.data.extraMinutes;
			if (minutes === 0) throw new CommandError(400, 'invalid_input', 'operations: pick at least one operation', 'operations');
			const s = await suggestPromiseFor(db, storeId, minutes, Date.now());
			return { body: { standardMinutes: minutes, queueAhead: s.queueAhead, startAt: new Date(s.startAt).toISOString(), promisedAt: new Date(s.readyAt).toISOString() } };
		}
	},
	{
		// Check-in: a plate fills the vehicle and its customer from history.
		method: 'GET',
		path: '/api/v1/vehicles/lookup',
		handle: async (request) => {
			await request.caller();
			const { db, storeId } = request.app;
			const raw = request.url.searchParams.get('plate') ?? '';
			const plate = normalizePlate(raw);
			if (!plate) throw new CommandError(400, 'invalid_input', `plate: "${raw}" is not a Chinese licence plate (e.g. 粤B·D12345)`, 'plate');
			const v = await db
				.selectFrom('vehicles as v')
				.innerJoin('customers as c', 'c.id', 'v.customer_id')
				.select(['v.plate', 'v.vin', 'v.model', 'v.colour', 'c.name', 'c.phone', 'c.tags', 'v.id'])
				.where('v.store_id', '=', storeId)
				.where('v.plate', '=', plate)
				.executeTakeFirst();
			if (!v) throw new CommandError(404, 'not_found', `plate: ${plate} has not been here before`, 'plate', { plate });
			const visits = await db
				.selectFrom('repair_orders')
				.select(['number', 'checked_in_at', 'stage'])
				.where('vehicle_id', '=', v.id)
				.orderBy('checked_in_at', 'desc')
				.limit(5)
				.execute();
			return {
				body: {
					vehicle: { plate: v.plate, vin: v.vin, model: v.model, colour: v.colour },
					customer: { name: v.name, phone: v.phone, tags: v.tags },
					visits: visits.map((x) => ({ number: x.number, checkedInAt: new Date(x.checked_in_at).toISOString(), stage: x.stage }))
				}
			};
		}
	}
];
