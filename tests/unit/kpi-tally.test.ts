import { describe, expect, it } from 'vitest';
import { emptyTally, histStats, mergeTally, pruneTally, stageBucket, tallyOrder, tallyRange, type TallyOrder } from '$lib/domain/kpi-tally';
import { emptyStageMs } from '$lib/domain/kpi-facts';
import { fromStoreLocal } from '$lib/domain/time';

const TZ = 'Asia/Shanghai';
const at = (local: string) => fromStoreLocal(local, TZ);
const min = 60_000;

function order(o: Partial<TallyOrder> & Pick<TallyOrder, 'checkedInDay'>): TallyOrder {
	return {
		kind: 'maintenance',
		advisor: '李娜',
		teamId: 1,
		crewSize: 1,
		checkedInAt: at(`${o.checkedInDay}T09:00`),
		deliveredAt: null,
		deliveredDay: null,
		promisedAt: null,
		followedUpAt: null,
		std1: 45,
		std2: 30,
		workedMs: 40 * min,
		reworkCount: 0,
		wash: 0,
		partsFen: 0,
		addonsApproved: 0,
		addonsDeclined: 0,
		mainOp: { code: 'MAINT', nameZh: '保养', nameEn: 'Service', minutes1: 45, minutes2: 30 },
		crew: [{ technicianId: 7, name: '王师傅', workedMs: 40 * min }],
		stageMs: emptyStageMs(),
		...o
	};
}

const delivered = (day: string, extra: Partial<TallyOrder> = {}) =>
	order({ checkedInDay: day, deliveredDay: day, deliveredAt: at(`${day}T11:00`), stageMs: { ...emptyStageMs(), to_dispatch: 12 * min, in_progress: 40 * min }, ...extra });

describe('stage minutes as the statistics count them', () => {
	it('rounds to the minute under an hour, to 5 under 10 hours, to 30 under 2 days, to 2 hours beyond', () => {
		expect(stageBucket(20_000)).toBe(0);
		expect(stageBucket(12.4 * min)).toBe(12);
		expect(stageBucket(59.4 * min)).toBe(59);
		expect(stageBucket(77 * min)).toBe(75);
		expect(stageBucket(78 * min)).toBe(80);
		expect(stageBucket(9 * 60 * min)).toBe(540);
		expect(stageBucket(20 * 60 * min + 14 * min)).toBe(1200);
		expect(stageBucket(3 * 24 * 60 * min + 59 * min)).toBe(3 * 24 * 60);
	});

	it('reads a median (the two middle values averaged) and a nearest-rank p90 off a histogram', () => {
		// 5, 10, 10, 20 → median (10 + 10) / 2 = 10; p90 rank ceil(3.6) = 4 → 20.
		expect(histStats({ 5: 1, 10: 2, 20: 1 })).toEqual({ jobs: 4, median: 10, p90: 20 });
		// 5, 20 → 12.5; p90 rank 2 → 20.
		expect(histStats({ 20: 1, 5: 1 })).toEqual({ jobs: 2, median: 12.5, p90: 20 });
		expect(histStats({ 30: 0 })).toEqual({ jobs: 0, median: null, p90: null });
		expect(histStats(undefined)).toEqual({ jobs: 0, median: null, p90: null });
	});
});

describe('a tally adds up', () => {
	const orders = [
		delivered('2026-10-30'),
		delivered('2026-10-31', { kind: 'accident', reworkCount: 1, partsFen: 5000, wash: 1, teamId: 2, advisor: '张伟', crew: [{ technicianId: 8, name: '刘师傅', workedMs: 50 * min }], workedMs: 50 * min }),
		// Checked in in October, delivered in November: its two sides fall in two months.
		order({ checkedInDay: '2026-10-31', deliveredDay: '2026-11-02', deliveredAt: at('2026-11-02T10:00'), addonsApproved: 1, addonsDeclined: 1, stageMs: { ...emptyStageMs(), paused_parts: 2 * 24 * 60 * min } }),
		delivered('2026-11-03', { mainOp: { code: null, nameZh: '异响检查', nameEn: 'Noise check', minutes1: 30, minutes2: 20 }, std1: 30, std2: 20 }),
		order({ checkedInDay: '2026-11-04' })
	];

	it('the tallies of two halves merged equal the tally of the whole, whatever the order', () => {
		const whole = tallyRange(orders, '2026-10-01', '2026-11-30', Infinity);
		const october = tallyRange(orders, '2026-10-01', '2026-10-31', Infinity);
		const november = tallyRange(orders, '2026-11-01', '2026-11-30', Infinity);
		expect(mergeTally(mergeTally(emptyTally(), november), october)).toEqual(whole);
		expect(whole.carsIn).toBe(5);
		expect(whole.delivered).toBe(4);
		expect(october.carsIn).toBe(3);
		expect(october.delivered).toBe(2);
		expect(november.addonsApproved).toBe(0);
		expect(october.addonsApproved).toBe(1);
		expect(whole.days['2026-10-31']).toEqual({ in: 2, out: 1, std1Min: 45, partsFen: 5000 });
		expect(Object.keys(whole.ops).sort()).toEqual(['MAINT', 'free:异响检查']);
		expect(whole.techs['8']).toEqual({ name: '刘师傅', jobs: 1, earnedMin: 45, onJobMs: 50 * min, reworkJobs: 1 });
	});

	it('taking an order off again leaves the tally it was before, in its canonical form', () => {
		const before = tallyRange(orders.slice(0, 2), '2026-10-01', '2026-10-31', Infinity);
		pruneTally(before);
		const t = tallyRange(orders.slice(0, 2), '2026-10-01', '2026-10-31', Infinity);
		tallyOrder(t, orders[3], true, true, Infinity);
		expect(t).not.toEqual(before);
		tallyOrder(t, orders[3], true, true, Infinity, -1);
		pruneTally(t);
		expect(t).toEqual(before);
		// Nothing at all left: every map empty, every count 0.
		const one = emptyTally();
		tallyOrder(one, orders[1], true, true, Infinity);
		tallyOrder(one, orders[1], true, true, Infinity, -1);
		expect(pruneTally(one)).toBe(false);
		expect(one).toEqual(emptyTally());
	});

	it('counts a car due its follow-up call only once its 3 days are over or it was reached', () => {
		const car = delivered('2026-11-03');
		const now = at('2026-11-05T12:00');
		expect(tallyRange([car], '2026-11-03', '2026-11-03', now)).toMatchObject({ followUpDue: 0, followUpMade: 0 });
		expect(tallyRange([car], '2026-11-03', '2026-11-03', at('2026-11-06T11:00'))).toMatchObject({ followUpDue: 1, followUpMade: 0 });
		expect(tallyRange([{ ...car, followedUpAt: at('2026-11-04T10:00') }], '2026-11-03', '2026-11-03', now)).toMatchObject({ followUpDue: 1, followUpMade: 1 });
	});
});
