import { describe, expect, it } from 'vitest';
import {
	actions,
	actionsAt,
	actionsFor,
	actionPermission,
	addWorkingMs,
	batchDayOf,
	maskName,
	nextStep,
	staleness,
	stepOrder,
	stepOwner,
	type SpecialOrderAction,
	type StalenessInput,
	type Step
} from '$lib/domain/special-orders';
import { specialOrderSteps } from '$lib/server/features/parts/table';
import { fromStoreLocal } from '$lib/domain/time';

const tz = 'Asia/Shanghai';
const store = { timeZone: tz, opensAt: '08:00', closesAt: '18:00' };
/** A store-local moment: '2026-12-04 17:30' (2026-12-04 is a Friday, 12-05 Saturday, 12-06 Sunday, 12-07 Monday). */
const t = (local: string) => fromStoreLocal(local.replace(' ', 'T'), tz);
const order = (o: Partial<StalenessInput> & { step: Step; stepSince: number }): StalenessInput => ({ createdAt: o.stepSince, expectedDate: null, visitDate: null, steps: [], ...o });
/** Staleness just before and at the due time. */
const edge = (o: StalenessInput, due: string) => [staleness(o, t(due) - 1, store).stale, staleness(o, t(due), store).stale, staleness(o, t(due), store).dueAt === t(due)];

describe('special-order steps', () => {
	it('keeps the same step order as the table', () => {
		expect([...stepOrder]).toEqual([...specialOrderSteps]);
	});

	it('moves each action from exactly one step, in the chain order', () => {
		const chain: [SpecialOrderAction, Step, Step][] = [
			['register', 'draft', 'registered'],
			['review', 'registered', 'reviewed'],
			['order', 'reviewed', 'ordered'],
			['arrive', 'ordered', 'arrived'],
			['notify_advisor', 'arrived', 'advisor_notified'],
			['inform_customer', 'advisor_notified', 'customer_informed'],
			['agree_visit', 'customer_informed', 'visit_agreed'],
			['fit', 'visit_agreed', 'fitted']
		];
		for (const [action, from, to] of chain) {
			expect(nextStep(from, action)).toBe(to);
			for (const other of stepOrder.filter((s) => s !== from)) expect(nextStep(other, action), `${action} from ${other}`).toBeNull();
		}
	});

	it('cancels from every open step and from no closed one', () => {
		for (const s of stepOrder) expect(nextStep(s, 'cancel')).toBe(s === 'fitted' || s === 'cancelled' ? null : 'cancelled');
		expect(actionsAt('fitted')).toEqual([]);
		expect(actionsAt('ordered')).toEqual(['arrive', 'cancel']);
	});

	it('says who may take each action', () => {
		expect(actionPermission).toEqual({
			register: 'specialOrder.register',
			review: 'specialOrder.supply',
			order: 'specialOrder.supply',
			arrive: 'specialOrder.supply',
			notify_advisor: 'specialOrder.customer',
			inform_customer: 'specialOrder.customer',
			agree_visit: 'specialOrder.customer',
			fit: 'specialOrder.customer',
			cancel: 'specialOrder.cancel'
		});
		expect(Object.keys(actionPermission).sort()).toEqual([...actions].sort());
		expect(actionsFor('registered', 'parts')).toEqual(['review', 'cancel']);
		expect(actionsFor('registered', 'service_advisor')).toEqual(['cancel']);
		expect(actionsFor('arrived', 'service_advisor')).toEqual(['notify_advisor', 'cancel']);
		expect(actionsFor('arrived', 'parts')).toEqual(['cancel']);
		expect(actionsFor('draft', 'booking')).toEqual(['register']);
		expect(actionsFor('ordered', 'technician')).toEqual([]);
		expect(stepOwner('reviewed')).toBe('parts');
		expect(stepOwner('customer_informed')).toBe('advisor');
		expect(stepOwner('fitted')).toBeNull();
	});

	it('masks a name: family name and stars', () => {
		expect(maskName('张伟')).toBe('张**');
		expect(maskName('欧阳娜娜')).toBe('欧**');
		expect(maskName('li na')).toBe('L***');
		expect(maskName('  Smith')).toBe('S***');
		expect(maskName('')).toBe('');
	});
});

describe('working time', () => {
	it('counts only opening hours, Monday to Saturday', () => {
		const H = 3_600_000;
		expect(addWorkingMs(t('2026-12-07 09:00'), H, store)).toBe(t('2026-12-07 10:00'));
		expect(addWorkingMs(t('2026-12-07 17:30'), H, store)).toBe(t('2026-12-08 08:30'));
		expect(addWorkingMs(t('2026-12-07 06:00'), H, store)).toBe(t('2026-12-07 09:00'));
		// Friday evening → Saturday is a working day.
		expect(addWorkingMs(t('2026-12-04 19:00'), H, store)).toBe(t('2026-12-05 09:00'));
		// Saturday 17:30 → Sunday is closed → Monday.
		expect(addWorkingMs(t('2026-12-05 17:30'), H, store)).toBe(t('2026-12-07 08:30'));
		expect(addWorkingMs(t('2026-12-06 12:00'), 4 * H, store)).toBe(t('2026-12-07 12:00'));
	});

	it('puts an order in the weekday 10:00 batch', () => {
		expect(batchDayOf(t('2026-12-07 09:59'), store)).toEqual({ day: '2026-12-07', sameDay: true });
		expect(batchDayOf(t('2026-12-07 10:00'), store)).toEqual({ day: '2026-12-08', sameDay: false });
		expect(batchDayOf(t('2026-12-04 19:00'), store)).toEqual({ day: '2026-12-07', sameDay: false });
		expect(batchDayOf(t('2026-12-05 09:00'), store)).toEqual({ day: '2026-12-07', sameDay: false });
		expect(batchDayOf(t('2026-12-06 09:00'), store)).toEqual({ day: '2026-12-07', sameDay: false });
	});
});

describe('staleness', () => {
	it('a draft must be registered within one working hour', () => {
		expect(edge(order({ step: 'draft', stepSince: t('2026-12-07 09:15') }), '2026-12-07 10:15')).toEqual([false, true, true]);
		expect(edge(order({ step: 'draft', stepSince: t('2026-12-04 17:45') }), '2026-12-05 08:45')).toEqual([false, true, true]);
		expect(staleness(order({ step: 'draft', stepSince: t('2026-12-07 09:15') }), t('2026-12-07 09:20'), store).why).toBe('register_within_hour');
	});

	it('registered before 10:00 on a weekday: reviewed by 10:00 that day', () => {
		const o = order({ step: 'registered', stepSince: t('2026-12-07 09:30') });
		expect(edge(o, '2026-12-07 10:00')).toEqual([false, true, true]);
		expect(staleness(o, t('2026-12-07 09:45'), store).why).toBe('review_by_batch');
	});

	it('registered after 10:00: waits for the next day batch, stale after its 10:00', () => {
		const o = order({ step: 'registered', stepSince: t('2026-12-07 10:05') });
		expect(staleness(o, t('2026-12-07 17:00'), store)).toEqual({ stale: false, dueAt: t('2026-12-08 10:00'), why: 'review_by_next_batch' });
		expect(edge(o, '2026-12-08 10:00')).toEqual([false, true, true]);
	});

	it('registered Friday evening, Saturday or Sunday: Monday 10:00', () => {
		for (const at of ['2026-12-04 19:30', '2026-12-05 08:30', '2026-12-05 11:00', '2026-12-06 12:00']) {
			expect(edge(order({ step: 'registered', stepSince: t(at) }), '2026-12-07 10:00'), at).toEqual([false, true, true]);
		}
	});

	it('reviewed must be ordered by closing time of its batch day', () => {
		const registered = t('2026-12-07 09:00');
		const o = order({ step: 'reviewed', stepSince: t('2026-12-07 09:40'), createdAt: registered, steps: [{ step: 'registered', at: registered }] });
		expect(edge(o, '2026-12-07 18:00')).toEqual([false, true, true]);
		expect(staleness(o, t('2026-12-07 12:00'), store).why).toBe('order_by_close');
		// Registered Friday evening, reviewed Saturday: Monday's batch, ordered by Monday's close.
		const fri = t('2026-12-04 19:00');
		expect(edge(order({ step: 'reviewed', stepSince: t('2026-12-05 09:00'), createdAt: fri, steps: [{ step: 'registered', at: fri }] }), '2026-12-07 18:00')).toEqual([false, true, true]);
		// A review after the batch day (it was red meanwhile): by the close of the review's own day.
		expect(edge(order({ step: 'reviewed', stepSince: t('2026-12-08 11:00'), createdAt: registered, steps: [{ step: 'registered', at: registered }] }), '2026-12-08 18:00')).toEqual([false, true, true]);
	});

	it('ordered: stale once the expected date has passed (its closing time)', () => {
		const o = order({ step: 'ordered', stepSince: t('2026-12-07 10:30'), expectedDate: '2026-12-09' });
		expect(edge(o, '2026-12-09 18:00')).toEqual([false, true, true]);
		expect(staleness(o, t('2026-12-08 12:00'), store).why).toBe('expected_date');
	});

	it('ordered without an expected date: the next working day (Friday → Saturday, Saturday → Monday)', () => {
		expect(edge(order({ step: 'ordered', stepSince: t('2026-12-07 10:30') }), '2026-12-08 18:00')).toEqual([false, true, true]);
		expect(edge(order({ step: 'ordered', stepSince: t('2026-12-04 16:00') }), '2026-12-05 18:00')).toEqual([false, true, true]);
		expect(edge(order({ step: 'ordered', stepSince: t('2026-12-05 11:00') }), '2026-12-07 18:00')).toEqual([false, true, true]);
		expect(staleness(order({ step: 'ordered', stepSince: t('2026-12-07 10:30') }), t('2026-12-07 11:00'), store).why).toBe('expected_next_day');
	});

	it('arrived: the advisor acknowledges within one working hour', () => {
		expect(edge(order({ step: 'arrived', stepSince: t('2026-12-07 08:20') }), '2026-12-07 09:20')).toEqual([false, true, true]);
		expect(edge(order({ step: 'arrived', stepSince: t('2026-12-05 17:40') }), '2026-12-07 08:40')).toEqual([false, true, true]);
		expect(staleness(order({ step: 'arrived', stepSince: t('2026-12-07 08:20') }), t('2026-12-07 08:30'), store).why).toBe('notify_within_hour');
	});

	it('the customer is told within four working hours of the arrival', () => {
		const arrived = t('2026-12-07 15:00');
		const o = order({ step: 'advisor_notified', stepSince: t('2026-12-07 15:20'), steps: [{ step: 'arrived', at: arrived }] });
		// 3 hours Monday until 18:00, one more Tuesday from 08:00.
		expect(edge(o, '2026-12-08 09:00')).toEqual([false, true, true]);
		expect(staleness(o, t('2026-12-07 16:00'), store).why).toBe('inform_within_4h');
		// Arrived Friday evening (after closing): Saturday 12:00.
		const fri = t('2026-12-04 18:30');
		expect(edge(order({ step: 'advisor_notified', stepSince: t('2026-12-05 08:10'), steps: [{ step: 'arrived', at: fri }] }), '2026-12-05 12:00')).toEqual([false, true, true]);
	});

	it('customer informed: a visit date within one working day', () => {
		expect(edge(order({ step: 'customer_informed', stepSince: t('2026-12-07 11:00') }), '2026-12-08 11:00')).toEqual([false, true, true]);
		// Saturday 11:00 → Monday 11:00 (Sunday closed).
		expect(edge(order({ step: 'customer_informed', stepSince: t('2026-12-05 11:00') }), '2026-12-07 11:00')).toEqual([false, true, true]);
		expect(staleness(order({ step: 'customer_informed', stepSince: t('2026-12-07 11:00') }), t('2026-12-07 12:00'), store).why).toBe('agree_within_day');
	});

	it('visit agreed: stale when the visit date has passed without fitting', () => {
		const o = order({ step: 'visit_agreed', stepSince: t('2026-12-07 11:00'), visitDate: '2026-12-10' });
		expect(edge(o, '2026-12-10 18:00')).toEqual([false, true, true]);
		expect(staleness(o, t('2026-12-08 12:00'), store).why).toBe('visit_date');
	});

	it('fitted and cancelled are never stale', () => {
		for (const step of ['fitted', 'cancelled'] as const) {
			expect(staleness(order({ step, stepSince: t('2026-12-01 10:00') }), t('2026-12-31 10:00'), store)).toEqual({ stale: false, dueAt: null, why: 'closed' });
		}
	});

	it('a time it cannot show is never red', () => {
		expect(staleness(order({ step: 'registered', stepSince: 0 }), t('2026-12-07 12:00'), store).stale).toBe(false);
	});
});
