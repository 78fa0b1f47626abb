const MIN = 60_000;

/**
 * When can a car checked in now be ready? Every bay in service is free now or at the end of its
 * current job; the cars already waiting go first, each into the earliest free bay; the new car
 * takes the next one. The advisor sees the suggestion and may override it.
 */
export interface PromiseInput {
	now: number;
	/** For each bay in service: when it is free (now, or the end of its current job): see bayFreeTimes. */
	bayFreeAt: number[];
	/** Standard minutes of each car already waiting for dispatch, in queue order. */
	queueMinutes: number[];
	/** Standard minutes of the new car. */
	jobMinutes: number;
	/** The customer chose the free wash: it comes after the checks. */
	wash?: boolean;
	/** Round the promise up to this many minutes: a time a customer can remember. */
	roundMinutes?: number;
}

/** Quality check and the advisor's look, after the work. */
export const CHECKS_MS = 15 * 60_000;
/** The wash, when chosen. */
export const WASH_MS = 20 * 60_000;
/** A job past its standard time is assumed to need this much more. */
export const OVERRUN_ALLOWANCE_MS = 10 * 60_000;

/**
 * When each bay is free: the end of the job it holds (its standard time left, or a little more
 * when it is already over), now for a free bay. `bays` counts the bays in service; a job standing
 * in a bay out of service still counts as a bay, so an estimate never comes out later than the
 * promise made from the same shop.
 */
export function bayFreeTimes(jobsRemainingMs: number[], bays: number, now: number): number[] {
	const busy = jobsRemainingMs.map((left) => now + Math.max(left, left <= 0 ? OVERRUN_ALLOWANCE_MS : 0));
	return [...busy, ...Array(Math.max(0, bays - busy.length)).fill(now)];
}

/**
 * The one rule for when a car will be ready, used both for the promise at check-in and for the
 * desk's estimate afterwards (so accepting the suggested promise never makes the car "late"):
 * its start in the earliest free bay after the cars waiting before it, its standard time, the
 * checks, and the wash when chosen. Not rounded.
 */
export function plannedReady(input: PromiseInput): { startAt: number; readyAt: number } {
	if (input.bayFreeAt.length === 0) throw new Error('no bay in service');
	const slots = input.bayFreeAt.map((t) => Math.max(t, input.now)).sort((a, b) => a - b);
	const takeEarliest = (minutes: number): number => {
		const start = slots.shift()!;
		const end = start + minutes * MIN;
		const at = slots.findIndex((t) => t > end);
		slots.splice(at === -1 ? slots.length : at, 0, end);
		return start;
	};
	for (const minutes of input.queueMinutes) takeEarliest(minutes);
	const startAt = takeEarliest(input.jobMinutes);
	return { startAt, readyAt: startAt + input.jobMinutes * MIN + CHECKS_MS + (input.wash ? WASH_MS : 0) };
}

/** A booked visit not arrived yet: when it is due and the standard minutes of what was booked. */
export interface BookedVisit {
	startAt: number;
	minutes: number;
}

/** A booked car is counted as waiting from this long before its time (or once it is late). */
export const BOOKING_LEAD_MS = 30 * 60_000;
/** The standard minutes assumed for a visit booked without operations: a routine service. */
export const BOOKING_DEFAULT_MINUTES = 45;

/**
 * The booked visits that count in the load for a promise made now: those due within
 * `BOOKING_LEAD_MS` (or late and not arrived yet), in the order they are due, as queue minutes
 * after the cars already waiting. A visit booked for later leaves the bays to the car now.
 */
export function bookingsInQueue(visits: readonly BookedVisit[], now: number): number[] {
	return visits
		.filter((v) => v.startAt <= now + BOOKING_LEAD_MS)
		.sort((a, b) => a.startAt - b.startAt)
		.map((v) => (v.minutes > 0 ? v.minutes : BOOKING_DEFAULT_MINUTES));
}

export interface PromiseSuggestion {
	startAt: number;
	readyAt: number;
	/** Cars ahead of this one. */
	queueAhead: number;
}

/** The promise to suggest: the planned ready time, rounded up to a time a customer can remember. */
export function suggestPromise(input: PromiseInput): PromiseSuggestion {
	const { startAt, readyAt } = plannedReady(input);
	const round = (input.roundMinutes ?? 15) * MIN;
	return { startAt, readyAt: Math.ceil(readyAt / round) * round, queueAhead: input.queueMinutes.length };
}

export interface TeamLoad {
	teamId: number;
	jobs: number;
	remainingMinutes: number;
}

/** Jobs a team holds now and their standard minutes still to go. */
export function teamLoads(teamIds: number[], jobs: { teamId: number | null; remainingMs: number }[]): TeamLoad[] {
	return teamIds.map((teamId) => {
		const mine = jobs.filter((j) => j.teamId === teamId);
		return { teamId, jobs: mine.length, remainingMinutes: Math.round(mine.reduce((s, j) => s + Math.max(0, j.remainingMs), 0) / MIN) };
	});
}
