import { z } from 'zod';
import { CommandError, validationError } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { errors, jsonAnswer, queryParams } from '$lib/server/core/openapi';
import { callerWho } from '$lib/server/core/endpoints';
import { daysBetween, figuresOfTally, previousPeriod, rangeBounds, storeDayOf } from '$lib/domain/kpi';
import { bayDay, breakdownsOfTally, dayBounds, workshopLog, type KpiReport, type LogRow } from '$lib/domain/kpi-breakdowns';
import { factsOverlapping, otherRecords, rangeTally, runningClocks, specialOrdersByStep, storeNames } from './repository';

/** A range is at most five years of store days (5 × 365 + 2 leap days). */
export const MAX_RANGE_DAYS = 5 * 365 + 2;

const isDate = (d: string) => {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
	const t = Date.parse(`${d}T00:00:00Z`);
	// 2026-13-01 is no date at all; 2026-02-30 parses but comes back as March.
	return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};
const storeDay = z.string().refine(isDate, 'a calendar date YYYY-MM-DD');

const kpiQuery = z.object({
	from: storeDay.describe('the first store day, YYYY-MM-DD'),
	to: storeDay.describe('the last store day, YYYY-MM-DD (inclusive, not before from, at most five years after)')
});

const logQuery = z.object({ day: storeDay.describe('the store day, YYYY-MM-DD') });

async function manager(request: Parameters<Route['handle']>[0]) {
	const caller = await callerWho(request, 'kpi.read');
	if (caller.kind !== 'user') throw new CommandError(403, 'forbidden', 'only a signed-in manager or admin may read the figures');
	return caller;
}

export const kpiRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/kpi',
		doc: {
			summary:
				"The service manager's figures for the store days from..to (inclusive, the store's time zone) and for the previous period of equal length (manager, admin). Definitions: $lib/domain/kpi.ts; money in fen, shares 0..1 or null when there is nothing to count",
			parameters: queryParams(kpiQuery),
			responses: { 200: jsonAnswer('KpiReport ($lib/domain/kpi-breakdowns.ts): { range, previous, figures, previousFigures, breakdowns, bayDay, specialOrdersByStep, at }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await manager(request);
			const q = kpiQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const { from, to } = q.data;
			if (to < from) throw new CommandError(400, 'invalid_input', 'to: the last day comes before the first', 'to');
			if (daysBetween(from, to).length > MAX_RANGE_DAYS) throw new CommandError(400, 'invalid_input', 'to: a range is at most five years', 'to');
			const previous = previousPeriod(from, to);
			const { db } = request.app;
			const now = request.app.now();
			const names = await storeNames(db, caller.storeId);
			const { start } = rangeBounds(previous.from, previous.to, names.timeZone);
			const { end } = rangeBounds(from, to, names.timeZone);
			// The bay timeline is of the range's last day, or today when the range runs past it.
			const today = storeDayOf(now, names.timeZone);
			const day = to > today && from <= today ? today : to;
			const bounds = dayBounds(day, names.timeZone);
			const [tally, previousTally, other, dayFacts, steps] = await Promise.all([
				rangeTally(db, caller.storeId, from, to, now, names.timeZone),
				rangeTally(db, caller.storeId, previous.from, previous.to, now, names.timeZone),
				otherRecords(db, caller.storeId, start, end),
				factsOverlapping(db, caller.storeId, bounds.start, bounds.end),
				specialOrdersByStep(db, caller.storeId)
			]);
			const rest = { timeZone: names.timeZone, labourRate: names.labourRate, ...other };
			const body: KpiReport = {
				range: { from, to },
				previous,
				figures: figuresOfTally(tally, from, to, rest),
				previousFigures: figuresOfTally(previousTally, previous.from, previous.to, rest),
				breakdowns: breakdownsOfTally(tally, names.teams, names.technicians),
				bayDay: bayDay(dayFacts, day, names.bays, names, names.timeZone, now),
				specialOrdersByStep: steps,
				at: now
			};
			return { body };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/kpi/log',
		doc: {
			summary:
				'The daily workshop log (修理日志) of one store day (manager, admin): every car that was in a bay that day, in the order work began, with its operations, team, crew, start and end, standard against actual minutes, QC result and rework',
			parameters: queryParams(logQuery),
			responses: { 200: jsonAnswer('{ day, rows: LogRow[] }'), ...errors(400, 401, 403) }
		},
		handle: async (request) => {
			const caller = await manager(request);
			const q = logQuery.safeParse(Object.fromEntries(request.url.searchParams));
			if (!q.success) throw validationError(q.error);
			const { db } = request.app;
			const names = await storeNames(db, caller.storeId);
			const { start, end } = dayBounds(q.data.day, names.timeZone);
			const facts = await factsOverlapping(db, caller.storeId, start, end);
			const clock = { now: request.app.now(), runningSince: await runningClocks(db, caller.storeId, facts.map((f) => f.id)) };
			const rows: LogRow[] = workshopLog(facts, q.data.day, names.teams, names.timeZone, clock);
			return { body: { day: q.data.day, rows } };
		}
	}
];
