/**
 * When a machine's maintenance falls due, and whether a bay's lifts let it take a car. Plain
 * functions of a machine's plan, its usage and the time: the server, the board and the machine's
 * page all compute the same states from the same views. Browser-safe (types only from the server).
 *
 * Calendar arithmetic is date-fns on the store's calendar date (never by hand): the due day is the
 * store day of the last time it was done plus the interval (Jan 31 + 1 month = Feb 28/29, Feb 29 +
 * 12 months = Feb 28, + 48 months = Feb 29), whatever daylight saving does in between; the store
 * day of a moment comes from `./time` (the zone's offset, cached), fast enough for the manager's
 * figures to judge five years of maintenance rows.
 */
import { addDays, addMonths, addWeeks, subDays } from 'date-fns';
import { fromStoreLocal, toStoreLocal } from './time';
import type { BayLiftView, EquipmentView, TaskView } from '$lib/live/protocol';

export type DueState = 'ok' | 'due_soon' | 'due' | 'overdue';
export type EquipmentState = DueState | 'out_of_service';

/** How far past its usage due point a task may run before it is overdue: 10% of its interval. */
export const USAGE_OVERDUE_SHARE = 0.1;

export interface TaskDue {
	state: DueState;
	/** The store day ('YYYY-MM-DD') the calendar interval falls due; null without one (or never done). */
	dueDay: string | null;
	/** The start of that store day (epoch ms). */
	dueAt: number | null;
	/** The usage at which it falls due; null without a usage interval (or never done). */
	usageDue: number | null;
	/** Usage left until then (negative: past it). */
	usageLeft: number | null;
	/** Which interval decided the state (the worse one; the calendar on a tie); null when never done. */
	by: 'calendar' | 'usage' | null;
}

const rank: Record<EquipmentState, number> = { ok: 0, due_soon: 1, due: 2, overdue: 3, out_of_service: 4 };

/** The worse of two states. */
export function worseState<S extends EquipmentState>(a: S, b: S): S {
	return rank[b] > rank[a] ? b : a;
}


const storeDayOf = (at: number, timeZone: string) => toStoreLocal(at, timeZone).slice(0, 10);

/**
 * A store day as a calendar date for date-fns: noon of that date on the process's own clock, so
 * that adding days, weeks or months moves the calendar date (a daylight-saving change of the
 * process's zone cannot move noon to another day) and `format` reads it back.
 */
function calendarDate(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12);
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** A calendar date back to its store day (date-fns `format` costs more than the arithmetic: the manager's figures judge thousands). */
const dayOf = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;

type TaskPlan = Pick<TaskView, 'everyCount' | 'everyUnit' | 'everyUsage' | 'leadDays' | 'leadUsage' | 'lastDoneAt' | 'lastDoneUsage'>;

/**
 * The state of one task: by calendar (due soon from `leadDays` days before the due day, due on it,
 * overdue after it), by usage (due soon when `leadUsage` or less is left, due at the due point,
 * overdue when past it by more than 10% of the interval), or both (whichever is worse).
 * A task never done is due.
 */
export function taskDue(task: TaskPlan, usageTotal: number, now: number, timeZone: string): TaskDue {
	const hasCalendar = task.everyCount !== null && task.everyCount > 0 && task.everyUnit !== null;
	const hasUsage = task.everyUsage !== null && task.everyUsage > 0;
	const result: TaskDue = { state: 'ok', dueDay: null, dueAt: null, usageDue: null, usageLeft: null, by: null };
	if (task.lastDoneAt === null && task.lastDoneUsage === null) return { ...result, state: 'due' };

	let calendarState: DueState | null = null;
	if (hasCalendar) {
		if (task.lastDoneAt === null) calendarState = 'due';
		else {
			const doneDay = calendarDate(storeDayOf(task.lastDoneAt, timeZone));
			const count = task.everyCount!;
			const due = task.everyUnit === 'day' ? addDays(doneDay, count) : task.everyUnit === 'week' ? addWeeks(doneDay, count) : addMonths(doneDay, count);
			const dueDay = dayOf(due);
			const warnDay = dayOf(subDays(due, Math.max(0, task.leadDays)));
			const today = storeDayOf(now, timeZone);
			result.dueDay = dueDay;
			result.dueAt = fromStoreLocal(dueDay, timeZone);
			calendarState = today > dueDay ? 'overdue' : today === dueDay ? 'due' : today >= warnDay ? 'due_soon' : 'ok';
		}
	}

	let usageState: DueState | null = null;
	if (hasUsage) {
		if (task.lastDoneUsage === null) usageState = 'due';
		else {
			const every = task.everyUsage!;
			result.usageDue = task.lastDoneUsage + every;
			result.usageLeft = result.usageDue - usageTotal;
			const left = result.usageLeft;
			usageState = left < -every * USAGE_OVERDUE_SHARE ? 'overdue' : left <= 0 ? 'due' : left <= Math.max(0, task.leadUsage) ? 'due_soon' : 'ok';
		}
	}

	if (calendarState !== null && (usageState === null || rank[calendarState] >= rank[usageState])) {
		result.state = calendarState;
		result.by = 'calendar';
	} else if (usageState !== null) {
		result.state = usageState;
		result.by = 'usage';
	} else result.state = 'due';
	return result;
}

/** A machine's state (out of service wins, then its worst task) and each active task's due state. */
export function equipmentState(
	e: Pick<EquipmentView, 'inService' | 'usageTotal' | 'tasks'>,
	now: number,
	timeZone: string
): { state: EquipmentState; tasks: { task: TaskView; due: TaskDue }[] } {
	const tasks = e.tasks.map((task) => ({ task, due: taskDue(task, e.usageTotal, now, timeZone) }));
	let state: EquipmentState = 'ok';
	for (const t of tasks) state = worseState(state, t.due.state);
	return { state: e.inService ? state : 'out_of_service', tasks };
}

export interface BayHold {
	liftId: number;
	code: string;
	nameZh: string;
	nameEn: string;
	reason: 'out_of_service' | 'safety_overdue';
	/** Out of service: the reason given; safety overdue: the overdue task's Chinese name. */
	detail: string | null;
}

/**
 * Why a bay cannot take a car, or null when it can: a lift in it is out of service (first), or one
 * of a lift's safety tasks is overdue. A safety task never done is due, not overdue: it does not hold.
 */
export function bayHold(lifts: readonly BayLiftView[], now: number, timeZone: string): BayHold | null {
	const hold = (lift: BayLiftView, reason: BayHold['reason'], detail: string | null): BayHold => ({
		liftId: lift.id,
		code: lift.code,
		nameZh: lift.nameZh,
		nameEn: lift.nameEn,
		reason,
		detail
	});
	for (const lift of lifts) if (!lift.inService) return hold(lift, 'out_of_service', lift.outOfServiceReason);
	for (const lift of lifts)
		for (const task of lift.safetyTasks)
			if (taskDue(task, lift.usageTotal, now, timeZone).state === 'overdue') return hold(lift, 'safety_overdue', task.nameZh);
	return null;
}

/**
 * A meter reading applied to a machine's usage: the usage total grows by what the meter moved since
 * the last reading; a new meter (`meterReplaced`) starts again at its reading and adds nothing for
 * the swap itself, so the total keeps growing. A reading lower than the last without a new meter is
 * refused (null).
 */
export function applyReading(
	usageTotal: number,
	lastReading: number | null,
	reading: number,
	meterReplaced: boolean
): { usageTotal: number; lastReading: number } | null {
	if (meterReplaced || lastReading === null) return { usageTotal, lastReading: reading };
	if (reading < lastReading) return null;
	return { usageTotal: usageTotal + (reading - lastReading), lastReading: reading };
}
