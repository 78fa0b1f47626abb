import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { dueThisWeek, groupByState, machineRows, weekWindow } from '$lib/components/equipment/sorting';
import type { EquipmentView, TaskView } from '$lib/live/protocol';

// The order the equipment list, the wall board and the desk's due strip show machines and tasks in.

const SH = 'Asia/Shanghai';
const at = (y: number, mo: number, d: number, h = 12) => new TZDate(y, mo - 1, d, h, 0, SH).getTime();
const now = at(2026, 12, 1);

let nextId = 1;
function task(over: Partial<TaskView> = {}): TaskView {
	return {
		id: nextId++,
		nameZh: '任务',
		nameEn: 'Task',
		everyCount: 1,
		everyUnit: 'month',
		everyUsage: null,
		leadDays: 3,
		leadUsage: 0,
		safety: false,
		lastDoneAt: at(2026, 11, 20),
		lastDoneUsage: 0,
		sort: 0,
		version: 1,
		...over
	};
}
function machine(code: string, tasks: TaskView[], over: Partial<EquipmentView> = {}): EquipmentView {
	return {
		id: nextId++,
		code,
		nameZh: code,
		nameEn: code,
		type: 'other',
		bayId: null,
		bayCode: null,
		location: '',
		maker: '',
		model: '',
		serial: '',
		inService: true,
		outOfServiceReason: null,
		outOfServiceSince: null,
		usageUnit: null,
		usageTotal: 0,
		lastReading: null,
		planVersion: 1,
		createdAt: 0,
		version: 1,
		tasks,
		...over
	} as EquipmentView;
}

describe('machineRows', () => {
	const ok = machine('A-OK', [task()]);
	const overdue = machine('B-LATE', [task(), task({ lastDoneAt: at(2026, 10, 1) })]);
	const down = machine('C-DOWN', [task()], { inService: false, outOfServiceReason: 'leak' });
	const soon = machine('D-SOON', [task({ lastDoneAt: at(2026, 11, 3) })]);
	const rows = machineRows([ok, soon, overdue, down], now, SH);

	it('puts the worst first: out of service, overdue, due, due soon, ok; then by code', () => {
		expect(rows.map((r) => [r.equipment.code, r.state])).toEqual([
			['C-DOWN', 'out_of_service'],
			['B-LATE', 'overdue'],
			['D-SOON', 'due_soon'],
			['A-OK', 'ok']
		]);
	});
	it("names each machine's most pressing task", () => {
		expect(rows[1].next?.due.state).toBe('overdue');
		expect(rows[1].next?.due.dueDay).toBe('2026-11-01');
	});
	it('groups consecutive rows by state', () => {
		expect(groupByState(rows).map((g) => [g.state, g.rows.length])).toEqual([
			['out_of_service', 1],
			['overdue', 1],
			['due_soon', 1],
			['ok', 1]
		]);
	});
});

describe('dueThisWeek', () => {
	it('lists what is late, due or falls due within 7 store days, worst and soonest first', () => {
		const m = machine('M', [
			task({ lastDoneAt: at(2026, 11, 20) }), // 2026-12-20: not this week
			task({ lastDoneAt: at(2026, 11, 6), leadDays: 0 }), // 2026-12-06: ok, but within the week
			task({ lastDoneAt: at(2026, 10, 15) }), // overdue
			task({ lastDoneAt: at(2026, 11, 3) }) // 2026-12-03: due soon
		]);
		const { today, weekEnd } = weekWindow(now, SH);
		expect([today, weekEnd]).toEqual(['2026-12-01', '2026-12-08']);
		const list = dueThisWeek(machineRows([m], now, SH), today, weekEnd);
		expect(list.map((d) => [d.due.state, d.due.dueDay])).toEqual([
			['overdue', '2026-11-15'],
			['due_soon', '2026-12-03'],
			['ok', '2026-12-06']
		]);
	});
	it('a week across the store midnight: the store day counts, not UTC', () => {
		expect(weekWindow(at(2026, 12, 1, 1), SH).today).toBe('2026-12-01'); // 17:00 UTC the day before
	});
});
