import { describe, expect, it } from 'vitest';
import { orderFacts, stageGroupOf, timeline, type OrderRecord, type StageStep } from '$lib/domain/kpi-facts';

/**
 * One order's facts worked by hand (issue 16): where its time went by stage group, its stays in a
 * bay (a failed QC sends it back to the same bay: a second stay), its pauses by reason, when it
 * started, left its bay for good and was followed up.
 */
const MIN = 60_000;
// 08:00 on Monday 2 November 2026 in Guangzhou.
const T0 = Date.UTC(2026, 10, 2, 0, 0);
const at = (minutes: number) => T0 + minutes * MIN;

const steps: StageStep[] = [
	{ at: at(5), to: 'waiting_dispatch' }, // submit: 5 min checking in
	{ at: at(20), to: 'dispatched', bayId: 1 }, // 15 more waiting for dispatch → to_dispatch 20
	{ at: at(22), to: 'dispatched', bayId: 1 }, // set_crew: no move, nothing counted
	{ at: at(25), to: 'in_progress', bayId: 1 }, // dispatched 5; work starts
	{ at: at(55), to: 'paused', reason: 'parts', bayId: 1 }, // in progress 30
	{ at: at(85), to: 'in_progress', bayId: 1 }, // paused for parts 30
	{ at: at(100), to: 'paused', reason: 'approval', bayId: 1 }, // in progress 15 (45)
	{ at: at(110), to: 'in_progress', bayId: 1 }, // paused for approval 10
	{ at: at(130), to: 'team_check', bayId: 1 }, // in progress 20 (65)
	{ at: at(135), to: 'final_qc', bayId: 1 }, // team check 5; the car leaves bay 1
	{ at: at(150), to: 'in_progress', bayId: 1 }, // QC 15; failed: back to work in bay 1 (a second stay)
	{ at: at(160), to: 'paused', bayId: 1 }, // in progress 10 (75); a pause without a reason counts as other
	{ at: at(165), to: 'in_progress', bayId: 1 }, // paused (other) 5
	{ at: at(170), to: 'team_check', bayId: 1 }, // in progress 5 (80)
	{ at: at(172), to: 'final_qc', bayId: 1 }, // team check 2 (7); leaves the bay again
	{ at: at(180), to: 'wash', bayId: 1 }, // QC 8 (23)
	{ at: at(200), to: 'ready', bayId: 1 }, // wash 20
	{ at: at(230), to: 'delivered', bayId: 1 }, // ready 30
	{ at: at(230 + 2 * 24 * 60), to: 'followed_up', bayId: 1 } // delivered counts nowhere
];

const record: OrderRecord = {
	id: 7,
	number: 'RO20261102-007',
	plate: '粤A·5K8Q2',
	kind: 'repair',
	stage: 'followed_up',
	advisor: '李娜',
	teamId: 2,
	bayId: 1,
	crewSize: 2,
	checkedInAt: T0,
	deliveredAt: at(230),
	promisedAt: at(240),
	workedMs: 80 * MIN,
	reworkCount: 1,
	wash: 1,
	operations: [
		{ code: 'BRK-PAD-F', nameZh: '更换前刹车片', nameEn: 'Front brake pad replacement', minutes1: 50, minutes2: 30, status: 'active' },
		{ code: 'ELE-DIAG', nameZh: '电气故障诊断', nameEn: 'Electrical fault diagnosis', minutes1: 60, minutes2: 45, status: 'active' },
		{ code: 'BRK-DISC-F', nameZh: '更换前刹车盘', nameEn: 'Front brake disc replacement', minutes1: 90, minutes2: 50, status: 'pending' },
		{ code: 'ELE-WIPER', nameZh: '更换雨刮片', nameEn: 'Wiper blade replacement', minutes1: 10, minutes2: 8, status: 'declined' }
	],
	addons: ['approved', 'declined', 'pending'],
	partsFen: 52_000,
	crew: [
		{ technicianId: 4, name: '张国栋', workedMs: 80 * MIN },
		{ technicianId: 5, name: '刘海峰', workedMs: 70 * MIN }
	]
};

describe('timeline', () => {
	it('adds up each stage group, by pause reason, with a rework back in the same bay', () => {
		const t = timeline(T0, steps, null);
		expect(t.stageMs).toEqual({
			to_dispatch: 20 * MIN,
			dispatched: 5 * MIN,
			in_progress: 80 * MIN,
			paused_parts: 30 * MIN,
			paused_approval: 10 * MIN,
			paused_other: 5 * MIN,
			team_check: 7 * MIN,
			qc: 23 * MIN,
			wash: 20 * MIN,
			ready: 30 * MIN
		});
		expect(t.baySpans).toEqual([
			{ bayId: 1, start: at(20), end: at(135) },
			{ bayId: 1, start: at(150), end: at(172) }
		]);
		expect(t.startedAt).toBe(at(25));
		expect(t.workDoneAt).toBe(at(172));
		expect(t.followedUpAt).toBe(at(230 + 2 * 24 * 60));
	});

	it('counts the stage it is in only once it leaves it, and opens a stay in the fallback bay for moves that name none', () => {
		const t = timeline(T0, [{ at: at(10), to: 'waiting_dispatch' }, { at: at(30), to: 'dispatched' }, { at: at(40), to: 'in_progress' }], 6);
		expect(t.stageMs.to_dispatch).toBe(30 * MIN);
		expect(t.stageMs.dispatched).toBe(10 * MIN);
		expect(t.stageMs.in_progress).toBe(0);
		expect(t.baySpans).toEqual([{ bayId: 6, start: at(30), end: null }]);
		expect(t.workDoneAt).toBeNull();
		expect(t.followedUpAt).toBeNull();
	});

	it('a cancelled order frees its bay and counts nothing after', () => {
		const t = timeline(T0, [{ at: at(5), to: 'waiting_dispatch' }, { at: at(10), to: 'dispatched', bayId: 3 }, { at: at(15), to: 'cancelled', bayId: null }], null);
		expect(t.baySpans).toEqual([{ bayId: 3, start: at(10), end: at(15) }]);
		expect(t.stageMs.dispatched).toBe(5 * MIN);
		expect(t.startedAt).toBeNull();
	});

	it('groups stages as the manager reads them', () => {
		expect(stageGroupOf('checked_in', null)).toBe('to_dispatch');
		expect(stageGroupOf('advisor_check', null)).toBe('qc');
		expect(stageGroupOf('paused', 'parts')).toBe('paused_parts');
		expect(stageGroupOf('paused', null)).toBe('paused_other');
		expect(stageGroupOf('delivered', null)).toBeNull();
	});
});

describe('orderFacts', () => {
	it('the hand-worked order: standard minutes of the active operations, its main one, add-ons, days and the follow-up', () => {
		const f = orderFacts(record, steps, 'Asia/Shanghai');
		expect(f).toMatchObject({
			id: 7,
			number: 'RO20261102-007',
			kind: 'repair',
			stage: 'followed_up',
			advisor: '李娜',
			checkedInDay: '2026-11-02',
			deliveredDay: '2026-11-02',
			followedUpAt: at(230 + 2 * 24 * 60),
			// Pending and declined operations do not count: 50 + 60 for one technician, 30 + 45 for two.
			std1: 110,
			std2: 75,
			workedMs: 80 * MIN,
			reworkCount: 1,
			wash: 1,
			partsFen: 52_000,
			addonsApproved: 1,
			addonsDeclined: 1,
			startedAt: at(25),
			workDoneAt: at(172)
		});
		expect(f.mainOp).toEqual({ code: 'ELE-DIAG', nameZh: '电气故障诊断', nameEn: 'Electrical fault diagnosis', minutes1: 60, minutes2: 45 });
		expect(f.operations.map((o) => o.code)).toEqual(['BRK-PAD-F', 'ELE-DIAG']);
		expect(f.crew.map((c) => c.workedMs)).toEqual([80 * MIN, 70 * MIN]);
		expect(f.stageMs.paused_parts + f.stageMs.paused_approval + f.stageMs.paused_other).toBe(45 * MIN);
		expect(f.baySpans).toHaveLength(2);
	});

	it('a delivery after midnight is the next store day; not delivered, no delivery day and no follow-up', () => {
		const late = orderFacts({ ...record, deliveredAt: Date.UTC(2026, 10, 2, 16, 30) }, steps, 'Asia/Shanghai');
		expect(late.deliveredDay).toBe('2026-11-03');
		const ready = orderFacts({ ...record, stage: 'ready', deliveredAt: null }, steps.slice(0, 17), 'Asia/Shanghai');
		expect(ready.deliveredDay).toBeNull();
		expect(ready.followedUpAt).toBeNull();
		// Delivered but not yet called: the follow-up time is only a followed-up order's.
		const delivered = orderFacts({ ...record, stage: 'delivered' }, steps.slice(0, 18), 'Asia/Shanghai');
		expect([delivered.deliveredDay, delivered.followedUpAt]).toEqual(['2026-11-02', null]);
	});
});
