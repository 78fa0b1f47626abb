import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { bayHold } from '$lib/domain/equipment';
import { holdTaskName } from '$lib/components/board/hold';
import { holdText } from '$lib/components/desk/dispatch/hold-text';
import type { BayLiftView, BayView, TaskView } from '$lib/live/protocol';

// What the bay board and the desk's dispatch say of a bay its lift holds (issue 15).
const SH = 'Asia/Shanghai';
const at = (y: number, mo: number, d: number, h = 10) => new TZDate(y, mo - 1, d, h, 0, 0, SH).getTime();

const inspection: TaskView = {
	id: 1,
	nameZh: '检查举升臂、臂锁及安全锁',
	nameEn: 'Inspect arms, arm locks and safety latches',
	everyCount: 1,
	everyUnit: 'month',
	everyUsage: null,
	leadDays: 5,
	leadUsage: 0,
	safety: true,
	lastDoneAt: at(2026, 10, 30),
	lastDoneUsage: 0,
	sort: 0,
	version: 1
};
const lift = (over: Partial<BayLiftView> = {}): BayLiftView => ({ id: 3, code: 'LIFT-M4', nameZh: '两柱举升机 M4', nameEn: 'Two-post lift M4', inService: true, outOfServiceReason: null, usageTotal: 100, safetyTasks: [inspection], ...over });
const bay = (lifts: BayLiftView[]): BayView => ({ id: 4, code: 'M4', nameZh: '机电4号工位', nameEn: 'Mechanical bay 4', kind: 'mechanical', inService: true, outOfServiceReason: null, sort: 3, version: 1, lifts });

describe('a held bay on the board and at dispatch', () => {
	it('turns unavailable by time alone when the safety inspection falls overdue, with no event', () => {
		const lifts = [lift()];
		// Due on Nov 30 (store day): due that day, overdue from Dec 1 00:00 in Shanghai.
		expect(bayHold(lifts, at(2026, 11, 30, 23), SH)).toBeNull();
		expect(bayHold(lifts, at(2026, 12, 1, 0), SH)).toMatchObject({ code: 'LIFT-M4', reason: 'safety_overdue', detail: inspection.nameZh });
	});

	it('names the overdue task in the screen language, and keeps an out-of-service reason as typed', () => {
		const lifts = [lift()];
		const overdue = bayHold(lifts, at(2026, 12, 3), SH)!;
		expect(holdTaskName(overdue, lifts, false)).toBe('检查举升臂、臂锁及安全锁');
		expect(holdTaskName(overdue, lifts, true)).toBe('Inspect arms, arm locks and safety latches');
		const down = [lift({ inService: false, outOfServiceReason: '举升机液压泄漏，待厂家上门维修' })];
		const hold = bayHold(down, at(2026, 12, 3), SH)!;
		expect(holdTaskName(hold, down, true)).toBe('举升机液压泄漏，待厂家上门维修');
	});

	it('says at dispatch which lift holds the bay and why', () => {
		const down = [lift({ inService: false, outOfServiceReason: '举升机液压泄漏，待厂家上门维修' })];
		expect(holdText(bay(down), bayHold(down, at(2026, 12, 3), SH)!, false)).toBe('M4：举升机 LIFT-M4 停用 — 举升机液压泄漏，待厂家上门维修');
		const noReason = [lift({ inService: false })];
		expect(holdText(bay(noReason), bayHold(noReason, at(2026, 12, 3), SH)!, false)).toBe('M4：举升机 LIFT-M4 停用');
		const late = [lift()];
		expect(holdText(bay(late), bayHold(late, at(2026, 12, 3), SH)!, false)).toBe('M4：举升机 LIFT-M4 安全检查逾期 — 检查举升臂、臂锁及安全锁');
	});
});
