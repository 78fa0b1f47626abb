import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { storeTimeZone } from '$lib/server/core/stores';
import { errors, idempotencyHeader, jsonAnswer, jsonBody, pathParam, queryParams } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { callStats } from '$lib/domain/calls';
import { rangeBounds, storeDayOf } from '$lib/domain/kpi';
import { toStoreLocal } from '$lib/domain/time';
import { answerCall, answerCallInput, raiseCall } from './commands';
import { baysWithJobs, callsRaised, callViews, peopleWithRoles } from './repository';
import { callableRoles } from '$lib/domain/calls';
import { setDisplaySpeech } from './speech';

const storeDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar date YYYY-MM-DD');
const statsQuery = z.object({ from: storeDay.describe('the first store day'), to: storeDay.describe('the last store day (inclusive, at most 366 days)') });
const closeBody = answerCallInput.pick({ expectedVersion: true, reason: true });

export const callRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/calls',
		doc: { summary: "The calls still waiting or being answered, and today's finished ones with their times (any member of staff, API tokens)", responses: { 200: jsonAnswer('{ items: CallView[] }'), ...errors(401, 403) } },
		handle: async (request) => {
			const caller = await request.caller();
			if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', 'calls are read by staff and integrations');
			const now = request.app.now();
			const zone = await storeTimeZone(request.app.db, caller.storeId);
			const { start } = rangeBounds(storeDayOf(now, zone), storeDayOf(now, zone), zone);
			return { body: { items: await callViews(request.app.db, caller.storeId, start) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/calls',
		doc: {
			summary:
				'Raise a call from a bay (the tablet, the desk, QC, the parts kiosk, a wireless call button or the DMS with a write token): to a role or a named person, for a reason. 409 bay_has_no_job, 409 nobody_to_call; a second identical active call from the bay is merged (200, merged: true) instead of created (201)',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(raiseCall.schema),
			responses: { 201: jsonAnswer('{ call, merged: false }'), 200: jsonAnswer('{ call, merged: true }'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => {
			const answer = await runCommand(request, raiseCall, await request.object(), true);
			const merged = (answer.body as { merged?: boolean }).merged === true;
			return merged ? { ...answer, status: 200 } : answer;
		}
	},
	...(['acknowledge', 'done', 'close'] as const).map(
		(action): Route => ({
			method: 'POST',
			path: `/api/v1/calls/:id/${action}`,
			doc: {
				summary: {
					acknowledge: '"On my way": anyone of the called role (or the named person, the supervisor, the manager) takes the call',
					done: 'The call is answered and done',
					close: 'Close a call without an answer, with a reason (whoever raised it, the supervisor or the manager)'
				}[action],
				parameters: [pathParam('id'), idempotencyHeader],
				requestBody: jsonBody(closeBody),
				responses: { 200: jsonAnswer('the call'), ...errors(400, 401, 403, 404, 409) }
			},
			handle: async (request) => runCommand(request, answerCall, { ...(await request.object()), id: pathId(request, 'id', 'call'), action })
		})
	),
	{
		method: 'GET',
		path: '/api/v1/calls/choices',
		doc: {
			summary: 'What a call can be raised for and to: the bays holding a job now (code, order number, plate, stage) and the people who answer calls (id, name, role), for the desk, QC and the parts kiosk (whoever may raise a call)',
			responses: { 200: jsonAnswer('{ bays: { code, roNumber, plate, stage }[], people: { id, name, role }[] }'), ...errors(401, 403) }
		},
		handle: async (request) => {
			const caller = await callerWho(request, 'call.raise');
			const [bays, people] = await Promise.all([baysWithJobs(request.app.db, caller.storeId), peopleWithRoles(request.app.db, caller.storeId, callableRoles)]);
			return { body: { bays, people: people.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'zh-CN')) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/displays/:id/speech',
		doc: {
			summary: 'Whether a workshop TV (a display showing the bay board) speaks each new call, in its language; off by default (admin: display.manage)',
			parameters: [pathParam('id'), idempotencyHeader],
			requestBody: jsonBody(setDisplaySpeech.schema.pick({ speech: true })),
			responses: { 200: jsonAnswer('{ displayId, speech }'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, setDisplaySpeech, { ...(await request.object()), displayId: pathId(request, 'id', 'display') })
	},
	{
		method: 'GET',
		path: '/api/v1/calls/stats',
		doc: {
			summary: 'Per called role: how many calls, and the median and 90th percentile seconds to acknowledge and to finish, overall and by hour of day (advisor, supervisor, manager, admin)',
			parameters: queryParams(statsQuery),
			responses: { 200: jsonAnswer('{ range, rows: CallStatsRow[] }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await callerWho(request, 'call.stats');
			const q = statsQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const { from, to } = q.data;
			if (to < from) throw new CommandError(400, 'invalid_input', 'to: the last day comes before the first', 'to');
			const zone = await storeTimeZone(request.app.db, caller.storeId);
			const { start, end } = rangeBounds(from, to, zone);
			if (Number.isNaN(start) || Number.isNaN(end)) throw new CommandError(400, 'invalid_input', 'from: not a calendar date', 'from');
			if (end - start > 367 * 86_400_000) throw new CommandError(400, 'invalid_input', 'to: a range is at most a year', 'to');
			const calls = await callsRaised(request.app.db, caller.storeId, start, end);
			return { body: { range: { from, to }, rows: callStats(calls, (at) => Number(toStoreLocal(at, zone).slice(11, 13))) } };
		}
	}
];
