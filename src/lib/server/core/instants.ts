import { z } from 'zod';
import { CommandError } from './commands';
import { isoTime } from '$lib/domain/time';

/**
 * Moments the API accepts and answers. Accepted as ISO 8601 with an offset
 * (`2026-11-30T09:30:00Z`, or with the store's own offset), or, deprecated, as epoch milliseconds; answered as ISO 8601.
 * Nothing outside a sane window gets in: a date past JavaScript's last one, or year 9999, would
 * stop every screen that formats it.
 */

/** Earliest and latest moments anything in a shop can be: 2020 to 2100. */
export const EARLIEST = Date.UTC(2020, 0, 1);
export const LATEST = Date.UTC(2100, 0, 1);

export const instant = z
	.union([
		z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
		z.number().int().describe('deprecated: epoch milliseconds; send ISO 8601 with offset')
	])
	.pipe(z.number().min(EARLIEST, 'not before 2020').max(LATEST, 'not after 2099'))
	.describe('ISO 8601 with an offset (Z or ±hh:mm), e.g. 2026-11-30T09:30:00Z');

/** A calendar day (YYYY-MM-DD) in the same window. */
export const calendarDay = z.iso.date().refine((d) => d >= '2020-01-01' && d < '2100-01-01', 'a day between 2020 and 2099');

const DAY = 86_400_000;

/**
 * A moment as the field means it, around the command's `now`: a promise or pickup an hour
 * back at most (a late entry) and a year ahead at most.
 */
export function checkAhead(field: string, value: number, now: number, window = { pastMs: 3600_000, futureMs: 366 * DAY }): void {
	if (value < now - window.pastMs) throw new CommandError(400, 'invalid_input', `${field}: already past (${new Date(value).toISOString()})`, field);
	if (value > now + window.futureMs) {
		throw new CommandError(400, 'invalid_input', `${field}: more than ${Math.round(window.futureMs / DAY)} days ahead (${new Date(value).toISOString()})`, field);
	}
}

/**
 * A view as the API answers it: every moment (`…At`, `…Since`) as ISO 8601, nested lists too. A
 * moment stored out of range (an old row, a migration) answers null rather than failing the request.
 */
export function withIsoTimes<T>(value: T): T {
	if (Array.isArray(value)) return value.map(withIsoTimes) as T;
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		out[key] = typeof v === 'number' && /(At|Since)$/.test(key) ? (isoTime(v) ?? null) : withIsoTimes(v);
	}
	return out as T;
}
