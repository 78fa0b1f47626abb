import { describe, expect, it } from 'vitest';
import { addMonthsToDay, bookingProblem, DEFAULT_SERVICE_PLAN, fitsCapacity, kmPerDay, nextScheduledService, queueStanding, ruleFor, visitStatus, type CarForSchedule } from '$lib/domain/care';
import { fromStoreLocal } from '$lib/domain/time';

const TZ = 'Asia/Shanghai';
const at = (local: string) => fromStoreLocal(local, TZ);
const car = (c: Partial<CarForSchedule>): CarForSchedule => ({ saleDay: '2026-03-10', saleMileage: 10, lastMileage: null, lastMileageDay: null, firstDoneDay: null, secondDoneDay: null, ...c });

describe('first and second service: by time or mileage, whichever first', () => {
	const rule = DEFAULT_SERVICE_PLAN; // 5 months or 5,000 km; 12 months or 10,000 km

	it('falls due by time when the car is driven little', () => {
		// Sold 03-10 at 10 km; 2,000 km by 06-10 (92 days: 21.7 km a day) → 3,000 km more takes 138 days (10-26), after 08-10.
		const due = nextScheduledService(car({ lastMileage: 2010, lastMileageDay: '2026-06-10' }), rule, '2026-07-20')!;
		expect(due).toMatchObject({ service: 'first', dueDay: '2026-08-10', by: 'time', dueKm: 5010, state: 'due_soon', daysLeft: 21 });
	});

	it('falls due by mileage when the car is driven a lot, on the day its pace brings it there', () => {
		// 3,000 km in the 31 days to 04-10 (≈ 96.5 km a day): 2,000 km left → ceil(20.7) = 21 days → 05-01, before 08-10.
		const c = car({ lastMileage: 3010, lastMileageDay: '2026-04-10' });
		expect(kmPerDay(c)).toBeCloseTo(3000 / 31, 10);
		expect(nextScheduledService(c, rule, '2026-04-20')).toMatchObject({ dueDay: '2026-05-01', by: 'mileage', state: 'due_soon', daysLeft: 11 });
		// Read at 5,200 km already: due the day of that reading, and overdue after it.
		expect(nextScheduledService(car({ lastMileage: 5200, lastMileageDay: '2026-06-01' }), rule, '2026-06-02')).toMatchObject({ dueDay: '2026-06-01', by: 'mileage', state: 'overdue', daysLeft: -1 });
	});

	it('marks the boundaries: due on the day is due soon, the day after overdue; 30 days ahead is due soon, 31 upcoming', () => {
		const c = car({});
		expect(nextScheduledService(c, rule, '2026-08-10')).toMatchObject({ state: 'due_soon', daysLeft: 0 });
		expect(nextScheduledService(c, rule, '2026-08-11')).toMatchObject({ state: 'overdue', daysLeft: -1 });
		expect(nextScheduledService(c, rule, '2026-07-11')).toMatchObject({ state: 'due_soon', daysLeft: 30 });
		expect(nextScheduledService(c, rule, '2026-07-10')).toMatchObject({ state: 'upcoming', daysLeft: 31 });
	});

	it('goes on to the second service once the first is done, and to nothing after both', () => {
		expect(nextScheduledService(car({ firstDoneDay: '2026-08-01' }), rule, '2026-09-01')).toMatchObject({ service: 'second', dueDay: '2027-03-10', dueKm: 10010 });
		expect(nextScheduledService(car({ firstDoneDay: '2026-08-01', secondDoneDay: '2027-03-01' }), rule, '2027-04-01')).toBeNull();
		expect(nextScheduledService(car({ saleDay: null }), rule, '2027-04-01')).toBeNull();
	});

	it('adds calendar months from the sale day (month ends clamp)', () => {
		expect(addMonthsToDay('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonthsToDay('2027-09-30', 5)).toBe('2028-02-29');
		expect(nextScheduledService(car({ saleDay: '2026-09-30' }), rule, '2026-10-01')!.dueDay).toBe('2027-02-28');
	});

	it('ignores a pace it cannot know: one reading, too soon after the sale, or an odometer behind the sale', () => {
		expect(kmPerDay(car({ lastMileage: 900, lastMileageDay: '2026-03-20' }))).toBeNull();
		expect(kmPerDay(car({ saleMileage: 100, lastMileage: 50, lastMileageDay: '2026-05-20' }))).toBeNull();
		expect(nextScheduledService(car({ saleMileage: null }), rule, '2026-04-01')).toMatchObject({ by: 'time', dueKm: 5000 });
	});

	it('takes the rule of the longest matching brand or model prefix', () => {
		const rules = [
			{ prefix: '', firstMonths: 6, firstKm: 6000, secondMonths: 12, secondKm: 12000 },
			{ prefix: '大众', firstMonths: 5, firstKm: 5000, secondMonths: 12, secondKm: 10000 },
			{ prefix: '大众 途观', firstMonths: 3, firstKm: 3000, secondMonths: 9, secondKm: 8000 }
		];
		expect(ruleFor('大众 途观L', rules).firstMonths).toBe(3);
		expect(ruleFor('大众 帕萨特', rules).firstMonths).toBe(5);
		expect(ruleFor('丰田 凯美瑞', rules).firstMonths).toBe(6);
		expect(ruleFor('丰田 凯美瑞', [])).toEqual(DEFAULT_SERVICE_PLAN);
	});
});

describe('active, at risk, lost', () => {
	it('is at risk from 6 months after the last visit to 12 months inclusive, lost after', () => {
		expect(visitStatus('2026-01-15', '2026-07-14')).toBe('active');
		expect(visitStatus('2026-01-15', '2026-07-15')).toBe('at_risk');
		expect(visitStatus('2026-01-15', '2027-01-15')).toBe('at_risk');
		expect(visitStatus('2026-01-15', '2027-01-16')).toBe('lost');
		// A visit on Aug 31: 6 months on is Feb 28.
		expect(visitStatus('2026-08-31', '2027-02-27')).toBe('active');
		expect(visitStatus('2026-08-31', '2027-02-28')).toBe('at_risk');
	});
});

describe('the care queue after the calls made', () => {
	it('lists a customer nobody called', () => {
		expect(queueStanding([], '2026-12-01')).toEqual({ listed: true, hold: null, until: null, unanswered: 0 });
	});

	it('rests a customer after a call: a day after no answer, a week after three in a row, 30 days after a talk, 60 after a no', () => {
		expect(queueStanding([{ outcome: 'no_answer', day: '2026-12-01' }], '2026-12-01')).toMatchObject({ listed: false, hold: 'snoozed', until: '2026-12-02', unanswered: 1 });
		expect(queueStanding([{ outcome: 'no_answer', day: '2026-12-01' }], '2026-12-02')).toMatchObject({ listed: true, unanswered: 1 });
		const three = [
			{ outcome: 'no_answer' as const, day: '2026-11-28' },
			{ outcome: 'no_answer' as const, day: '2026-11-29' },
			{ outcome: 'no_answer' as const, day: '2026-12-01' }
		];
		expect(queueStanding(three, '2026-12-02')).toMatchObject({ listed: false, until: '2026-12-08', unanswered: 3 });
		expect(queueStanding([...three, { outcome: 'reached', day: '2026-12-02' }], '2026-12-20')).toMatchObject({ listed: false, until: '2027-01-01', unanswered: 0 });
		expect(queueStanding([{ outcome: 'declined', day: '2026-12-01' }], '2027-01-29')).toMatchObject({ listed: false, until: '2027-01-30' });
		expect(queueStanding([{ outcome: 'declined', day: '2026-12-01' }], '2027-01-30')).toMatchObject({ listed: true });
	});

	it('keeps a booked customer off while the visit is ahead, a wrong number until the phone is corrected, do-not-contact for good', () => {
		expect(queueStanding([{ outcome: 'booked', day: '2026-12-01' }], '2026-12-03', { hasUpcomingBooking: true })).toMatchObject({ listed: false, hold: 'booked' });
		expect(queueStanding([{ outcome: 'wrong_number', day: '2026-12-01' }], '2027-06-01')).toMatchObject({ listed: false, hold: 'wrong_number' });
		expect(queueStanding([{ outcome: 'wrong_number', day: '2026-12-01' }], '2026-12-05', { phoneChangedDay: '2026-12-04' })).toMatchObject({ listed: true });
		const never = [
			{ outcome: 'do_not_contact' as const, day: '2026-01-01' },
			{ outcome: 'reached' as const, day: '2026-02-01' }
		];
		expect(queueStanding(never, '2030-01-01', { hasUpcomingBooking: true })).toEqual({ listed: false, hold: 'do_not_contact', until: null, unanswered: 0 });
	});
});

describe('booking capacity', () => {
	const slot = (from: string, to: string) => ({ start: at(`2026-12-02T${from}`), end: at(`2026-12-02T${to}`), startLocal: `2026-12-02T${from}`, endLocal: `2026-12-02T${to}` });

	it('counts the visits at once at the busiest moment of the wanted slot, not every visit that touches it', () => {
		// Capacity 2. 09:00-10:00 and 10:00-11:00 never overlap each other: 09:30-10:30 meets one at a time → fits.
		const existing = [slot('09:00', '10:00'), slot('10:00', '11:00')];
		expect(fitsCapacity(existing, slot('09:30', '10:30'), 2)).toBe(true);
		// A third at 09:45-10:15 overlaps 09:00-10:00 and the new one at 09:45: three at once → full.
		expect(fitsCapacity([...existing, slot('09:45', '10:15')], slot('09:30', '10:30'), 2)).toBe(false);
		// Back to back is no overlap.
		expect(fitsCapacity([slot('09:00', '10:00'), slot('09:00', '10:00')], slot('10:00', '10:30'), 2)).toBe(true);
		expect(fitsCapacity([], slot('10:00', '10:30'), 0)).toBe(false);
	});

	it('refuses the past, outside opening hours and a full slot, in that order', () => {
		const hours = { opensAt: '08:00', closesAt: '18:00' };
		const now = at('2026-12-01T12:00');
		expect(bookingProblem(slot('09:00', '09:30'), at('2026-12-02T09:01'), hours, [], 1)).toBe('in_the_past');
		expect(bookingProblem(slot('07:30', '08:30'), now, hours, [], 1)).toBe('outside_opening_hours');
		expect(bookingProblem(slot('17:30', '18:30'), now, hours, [], 1)).toBe('outside_opening_hours');
		expect(bookingProblem(slot('17:30', '18:00'), now, hours, [], 1)).toBeNull();
		expect(bookingProblem(slot('09:00', '09:30'), now, hours, [slot('09:15', '09:45')], 1)).toBe('full');
		expect(bookingProblem(slot('09:00', '09:30'), now, hours, [slot('09:15', '09:45')], 2)).toBeNull();
	});
});
