/**
 * Customer care (issue 18): when a car's first and second scheduled services (首保 / 二保) fall due,
 * whether a customer is active, at risk or lost, where a customer stands in the care call queue
 * after the calls made so far, and whether a visit may be booked into a slot. Plain functions of
 * records and store days ('YYYY-MM-DD' in the store's zone): the server lists, the screens show.
 *
 * Calendar arithmetic is date-fns on calendar dates (months from a sale day: Jan 31 + 1 month =
 * Feb 28/29).
 */
import { addDays, addMonths, differenceInCalendarDays, format } from 'date-fns';

export type ScheduledService = 'first' | 'second';

/** The intervals of a brand or model: first service after `firstMonths` months or `firstKm` km from the sale, whichever first; the second likewise from the sale. */
export interface ServicePlanRule {
	firstMonths: number;
	firstKm: number;
	secondMonths: number;
	secondKm: number;
}

/** The notes' stores: 首保 at 5 months or 5,000 km, 二保 at 12 months or 10,000 km (a store sets its own per brand or model). */
export const DEFAULT_SERVICE_PLAN: ServicePlanRule = { firstMonths: 5, firstKm: 5000, secondMonths: 12, secondKm: 10000 };

/** The catalogue operations whose delivery counts as the first and second service, until a store's plan names its own. */
export const DEFAULT_SERVICE_CODES = { first: 'MNT-5K', second: 'MNT-10K' } as const;

const dayFormat = 'yyyy-MM-dd';

/** A store day as a calendar date for date-fns (noon on the process's clock: no daylight-saving change moves it to another day). */
function calendarDate(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12);
}
const dayOf = (d: Date) => format(d, dayFormat);

/** `day` plus `months` calendar months (clamped to the month's end). */
export const addMonthsToDay = (day: string, months: number): string => dayOf(addMonths(calendarDate(day), months));
export const addDaysToDay = (day: string, days: number): string => dayOf(addDays(calendarDate(day), days));
/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysFromTo = (from: string, to: string): number => differenceInCalendarDays(calendarDate(to), calendarDate(from));

/** The rule for a model: the longest prefix of the model among the store's rules (brand "大众" or model "大众 帕萨特"), else the store's default (prefix ''), else the notes' default. */
export function ruleFor(model: string, rules: readonly (ServicePlanRule & { prefix: string })[]): ServicePlanRule {
	return planFor(model, rules) ?? DEFAULT_SERVICE_PLAN;
}

/** The store's own plan for a model: the longest prefix of the model among them, or null when none matches. */
export function planFor<P extends { prefix: string }>(model: string, plans: readonly P[]): P | null {
	let best: P | null = null;
	for (const p of plans) if (model.startsWith(p.prefix) && (best === null || p.prefix.length > best.prefix.length)) best = p;
	return best;
}

/** What the schedule reads of a car. */
export interface CarForSchedule {
	/** The sale day; null when unknown (then nothing is scheduled). */
	saleDay: string | null;
	saleMileage: number | null;
	/** The odometer at the last visit and its day, if any. */
	lastMileage: number | null;
	lastMileageDay: string | null;
	/** The store days its first and second services were delivered (null: not done). */
	firstDoneDay: string | null;
	secondDoneDay: string | null;
}

export type ServiceState = 'upcoming' | 'due_soon' | 'overdue' | 'done';

export interface ServiceDue {
	service: ScheduledService;
	state: ServiceState;
	/** The day it falls due: by time, or the day the car is expected to reach the mileage if that comes first. */
	dueDay: string;
	/** Which came first. */
	by: 'time' | 'mileage';
	/** The mileage it falls due at. */
	dueKm: number;
	/** Days from today to the due day (negative: past it). */
	daysLeft: number;
}

/** Km a day the car has been driven since its sale (from two odometer readings at least 14 days apart); null if not known. */
export function kmPerDay(car: CarForSchedule): number | null {
	if (car.saleDay === null || car.saleMileage === null || car.lastMileage === null || car.lastMileageDay === null) return null;
	const days = daysFromTo(car.saleDay, car.lastMileageDay);
	if (days < 14 || car.lastMileage < car.saleMileage) return null;
	return (car.lastMileage - car.saleMileage) / days;
}

/**
 * The car's next scheduled service (the first until it is done, then the second; null when both
 * are done or the sale is unknown). Due by time at the sale day + the rule's months; by mileage at
 * the sale mileage + the rule's km — reached already when the last reading is at or past it, else
 * expected on the day the car's km a day since its sale would bring it there. Whichever is earlier.
 * Overdue after the due day; due soon within `soonDays` days of it (inclusive); upcoming before.
 */
export function nextScheduledService(car: CarForSchedule, rule: ServicePlanRule, today: string, soonDays = 30): ServiceDue | null {
	if (car.saleDay === null) return null;
	const service: ScheduledService | null = car.firstDoneDay === null ? 'first' : car.secondDoneDay === null ? 'second' : null;
	if (service === null) return null;
	const months = service === 'first' ? rule.firstMonths : rule.secondMonths;
	const km = service === 'first' ? rule.firstKm : rule.secondKm;
	const byTime = addMonthsToDay(car.saleDay, months);
	const dueKm = (car.saleMileage ?? 0) + km;
	let byMileage: string | null = null;
	if (car.lastMileage !== null && car.lastMileageDay !== null && car.lastMileage >= dueKm) byMileage = car.lastMileageDay;
	else {
		const rate = kmPerDay(car);
		if (rate !== null && rate > 0 && car.lastMileage !== null && car.lastMileageDay !== null) byMileage = addDaysToDay(car.lastMileageDay, Math.ceil((dueKm - car.lastMileage) / rate));
	}
	const mileageFirst = byMileage !== null && byMileage < byTime;
	const dueDay = mileageFirst ? byMileage! : byTime;
	const daysLeft = daysFromTo(today, dueDay);
	const state: ServiceState = daysLeft < 0 ? 'overdue' : daysLeft <= soonDays ? 'due_soon' : 'upcoming';
	return { service, state, dueDay, by: mileageFirst ? 'mileage' : 'time', dueKm, daysLeft };
}

export type VisitStatus = 'active' | 'at_risk' | 'lost';

/**
 * A customer's standing from their last visit (the last day a car of theirs was checked in):
 * active under 6 months since it, at risk from 6 months to 12 months (inclusive), lost after
 * 12 months. A customer who never visited is judged from the day they became a customer.
 */
export function visitStatus(lastVisitDay: string, today: string): VisitStatus {
	if (today > addMonthsToDay(lastVisitDay, 12)) return 'lost';
	if (today >= addMonthsToDay(lastVisitDay, 6)) return 'at_risk';
	return 'active';
}

export const careOutcomes = ['reached', 'no_answer', 'booked', 'declined', 'wrong_number', 'do_not_contact'] as const;
export type CareOutcome = (typeof careOutcomes)[number];

/** A care call made to a customer: its outcome and the store day it was made. */
export interface CareCall {
	outcome: CareOutcome;
	day: string;
}

/** Where a customer stands in the care queue after the calls made so far. */
export interface QueueStanding {
	/** Listed today. */
	listed: boolean;
	/** Why not: never again (do not contact), until the phone is corrected (wrong number), or until a day. */
	hold: 'do_not_contact' | 'wrong_number' | 'booked' | 'snoozed' | null;
	/** The first day they are listed again (snoozed), or null. */
	until: string | null;
	/** Unanswered calls since the last answered one. */
	unanswered: number;
}

/** Days a customer rests after a call: reached (no booking) 30, declined 60, unanswered 1 (3 and more in a row: 7). */
export const CARE_REST_DAYS = { reached: 30, declined: 60, no_answer: 1, no_answer_repeated: 7 } as const;

/**
 * The queue standing from the calls (any order; read by day, the later call of a day last as given):
 * do not contact takes a customer off every list for good; a wrong number until the phone is
 * corrected (`phoneChangedDay` after that call); a booking while a visit is booked ahead
 * (`hasUpcomingBooking`); otherwise the last call rests them for `CARE_REST_DAYS`.
 */
export function queueStanding(calls: readonly CareCall[], today: string, opts: { hasUpcomingBooking?: boolean; phoneChangedDay?: string | null } = {}): QueueStanding {
	const sorted = calls.map((c, i) => ({ ...c, i })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.i - b.i));
	if (sorted.some((c) => c.outcome === 'do_not_contact')) return { listed: false, hold: 'do_not_contact', until: null, unanswered: 0 };
	let unanswered = 0;
	for (const c of sorted) unanswered = c.outcome === 'no_answer' ? unanswered + 1 : 0;
	if (opts.hasUpcomingBooking) return { listed: false, hold: 'booked', until: null, unanswered };
	const last = sorted.at(-1);
	if (!last) return { listed: true, hold: null, until: null, unanswered: 0 };
	if (last.outcome === 'wrong_number') {
		if (!opts.phoneChangedDay || opts.phoneChangedDay < last.day) return { listed: false, hold: 'wrong_number', until: null, unanswered };
		return { listed: true, hold: null, until: null, unanswered };
	}
	const rest =
		last.outcome === 'reached' || last.outcome === 'booked'
			? CARE_REST_DAYS.reached
			: last.outcome === 'declined'
				? CARE_REST_DAYS.declined
				: unanswered >= 3
					? CARE_REST_DAYS.no_answer_repeated
					: CARE_REST_DAYS.no_answer;
	const until = addDaysToDay(last.day, rest);
	return today >= until ? { listed: true, hold: null, until: null, unanswered } : { listed: false, hold: 'snoozed', until, unanswered };
}

/** A booked visit's time, epoch ms [start, end). */
export interface Slot {
	start: number;
	end: number;
}

/**
 * Whether a visit fits: at no moment of [start, end) would more than `capacity` visits overlap
 * (the existing ones that overlap it, counted where they overlap each other too).
 */
export function fitsCapacity(existing: readonly Slot[], wanted: Slot, capacity: number): boolean {
	if (capacity <= 0) return false;
	const overlapping = existing.filter((s) => s.start < wanted.end && s.end > wanted.start);
	// The most visits at once inside the wanted slot: sweep the starts and ends.
	const points = overlapping.flatMap((s) => [
		{ at: Math.max(s.start, wanted.start), d: 1 },
		{ at: Math.min(s.end, wanted.end), d: -1 }
	]);
	points.sort((a, b) => a.at - b.at || a.d - b.d);
	let now = 0;
	let most = 0;
	for (const p of points) {
		now += p.d;
		most = Math.max(most, now);
	}
	return most + 1 <= capacity;
}

export type BookingProblem = 'in_the_past' | 'outside_opening_hours' | 'full';

/**
 * Why a visit may not be booked, or null: it starts before `now`, it does not lie within the
 * store's opening hours of its day ('HH:MM' local, `startLocal`/`endLocal` as 'YYYY-MM-DDTHH:MM'),
 * or the slot is full (`fitsCapacity`).
 */
export function bookingProblem(
	wanted: Slot & { startLocal: string; endLocal: string },
	now: number,
	hours: { opensAt: string; closesAt: string },
	existing: readonly Slot[],
	capacity: number
): BookingProblem | null {
	if (wanted.start < now) return 'in_the_past';
	const day = wanted.startLocal.slice(0, 10);
	if (wanted.endLocal.slice(0, 10) !== day || wanted.startLocal.slice(11) < hours.opensAt || wanted.endLocal.slice(11) > hours.closesAt || wanted.end <= wanted.start) return 'outside_opening_hours';
	if (!fitsCapacity(existing, wanted, capacity)) return 'full';
	return null;
}
