import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { emptyStageMs, type OrderFacts } from '$lib/domain/kpi-facts';
import type { LogRow } from '$lib/domain/kpi-breakdowns';
import { fromStoreLocal } from '$lib/domain/time';
import { addDays, asOf, boardFigures, monthEnd, onSite } from '$lib/components/kpiboard/figures';
import { logCsv, logTime, logTotals, rowCells } from '$lib/components/worklog/table';

const TZ = 'Asia/Shanghai';
const at = (local: string) => fromStoreLocal(local, TZ);

function facts(f: Partial<OrderFacts> & Pick<OrderFacts, 'id' | 'checkedInAt'>): OrderFacts {
	const day = (t: number | null) => (t === null ? null : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));
	const delivered = f.stage === undefined || f.stage === 'delivered';
	return {
		number: `RO${f.id}`,
		plate: '',
		kind: 'maintenance',
		stage: 'delivered',
		advisor: '李娜',
		teamId: 1,
		bayId: 1,
		crewSize: 1,
		checkedInDay: day(f.checkedInAt)!,
		deliveredAt: null,
		deliveredDay: delivered ? day(f.deliveredAt ?? null) : null,
		promisedAt: null,
		followedUpAt: null,
		std1: 60,
		std2: 40,
		workedMs: 50 * 60_000,
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
		stageMs: emptyStageMs(),
		...f
	};
}

describe('the KPI board picks its days and orders (the figures are the domain\'s)', () => {
	it('days: a week back, the month end (leap February too)', () => {
		expect(addDays('2026-12-01', -7)).toBe('2026-11-24');
		expect(monthEnd('2026-12-15')).toBe('2026-12-31');
		expect(monthEnd('2028-02-03')).toBe('2028-02-29');
	});

	it('"the same time last week": checked in by then, delivered after it counted as not yet delivered', () => {
		const cut = at('2026-11-24T10:00');
		const list = [
			facts({ id: 1, checkedInAt: at('2026-11-24T08:00'), deliveredAt: at('2026-11-24T09:30') }),
			facts({ id: 2, checkedInAt: at('2026-11-24T08:30'), deliveredAt: at('2026-11-24T15:00') }),
			facts({ id: 3, checkedInAt: at('2026-11-24T11:00'), deliveredAt: at('2026-11-24T16:00') })
		];
		const then = asOf(list, cut);
		expect(then.map((f) => f.id)).toEqual([1, 2]);
		expect(then[1]).toMatchObject({ stage: 'ready', deliveredAt: null, deliveredDay: null });
		expect(then[0]).toBe(list[0]);
	});

	it('cars on site: open orders, by waiting, in work and ready', () => {
		const t = at('2026-12-01T08:00');
		const s = onSite([
			facts({ id: 1, checkedInAt: t, stage: 'waiting_dispatch' }),
			facts({ id: 2, checkedInAt: t, stage: 'in_progress' }),
			facts({ id: 3, checkedInAt: t, stage: 'wash' }),
			facts({ id: 4, checkedInAt: t, stage: 'ready' }),
			facts({ id: 5, checkedInAt: t, stage: 'delivered', deliveredAt: t }),
			facts({ id: 6, checkedInAt: t, stage: 'cancelled' })
		]);
		expect(s).toEqual({ total: 4, waiting: 1, inWork: 2, ready: 1 });
	});

	it('today against the same weekday last week at the same time, the month per day, by team', () => {
		const now = at('2026-12-08T11:00');
		const list = [
			// today: two in, one delivered within standard (50 ≤ 60 min)
			facts({ id: 1, checkedInAt: at('2026-12-08T08:00'), deliveredAt: at('2026-12-08T09:40') }),
			facts({ id: 2, checkedInAt: at('2026-12-08T09:00'), stage: 'in_progress' }),
			// last week: one in and out before 11:00, one in after it (not counted)
			facts({ id: 3, checkedInAt: at('2026-12-01T08:00'), deliveredAt: at('2026-12-01T10:00'), workedMs: 70 * 60_000 }),
			facts({ id: 4, checkedInAt: at('2026-12-01T12:00'), deliveredAt: at('2026-12-01T14:00') })
		];
		const f = boardFigures(list, [{ id: 1, nameZh: '一组', nameEn: 'Team 1' }], TZ, now);
		expect(f.today).toBe('2026-12-08');
		expect(f.weekAgo).toBe('2026-12-01');
		expect([f.day.carsIn, f.day.delivered, f.day.onTimeStandard, f.day.twoHourDelivery]).toEqual([2, 1, 1, 1]);
		expect([f.lastWeek.carsIn, f.lastWeek.delivered, f.lastWeek.onTimeStandard]).toEqual([1, 1, 0]);
		expect(f.month.days).toHaveLength(31);
		expect(f.month.days[0]).toMatchObject({ date: '2026-12-01', carsIn: 2, delivered: 2 });
		expect(f.month.days[7]).toMatchObject({ date: '2026-12-08', carsIn: 2, delivered: 1 });
		expect(f.teams).toEqual([expect.objectContaining({ nameZh: '一组', jobs: 3, onTime: 2 })]);
		expect(f.onSite.total).toBe(1);
	});
});

describe('the workshop log as text (the table, the print and the CSV say the same)', () => {
	const day = '2026-12-01';
	const row = (r: Partial<LogRow> & Pick<LogRow, 'id'>): LogRow => ({
		number: `RO${r.id}`,
		plate: '粤B·12345',
		kind: 'repair',
		stage: 'delivered',
		advisor: '李娜',
		teamZh: '机电一组',
		teamEn: 'Mechanical team 1',
		crew: ['王师傅', '张师傅'],
		operations: [
			{ nameZh: '更换刹车片', nameEn: 'Brake pads', minutes: 60 },
			{ nameZh: '四轮定位', nameEn: 'Alignment', minutes: 30 }
		],
		startedAt: at('2026-12-01T09:05'),
		endedAt: at('2026-12-01T10:50'),
		standardMinutes: 90,
		actualMinutes: 100,
		running: false,
		qc: 'pass',
		reworkCount: 0,
		...r
	});

	it('times are HH:MM store time, with the date when not the log\'s day', () => {
		expect(logTime(at('2026-12-01T09:05'), day, TZ)).toBe('09:05');
		expect(logTime(at('2026-11-30T21:40'), day, TZ)).toBe('11-30 21:40');
		expect(logTime(null, day, TZ)).toBe('');
	});

	it('totals: cars, standard and actual hours, first-pass share among the cars through QC', () => {
		const rows = [row({ id: 1 }), row({ id: 2, qc: 'rework', reworkCount: 2, standardMinutes: 30, actualMinutes: 20 }), row({ id: 3, qc: null })];
		expect(logTotals(rows)).toEqual({ cars: 3, standardHours: 3.5, actualHours: 3.7, firstPass: 0.5 });
	});

	it('the CSV: a BOM, the columns and rows of the table, the totals last', () => {
		const rows = [row({ id: 1 }), row({ id: 2, qc: 'rework', reworkCount: 1 })];
		const csv = logCsv(rows, day, TZ);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
		expect(parsed).toHaveLength(4);
		expect(parsed[0]).toHaveLength(13);
		const cells = rowCells(rows[1], 1, day, TZ);
		expect(parsed[2]).toEqual(Object.values(cells));
		expect(cells).toMatchObject({ no: '2', start: '09:05', end: '10:50', std: '90', actual: '100' });
		expect(cells.ops).toContain('(60)');
		expect(parsed[3][0]).not.toBe('');
	});
});
