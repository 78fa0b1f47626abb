import { z } from 'zod';
import type { ApiRequest, Caller, Route } from '$lib/server/core/router';
import { CommandError, authorize, execute, validationError } from '$lib/server/core/commands';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { pathId, runCommand } from '$lib/server/core/endpoints';
import { startOfStoreDay } from '$lib/domain/time';
import { deviceKinds, type DeviceKind } from '$lib/domain/signin';
import { checkPin, DEVICE_COOKIE } from '$lib/server/features/access/service';
import { addLineInput, addPickLine, confirmInput, confirmPickLine, issueInput, issueParts } from './picking';
import { issueSlipView, pickListView, pickListViews } from './picking-repository';

/**
 * Picking over the API: the parts room's queue, adding a part to a request asked for in words,
 * confirming a line by scan or tap, and the issue with the receiving technician's PIN. Pick
 * lists answer as the live channel carries them (moments in epoch milliseconds), so the kiosk
 * can put an answer straight into its live state.
 */

/** Staff (a person or an integration); a customer's link never sees the parts room. */
async function staff(request: ApiRequest): Promise<Caller> {
	const caller = await request.caller();
	if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', "a customer's link does not see the parts room");
	return caller;
}

async function dayStart(request: ApiRequest, storeId: number): Promise<number> {
	const { time_zone } = await request.app.db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirstOrThrow();
	return startOfStoreDay(Date.now(), time_zone);
}

const listQuery = z.object({
	status: z.enum(['open', 'picking', 'issued']).optional().describe('only these; issued: those issued today (the store day)')
});

/** The body of an issue: the command's fields and the receiver's PIN (checked here, never stored). */
const issueBody = issueInput.extend({ pin: z.string().describe("the receiving technician's sign-in PIN") });

/**
 * The kiosk's device, as sign-in knows it: its long-lived device cookie (kind.id), else its
 * address; the PIN counters count per device and per address as they do at sign-in.
 */
function deviceOf(request: ApiRequest): { id: string; kind: DeviceKind; address: string } {
	const address = request.address();
	const raw = request
		.header('cookie')
		?.split(';')
		.map((c) => c.trim())
		.find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
		?.slice(DEVICE_COOKIE.length + 1);
	const [kind, id] = decodeURIComponent(raw ?? '').split('.');
	if (id && deviceKinds.includes(kind as DeviceKind)) return { id, kind: kind as DeviceKind, address };
	return { id: `address:${address}`, kind: 'kiosk', address };
}

const pickList = jsonAnswer('the pick list as it now stands (as on the live channel parts, kind pickList), with the event seq');

export const pickingRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/parts-requests',
		doc: {
			summary: "The parts room's queue: requests still to pick (open, picking) oldest first, and those issued today; each with its order, bay, lines in walking order with stock and bin, and who may take the parts",
			parameters: queryParams(listQuery),
			responses: { 200: jsonAnswer('{ items: PickList[] }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const { storeId } = await staff(request);
			const query = listQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!query.success) throw validationError(query.error);
			return { body: { items: await pickListViews(request.app.db, storeId, { issuedSince: await dayStart(request, storeId), status: query.data.status }) } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/parts-requests/:id',
		doc: { summary: 'One pick list', parameters: [pathParam('id')], responses: { 200: jsonAnswer('the pick list'), ...errors(401, 403, 404) } },
		handle: async (request) => {
			const { storeId } = await staff(request);
			const list = await pickListView(request.app.db, storeId, pathId(request, 'id', 'parts request'));
			if (!list) throw new CommandError(404, 'not_found', `parts request ${request.params.id} does not exist`, 'id');
			return { body: list };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/parts-requests/:id/lines',
		doc: {
			summary: 'The picker adds a part to a request (one asked for in words); a part already on it gets the quantity added and is to be confirmed again',
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(addLineInput),
			responses: { 200: pickList, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, addPickLine, { ...(await request.object()), id: pathId(request, 'id', 'parts request') })
	},
	{
		method: 'POST',
		path: '/api/v1/parts-requests/:id/confirm',
		doc: {
			summary:
				"Confirm a line: the part in hand scanned or typed ({code}: number or barcode, case and dashes ignored) or its line tapped ({lineId}). The first confirm marks the request as being picked by the caller. A known part not on the list: 409 wrong_part with `expected` (the next line in walking order: number, nameZh, nameEn, binCode) and `scanned`; a code that is no part: 404 unknown_code",
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(confirmInput),
			responses: { 200: pickList, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, confirmPickLine, { ...(await request.object()), id: pathId(request, 'id', 'parts request') })
	},
	{
		method: 'POST',
		path: '/api/v1/parts-requests/:id/issue',
		doc: {
			summary:
				"Issue the parts (出库): every line confirmed (else 409 not_confirmed), the receiver one of the job's technicians (else 400 receiverId) who confirms with their PIN (401 wrong_pin; 429 slow_down and 423 locked as at sign-in, the same counters). In one transaction: stock down, the issue slip and its lines at their prices, a movement per part, the request issued; the tablet and the desk see it at once. Too little on the shelf: 409 shortage with `short` [{partId, number, nameZh, nameEn, want, onHand}] and nothing written; again with orderShortage: true issues what there is and drafts a special order for the rest",
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(issueBody),
			responses: { 200: jsonAnswer('{ pickList, slip: { id, number, total, lines, … } | null, specialOrderId, seq }'), ...errors(400, 401, 403, 404, 409, 422), 423: { description: 'the receiver is locked after too many wrong PINs' }, 429: { description: 'too many wrong PINs: wait (retryAfterSeconds)' } }
		},
		handle: async (request) => {
			const actor = await request.changer();
			const id = pathId(request, 'id', 'parts request');
			const parsed = issueBody.safeParse(await request.object());
			if (!parsed.success) throw validationError(parsed.error);
			const { pin, ...fields } = parsed.data;
			// Who may issue, and to whom, before a PIN is tried: a PIN is never checked for nothing.
			authorize(actor, 'partsRequest.issue');
			const list = await pickListView(request.app.db, actor.storeId, id);
			if (!list) throw new CommandError(404, 'not_found', `parts request ${id} does not exist`, 'id');
			if (!list.receivers.some((r) => r.userId === fields.receiverId)) {
				throw new CommandError(400, 'invalid_input', `receiverId: only a technician on ${list.roNumber} may take its parts`, 'receiverId');
			}
			const device = deviceOf(request);
			await checkPin({ ...request.app.commands, storeId: actor.storeId }, { userId: fields.receiverId, pin, device: device.id, deviceKind: device.kind, address: device.address }, Date.now());
			const { result, seq, replayed } = await execute(request.app.commands, issueParts, { ...fields, id }, { actor, idempotencyKey: request.header('idempotency-key') });
			return { body: { ...result, seq, replayed } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/issue-slips/:id',
		doc: { summary: 'An issue slip (出库单) with its lines: what left the parts room for a repair order, its value (fen) and who took it', parameters: [pathParam('id')], responses: { 200: jsonAnswer('the slip'), ...errors(401, 403, 404) } },
		handle: async (request) => {
			const { storeId } = await staff(request);
			const slip = await issueSlipView(request.app.db, storeId, pathId(request, 'id', 'issue slip'));
			if (!slip) throw new CommandError(404, 'not_found', `issue slip ${request.params.id} does not exist`, 'id');
			return { body: slip };
		}
	}
];

export const pickingSchemas: Record<string, unknown> = {};
