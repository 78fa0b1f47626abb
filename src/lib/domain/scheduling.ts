/**
 * When can a car checked in now be ready? Every bay in service is free now or at the end of its
 * current job; the cars already waiting go first, each into the earliest free bay; the new car
 * takes the next one. The advisor sees the suggestion and may override it.
 */
export interface PromiseInput {
	now: number;
	/** For each bay in service: when it is free (now, or the end of its current job). */
	bayFreeAt: number[];
	/** Standard minutes of each car already waiting for dispatch, in queue order. */
	queueMinutes: number[];
	/** Standard minutes of the new car. */
	jobMinutes: number;
	/** Slack for checks and the wash, in minutes. */
	bufferMinutes?: number;
	/** Round the promise up to this many minutes: a time a customer can remember. */
	roundMinutes?: number;
}

export interface PromiseSuggestion {
	startAt: number;
	readyAt: number;
	/** Cars ahead of this one. */
	queueAhead: number;
}

const MIN = 60_000;

export function suggestPromise(input: PromiseInput): PromiseSuggestion {
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
	const round = (input.roundMinutes ?? 15) * MIN;
	const readyAt = Math.ceil((startAt + (input.jobMinutes + (input.bufferMinutes ?? 15)) * MIN) / round) * round;
	return { startAt, readyAt, queueAhead: input.queueMinutes.length };
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
