import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import { FileAnswer, type Route } from '$lib/server/core/router';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { csvImport } from '$lib/server/core/imports';
import { createBay, createTeam, saveStandardTime, setBayService, standardTimeInput, updateBay, updateTeam } from './commands';
import { catalogueCsv, importCatalogue, previewCatalogue } from './catalogue-csv';
import { standardMinutes } from '$lib/domain/standard-time';
import { bayHold } from '$lib/domain/equipment';
import { storeTimeZone } from '$lib/server/features/equipment/repository';
import { bayViews, bayHolders, catalogueMinutes, searchCatalogue, suggestPromiseFor, teamViews } from './repository';

const promiseQuery = z.object({
	operations: z.string().default('').describe('catalogue codes, comma-separated'),
	extraMinutes: z.coerce.number().int().min(0).max(24 * 60).default(0).describe('free-text operations, minutes for one technician'),
	wash: z.enum(['0', '1']).default('0').describe('1: the customer chose the wash (it comes after the checks)')
});

const catalogueQuery = z.object({ q: z.string().optional().describe('part of a code, or of a name in Chinese or English'), all: z.enum(['1']).optional().describe('1: every operation, not only the first 20 matches') });

export const workshopRoutes: Route[] = [
	{
		method: 'POST',
		path: '/api/v1/bays',
		doc: { summary: 'Add a bay (admin, service manager)', parameters: [idempotencyHeader], requestBody: jsonBody(createBay.schema), responses: { 201: jsonAnswer('the bay'), ...errors(400, 401, 403, 409) } },
		handle: async (request) => runCommand(request, createBay, await request.object(), true)
	},
	{
		method: 'POST',
		path: '/api/v1/bays/:bay/service',
		doc: {
			summary: 'Take a bay out of service with a reason, or back (the supervisor too). With a car on it: 409 bay_occupied_confirm, then again with confirm: true pauses its job',
			parameters: [{ name: 'bay', in: 'path', required: true, schema: { type: 'string' }, description: 'the bay id or code' }, idempotencyHeader],
			requestBody: jsonBody(setBayService.schema),
			responses: { 200: jsonAnswer('the bay'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, setBayService, { ...(await request.object()), bay: request.params.bay })
	},
	{
		method: 'POST',
		path: '/api/v1/bays/:bay',
		doc: {
			summary: "Change a bay's code, names, kind or place on the board",
			parameters: [{ name: 'bay', in: 'path', required: true, schema: { type: 'string' }, description: 'the bay id or code' }, idempotencyHeader],
			requestBody: jsonBody(updateBay.schema),
			responses: { 200: jsonAnswer('the bay'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, updateBay, { ...(await request.object()), bay: request.params.bay })
	},
	{
		method: 'GET',
		path: '/api/v1/teams',
		doc: { summary: 'The teams and their technicians', responses: { 200: jsonAnswer('teams'), ...errors(401) } },
		handle: async (request) => {
			const { storeId } = await request.caller();
			return { body: { items: await teamViews(request.app.db, storeId) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/teams',
		doc: { summary: 'Add a team (admin, service manager)', parameters: [idempotencyHeader], requestBody: jsonBody(createTeam.schema), responses: { 201: jsonAnswer('the team'), ...errors(400, 401, 403, 409) } },
		handle: async (request) => runCommand(request, createTeam, await request.object(), true)
	},
	{
		method: 'POST',
		path: '/api/v1/teams/:id',
		doc: { summary: "Change a team's code, names or kind", parameters: [pathParam('id'), idempotencyHeader], requestBody: jsonBody(updateTeam.schema), responses: { 200: jsonAnswer('the team'), ...errors(400, 401, 403, 404, 409) } },
		handle: async (request) => runCommand(request, updateTeam, { ...(await request.object()), id: pathId(request, 'id', 'team') })
	},
	{
		method: 'POST',
		path: '/api/v1/standard-times',
		doc: {
			summary: 'Add an operation to the labour catalogue, or change it (by code)',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(standardTimeInput),
			responses: { 200: jsonAnswer('the operation'), ...errors(400, 401, 403) }
		},
		handle: async (request) => runCommand(request, saveStandardTime, await request.object())
	},
	{
		method: 'GET',
		path: '/api/v1/standard-times.csv',
		doc: { summary: 'The labour catalogue as CSV (UTF-8 with BOM): code, name_zh, name_en, category, minutes_1, minutes_2', responses: { 200: { description: 'text/csv' }, ...errors(401, 403) } },
		handle: async (request) => {
			const { storeId } = await callerWho(request, 'catalogue.manage');
			return { body: new FileAnswer('text/csv; charset=utf-8', 'standard-times.csv', await catalogueCsv(request.app.db, storeId)) };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/standard-times/import',
		doc: {
			summary: 'Import the labour catalogue from CSV (UTF-8 or GBK): a preview of each row; ?apply=1 applies it when no row has an error',
			requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
			responses: { 200: jsonAnswer('each row: line, key, action and its errors'), ...errors(400, 401, 403, 413, 422) }
		},
		handle: async (request) => {
			const { storeId } = await callerWho(request, 'catalogue.manage');
			const file = await request.raw();
			if (file.length === 0) throw new CommandError(400, 'invalid_input', 'file: send the CSV file as the body', 'file');
			return csvImport(request, () => previewCatalogue(request.app.db, storeId, file), (operations) => runCommand(request, importCatalogue, { operations }));
		}
	},
	{
		method: 'GET',
		path: '/api/v1/bays',
		doc: {
			summary: 'The bays, whether each is in service, which order holds it now, and whether a lift in it holds it (out of service or its safety inspection overdue: not offered at dispatch)',
			responses: { 200: jsonAnswer('bays in board order'), ...errors(401) }
		},
		handle: async (request) => {
			const { storeId } = await request.caller();
			const [bays, holders, timeZone] = await Promise.all([bayViews(request.app.db, storeId), bayHolders(request.app.db, storeId), storeTimeZone(request.app.db, storeId)]);
			const now = request.app.now();
			return { body: { items: bays.map((b) => ({ ...b, heldBy: holders.get(b.id) ?? null, hold: bayHold(b.lifts, now, timeZone) })) } };
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
			const all = request.url.searchParams.get('all') === '1';
			return { body: { items: await searchCatalogue(request.app.db, storeId, q, all) } };
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
			const s = await suggestPromiseFor(db, storeId, minutes, request.app.now(), q.data.wash === '1');
			return { body: { standardMinutes: minutes, queueAhead: s.queueAhead, startAt: new Date(s.startAt).toISOString(), promisedAt: new Date(s.readyAt).toISOString() } };
		}
	}
];
