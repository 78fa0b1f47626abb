import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { errors, jsonAnswer, queryParams } from '$lib/server/core/openapi';
import { standardMinutes } from '$lib/domain/standard-time';
import { bayViews, bayHolders, catalogueMinutes, searchCatalogue, suggestPromiseFor } from './repository';

const promiseQuery = z.object({
	operations: z.string().default('').describe('catalogue codes, comma-separated'),
	extraMinutes: z.coerce.number().int().min(0).max(24 * 60).default(0).describe('free-text operations, minutes for one technician')
});

const catalogueQuery = z.object({ q: z.string().optional().describe('part of a code, or of a name in Chinese or English') });

export const workshopRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/bays',
		doc: {
			summary: 'The bays, whether each is in service, and which order holds it now',
			responses: { 200: jsonAnswer('bays in board order'), ...errors(401) }
		},
		handle: async (request) => {
			const { storeId } = await request.caller();
			const [bays, holders] = await Promise.all([bayViews(request.app.db, storeId), bayHolders(request.app.db, storeId)]);
			return { body: { items: bays.map((b) => ({ ...b, heldBy: holders.get(b.id) ?? null })) } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/standard-times',
		doc: {
			summary: 'The standard-time catalogue (minutes for one and for two technicians), searched by code or name',
			parameters: queryParams(catalogueQuery),
			responses: { 200: jsonAnswer('matching operations (20 at most when searching)'), ...errors(401) }
		},
		handle: async (request) => {
			const { storeId } = await request.caller();
			const q = (request.url.searchParams.get('q') ?? '').trim().slice(0, 40);
			return { body: { items: await searchCatalogue(request.app.db, storeId, q) } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/promise',
		doc: {
			summary: "A promised completion for a car checked in now, from its standard times and the shop's load",
			parameters: queryParams(promiseQuery),
			responses: { 200: jsonAnswer('standard minutes, cars queued ahead, expected start and promise (ISO 8601)'), ...errors(400, 401) }
		},
		handle: async (request) => {
			const { storeId } = await request.caller();
			const { db } = request.app;
			const q = promiseQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const codes = q.data.operations.split(',').map((c) => c.trim()).filter(Boolean);
			const found = await catalogueMinutes(db, storeId, codes);
			const missing = codes.find((c) => !found.some((f) => f.code === c));
			if (missing) throw new CommandError(400, 'invalid_input', `operations: no operation with code "${missing}"`, 'operations');
			const minutes = standardMinutes(found, 1) + q.data.extraMinutes;
			if (minutes === 0) throw new CommandError(400, 'invalid_input', 'operations: pick at least one operation', 'operations');
			const s = await suggestPromiseFor(db, storeId, minutes, Date.now());
			return { body: { standardMinutes: minutes, queueAhead: s.queueAhead, startAt: new Date(s.startAt).toISOString(), promisedAt: new Date(s.readyAt).toISOString() } };
		}
	}
];
