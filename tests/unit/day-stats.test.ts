import { describe, expect, it } from 'vitest';
import { dayStats, type DayOrder } from '$lib/domain/day-stats';

const MIN = 60_000;
const day = Date.parse('2026-11-27T00:00:00+08:00');
const op = [{ minutes1: 45, minutes2: 30 }];
const order = (o: Partial<DayOrder>): DayOrder => ({ stage: 'in_progress', checkedInAt: day + 60 * MIN, stageSince: day + 70 * MIN, crewSize: 1, workedMs: 0, runningSince: null, operations: op, ...o });

describe('board header figures', () => {
	it('counts cars in and out today and the on-time share of finished work', () => {
		const s = dayStats(
			[
				order({ stage: 'delivered', stageSince: day + 300 * MIN, workedMs: 40 * MIN }),
				order({ stage: 'ready', workedMs: 50 * MIN }), // 5 minutes over
				order({ stage: 'final_qc', crewSize: 2, workedMs: 29 * MIN }),
				order({ stage: 'in_progress', runningSince: day }), // still working: not counted
				order({ stage: 'cancelled' }),
				order({ stage: 'wash', checkedInAt: day - 600 * MIN, workedMs: 400 * MIN }), // yesterday's accident car, over
				order({ stage: 'delivered', checkedInAt: day - 900 * MIN, stageSince: day - 100 * MIN }) // left yesterday
			],
			day
		);
		expect(s).toEqual({ carsIn: 4, carsOut: 1, finished: 4, onTime: 2, onTimeRate: 0.5 });
	});
	it('has no rate before the first finished job', () => {
		expect(dayStats([order({})], day).onTimeRate).toBeNull();
	});
});
