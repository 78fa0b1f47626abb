import { z } from 'zod';
import { CommandError } from '$lib/server/core/commands';
import { FileAnswer, type Route } from '$lib/server/core/router';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { csvImport } from '$lib/server/core/imports';
import { mayChangeAdmins, roles } from '$lib/domain/permissions';
import { hashNewPin } from './service';
import { createStaff, resetPin, setStaffActive, staffList, updateStaff } from './staff';
import { importStaff, previewStaff, staffCsv } from './staff-csv';

const newPerson = z.object({
	name: z.string().trim().min(1).max(40),
	nameLatin: z.string().trim().max(60).optional(),
	role: z.enum(roles),
	teamId: z.number().int().positive().nullable().optional(),
	pin: z.string().describe('4 to 8 digits')
});

const csvBody = { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'UTF-8 (with or without BOM) or GBK' } } } };
const importAnswer = jsonAnswer('each row: line, key, action (create, update, unchanged, error) and its errors; applied when ?apply=1 and no row had an error');

export const accessRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/staff',
		doc: { summary: "The store's staff, active and not (admin, service manager)", responses: { 200: jsonAnswer('people'), ...errors(401, 403) } },
		handle: async (request) => {
			const { storeId } = await callerWho(request, 'user.manage');
			return { body: { items: await staffList(request.app.db, storeId) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/staff',
		doc: { summary: 'Add a person to the staff, with their first PIN', parameters: [idempotencyHeader], requestBody: jsonBody(newPerson), responses: { 201: jsonAnswer('the person'), ...errors(400, 401, 403, 409) } },
		handle: async (request) => {
			await callerWho(request, 'user.manage');
			const body = await request.object();
			const { pin, ...person } = body;
			return runCommand(request, createStaff, { ...person, pinHash: await hashNewPin(String(pin ?? '')) }, true);
		}
	},
	{
		method: 'POST',
		path: '/api/v1/staff/import',
		doc: { summary: 'Import staff from CSV: a preview of each row; ?apply=1 applies it when no row has an error', requestBody: csvBody, responses: { 200: importAnswer, ...errors(400, 401, 403, 413, 422) } },
		handle: async (request) => {
			const caller = await callerWho(request, 'user.manage');
			const file = await request.raw();
			if (file.length === 0) throw new CommandError(400, 'invalid_input', 'file: send the CSV file as the body', 'file');
			const admins = caller.kind !== 'user' || mayChangeAdmins(caller.role);
			return csvImport(request, () => previewStaff(request.app.db, caller.storeId, file, { admins }), (people) => runCommand(request, importStaff, { people }));
		}
	},
	{
		method: 'POST',
		path: '/api/v1/staff/:id',
		doc: { summary: "Change a person's name, role or team", parameters: [pathParam('id'), idempotencyHeader], requestBody: jsonBody(updateStaff.schema), responses: { 200: jsonAnswer('the person'), ...errors(400, 401, 403, 404, 409) } },
		handle: async (request) => runCommand(request, updateStaff, { ...(await request.object()), id: pathId(request, 'id', 'person') })
	},
	{
		method: 'POST',
		path: '/api/v1/staff/:id/pin',
		doc: {
			summary: "Reset a person's PIN (ends their sessions, lifts a lockout)",
			parameters: [pathParam('id')],
			requestBody: jsonBody(z.object({ pin: z.string() })),
			responses: { 200: jsonAnswer('the person'), ...errors(400, 401, 403, 404) }
		},
		handle: async (request) => {
			await callerWho(request, 'user.manage');
			const { pin } = await request.object();
			return runCommand(request, resetPin, { id: pathId(request, 'id', 'person'), pinHash: await hashNewPin(String(pin ?? '')) });
		}
	},
	{
		method: 'POST',
		path: '/api/v1/staff/:id/active',
		doc: { summary: 'Deactivate a person (never deleted: history keeps their name), or bring them back', parameters: [pathParam('id')], requestBody: jsonBody(setStaffActive.schema), responses: { 200: jsonAnswer('the person'), ...errors(400, 401, 403, 404, 409) } },
		handle: async (request) => runCommand(request, setStaffActive, { ...(await request.object()), id: pathId(request, 'id', 'person') })
	},
	{
		method: 'GET',
		path: '/api/v1/staff.csv',
		doc: { summary: 'The active staff as CSV (UTF-8 with BOM): name, name_latin, role, team_code, pin (empty)', responses: { 200: { description: 'text/csv' }, ...errors(401, 403) } },
		handle: async (request) => {
			const { storeId } = await callerWho(request, 'user.manage');
			return { body: new FileAnswer('text/csv; charset=utf-8', 'staff.csv', await staffCsv(request.app.db, storeId)) };
		}
	}
];

