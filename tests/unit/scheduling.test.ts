import { describe, expect, it } from 'vitest';
import { suggestPromise, teamLoads } from '$lib/domain/scheduling';

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
