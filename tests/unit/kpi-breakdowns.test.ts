import { describe, expect, it } from 'vitest';
import { bayDay, computeBreakdowns, overrunBucket, workshopLog } from '$lib/domain/kpi-breakdowns';
import { emptyStageMs, type OrderFacts, type StageGroup } from '$lib/domain/kpi-facts';
import { fromStoreLocal } from '$lib/domain/time';

const TZ = 'Asia/Shanghai';
const at = (local: string) => fromStoreLocal(local, TZ);
const min = 60_000;

function facts(f: Partial<OrderFacts> & Pick<OrderFacts, 'id'>, stages: Partial<Record<StageGroup, number>> = {}): OrderFacts {
	const stageMs = emptyStageMs();
	for (const [g, m] of Object.entries(stages)) stageMs[g as StageGroup] = m * min;
	return {
		number: `RO${f.id}`,
		plate: `粤B0000${f.id}`,
		kind: 'maintenance',
		stage: 'delivered',
		advisor: '李娜',
		teamId: 1,
		bayId: 1,
		crewSize: 1,
		checkedInAt: at('2026-12-01T08:00'),
		checkedInDay: '2026-12-01',
		deliveredAt: at('2026-12-01T12:00'),
		deliveredDay: '2026-12-01',
		promisedAt: null,
		followedUpAt: null,
		std1: 0,
		std2: 0,
		workedMs: 0,
		reworkCount: 0,
		wash: 0,
		partsFen: 0,
		addonsApproved: 0,
		addonsDeclined: 0,
		mainOp: null,
		operations: [],
		crew: [],
		startedAt: null,
		workDoneAt: null,
		baySpans: [],
		...f,
		stageMs
	};
}

const service = { code: 'M01', nameZh: '常规保养', nameEn: 'Routine service', minutes1: 45, minutes2: 30 };
const brakes = { code: 'R01', nameZh: '更换刹车片', nameEn: 'Brake pads', minutes1: 90, minutes2: 60 };
const teams = [
	{ id: 1, nameZh: '一组', nameEn: 'Team 1' },
	{ id: 2, nameZh: '二组', nameEn: 'Team 2' }
];

/*
 * The hand-worked day, 2026-12-01 (Shanghai), opening hours 08:00–18:00:
 *  id team crew std(1/2)  worked  main op  advisor  rework  stage minutes                                  crew (worked)
 *  1  1    1    60/40     50 m    M01      李娜     0       to_dispatch 10, in_progress 50, qc 5, ready 20   王师傅 50 m
 *  2  2    2    90/60     75 m    R01      李娜     1       to_dispatch 30, in_progress 75, parts 40, qc 10, ready 5   张师傅 75 m, 刘师傅 70 m
 *  3  1    1    45/30     120 m   M01      王芳     0       to_dispatch 20, in_progress 120                   王师傅 120 m
 *  4  1    1    45/30     (in progress: not delivered, left out of the breakdowns)
 * On time (worked ≤ the crew's standard): 1 yes (50 ≤ 60); 2 no (75 > 60, 15 over); 3 no (120 > 45, 75 over).
 */
const day: OrderFacts[] = [
	facts(
		{ id: 1, std1: 60, std2: 40, workedMs: 50 * min, mainOp: { ...service, minutes1: 60, minutes2: 40 }, crew: [{ technicianId: 1, name: '王师傅', workedMs: 50 * min }], startedAt: at('2026-12-01T09:00'), workDoneAt: at('2026-12-01T10:00'), operations: [{ ...service, minutes1: 60, minutes2: 40 }], baySpans: [{ bayId: 1, start: at('2026-12-01T09:00'), end: at('2026-12-01T10:00') }] },
		{ to_dispatch: 10, in_progress: 50, qc: 5, ready: 20 }
	),
	facts(
		{
			id: 2,
			kind: 'repair',
			teamId: 2,
			bayId: 2,
			crewSize: 2,
			std1: 90,
			std2: 60,
			workedMs: 75 * min,
			reworkCount: 1,
			mainOp: brakes,
			operations: [brakes],
			crew: [
				{ technicianId: 2, name: '张师傅', workedMs: 75 * min },
				{ technicianId: 3, name: '刘师傅', workedMs: 70 * min }
			],
			startedAt: at('2026-12-01T07:30'),
			// In before opening, back from QC at 15:00 and still in the bay at 16:00 (now).
			baySpans: [
				{ bayId: 2, start: at('2026-12-01T07:30'), end: at('2026-12-01T09:00') },
				{ bayId: 2, start: at('2026-12-01T15:00'), end: null }
			],
			stage: 'in_progress',
			deliveredDay: '2026-12-01'
		},
		{ to_dispatch: 30, in_progress: 75, paused_parts: 40, qc: 10, ready: 5 }
	),
	facts(
		{
			id: 3,
			advisor: '王芳',
			std1: 45,
			std2: 30,
			workedMs: 120 * min,
			mainOp: service,
			operations: [service],
			crew: [{ technicianId: 1, name: '王师傅', workedMs: 120 * min }],
			startedAt: at('2026-11-30T17:00'),
			workDoneAt: at('2026-12-01T08:30'),
			// Worked overnight from the day before.
			baySpans: [{ bayId: 1, start: at('2026-11-30T17:00'), end: at('2026-12-01T08:30') }]
		},
		{ to_dispatch: 20, in_progress: 120 }
	),
	facts({ id: 4, stage: 'in_progress', deliveredAt: null, deliveredDay: null, std1: 45, std2: 30, workedMs: 10 * min, mainOp: service, startedAt: at('2026-12-01T17:00'), baySpans: [{ bayId: 1, start: at('2026-12-01T17:00'), end: null }] })
];
// Order 2 is counted as delivered for the breakdowns (deliveredDay set) though its stage is odd: the breakdowns go by delivery day.

describe('computeBreakdowns, worked by hand', () => {
	const b = computeBreakdowns(day, '2026-12-01', '2026-12-01', teams);

	it('on time by main operation and by team', () => {
		expect(b.byOperation).toEqual([
			{ code: 'M01', nameZh: '常规保养', nameEn: 'Routine service', jobs: 2, onTime: 1, share: 0.5 },
			{ code: 'R01', nameZh: '更换刹车片', nameEn: 'Brake pads', jobs: 1, onTime: 0, share: 0 }
		]);
		expect(b.byTeam).toEqual([
			{ teamId: 1, nameZh: '一组', nameEn: 'Team 1', jobs: 2, onTime: 1, share: 0.5 },
			{ teamId: 2, nameZh: '二组', nameEn: 'Team 2', jobs: 1, onTime: 0, share: 0 }
		]);
	});

	it('overruns in buckets of minutes past the standard', () => {
		expect(Object.fromEntries(b.overruns.map((o) => [o.bucket, o.count]))).toEqual({ within: 1, up_to_10: 0, up_to_20: 1, up_to_30: 0, up_to_60: 0, over_60: 1 });
		expect(overrunBucket(day[0])).toBe('within');
	});

	it('stage minutes: median and p90 over the jobs that spent time in the stage', () => {
		const s = Object.fromEntries(b.stages.map((x) => [x.group, x]));
		// to_dispatch 10, 30, 20 → median 20, p90 (nearest rank 3 of 3) 30.
		expect(s.to_dispatch).toEqual({ group: 'to_dispatch', jobs: 3, medianMin: 20, p90Min: 30 });
		expect(s.in_progress).toEqual({ group: 'in_progress', jobs: 3, medianMin: 75, p90Min: 120 });
		expect(s.paused_parts).toEqual({ group: 'paused_parts', jobs: 1, medianMin: 40, p90Min: 40 });
		// qc 5, 10 → median 7.5, p90 rank ceil(1.8) = 2 → 10.
		expect(s.qc).toEqual({ group: 'qc', jobs: 2, medianMin: 7.5, p90Min: 10 });
		expect(s.ready).toEqual({ group: 'ready', jobs: 2, medianMin: 12.5, p90Min: 20 });
		expect(s.dispatched).toEqual({ group: 'dispatched', jobs: 0, medianMin: null, p90Min: null });
		expect(b.stagesByAdvisor.map((a) => [a.key, a.jobs])).toEqual([
			['李娜', 2],
			['王芳', 1]
		]);
		expect(b.stagesByTeam.map((t) => [t.nameEn, t.jobs])).toEqual([
			['Team 1', 2],
			['Team 2', 1]
		]);
	});

	it("each technician's jobs, standard hours earned against hours on the job, and rework", () => {
		const t = Object.fromEntries(b.technicians.map((x) => [x.name, x]));
		// 王师傅: jobs 1 and 3 at one-technician times 60 + 45 = 105 min = 1.75 h earned; on the job 50 + 120 = 170 min.
		expect(t['王师傅']).toEqual({ technicianId: 1, name: '王师傅', jobs: 2, earnedHours: 1.8, onJobHours: 2.8, productivity: 0.62, reworkJobs: 0 });
		// Job 2 by two: each earns the two-person time, 60 min.
		expect(t['张师傅']).toEqual({ technicianId: 2, name: '张师傅', jobs: 1, earnedHours: 1, onJobHours: 1.3, productivity: 0.8, reworkJobs: 1 });
		expect(t['刘师傅']).toEqual({ technicianId: 3, name: '刘师傅', jobs: 1, earnedHours: 1, onJobHours: 1.2, productivity: 0.86, reworkJobs: 1 });
		expect(b.technicians[0].name).toBe('王师傅');
	});
});

describe('bayDay', () => {
	it("draws each bay's stays clipped to the day and counts busy time within opening hours", () => {
		const bays = [
			{ id: 1, code: 'A1', nameZh: '一号工位', nameEn: 'Bay 1' },
			{ id: 2, code: 'A2', nameZh: '二号工位', nameEn: 'Bay 2' }
		];
		const d = bayDay(day, '2026-12-01', bays, { opensAt: '08:00', closesAt: '18:00' }, TZ, at('2026-12-01T16:00'));
		expect(d.opensAt).toBe(at('2026-12-01T08:00'));
		expect(d.closesAt).toBe(at('2026-12-01T18:00'));
		const [a1, a2] = d.bays;
		// Bay 1: order 3 from midnight (clipped) to 08:30 (30 min open), order 1 09:00–10:00 (60); order 4 starts at 17:00, after now (16:00): not drawn yet.
		expect(a1.spans.map((s) => [s.number, s.start, s.end, s.open])).toEqual([
			['RO3', at('2026-12-01T00:00'), at('2026-12-01T08:30'), false],
			['RO1', at('2026-12-01T09:00'), at('2026-12-01T10:00'), false]
		]);
		expect(a1.busyMinutes).toBe(90);
		expect(a1.busyShare).toBeCloseTo(90 / 600);
		// Bay 2: 07:30–09:00 (60 within hours), and back at 15:00, still there at 16:00 (60).
		expect(a2.spans.map((s) => [s.start, s.end, s.open])).toEqual([
			[at('2026-12-01T07:30'), at('2026-12-01T09:00'), false],
			[at('2026-12-01T15:00'), at('2026-12-01T16:00'), true]
		]);
		expect(a2.busyMinutes).toBe(120);
		expect(a2.busyShare).toBeCloseTo(0.2);
	});
});

describe('workshopLog', () => {
	it('lists the cars in a bay that day in the order work began, with standard against actual and QC', () => {
		const rows = workshopLog(day, '2026-12-01', teams, TZ);
		expect(rows.map((r) => r.number)).toEqual(['RO3', 'RO2', 'RO1', 'RO4']);
		const [r3, r2, r1, r4] = rows;
		expect(r1).toMatchObject({ teamZh: '一组', crew: ['王师傅'], standardMinutes: 60, actualMinutes: 50, qc: 'pass', reworkCount: 0, startedAt: at('2026-12-01T09:00'), endedAt: at('2026-12-01T10:00') });
		expect(r1.operations).toEqual([{ nameZh: '常规保养', nameEn: 'Routine service', minutes: 60 }]);
		// Two technicians: the two-person times.
		expect(r2).toMatchObject({ teamEn: 'Team 2', crew: ['张师傅', '刘师傅'], standardMinutes: 60, actualMinutes: 75, qc: 'rework', reworkCount: 1 });
		expect(r2.operations).toEqual([{ nameZh: '更换刹车片', nameEn: 'Brake pads', minutes: 60 }]);
		expect(r3).toMatchObject({ standardMinutes: 45, actualMinutes: 120, qc: 'pass' });
		// Still being worked on: not through QC yet.
		expect(r4).toMatchObject({ qc: null, endedAt: null });
		// The day before shows only order 3 (its stay began at 17:00 on 11-30).
		expect(workshopLog(day, '2026-11-30', teams, TZ).map((r) => r.number)).toEqual(['RO3']);
	});

	it("counts a running job's clock up to now: its closed time plus the stretch running", () => {
		const r4 = day.find((f) => f.number === 'RO4')!;
		const now = at('2026-12-01T15:30');
		const rows = workshopLog(day, '2026-12-01', teams, TZ, { now, runningSince: new Map([[r4.id, at('2026-12-01T15:00')]]) });
		const row = rows.find((r) => r.number === 'RO4')!;
		expect(row).toMatchObject({ running: true, actualMinutes: Math.round(r4.workedMs / 60_000) + 30 });
		expect(rows.filter((r) => r.running).map((r) => r.number)).toEqual(['RO4']);
	});
});
