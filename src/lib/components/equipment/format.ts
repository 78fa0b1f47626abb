/**
 * How the machines' pages, the card, the board and the desk say a plan and a state, in both
 * languages, with dates in the store's time zone (passed in: the page knows it from the server).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { EquipmentState, TaskDue } from '$lib/domain/equipment';
import type { EquipmentView, LogView, TaskView } from '$lib/live/protocol';

export const isEn = (): boolean => getLocale() === 'en';
const intlLocale = () => (isEn() ? 'en-GB' : 'zh-CN');

/** The name in the screen's language (both on the printed card). */
export const nameOf = (x: { nameZh: string; nameEn: string }): string => (isEn() ? x.nameEn || x.nameZh : x.nameZh);

export const stateLabel: Record<EquipmentState, () => string> = {
	ok: m.eq_state_ok,
	due_soon: m.eq_state_due_soon,
	due: m.eq_state_due,
	overdue: m.eq_state_overdue,
	out_of_service: m.eq_state_out_of_service
};

/** Worst first: the order lists and the board sort by. */
export const stateRank: Record<EquipmentState, number> = { out_of_service: 0, overdue: 1, due: 2, due_soon: 3, ok: 4 };

const typeLabels: Record<string, () => string> = {
	two_post_lift: m.eq_type_two_post_lift,
	four_post_lift: m.eq_type_four_post_lift,
	alignment: m.eq_type_alignment,
	tire_changer: m.eq_type_tire_changer,
	wheel_balancer: m.eq_type_wheel_balancer,
	ac_service: m.eq_type_ac_service,
	compressor: m.eq_type_compressor,
	brake_tester: m.eq_type_brake_tester,
	paint_booth: m.eq_type_paint_booth,
	other: m.eq_type_other
};
export const typeLabel = (type: string): string => (typeLabels[type] ?? m.eq_type_other)();

export const unitLabel = (unit: string | null): string => (unit === 'hours' ? m.eq_unit_hours() : m.eq_unit_cycles());

/** "every 3 months or every 500 cycles". */
export function intervalText(task: Pick<TaskView, 'everyCount' | 'everyUnit' | 'everyUsage'>, usageUnit: string | null): string {
	const parts: string[] = [];
	const n = task.everyCount;
	if (n !== null && task.everyUnit) {
		if (n === 1) parts.push(task.everyUnit === 'day' ? m.eq_every_day() : task.everyUnit === 'week' ? m.eq_every_week() : m.eq_every_month());
		else {
			const count = String(n);
			parts.push(task.everyUnit === 'day' ? m.eq_every_days({ count }) : task.everyUnit === 'week' ? m.eq_every_weeks({ count }) : m.eq_every_months({ count }));
		}
	}
	if (task.everyUsage !== null) parts.push(m.eq_every_usage({ count: String(task.everyUsage), unit: unitLabel(usageUnit) }));
	return parts.join(` ${m.eq_or()} `);
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const k = `${intlLocale()}|${timeZone}|${key}`;
	let f = fmtCache.get(k);
	if (!f) fmtCache.set(k, (f = new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone })));
	return f;
}

/** A store day 'YYYY-MM-DD' as "3 Dec 2026" / "2026年12月3日" (no zone shift: it is already a store day). */
export function dayText(day: string): string {
	const [y, mo, d] = day.split('-').map(Number);
	return fmt('UTC', 'day', { year: 'numeric', month: 'short', day: 'numeric' }).format(Date.UTC(y, mo - 1, d));
}
export const dateText = (at: number, timeZone: string): string => fmt(timeZone, 'date', { year: 'numeric', month: 'short', day: 'numeric' }).format(at);
export const dateTimeText = (at: number, timeZone: string): string =>
	fmt(timeZone, 'datetime', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
export const weekdayText = (day: string): string => {
	const [y, mo, d] = day.split('-').map(Number);
	return fmt('UTC', 'weekday', { weekday: 'short', month: 'numeric', day: 'numeric' }).format(Date.UTC(y, mo - 1, d));
};

/** When a task falls due next, in words: the date, the usage point, or both. */
export function nextDueText(due: TaskDue, e: Pick<EquipmentView, 'usageUnit'>): string {
	if (due.dueDay === null && due.usageDue === null) return m.eq_never_done();
	const parts: string[] = [];
	if (due.dueDay) parts.push(dayText(due.dueDay));
	if (due.usageDue !== null) parts.push(m.eq_due_at_usage({ usage: String(due.usageDue), unit: unitLabel(e.usageUnit) }));
	return parts.join(` ${m.eq_or()} `);
}

/** What is left of a usage interval: "120 cycles left" / "30 cycles over". */
export function usageLeftText(due: TaskDue, e: Pick<EquipmentView, 'usageUnit'>): string | null {
	if (due.usageLeft === null) return null;
	const unit = unitLabel(e.usageUnit);
	return due.usageLeft >= 0 ? m.eq_usage_left({ count: String(due.usageLeft), unit }) : m.eq_usage_over({ count: String(-due.usageLeft), unit });
}

export const logKindLabel: Record<string, () => string> = {
	done: m.eq_log_done,
	check_failed: m.eq_log_check_failed,
	repair: m.eq_log_repair,
	reading: m.eq_log_reading,
	out_of_service: m.eq_log_out_of_service,
	back_in_service: m.eq_log_back_in_service
};

export const logTaskName = (l: Pick<LogView, 'taskNameZh' | 'taskNameEn'>): string | null =>
	l.taskNameZh === null ? null : nameOf({ nameZh: l.taskNameZh, nameEn: l.taskNameEn ?? '' });
