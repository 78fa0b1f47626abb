import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { applyReading, bayHold, equipmentState, taskDue } from '$lib/domain/equipment';
import type { BayLiftView, EquipmentView, TaskView } from '$lib/live/protocol';

const SH = 'Asia/Shanghai';
const BER = 'Europe/Berlin';
/** A moment on the store's clock: month 1-12. */
const at = (tz: string, y: number, mo: number, d: number, h = 12, mi = 0) => new TZDate(y, mo - 1, d, h, mi, tz).getTime();

let nextId = 1;
function task(over: Partial<TaskView> = {}): TaskView {
	return {
		id: nextId++,
		nameZh: '检查举升臂与锁止',
		nameEn: 'Inspect lift arms and locks',
		everyCount: null,
		everyUnit: null,
		everyUsage: null,
		leadDays: 0,
		leadUsage: 0,
		safety: false,
		lastDoneAt: null,
		lastDoneUsage: null,
		sort: 0,
		version: 1,
		...over
	};
}

describe('taskDue by calendar', () => {
	it('days: due soon from the lead, due on the day, overdue after it', () => {
		const t = task({ everyCount: 10, everyUnit: 'day', leadDays: 3, lastDoneAt: at(SH, 2026, 3, 1, 23, 30), lastDoneUsage: 0 });
		expect(taskDue(t, 0, at(SH, 2026, 3, 7), SH)).toMatchObject({ state: 'ok', dueDay: '2026-03-11', by: 'calendar' });
		expect(taskDue(t, 0, at(SH, 2026, 3, 8, 0, 0), SH).state).toBe('due_soon');
		expect(taskDue(t, 0, at(SH, 2026, 3, 11, 0, 0), SH).state).toBe('due');
		expect(taskDue(t, 0, at(SH, 2026, 3, 11, 23, 59), SH).state).toBe('due');
		expect(taskDue(t, 0, at(SH, 2026, 3, 12, 0, 0), SH).state).toBe('overdue');
		expect(taskDue(t, 0, 0 + at(SH, 2026, 3, 7), SH).dueAt).toBe(at(SH, 2026, 3, 11, 0, 0));
	});
	it('the store day counts, not UTC: done late evening in Shanghai is that store day', () => {
		// 23:30 in Shanghai on Mar 1 is 15:30 UTC the same day; 00:30 on Mar 2 is still Mar 1 in UTC.
		const t = task({ everyCount: 1, everyUnit: 'day', lastDoneAt: at(SH, 2026, 3, 2, 0, 30), lastDoneUsage: 0 });
		expect(taskDue(t, 0, at(SH, 2026, 3, 2), SH).dueDay).toBe('2026-03-03');
	});
	it('weeks', () => {
		const t = task({ everyCount: 2, everyUnit: 'week', lastDoneAt: at(SH, 2026, 12, 24), lastDoneUsage: 0 });
		expect(taskDue(t, 0, at(SH, 2026, 12, 30), SH)).toMatchObject({ state: 'ok', dueDay: '2027-01-07' });
	});
	it('months: Jan 31 + 1 month is the end of February', () => {
		const t = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: at(SH, 2026, 1, 31), lastDoneUsage: 0 });
		expect(taskDue(t, 0, at(SH, 2026, 2, 1), SH).dueDay).toBe('2026-02-28');
		const leap = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: at(SH, 2024, 1, 31), lastDoneUsage: 0 });
		expect(taskDue(leap, 0, at(SH, 2024, 2, 1), SH).dueDay).toBe('2024-02-29');
		const aug = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: at(SH, 2026, 8, 31), lastDoneUsage: 0 });
		expect(taskDue(aug, 0, at(SH, 2026, 9, 1), SH).dueDay).toBe('2026-09-30');
	});
	it('leap days: Feb 29 + 1 year is Feb 28, + 4 years is Feb 29', () => {
		const year = task({ everyCount: 12, everyUnit: 'month', lastDoneAt: at(SH, 2024, 2, 29), lastDoneUsage: 0 });
		expect(taskDue(year, 0, at(SH, 2024, 3, 1), SH).dueDay).toBe('2025-02-28');
		const four = task({ everyCount: 48, everyUnit: 'month', lastDoneAt: at(SH, 2024, 2, 29), lastDoneUsage: 0 });
		expect(taskDue(four, 0, at(SH, 2024, 3, 1), SH).dueDay).toBe('2028-02-29');
	});
	it('across daylight saving (Berlin): the due day starts at local midnight and stays the same day', () => {
		// Clocks go forward on 29 Mar 2026 and back on 25 Oct 2026.
		const spring = task({ everyCount: 1, everyUnit: 'day', lastDoneAt: at(BER, 2026, 3, 28, 23, 30), lastDoneUsage: 0 });
		const s = taskDue(spring, 0, at(BER, 2026, 3, 28, 23, 45), BER);
		expect(s.dueDay).toBe('2026-03-29');
		expect(s.dueAt).toBe(Date.UTC(2026, 2, 28, 23, 0));
		expect(taskDue(spring, 0, at(BER, 2026, 3, 29, 0, 30), BER).state).toBe('due');
		expect(taskDue(spring, 0, at(BER, 2026, 3, 30, 0, 0), BER).state).toBe('overdue');
		const autumn = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: at(BER, 2026, 9, 25, 0, 15), lastDoneUsage: 0 });
		const a = taskDue(autumn, 0, at(BER, 2026, 10, 1), BER);
		expect(a.dueDay).toBe('2026-10-25');
		expect(a.dueAt).toBe(Date.UTC(2026, 9, 24, 22, 0));
		expect(taskDue(autumn, 0, at(BER, 2026, 10, 25, 23, 59), BER).state).toBe('due');
		expect(taskDue(autumn, 0, at(BER, 2026, 10, 26, 0, 0), BER).state).toBe('overdue');
	});
	it('the same moment is a different store day in another zone', () => {
		const done = Date.UTC(2026, 4, 31, 20, 0); // Jun 1, 04:00 in Shanghai; May 31, 22:00 in Berlin
		const t = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: done, lastDoneUsage: 0 });
		expect(taskDue(t, 0, done, SH).dueDay).toBe('2026-07-01');
		expect(taskDue(t, 0, done, BER).dueDay).toBe('2026-06-30');
	});
});

describe('taskDue by usage', () => {
	const t = task({ everyUsage: 500, leadUsage: 50, lastDoneAt: at(SH, 2026, 1, 1), lastDoneUsage: 1000 });
	it('due soon within the lead, due at the point, overdue past it by more than 10%', () => {
		expect(taskDue(t, 1400, at(SH, 2026, 1, 2), SH)).toMatchObject({ state: 'ok', usageDue: 1500, usageLeft: 100, by: 'usage', dueDay: null });
		expect(taskDue(t, 1450, 0, SH).state).toBe('due_soon');
		expect(taskDue(t, 1499, 0, SH).state).toBe('due_soon');
		expect(taskDue(t, 1500, 0, SH)).toMatchObject({ state: 'due', usageLeft: 0 });
		expect(taskDue(t, 1550, 0, SH).state).toBe('due');
		expect(taskDue(t, 1551, 0, SH)).toMatchObject({ state: 'overdue', usageLeft: -51 });
	});
	it('a reading reset after a meter replacement: the usage total keeps growing', () => {
		let m = applyReading(0, null, 1000, false)!;
		expect(m).toEqual({ usageTotal: 0, lastReading: 1000 });
		m = applyReading(m.usageTotal, m.lastReading, 1300, false)!;
		expect(m).toEqual({ usageTotal: 300, lastReading: 1300 });
		expect(applyReading(m.usageTotal, m.lastReading, 20, false)).toBeNull();
		m = applyReading(m.usageTotal, m.lastReading, 20, true)!;
		expect(m).toEqual({ usageTotal: 300, lastReading: 20 });
		m = applyReading(m.usageTotal, m.lastReading, 270, false)!;
		expect(m).toEqual({ usageTotal: 550, lastReading: 270 });
		// The task done at usage 0 with every 500 is now due, though the new meter reads only 270.
		const oil = task({ everyUsage: 500, lastDoneAt: at(SH, 2026, 1, 1), lastDoneUsage: 0 });
		expect(taskDue(oil, m.usageTotal, at(SH, 2026, 1, 2), SH)).toMatchObject({ state: 'due', usageLeft: -50 });
	});
});

describe('taskDue by both', () => {
	const t = task({ everyCount: 3, everyUnit: 'month', leadDays: 7, everyUsage: 1000, leadUsage: 100, lastDoneAt: at(SH, 2026, 1, 15), lastDoneUsage: 0 });
	it('whichever comes first decides', () => {
		expect(taskDue(t, 100, at(SH, 2026, 2, 1), SH)).toMatchObject({ state: 'ok', dueDay: '2026-04-15', usageDue: 1000 });
		expect(taskDue(t, 950, at(SH, 2026, 2, 1), SH)).toMatchObject({ state: 'due_soon', by: 'usage' });
		expect(taskDue(t, 100, at(SH, 2026, 4, 10), SH)).toMatchObject({ state: 'due_soon', by: 'calendar' });
		expect(taskDue(t, 1200, at(SH, 2026, 4, 10), SH)).toMatchObject({ state: 'overdue', by: 'usage' });
		expect(taskDue(t, 100, at(SH, 2026, 4, 16), SH)).toMatchObject({ state: 'overdue', by: 'calendar' });
	});
	it('never done is due', () => {
		expect(taskDue(task({ everyCount: 1, everyUnit: 'week' }), 0, at(SH, 2026, 1, 1), SH)).toMatchObject({ state: 'due', dueDay: null, by: null });
		expect(taskDue(task({ everyUsage: 10 }), 0, at(SH, 2026, 1, 1), SH).state).toBe('due');
	});
});

function lift(over: Partial<BayLiftView> = {}): BayLiftView {
	return { id: 7, code: 'LIFT-M1', nameZh: '二柱举升机', nameEn: 'Two-post lift', inService: true, outOfServiceReason: null, usageTotal: 0, safetyTasks: [], ...over };
}

describe('equipmentState and bayHold', () => {
	const now = at(SH, 2026, 6, 1);
	const fresh = task({ everyCount: 1, everyUnit: 'month', lastDoneAt: at(SH, 2026, 5, 20), lastDoneUsage: 0, safety: true });
	const late = task({ everyCount: 1, everyUnit: 'week', lastDoneAt: at(SH, 2026, 5, 1), lastDoneUsage: 0, safety: true, nameZh: '安全检查' });
	const soon = task({ everyCount: 2, everyUnit: 'week', leadDays: 3, lastDoneAt: at(SH, 2026, 5, 20), lastDoneUsage: 0 });

	it('the worst task decides, out of service wins', () => {
		const e = { inService: true, usageTotal: 0, tasks: [fresh, soon] } as unknown as EquipmentView;
		expect(equipmentState(e, now, SH).state).toBe('due_soon');
		expect(equipmentState(e, now, SH).tasks.map((t) => t.due.state)).toEqual(['ok', 'due_soon']);
		expect(equipmentState({ ...e, tasks: [fresh, late] }, now, SH).state).toBe('overdue');
		expect(equipmentState({ ...e, inService: false }, now, SH).state).toBe('out_of_service');
		expect(equipmentState({ ...e, tasks: [] }, now, SH).state).toBe('ok');
	});
	it('a bay is held by a lift out of service or with a safety task overdue', () => {
		expect(bayHold([], now, SH)).toBeNull();
		expect(bayHold([lift({ safetyTasks: [fresh] })], now, SH)).toBeNull();
		expect(bayHold([lift({ inService: false, outOfServiceReason: '液压漏油' })], now, SH)).toEqual({
			liftId: 7,
			code: 'LIFT-M1',
			nameZh: '二柱举升机',
			nameEn: 'Two-post lift',
			reason: 'out_of_service',
			detail: '液压漏油'
		});
		expect(bayHold([lift({ safetyTasks: [fresh, late] })], now, SH)).toMatchObject({ reason: 'safety_overdue', detail: '安全检查' });
		// Never done is due, not overdue: no hold.
		expect(bayHold([lift({ safetyTasks: [task({ everyCount: 1, everyUnit: 'day', safety: true })] })], now, SH)).toBeNull();
		// Out of service comes first whichever lift it is.
		expect(bayHold([lift({ safetyTasks: [late] }), lift({ id: 8, code: 'LIFT-M1B', inService: false, outOfServiceReason: null })], now, SH)).toMatchObject({ liftId: 8, reason: 'out_of_service', detail: null });
	});
});
