import type { SpecialOrderStep } from '$lib/server/features/parts/table';
import { can, type CommandName, type Role } from './permissions';
import { fromStoreLocal, isShowableTime, toStoreLocal } from './time';

/**
 * The special order (订货单) as the shop runs it (DOMAIN.md "Parts"): the booking specialist or an
 * advisor registers it before 10:00 → the parts manager reviews it → orders it in the supplier
 * system (reference, expected date) → records the arrival (the bin it waits in) → its advisor
 * acknowledges → tells the customer → agrees a visit date → the part is fitted on a repair order.
 * A shortage at the parts counter drafts one (someone at the desk completes and registers it), and
 * any open order may be cancelled with a reason.
 *
 * Plain functions over epoch ms and the store's zone: the server refuses with them and the screens
 * colour with them (nothing here imports the server; the type import is erased).
 *
 * ## The store's hours (an assumption, documented)
 * - **Working hours** are the store's `opens_at`..`closes_at` (its zone), **Monday to Saturday**;
 *   Sunday is closed. "Within N working hours" counts only those hours (Friday 17:30 + 1 working
 *   hour with an 18:00 close is Saturday 08:30 with an 08:00 opening).
 * - **The supplier batch** runs at **10:00 Monday to Friday**: what is registered by 10:00 on a
 *   weekday goes into that day's order to the supplier (and arrives next morning); what is
 *   registered after 10:00, on a Saturday or a Sunday waits for the next weekday's batch.
 *
 * ## When a step is late (red)
 * | step | late when | code |
 * |---|---|---|
 * | draft | not registered within 1 working hour of the draft | `register_within_hour` |
 * | registered | not reviewed by 10:00 of its batch day | `review_by_batch` (same day) / `review_by_next_batch` (registered after 10:00 or on a day without batch) |
 * | reviewed | not ordered by closing time of its batch day (or of the review's own working day, if the review came later) | `order_by_close` |
 * | ordered | the expected date has passed (its closing time); without one, closing time of the next working day after ordering | `expected_date` / `expected_next_day` |
 * | arrived | the advisor has not acknowledged within 1 working hour of the arrival | `notify_within_hour` |
 * | advisor_notified | the customer not told within 4 working hours of the arrival | `inform_within_4h` |
 * | customer_informed | no visit date agreed within 1 working day of telling the customer | `agree_within_day` |
 * | visit_agreed | the visit date has passed (its closing time) without fitting | `visit_date` |
 * | fitted, cancelled | never | `closed` |
 */

/** The steps in order (the same list as `specialOrderSteps` in the feature's table.ts; a unit test holds them equal). */
export const stepOrder = ['draft', 'registered', 'reviewed', 'ordered', 'arrived', 'advisor_notified', 'customer_informed', 'visit_agreed', 'fitted', 'cancelled'] as const satisfies readonly SpecialOrderStep[];
export type Step = (typeof stepOrder)[number];

/** Steps still waiting for someone. */
export const openSteps = ['draft', 'registered', 'reviewed', 'ordered', 'arrived', 'advisor_notified', 'customer_informed', 'visit_agreed'] as const satisfies readonly Step[];
export const closedSteps = ['fitted', 'cancelled'] as const satisfies readonly Step[];
export const isOpenStep = (step: Step): boolean => (openSteps as readonly Step[]).includes(step);

export const actions = ['register', 'review', 'order', 'arrive', 'notify_advisor', 'inform_customer', 'agree_visit', 'fit', 'cancel'] as const;
export type SpecialOrderAction = (typeof actions)[number];

/** Each action, the step it moves from (cancel: any open step) and the step it reaches. */
export const actionMoves: Record<Exclude<SpecialOrderAction, 'cancel'>, { from: Step; to: Step }> = {
	register: { from: 'draft', to: 'registered' },
	review: { from: 'registered', to: 'reviewed' },
	order: { from: 'reviewed', to: 'ordered' },
	arrive: { from: 'ordered', to: 'arrived' },
	notify_advisor: { from: 'arrived', to: 'advisor_notified' },
	inform_customer: { from: 'advisor_notified', to: 'customer_informed' },
	agree_visit: { from: 'customer_informed', to: 'visit_agreed' },
	fit: { from: 'visit_agreed', to: 'fitted' }
};

/** Who may take each action: the desk registers, the parts room supplies, the advisors close the loop. */
export const actionPermission: Record<SpecialOrderAction, CommandName> = {
	register: 'specialOrder.register',
	review: 'specialOrder.supply',
	order: 'specialOrder.supply',
	arrive: 'specialOrder.supply',
	notify_advisor: 'specialOrder.customer',
	inform_customer: 'specialOrder.customer',
	agree_visit: 'specialOrder.customer',
	fit: 'specialOrder.customer',
	cancel: 'specialOrder.cancel'
};

/** The step an action reaches from `from`, or null when it does not apply there. */
export function nextStep(from: Step, action: SpecialOrderAction): Step | null {
	if (action === 'cancel') return isOpenStep(from) ? 'cancelled' : null;
	const move = actionMoves[action];
	return move.from === from ? move.to : null;
}

/** The actions that apply at a step (in the chain's order; cancel last). */
export function actionsAt(step: Step): SpecialOrderAction[] {
	return actions.filter((a) => nextStep(step, a) !== null);
}

/** The actions a person of `role` may take at a step (the screens show these buttons). */
export function actionsFor(step: Step, role: Role): SpecialOrderAction[] {
	return actionsAt(step).filter((a) => can(role, actionPermission[a]));
}

/** Whose turn it is at a step: the desk (complete a draft), the parts room, or the order's advisor. */
export function stepOwner(step: Step): 'desk' | 'parts' | 'advisor' | null {
	switch (step) {
		case 'draft':
			return 'desk';
		case 'registered':
		case 'reviewed':
		case 'ordered':
			return 'parts';
		case 'arrived':
		case 'advisor_notified':
		case 'customer_informed':
		case 'visit_agreed':
			return 'advisor';
		default:
			return null;
	}
}

/**
 * A customer's name where the parts room's screens and a wall show it: the family name and stars
 * (张** for a Chinese name, L*** otherwise); never the whole name.
 */
export function maskName(name: string): string {
	const first = Array.from(name.trim())[0];
	if (!first) return '';
	return /\p{Script=Han}/u.test(first) ? `${first}**` : `${first.toUpperCase()}***`;
}

/* ------------------------------------------------------------------------------------------ */
/* The store's calendar: working days and hours in its zone.                                   */

export interface StoreHours {
	timeZone: string;
	/** 'HH:MM' in the store's zone. */
	opensAt: string;
	closesAt: string;
}

/** The supplier batch: registered by this time on a batch day, ordered that day. */
export const BATCH_AT = '10:00';
const HOUR = 3_600_000;

/** 0 Sunday … 6 Saturday, of a 'YYYY-MM-DD'. */
export function weekday(day: string): number {
	return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Monday to Saturday. */
export const isWorkingDay = (day: string): boolean => weekday(day) !== 0;
/** Monday to Friday. */
export const isBatchDay = (day: string): boolean => weekday(day) >= 1 && weekday(day) <= 5;

/** The calendar day after (or `n` days after) 'YYYY-MM-DD'. */
export function addDays(day: string, n = 1): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The store's calendar day holding `at`: 'YYYY-MM-DD'. */
export const storeDay = (at: number, timeZone: string): string => toStoreLocal(at, timeZone).slice(0, 10);

/** The instant of 'HH:MM' on a store day. */
export const storeTime = (day: string, hhmm: string, timeZone: string): number => fromStoreLocal(`${day}T${hhmm}`, timeZone);

/** The first day on or after `day` that passes `test` (within two weeks). */
function firstDayFrom(day: string, test: (d: string) => boolean): string {
	let d = day;
	for (let i = 0; i < 14 && !test(d); i++) d = addDays(d);
	return d;
}

/** The working day after `day`. */
export const nextWorkingDay = (day: string): string => firstDayFrom(addDays(day), isWorkingDay);

/** Whether the store's hours make sense ('HH:MM', opening before closing). */
function sane(store: StoreHours): boolean {
	return /^\d\d:\d\d$/.test(store.opensAt) && /^\d\d:\d\d$/.test(store.closesAt) && store.opensAt < store.closesAt;
}

/**
 * `ms` of working time after `start`: only the hours between opening and closing, Monday to
 * Saturday, count. A start outside them counts from the next opening.
 */
export function addWorkingMs(start: number, ms: number, store: StoreHours): number {
	if (!sane(store)) return start + ms;
	let left = ms;
	let cursor = start;
	let day = storeDay(start, store.timeZone);
	for (let i = 0; i < 3700; i++) {
		if (isWorkingDay(day)) {
			const open = storeTime(day, store.opensAt, store.timeZone);
			const close = storeTime(day, store.closesAt, store.timeZone);
			if (cursor < open) cursor = open;
			if (cursor < close) {
				if (left <= close - cursor) return cursor + left;
				left -= close - cursor;
			}
		}
		day = addDays(day);
		cursor = storeTime(day, '00:00', store.timeZone);
	}
	return cursor + left;
}

/** Length of one working day (opening to closing). */
export const workingDayMs = (store: StoreHours): number => (sane(store) ? storeTime('2026-01-05', store.closesAt, 'UTC') - storeTime('2026-01-05', store.opensAt, 'UTC') : 8 * HOUR);

/**
 * The batch an order registered at `at` goes into: that weekday if registered by 10:00, else the
 * next weekday. `sameDay`: it made the batch of the day it was registered.
 */
export function batchDayOf(at: number, store: StoreHours): { day: string; sameDay: boolean } {
	const day = storeDay(at, store.timeZone);
	if (isBatchDay(day) && toStoreLocal(at, store.timeZone).slice(11) < BATCH_AT) return { day, sameDay: true };
	return { day: firstDayFrom(addDays(day), isBatchDay), sameDay: false };
}

/** The working day whose hours hold `at`, or the next one (after closing, on a Sunday). */
export function workingDayOf(at: number, store: StoreHours): string {
	const day = storeDay(at, store.timeZone);
	if (isWorkingDay(day) && at < storeTime(day, store.closesAt, store.timeZone)) return day;
	return nextWorkingDay(day);
}

/* ------------------------------------------------------------------------------------------ */
/* Staleness.                                                                                  */

/** What staleness reads of an order: both the desk's full view and the board's masked one have it. */
export interface StalenessInput {
	step: Step;
	stepSince: number;
	createdAt: number;
	expectedDate: string | null;
	visitDate: string | null;
	steps: readonly { step: Step; at: number }[];
}

export const stalenessCodes = [
	'register_within_hour',
	'review_by_batch',
	'review_by_next_batch',
	'order_by_close',
	'expected_date',
	'expected_next_day',
	'notify_within_hour',
	'inform_within_4h',
	'agree_within_day',
	'visit_date',
	'closed'
] as const;
export type StalenessCode = (typeof stalenessCodes)[number];

export interface Staleness {
	/** Past its due time: shown red. */
	stale: boolean;
	/** When the step is due (null: closed). */
	dueAt: number | null;
	/** The rule that sets the due time (the reason when red). */
	why: StalenessCode;
}

/** When the order last reached `step` (its history), else `fallback`. */
function reachedAt(order: StalenessInput, step: Step, fallback: number): number {
	for (let i = order.steps.length - 1; i >= 0; i--) if (order.steps[i].step === step) return order.steps[i].at;
	return fallback;
}

const validDay = (d: string | null): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

/** When the order's current step is due, and why. */
export function dueOf(order: StalenessInput, store: StoreHours): { dueAt: number | null; why: StalenessCode } {
	const tz = store.timeZone;
	const since = order.stepSince;
	switch (order.step) {
		case 'draft':
			return { dueAt: addWorkingMs(since, HOUR, store), why: 'register_within_hour' };
		case 'registered': {
			const batch = batchDayOf(since, store);
			return { dueAt: storeTime(batch.day, BATCH_AT, tz), why: batch.sameDay ? 'review_by_batch' : 'review_by_next_batch' };
		}
		case 'reviewed': {
			const batch = batchDayOf(reachedAt(order, 'registered', order.createdAt), store).day;
			const reviewDay = workingDayOf(since, store);
			const day = reviewDay > batch ? reviewDay : batch;
			return { dueAt: storeTime(day, store.closesAt, tz), why: 'order_by_close' };
		}
		case 'ordered':
			if (validDay(order.expectedDate)) return { dueAt: storeTime(order.expectedDate, store.closesAt, tz), why: 'expected_date' };
			return { dueAt: storeTime(nextWorkingDay(storeDay(since, tz)), store.closesAt, tz), why: 'expected_next_day' };
		case 'arrived':
			return { dueAt: addWorkingMs(since, HOUR, store), why: 'notify_within_hour' };
		case 'advisor_notified':
			return { dueAt: addWorkingMs(reachedAt(order, 'arrived', since), 4 * HOUR, store), why: 'inform_within_4h' };
		case 'customer_informed':
			return { dueAt: addWorkingMs(since, workingDayMs(store), store), why: 'agree_within_day' };
		case 'visit_agreed':
			return validDay(order.visitDate) ? { dueAt: storeTime(order.visitDate, store.closesAt, tz), why: 'visit_date' } : { dueAt: null, why: 'visit_date' };
		default:
			return { dueAt: null, why: 'closed' };
	}
}

/** Is the order's current step late at `now`? (A time the screen cannot show never counts as late.) */
export function staleness(order: StalenessInput, now: number, store: StoreHours): Staleness {
	if (!isShowableTime(order.stepSince)) return { stale: false, dueAt: null, why: isOpenStep(order.step) ? dueOf({ ...order, stepSince: now }, store).why : 'closed' };
	const { dueAt, why } = dueOf(order, store);
	const due = dueAt !== null && Number.isFinite(dueAt) ? dueAt : null;
	return { stale: due !== null && now >= due, dueAt: due, why };
}
