import { onPostgres } from '$lib/server/db/engine';
import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { storeTimeZone } from '$lib/server/core/stores';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { fromStoreLocal, toStoreLocal } from '$lib/domain/time';
import { addDaysToDay, daysFromTo } from '$lib/domain/care';
import { bookVisit, cancelVisit, cancelVisitInput, recordCareCall, saveCareSettings, saveServicePlan, saveTag, setVehicleSale, tagCustomer } from './commands';
import { appointmentViews, careRows, careSettings, servicePlans, tagViews } from './repository';
import { can } from '$lib/domain/permissions';
import { careLists } from './views';
import { eraseCustomer, eraseCustomerInput } from './erase';
import { sql } from 'kysely';
import { customerPhotoKeys } from '$lib/server/features/photos/repository';
import { removeUnusedFiles } from '$lib/server/features/photos/api';

/** The tables an erasure (erase.ts) rewrites or deletes from. */
const ERASED_TABLES = ['customers', 'vehicles', 'repair_orders', 'addons', 'appointments', 'calls', 'care_calls', 'customer_tag_links', 'events', 'idempotency_keys', 'kpi_orders', 'parts_requests', 'photos', 'special_orders', 'special_order_steps'];

const listQuery = z.object({ list: z.enum(careLists).optional().describe('one list (default: all of them)') });
const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d;
const day = z.string().refine(isDate, 'a calendar date YYYY-MM-DD');
const bookingsQuery = z.object({ from: day.optional().describe('first store day (default today)'), to: day.optional().describe('last store day (default: from + 1, i.e. today and tomorrow)') });

/** A read the admin's care settings need too: whoever may `command`, or manage care (the admin sets the tags and plans without calling customers). */
async function callerReading(request: Parameters<Route['handle']>[0], command: 'customer.tag' | 'care.call') {
	const c = await request.caller();
	return callerWho(request, c.kind === 'user' && !can(c.role, command) && can(c.role, 'care.manage') ? 'care.manage' : command);
}

const post = (path: string, summary: string, command: Parameters<typeof runCommand>[1], created = false, statuses: (400 | 401 | 403 | 404 | 409)[] = [400, 401, 403, 404, 409]): Route => ({
	method: 'POST',
	path,
	doc: { summary, parameters: [idempotencyHeader], requestBody: jsonBody(command.schema), responses: { [created ? 201 : 200]: jsonAnswer('the result'), ...errors(...statuses) } },
	handle: async (request) => runCommand(request, command, await request.object(), created)
});

export const careRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/care',
		doc: {
			summary:
				"The care lists (booking specialist, advisors, manager): cars whose first or second service is due soon or overdue, customers at risk (6–12 months since their last visit) or lost (over 12), delivered cars waiting for their follow-up call; each with the customer's tags, last visit and last calls. A customer resting after a call, booked, or not to be contacted is left out",
			parameters: queryParams(listQuery),
			responses: { 200: jsonAnswer('{ items: CareRow[], today }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await callerWho(request, 'care.call');
			const q = listQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const zone = await storeTimeZone(request.app.db, caller.storeId);
			const now = request.app.now();
			const rows = await careRows(request.app.db, caller.storeId, now, zone);
			return { body: { items: q.data.list ? rows.filter((r) => r.list === q.data.list) : rows } };
		}
	},
	post('/api/v1/care/calls', 'Records a care call and its outcome (reached, no_answer, booked, declined, wrong_number, do_not_contact)', recordCareCall, true),
	{
		method: 'GET',
		path: '/api/v1/appointments',
		doc: { summary: 'Booked and arrived visits of the store days from..to (default today and tomorrow)', parameters: queryParams(bookingsQuery), responses: { 200: jsonAnswer('{ items: AppointmentView[] }'), ...errors(400, 401, 403) } },
		handle: async (request) => {
			const caller = await callerWho(request, 'appointment.book');
			const q = bookingsQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const zone = await storeTimeZone(request.app.db, caller.storeId);
			const from = q.data.from ?? toStoreLocal(request.app.now(), zone).slice(0, 10);
			const to = q.data.to ?? addDaysToDay(from, 1);
			if (to < from) throw new CommandError(400, 'invalid_input', 'to: the last day comes before the first', 'to');
			if (daysFromTo(from, to) > 62) throw new CommandError(400, 'invalid_input', 'to: at most two months of bookings at once', 'to');
			const start = fromStoreLocal(from, zone);
			const end = fromStoreLocal(addDaysToDay(to, 1), zone);
			return { body: { items: await appointmentViews(request.app.db, caller.storeId, start, end) } };
		}
	},
	post(
		'/api/v1/appointments',
		'Books a visit for a car: its start (store time), length, operations, advisor; refused in the past (in_the_past), outside opening hours, when the slot is full (409 slot_full) or the car already booked (409 already_booked)',
		bookVisit,
		true
	),
	{
		method: 'POST',
		path: '/api/v1/appointments/:id/cancel',
		doc: {
			summary: 'Calls off a booked visit, or records a no-show',
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(cancelVisitInput.omit({ id: true })),
			responses: { 200: jsonAnswer('{ appointment }'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, cancelVisit, { ...(await request.object()), id: pathId(request, 'id', 'appointment') })
	},
	{
		method: 'GET',
		path: '/api/v1/customer-tags',
		doc: { summary: "The store's customer tags (symbol, colour, meaning)", responses: { 200: jsonAnswer('{ items: TagView[] }'), ...errors(401, 403) } },
		handle: async (request) => {
			const caller = await callerReading(request, 'customer.tag');
			return { body: { items: await tagViews(request.app.db, caller.storeId) } };
		}
	},
	post('/api/v1/customer-tags', 'Defines a customer tag, or changes one (id and expectedVersion)', saveTag),
	post('/api/v1/customers/tags', "Sets a customer's tags (the whole set)", tagCustomer),
	post('/api/v1/vehicles/sale', "Records a car's sale day and odometer (its first and second services count from them)", setVehicleSale),
	{
		method: 'GET',
		path: '/api/v1/care/settings',
		doc: { summary: "The store's booking capacity and length, the due-soon window, and its service plans", responses: { 200: jsonAnswer('{ settings, plans }'), ...errors(401, 403) } },
		handle: async (request) => {
			const caller = await callerReading(request, 'care.call');
			return { body: { settings: await careSettings(request.app.db, caller.storeId), plans: await servicePlans(request.app.db, caller.storeId) } };
		}
	},
	post('/api/v1/care/settings', 'Saves the booking capacity and length and the due-soon window (manager, admin)', saveCareSettings),
	{
		method: 'POST',
		path: '/api/v1/customers/:id/erase',
		doc: {
			summary:
				"Erases a customer on request (PIPL; admin): name and phone, the cars' VINs, the notes on their orders, special orders, care calls and visits, their cars' photos (rows and files), and any copy in the events or kept answers; the counts and times the figures need stay. 409 car_in_workshop while a car of theirs is in; confirm must repeat the name. The database is checkpointed afterwards so no copy stays in the write-ahead log",
			parameters: [pathParam('id')],
			requestBody: jsonBody(eraseCustomerInput.omit({ customerId: true })),
			responses: { 200: jsonAnswer('{ customerId, vehicles, orders, specialOrders, photos, eventsRewritten, answersRewritten }'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => {
			// Never kept under an Idempotency-Key: the kept fingerprint is a hash of a body holding the name. A repeat is refused (already_erased).
			if (request.header('idempotency-key')) throw new CommandError(400, 'invalid_input', 'Idempotency-Key: an erasure is not kept under a key (a repeat is refused as already erased)', 'Idempotency-Key');
			const customerId = pathId(request, 'id', 'customer');
			const { storeId } = await request.caller();
			const photoKeys = await customerPhotoKeys(request.app.db, storeId, customerId);
			const answer = await runCommand(request, eraseCustomer, { ...(await request.object()), customerId });
			// The photos' rows went with the erasure; their files go now.
			await removeUnusedFiles(request.app, storeId, photoKeys);
			// SQLite: what the erasure overwrote is zeroed in place (secure_delete); the log's old frames go with the checkpoint.
			// PostgreSQL: every table the erasure rewrote is vacuumed, so its old row versions go (docs/deploy.md says what PostgreSQL keeps beyond that).
			if (onPostgres()) await sql`vacuum ${sql.join(ERASED_TABLES.map((t) => sql.table(t)))}`.execute(request.app.db);
			else await sql`pragma wal_checkpoint(TRUNCATE)`.execute(request.app.db);
			return answer;
		}
	},
	post('/api/v1/service-plans', "Sets a brand's or model's first and second service intervals and operations (manager, admin)", saveServicePlan)
];
