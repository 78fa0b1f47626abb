import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { errors, jsonAnswer, queryParams } from '$lib/server/core/openapi';
import { callerWho } from '$lib/server/core/endpoints';
import { computeKpis, daysBetween, previousPeriod, rangeBounds } from '$lib/domain/kpi';
import { kpiRecords } from './repository';

/** A range is at most five years of store days (5 × 365 + 2 leap days). */
export const MAX_RANGE_DAYS = 5 * 365 + 2;

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const storeDay = z.string().refine(isDate, 'a calendar date YYYY-MM-DD');

const kpiQuery = z.object({
	from: storeDay.describe('the first store day, YYYY-MM-DD'),
	to: storeDay.describe('the last store day, YYYY-MM-DD (inclusive, not before from, at most five years after)')
});

export const kpiRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/kpi',
		doc: {
			summary:
				"The service manager's figures for the store days from..to (inclusive, the store's time zone) and for the previous period of equal length (manager, admin). Definitions: $lib/domain/kpi.ts; money in fen, shares 0..1 or null when there is nothing to count",
			parameters: queryParams(kpiQuery),
			responses: { 200: jsonAnswer('{ range: {from, to}, previous: {from, to}, figures, previousFigures }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await callerWho(request, 'kpi.read');
			if (caller.kind !== 'user') throw new CommandError(403, 'forbidden', 'only a signed-in manager or admin may read the figures');
			const q = kpiQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const { from, to } = q.data;
			if (to < from) throw new CommandError(400, 'invalid_input', 'to: the last day comes before the first', 'to');
			if (daysBetween(from, to).length > MAX_RANGE_DAYS) throw new CommandError(400, 'invalid_input', 'to: a range is at most five years', 'to');
			const previous = previousPeriod(from, to);
			const { db } = request.app;
			const zone = await db.selectFrom('stores').select('time_zone').where('id', '=', caller.storeId).executeTakeFirst();
			const timeZone = zone?.time_zone ?? 'Asia/Shanghai';
			// One read over both periods; each period's figures take their own days from it.
			const { start } = rangeBounds(previous.from, previous.to, timeZone);
			const { end } = rangeBounds(from, to, timeZone);
			const records = await kpiRecords(db, caller.storeId, start, end, request.app.now());
			return {
				body: {
					range: { from, to },
					previous,
					figures: computeKpis(records, from, to),
					previousFigures: computeKpis(records, previous.from, previous.to)
				}
			};
		}
	}
];
