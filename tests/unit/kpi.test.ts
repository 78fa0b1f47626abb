import { describe, expect, it } from 'vitest';
import { computeKpis, daysBetween, labourFen, median, p90, previousPeriod, quantile, rangeBounds, type KpiInput, type KpiOrder } from '$lib/domain/kpi';
import { fromStoreLocal } from '$lib/domain/time';

const TZ = 'Asia/Shanghai'; // UTC+8, no daylight saving
const at = (local: string) => fromStoreLocal(local, TZ);
const min = 60_000;
const op = (minutes1: number, minutes2: number, status: 'active' | 'pending' | 'declined' = 'active') => ({ minutes1, minutes2, status });

function order(o: Partial<KpiOrder> & Pick<KpiOrder, 'id' | 'kind' | 'checkedInAt'>): KpiOrder {
	return { stage: 'delivered', followedUpAt: null, crewSize: null, reworkCount: 0, wash: 0, promisedAt: null, deliveredAt: null, workedMs: 0, operations: [], ...o };
}

/*
 * The hand-worked store: labour rate 240 CNY/h; range 2026-11-30 .. 2026-12-01 (store days, Shanghai).
 *
 *  id kind         in (local)        delivered (local)  promised         crew ops (m1/m2)          worked wash rework stage
 *  1  maintenance  11-30 08:00       11-30 09:30        11-30 10:00      1    60/40                50m    1    0      delivered
 *  2  repair       11-30 09:00       11-30 18:00        11-30 17:00      2    90/60 + 30/20        70m    0    1      delivered
 *  3  accident     11-30 10:00       —                  —                -    120/80               0      0    0      in_progress
 *  4  maintenance  12-01 08:00       12-01 10:30        12-01 11:00      -    45/30 + 30/20 decl.  50m    1    0      delivered
 *  5  maintenance  11-29 16:00 (out) 11-30 08:30        11-29 18:00      -    30/20                20m    0    0      followed_up
 *  6  accident     12-01 09:00       —                  —                -    —                    0      0    0      cancelled
 *  7  repair       12-01 23:59       —                  —                -    —                    0      0    0      dispatched
 *  8  repair       12-02 00:00 (out) —                  —                -    —                    0      0    0      dispatched
 *
 * Slips (fen): order 2: 15000; order 4: 5000 + 1234; order 3 (not delivered): 9999.
 * Add-ons: 1 approved, 3 approved, 6 declined, 6 pending, 5 approved (5 came in before the range).
 */
const input: KpiInput = {
	timeZone: TZ,
	// Taken on 12-03 at noon: order 1's follow-up window (to 12-03 09:30) has closed, 2's (to 12-03 18:00) and 4's have not.
	now: at('2026-12-03T12:00'),
	labourRate: 240,
	orders: [
		order({ id: 1, kind: 'maintenance', checkedInAt: at('2026-11-30T08:00'), deliveredAt: at('2026-11-30T09:30'), promisedAt: at('2026-11-30T10:00'), crewSize: 1, operations: [op(60, 40)], workedMs: 50 * min, wash: 1 }),
		order({ id: 2, kind: 'repair', checkedInAt: at('2026-11-30T09:00'), deliveredAt: at('2026-11-30T18:00'), promisedAt: at('2026-11-30T17:00'), crewSize: 2, operations: [op(90, 60), op(30, 20)], workedMs: 70 * min, reworkCount: 1 }),
		order({ id: 3, kind: 'accident', checkedInAt: at('2026-11-30T10:00'), stage: 'in_progress', operations: [op(120, 80)] }),
		order({ id: 4, kind: 'maintenance', checkedInAt: at('2026-12-01T08:00'), deliveredAt: at('2026-12-01T10:30'), promisedAt: at('2026-12-01T11:00'), operations: [op(45, 30), op(30, 20, 'declined')], workedMs: 50 * min, wash: 1 }),
		order({ id: 5, kind: 'maintenance', stage: 'followed_up', checkedInAt: at('2026-11-29T16:00'), deliveredAt: at('2026-11-30T08:30'), promisedAt: at('2026-11-29T18:00'), followedUpAt: at('2026-12-01T10:00'), operations: [op(30, 20)], workedMs: 20 * min }),
		order({ id: 6, kind: 'accident', checkedInAt: at('2026-12-01T09:00'), stage: 'cancelled' }),
		order({ id: 7, kind: 'repair', checkedInAt: at('2026-12-01T23:59'), stage: 'dispatched' }),
		order({ id: 8, kind: 'repair', checkedInAt: at('2026-12-02T00:00'), stage: 'dispatched' })
	],
	slips: [
		{ repairOrderId: 2, total: 15000, issuedAt: at('2026-11-30T11:00') },
		{ repairOrderId: 4, total: 5000, issuedAt: at('2026-12-01T09:00') },
		{ repairOrderId: 4, total: 1234, issuedAt: at('2026-12-01T09:10') },
		{ repairOrderId: 3, total: 9999, issuedAt: at('2026-11-30T12:00') }
	],
	// Special orders: registered → arrived. A: 11-28 10:00 → 11-30 10:00 = 48 h; B: 11-30 09:00 → 11-30 15:00 = 6 h;
	// C: 11-29 08:00 → 12-01 20:00 = 60 h; D arrived 12-02 (out); E still on its way; F a draft never registered that arrived 11-30.
	specialOrders: [
		{ id: 1, registeredAt: at('2026-11-28T10:00'), arrivedAt: at('2026-11-30T10:00') },
		{ id: 2, registeredAt: at('2026-11-30T09:00'), arrivedAt: at('2026-11-30T15:00') },
		{ id: 3, registeredAt: at('2026-11-29T08:00'), arrivedAt: at('2026-12-01T20:00') },
		{ id: 4, registeredAt: at('2026-11-30T08:00'), arrivedAt: at('2026-12-02T08:00') },
		{ id: 5, registeredAt: at('2026-11-30T08:00'), arrivedAt: null },
		{ id: 6, registeredAt: null, arrivedAt: at('2026-11-30T12:00') }
	],
	// Equipment: T1 monthly, done 10-15 then 11-30 (due 11-15: overdue); T2 weekly, done 11-24 then 12-01 (due 12-01: on time);
	// T3 every 1000 uses, done at 500 then 11-30 at 1600 (due 1500, 100 past = exactly 10%: not overdue, on time);
	// T4 done 11-30 for the first time (no due point: not judged); T5 has no plan row (left out).
	tasks: [
		{ id: 1, everyCount: 1, everyUnit: 'month', everyUsage: null, leadDays: 0, leadUsage: 0 },
		{ id: 2, everyCount: 7, everyUnit: 'day', everyUsage: null, leadDays: 2, leadUsage: 0 },
		{ id: 3, everyCount: null, everyUnit: null, everyUsage: 1000, leadDays: 0, leadUsage: 100 },
		{ id: 4, everyCount: 1, everyUnit: 'week', everyUsage: null, leadDays: 0, leadUsage: 0 }
	],
	tasksDone: [
		{ taskId: 1, at: at('2026-10-15T10:00'), usageAt: 0 },
		{ taskId: 1, at: at('2026-11-30T09:00'), usageAt: 0 },
		{ taskId: 2, at: at('2026-11-24T08:00'), usageAt: 0 },
		{ taskId: 2, at: at('2026-12-01T17:00'), usageAt: 0 },
		{ taskId: 3, at: at('2026-11-01T08:00'), usageAt: 500 },
		{ taskId: 3, at: at('2026-11-30T12:00'), usageAt: 1600 },
		{ taskId: 4, at: at('2026-11-30T12:00'), usageAt: 0 },
		{ taskId: 5, at: at('2026-11-30T12:00'), usageAt: 0 }
	],
	addons: [
		{ repairOrderId: 1, status: 'approved' },
		{ repairOrderId: 3, status: 'approved' },
		{ repairOrderId: 6, status: 'declined' },
		{ repairOrderId: 6, status: 'pending' },
		{ repairOrderId: 5, status: 'approved' }
	]
};

describe('the manager figures, worked by hand', () => {
	const f = computeKpis(input, '2026-11-30', '2026-12-01');

	it('counts cars in and delivered per store day', () => {
		// In: 11-30 → 1, 2, 3; 12-01 → 4, 6 (cancelled, but it came in), 7 (23:59); 8 is the next day.
		// Delivered: 11-30 → 1, 2, 5 (came in the day before); 12-01 → 4.
		// A day's revenue: its delivered cars' standard minutes priced (240 CNY/h = 400 fen a minute) and their parts:
		// 11-30 → 1, 2, 5: (60 + 120 + 30) × 400 + 15000 = 99000; 12-01 → 4: 45 × 400 + 6234 = 24234 (sum 123234, the revenue).
		expect(f.days).toEqual([
			{ date: '2026-11-30', carsIn: 3, delivered: 3, revenue: 99000 },
			{ date: '2026-12-01', carsIn: 3, delivered: 1, revenue: 24234 }
		]);
		expect(f.carsIn).toBe(6);
		expect(f.delivered).toBe(4);
	});

	it('prices labour at standard time (minutes_1) and adds the delivered cars’ parts', () => {
		// Labour, minutes_1 of active operations / 60 × 240 CNY × 100:
		//   1: 60 → 24000; 2: 90+30 = 120 → 48000 (crew of 2 still billed at minutes_1);
		//   4: 45 (the declined 30 not billed) → 18000; 5: 30 → 12000.  Sum 102000 fen.
		// Parts: 2 → 15000; 4 → 5000 + 1234 = 6234; 3 not delivered → left out.  Sum 21234 fen.
		expect(labourFen(input.orders[1], 240)).toBe(48000);
		expect(f.labourRevenue).toBe(102000);
		expect(f.partsRevenue).toBe(21234);
		expect(f.revenue).toBe(123234);
		// Per car: 123234 / 4 = 30808.5 → 30809 fen.
		expect(f.revenuePerCar).toBe(30809);
	});

	it('computes the shares', () => {
		// Accident share: 3 and 6 of the 6 cars in = 1/3.
		expect(f.accidentShare).toBeCloseTo(1 / 3, 12);
		// Washes: delivered 1 and 4 asked for one = 2.
		expect(f.washesDone).toBe(2);
		// Standard time: 1: 50 ≤ 60 yes; 2: crew 2 → 60+20 = 80, 70 ≤ 80 yes; 4: 50 > 45 no; 5: 20 ≤ 30 yes → 3/4.
		expect(f.onTimeStandard).toBe(0.75);
		// Promise: 1 yes (09:30 ≤ 10:00), 2 no (18:00 > 17:00), 4 yes (10:30 ≤ 11:00), 5 no → 2/4.
		expect(f.onTimeDelivery).toBe(0.5);
		// 2-hour routine: maintenance delivered 1 (1.5 h yes), 4 (2.5 h no), 5 (16.5 h no) → 1/3.
		expect(f.twoHourDelivery).toBeCloseTo(1 / 3, 12);
		// First-pass QC: delivered 1, 4, 5 without rework of 4 → 3/4.
		expect(f.firstPassQc).toBe(0.75);
		// Add-ons of orders checked in in the range, decided: 1 approved, 3 approved, 6 declined (6's pending and 5's left out) → 2/3.
		expect(f.addonApproval).toBeCloseTo(2 / 3, 12);
	});

	it('measures special-order lead time over the orders that arrived in the range', () => {
		// A 48, B 6, C 60 hours → sorted 6, 48, 60: median 48; p90 = ceil(0.9 × 3) = 3rd = 60.
		expect(f.specialOrderLead).toEqual({ count: 3, medianHours: 48, p90Hours: 60 });
	});

	it('judges equipment tasks done against the due point their previous doing set', () => {
		// Judged T1 (late), T2 (on time), T3 (on time) → 2 of 3.
		expect(f.equipmentOnTime).toEqual({ judged: 3, onTime: 2, share: 2 / 3 });
	});

	it('counts follow-up calls made within 3 days of delivery', () => {
		// Delivered 1, 2, 4, 5. Due a call: 5 (reached 12-01 10:00, 25.5 h after) and 1 (window closed, not reached);
		// 2 and 4 are still inside their window and not reached: left out. Made: 5 → 1 of 2.
		expect(f.followUpWithin3Days).toEqual({ due: 2, made: 1, share: 0.5 });
	});

	it('gives null, not 0 or NaN, for a range with nothing in it', () => {
		const empty = computeKpis(input, '2026-11-01', '2026-11-02');
		expect(empty).toMatchObject({ carsIn: 0, delivered: 0, revenue: 0, revenuePerCar: null, accidentShare: null, onTimeStandard: null, onTimeDelivery: null, twoHourDelivery: null, firstPassQc: null, addonApproval: null, specialOrderLead: { count: 0, medianHours: null, p90Hours: null }, equipmentOnTime: { judged: 0, onTime: 0, share: null }, followUpWithin3Days: { due: 0, made: 0, share: null } });
		expect(empty.days.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02']);
	});
});

describe('ranges and quantiles', () => {
	it('finds the previous period of equal length', () => {
		expect(previousPeriod('2026-11-30', '2026-12-01')).toEqual({ from: '2026-11-28', to: '2026-11-29' });
		expect(previousPeriod('2026-03-01', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
		expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
	});

	it('bounds store days in the store’s zone', () => {
		// Shanghai midnight 11-30 = 11-29 16:00 UTC; the end is the next day's midnight.
		expect(rangeBounds('2026-11-30', '2026-12-01', TZ)).toEqual({ start: Date.UTC(2026, 10, 29, 16), end: Date.UTC(2026, 11, 1, 16) });
	});

	it('takes medians and nearest-rank percentiles', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNull();
		const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
		expect(p90(ten)).toBe(9); // ceil(0.9 × 10) = 9th smallest
		expect(p90([...ten, 11])).toBe(10); // ceil(9.9) = 10th smallest
		expect(quantile([7], 0.9)).toBe(7);
		expect(p90([])).toBeNull();
	});
});
