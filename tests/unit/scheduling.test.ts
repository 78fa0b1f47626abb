import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bayFreeTimes, bookingsInQueue, BOOKING_DEFAULT_MINUTES, suggestPromise, teamLoads } from '$lib/domain/scheduling';
import { estimateReadyAt, queuedAheadMs, readySlipped } from '$lib/domain/privacy';
import { countdown } from '$lib/domain/countdown';
import { standardMinutes } from '$lib/domain/standard-time';
import type { Stage } from '$lib/domain/repair-order';

const MIN = 60_000;
const now = Date.parse('2026-11-27T10:00:00+08:00');

describe('promised completion', () => {
	it('starts at once on a free bay: 45 minutes of maintenance plus checks, rounded to the quarter hour', () => {
		const s = suggestPromise({ now, bayFreeAt: [now, now + 30 * MIN], queueMinutes: [], jobMinutes: 45 });
		expect(s.startAt).toBe(now);
		expect(s.readyAt).toBe(now + 60 * MIN);
	});
	it('waits for the earliest bay when all are busy', () => {
		const s = suggestPromise({ now, bayFreeAt: [now + 50 * MIN, now + 20 * MIN], queueMinutes: [], jobMinutes: 30 });
		expect(s.startAt).toBe(now + 20 * MIN);
		expect(s.readyAt).toBe(now + 75 * MIN);
	});
	it('lets the cars already waiting go first', () => {
		const s = suggestPromise({ now, bayFreeAt: [now, now + 10 * MIN], queueMinutes: [60, 60], jobMinutes: 45 });
		// queue: car 1 on bay A at 10:00 (free 11:00), car 2 on bay B at 10:10 (free 11:10); ours at 11:00
		expect(s).toMatchObject({ startAt: now + 60 * MIN, queueAhead: 2 });
		expect(s.readyAt).toBe(now + 120 * MIN);
	});
	it('never starts in the past, and needs a bay', () => {
		expect(suggestPromise({ now, bayFreeAt: [now - 99 * MIN], queueMinutes: [], jobMinutes: 15 }).startAt).toBe(now);
		expect(() => suggestPromise({ now, bayFreeAt: [], queueMinutes: [], jobMinutes: 15 })).toThrow(/no bay/);
	});
});

describe('booked visits in the load', () => {
	const now = Date.parse('2026-12-01T10:00:00+08:00');
	const min = 60_000;

	it('counts the visits due within half an hour or late, in the order they are due; a visit booked for later leaves the bays to the car now', () => {
		const visits = [
			{ startAt: now + 25 * min, minutes: 60 },
			{ startAt: now - 20 * min, minutes: 0 },
			{ startAt: now + 31 * min, minutes: 90 },
			{ startAt: now + 3 * 60 * min, minutes: 120 }
		];
		expect(bookingsInQueue(visits, now)).toEqual([BOOKING_DEFAULT_MINUTES, 60]);
		expect(bookingsInQueue([], now)).toEqual([]);
	});

	it('makes the promise later when a booked car takes the last free bay first', () => {
		// One bay, free now. Alone: 45 min + 15 checks → 10:60 = 11:00. Behind a booked 60-minute visit due at 10:20: starts 11:00 → 12:00.
		const alone = suggestPromise({ now, bayFreeAt: [now], queueMinutes: [], jobMinutes: 45 });
		const behind = suggestPromise({ now, bayFreeAt: [now], queueMinutes: bookingsInQueue([{ startAt: now + 20 * min, minutes: 60 }], now), jobMinutes: 45 });
		expect(new Date(alone.readyAt).toISOString()).toBe('2026-12-01T03:00:00.000Z');
		expect(new Date(behind.readyAt).toISOString()).toBe('2026-12-01T04:00:00.000Z');
		expect(behind.queueAhead).toBe(1);
	});
});

describe('team load', () => {
	it('counts jobs and the minutes still to go; overruns count as nothing left', () => {
		expect(
			teamLoads([1, 2, 3], [
				{ teamId: 1, remainingMs: 20 * MIN },
				{ teamId: 1, remainingMs: -5 * MIN },
				{ teamId: 2, remainingMs: 90 * MIN },
				{ teamId: null, remainingMs: 10 * MIN }
			])
		).toEqual([
			{ teamId: 1, jobs: 2, remainingMinutes: 20 },
			{ teamId: 2, jobs: 1, remainingMinutes: 90 },
			{ teamId: 3, jobs: 0, remainingMinutes: 0 }
		]);
	});
});

describe('the promise and the estimate follow one rule', () => {
	it('a car checked in with exactly the suggested promise is never flagged as later than promised', () => {
		const op = (minutes1: number) => ({ minutes1, minutes2: Math.ceil(minutes1 * 0.7), status: 'active' as const });
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10 }),
				fc.array(fc.record({ minutes: fc.integer({ min: 15, max: 240 }), worked: fc.integer({ min: 0, max: 300 }), crew: fc.constantFrom(1, 2), stage: fc.constantFrom('in_progress', 'paused', 'dispatched', 'team_check') }), { maxLength: 12 }),
				fc.array(fc.integer({ min: 15, max: 300 }), { maxLength: 8 }),
				fc.array(fc.integer({ min: 10, max: 240 }), { minLength: 1, maxLength: 3 }),
				fc.boolean(),
				(bays, jobs, waiting, mine, wash) => {
					let id = 0;
					const base = { wash: false, promisedAt: null, announcedReadyAt: null, runningSince: null, checkedInAt: now - 60 * MIN, stageSince: now - 60 * MIN };
					const inBays = jobs.slice(0, bays).map((j) => ({
						...base,
						id: ++id,
						stage: j.stage as Stage,
						operations: [op(j.minutes)],
						crewSize: j.crew,
						workedMs: j.worked * MIN,
						runningSince: j.stage === 'in_progress' ? now : null
					}));
					const queue = waiting.map((minutes, i) => ({ ...base, id: ++id, stage: 'waiting_dispatch' as Stage, operations: [op(minutes)], crewSize: null, workedMs: 0, checkedInAt: now - (30 - i) * MIN }));
					// What the server suggests at check-in…
					const suggestion = suggestPromise({
						now,
						bayFreeAt: bayFreeTimes(inBays.map((o) => (o.stage === 'team_check' ? 0 : countdown(o, now).remainingMs)), bays, now),
						queueMinutes: queue.map((o) => standardMinutes(o.operations, 1)),
						jobMinutes: standardMinutes(mine.map(op), 1),
						wash
					});
					// …accepted as the promise: the desk's estimate of the same car at the same moment.
					const car = { ...base, id: ++id, stage: 'checked_in' as Stage, wash, operations: mine.map(op), crewSize: null, workedMs: 0, checkedInAt: now, stageSince: now, promisedAt: suggestion.readyAt };
					const all = [...inBays, ...queue, car];
					const estimate = estimateReadyAt(car, now, queuedAheadMs(all, car.id, now, bays));
					expect(estimate).not.toBeNull();
					expect(estimate!).toBeLessThanOrEqual(suggestion.readyAt);
					expect(readySlipped(car, estimate)).toBe(false);
				}
			),
			{ numRuns: 300 }
		);
	});
});
