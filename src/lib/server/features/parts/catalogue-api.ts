import { z } from 'zod';
import type { Route, ApiRequest } from '$lib/server/core/router';
import { CommandError, validationError } from '$lib/server/core/commands';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { pathId, runCommand } from '$lib/server/core/endpoints';
import { principalOf } from '$lib/server/features/access/who';
import { SLOW_DAYS } from '$lib/domain/stock';
import { adjustStock, createBin, createPart, createZone, moveStock, receiveStock, updateBin, updatePart, updateZone } from './commands';
import { binViews, firstParts, partByCode, partMovements, partView, reorderParts, searchParts, slowParts, SEARCH_LIMIT, SEARCH_MAX_LIMIT, zoneViews } from './repository';

/**
 * The catalogue and stock: search (the kiosk's box), a scan's lookup, a part with its history,
 * creating and editing parts, zones and bins, receiving, counting and moving stock, the reorder
 * and slow-mover lists.
 */

/**
 * Who may read the catalogue: signed-in staff and API tokens; with `kiosk`, also a wall screen
 * paired to the parts board (the kiosk before a picker signs in). Customers' links and other
 * screens are refused (403), nobody at all 401.
 */
async function reader(request: ApiRequest, kiosk = false): Promise<{ storeId: number }> {
	const who = await principalOf(request.app, { cookie: request.header('cookie'), authorization: request.header('authorization') });
	if (who?.kind === 'display') {
		if (kiosk && who.board === 'parts') return who;
		throw new CommandError(403, 'forbidden', `The wall screen "${who.name}" (${who.board}) may not read the parts ${kiosk ? 'catalogue' : 'stock figures'}`);
	}
	if (who?.kind === 'customer') throw new CommandError(403, 'forbidden', "A customer's link may not read the parts catalogue");
	if (who?.kind === 'user' || who?.kind === 'token') return who;
	// Nobody (or a bad credential): the router's own 401.
	return request.caller();
}

function query<S extends z.ZodObject>(request: ApiRequest, schema: S): z.output<S> {
	const parsed = schema.safeParse(Object.fromEntries(request.url.searchParams));
	if (!parsed.success) throw validationError(parsed.error);
	return parsed.data;
}

const searchQuery = z.object({
	q: z.string().max(60).optional().describe('a part number (from its start, dashes optional), a name in Chinese or English, pinyin or its initials (jlq), a model'),
	limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).optional().describe(`at most this many (default ${SEARCH_LIMIT})`)
});
const lookupQuery = z.object({ code: z.string().trim().min(1, 'scan or type a part number or barcode').max(64).describe('a barcode or a part number, exactly (case and dashes ignored)') });
const slowQuery = z.object({
	days: z.coerce.number().int().min(1).max(3650).default(SLOW_DAYS).describe('no issue in this many days (default 90)'),
	limit: z.coerce.number().int().min(1).max(2000).default(200).describe('at most this many parts listed (the totals count all)')
});

const part = { $ref: '#/components/schemas/Part' };
const partAnswer = jsonAnswer('the part as it now stands, with the event seq', part);
const idParam = pathParam('id');

export const catalogueRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/parts',
		doc: {
			summary: 'Search the parts: number prefix, names, pinyin or its initials, model; exact matches first (staff, tokens, the parts kiosk)',
			parameters: queryParams(searchQuery),
			responses: { 200: jsonAnswer('matching parts (without q: the first by number)', { type: 'object', properties: { items: { type: 'array', items: part } } }), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const { storeId } = await reader(request, true);
			const { q, limit } = query(request, searchQuery);
			const items = q?.trim() ? await searchParts(request.app.db, storeId, q, limit) : await firstParts(request.app.db, storeId, limit);
			return { body: { items } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/parts/lookup',
		doc: {
			summary: 'The part a scan or a typed number names exactly (barcode or number); 404 unknown_code otherwise (staff, tokens, the parts kiosk)',
			parameters: queryParams(lookupQuery),
			responses: { 200: jsonAnswer('the part', { type: 'object', properties: { part } }), ...errors(400, 401, 403, 404) }
		},
		handle: async (request) => {
			const { storeId } = await reader(request, true);
			const { code } = query(request, lookupQuery);
			const found = await partByCode(request.app.db, storeId, code);
			if (!found) throw new CommandError(404, 'unknown_code', `code: no part has the number or barcode "${code}"`, 'code', { code });
			return { body: { part: found } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/parts/reorder',
		doc: {
			summary: 'Parts below their threshold, with how many to order (up to twice the threshold), the emptiest first',
			responses: { 200: jsonAnswer('parts to reorder', { type: 'object', properties: { items: { type: 'array', items: { allOf: [part, { type: 'object', properties: { suggested: { type: 'integer' } } }] } } } }), ...errors(401, 403) }
		},
		handle: async (request) => {
			const { storeId } = await reader(request);
			return { body: { items: await reorderParts(request.app.db, storeId) } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/parts/slow',
		doc: {
			summary: "Slow movers: stock with no issue in `days` (a part never issued counts from when it was added), each with its value (on hand × price, fen), and the store's slow and total stock value",
			parameters: queryParams(slowQuery),
			responses: {
				200: jsonAnswer('the slow parts, most valuable first', {
					type: 'object',
					properties: {
						items: { type: 'array', items: { allOf: [part, { type: 'object', properties: { value: { type: 'integer', description: 'fen' } } }] } },
						count: { type: 'integer', description: 'slow parts in all' },
						slowValue: { type: 'integer', description: 'fen' },
						stockValue: { type: 'integer', description: 'fen' },
						slowShare: { type: 'number' },
						days: { type: 'integer' }
					}
				}),
				...errors(400, 401, 403)
			}
		},
		handle: async (request) => {
			const { storeId } = await reader(request);
			const { days, limit } = query(request, slowQuery);
			return { body: await slowParts(request.app.db, storeId, request.app.now(), days, limit) };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/parts/:id',
		doc: {
			summary: 'A part with its last 50 stock movements (kind, signed qty, on hand after, bins, reason, repair order, who, when)',
			parameters: [idParam],
			responses: { 200: jsonAnswer('the part and its movements, newest first', { type: 'object', properties: { part, movements: { type: 'array', items: { $ref: '#/components/schemas/StockMovement' } } } }), ...errors(401, 403, 404) }
		},
		handle: async (request) => {
			const { storeId } = await reader(request);
			const id = pathId(request, 'id', 'part');
			const found = await partView(request.app.db, storeId, id);
			if (!found) throw new CommandError(404, 'not_found', `part ${id} does not exist`, 'id');
			return { body: { part: found, movements: await partMovements(request.app.db, storeId, id) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/parts',
		doc: {
			summary: 'Add a part (parts manager, manager, admin): its number unique in the store (409 number_taken), price in fen, bin by code',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(createPart.schema),
			responses: { 201: partAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, createPart, await request.object(), true)
	},
	{
		method: 'POST',
		path: '/api/v1/parts/:id',
		doc: {
			summary: "Change a part's number, barcode, names, models, unit, price, threshold or bin (bin: null takes it off its bin)",
			parameters: [idParam, idempotencyHeader],
			requestBody: jsonBody(updatePart.schema.omit({ id: true })),
			responses: { 200: partAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, updatePart, { ...(await request.object()), id: pathId(request, 'id', 'part') })
	},
	{
		method: 'POST',
		path: '/api/v1/parts/:id/receive',
		doc: {
			summary: 'Receive stock (1 to 100,000 units); with a bin, the part now lives there. Recorded as a movement with who received it',
			parameters: [idParam, idempotencyHeader],
			requestBody: jsonBody(receiveStock.schema.omit({ id: true })),
			responses: { 200: partAnswer, ...errors(400, 401, 403, 404) }
		},
		handle: async (request) => runCommand(request, receiveStock, { ...(await request.object()), id: pathId(request, 'id', 'part') })
	},
	{
		method: 'POST',
		path: '/api/v1/parts/:id/adjust',
		doc: {
			summary: 'A stock count: the counted on-hand (0 to 100,000) with the reason; the movement records the signed difference',
			parameters: [idParam, idempotencyHeader],
			requestBody: jsonBody(adjustStock.schema.omit({ id: true })),
			responses: { 200: partAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, adjustStock, { ...(await request.object()), id: pathId(request, 'id', 'part') })
	},
	{
		method: 'POST',
		path: '/api/v1/parts/:id/move',
		doc: {
			summary: 'Move a part to another bin (by code); the movement records from and to',
			parameters: [idParam, idempotencyHeader],
			requestBody: jsonBody(moveStock.schema.omit({ id: true })),
			responses: { 200: partAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, moveStock, { ...(await request.object()), id: pathId(request, 'id', 'part') })
	},
	{
		method: 'GET',
		path: '/api/v1/part-bins',
		doc: {
			summary: "The parts room's plan: zones, and every bin in walking order (zone, rack, shelf from the floor, position) (staff, tokens, the parts kiosk)",
			responses: {
				200: jsonAnswer('zones and bins', { type: 'object', properties: { zones: { type: 'array', items: { $ref: '#/components/schemas/PartZone' } }, bins: { type: 'array', items: { $ref: '#/components/schemas/PartBin' } } } }),
				...errors(401, 403)
			}
		},
		handle: async (request) => {
			const { storeId } = await reader(request, true);
			const [zones, bins] = await Promise.all([zoneViews(request.app.db, storeId), binViews(request.app.db, storeId)]);
			return { body: { zones, bins } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/part-zones',
		doc: { summary: 'Add a zone of the parts room (A: common parts, B: sheet metal…); its code unique in the store', parameters: [idempotencyHeader], requestBody: jsonBody(createZone.schema), responses: { 201: jsonAnswer('the zone', { $ref: '#/components/schemas/PartZone' }), ...errors(400, 401, 403, 409) } },
		handle: async (request) => runCommand(request, createZone, await request.object(), true)
	},
	{
		method: 'POST',
		path: '/api/v1/part-zones/:id',
		doc: { summary: "Change a zone's code, names, kind or order on the plan", parameters: [idParam, idempotencyHeader], requestBody: jsonBody(updateZone.schema.omit({ id: true })), responses: { 200: jsonAnswer('the zone', { $ref: '#/components/schemas/PartZone' }), ...errors(400, 401, 403, 404, 409) } },
		handle: async (request) => runCommand(request, updateZone, { ...(await request.object()), id: pathId(request, 'id', 'zone') })
	},
	{
		method: 'POST',
		path: '/api/v1/part-bins',
		doc: {
			summary: 'Add a bin: its code as on the shelf (unique in the store), its zone by code, rack 1–99, shelf 1–20 (1 at the floor), position 1–99 (one bin a place)',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(createBin.schema),
			responses: { 201: jsonAnswer('the bin', { $ref: '#/components/schemas/PartBin' }), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, createBin, await request.object(), true)
	},
	{
		method: 'POST',
		path: '/api/v1/part-bins/:id',
		doc: { summary: "Change a bin's code, zone or place", parameters: [idParam, idempotencyHeader], requestBody: jsonBody(updateBin.schema.omit({ id: true })), responses: { 200: jsonAnswer('the bin', { $ref: '#/components/schemas/PartBin' }), ...errors(400, 401, 403, 404, 409) } },
		handle: async (request) => runCommand(request, updateBin, { ...(await request.object()), id: pathId(request, 'id', 'bin') })
	}
];

const nullable = (type: string) => ({ type: [type, 'null'] });

export const catalogueSchemas: Record<string, unknown> = {
	Part: {
		type: 'object',
		required: ['id', 'number', 'nameZh', 'nameEn', 'onHand', 'price', 'minQty', 'version'],
		properties: {
			id: { type: 'integer' },
			number: { type: 'string', description: "the maker's part number (04152-YZZA1)" },
			barcode: nullable('string'),
			nameZh: { type: 'string' },
			nameEn: { type: 'string' },
			models: { type: 'string', description: 'vehicle models it fits' },
			unit: { type: 'string' },
			price: { type: 'integer', description: 'fen a unit' },
			minQty: { type: 'integer', description: 'reorder below this (0: never)' },
			binId: nullable('integer'),
			binCode: nullable('string'),
			zoneCode: nullable('string'),
			onHand: { type: 'integer' },
			low: { type: 'boolean', description: 'on hand below the threshold' },
			lastIssuedAt: { ...nullable('integer'), description: 'ms since the epoch' },
			version: { type: 'integer' }
		}
	},
	StockMovement: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['receive', 'adjust', 'issue', 'move', 'import'] },
			qty: { type: 'integer', description: 'signed change of on-hand (0 for a move)' },
			onHandAfter: { type: 'integer' },
			fromBinCode: nullable('string'),
			toBinCode: nullable('string'),
			reason: nullable('string'),
			roNumber: nullable('string'),
			actorName: { type: 'string' },
			at: { type: 'integer', description: 'ms since the epoch' }
		}
	},
	PartZone: {
		type: 'object',
		properties: { id: { type: 'integer' }, code: { type: 'string' }, nameZh: { type: 'string' }, nameEn: { type: 'string' }, kind: { type: 'string' }, sort: { type: 'integer' }, version: { type: 'integer' } }
	},
	PartBin: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			zoneId: { type: 'integer' },
			zoneCode: { type: 'string' },
			code: { type: 'string' },
			rack: { type: 'integer' },
			shelf: { type: 'integer', description: '1 at the floor' },
			position: { type: 'integer' },
			version: { type: 'integer' }
		}
	}
};
