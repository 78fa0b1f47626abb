import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { equipmentState, type EquipmentState, type TaskDue } from '$lib/domain/equipment';
import type { EquipmentView, TaskView } from '$lib/live/protocol';
import { stateRank } from './format';

export interface MachineRow {
	equipment: EquipmentView;
	state: EquipmentState;
	tasks: { task: TaskView; due: TaskDue }[];
	/** Its most pressing task (worst state, then the earliest due day). */
	next: { task: TaskView; due: TaskDue } | null;
}

const dueRank = (d: TaskDue) => stateRank[d.state];

/** Every machine with its state, worst first (out of service, overdue, due, due soon, ok), then by code. */
export function machineRows(items: readonly EquipmentView[], now: number, timeZone: string): MachineRow[] {
	return items
		.map((equipment) => {
			const s = equipmentState(equipment, now, timeZone);
			const sorted = [...s.tasks].sort((a, b) => dueRank(a.due) - dueRank(b.due) || (a.due.dueDay ?? '9999').localeCompare(b.due.dueDay ?? '9999'));
			return { equipment, state: s.state, tasks: s.tasks, next: sorted[0] ?? null };
		})
		.sort((a, b) => stateRank[a.state] - stateRank[b.state] || a.equipment.code.localeCompare(b.equipment.code));
}

/** Groups of rows by state, in the order the rows come. */
export function groupByState(rows: readonly MachineRow[]): { state: EquipmentState; rows: MachineRow[] }[] {
	const groups: { state: EquipmentState; rows: MachineRow[] }[] = [];
	for (const r of rows) {
		const last = groups.at(-1);
		if (last && last.state === r.state) last.rows.push(r);
		else groups.push({ state: r.state, rows: [r] });
	}
	return groups;
}

/**
 * The tasks falling due from today through the next 7 days (and everything already due or
 * overdue), soonest first: the board's "this week" and the supervisor's list.
 */
export function dueThisWeek(rows: readonly MachineRow[], today: string, weekEnd: string): { equipment: EquipmentView; task: TaskView; due: TaskDue }[] {
	const out: { equipment: EquipmentView; task: TaskView; due: TaskDue }[] = [];
	for (const r of rows)
		for (const t of r.tasks) {
			const soon = t.due.state !== 'ok' || (t.due.dueDay !== null && t.due.dueDay <= weekEnd);
			if (soon) out.push({ equipment: r.equipment, ...t });
		}
	return out.sort((a, b) => dueRank(a.due) - dueRank(b.due) || (a.due.dueDay ?? today).localeCompare(b.due.dueDay ?? today) || a.equipment.code.localeCompare(b.equipment.code));
}

/** Today and the day a week from today, as store days ('YYYY-MM-DD'). */
export function weekWindow(now: number, timeZone: string): { today: string; weekEnd: string } {
	const d = new TZDate(now, timeZone);
	return { today: format(d, 'yyyy-MM-dd'), weekEnd: format(addDays(d, 7), 'yyyy-MM-dd') };
}
