import { describe, expect, it } from 'vitest';
import { computeKpis } from '$lib/domain/kpi';
import { bayDay, computeBreakdowns, type KpiReport } from '$lib/domain/kpi-breakdowns';
import { emptyStageMs, kpiInputFromFacts, type OrderFacts } from '$lib/domain/kpi-facts';
import { fromStoreLocal } from '$lib/domain/time';
import { mergeLive, type LiveFacts } from '$lib/components/manager/live-merge';
import { customRange, liveCovers, liveSince, presetOf, presetRange, rangeFromQuery } from '$lib/components/manager/range';
import { csvText } from '$lib/ui/csv';
import { change, formatFigure } from '$lib/components/manager/format';
import { blockSize, blocks } from '$lib/components/manager/buckets';
import Papa from 'papaparse';

const TZ = 'Asia/Shanghai';
const at = (local: string) => fromStoreLocal(local, TZ);
const min = 60_000;
const teams = [
	{ id: 1, nameZh: '一组', nameEn: 'Team 1' },
	{ id: 2, nameZh: '二组', nameEn: 'Team 2' }
];

function facts(f: Partial<OrderFacts> & Pick<OrderFacts, 'id' | 'checkedInAt'>): OrderFacts {
	const day = (t: number | null) => (t === null ? null : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));
	const delivered = f.stage === undefined || f.stage === 'delivered' || f.stage === 'followed_up';
	const deliveredAt = f.deliveredAt === undefined ? (delivered ? f.checkedInAt + 100 * min : null) : f.deliveredAt;
	return {
		number: `RO${f.id}`,
		plate: `粤B0000${f.id}`,
		kind: 'maintenance',
		stage: 'delivered',
		advisor: '李娜',
		teamId: 1,
		bayId: 1,
		crewSize: 1,
		checkedInDay: day(f.checkedInAt)!,
		deliveredDay: delivered ? day(deliveredAt) : null,
		promisedAt: f.checkedInAt + 120 * min,
		followedUpAt: null,
		std1: 60,
		std2: 40,
		workedMs: 55 * min,
		reworkCount: 0,
		wash: 1,
		partsFen: 12_000,
		addonsApproved: 1,
		addonsDeclined: 0,
		mainOp: { code: 'M01', nameZh: '常规保养', nameEn: 'Routine service', minutes1: 60, minutes2: 40 },
		operations: [{ code: 'M01', nameZh: '常规保养', nameEn: 'Routine service', minutes1: 60, minutes2: 40 }],
		crew: [{ technicianId: 7, name: '王师傅', workedMs: 55 * min }],
		startedAt: f.checkedInAt + 10 * min,
		workDoneAt: f.checkedInAt + 70 * min,
		stageMs: { ...emptyStageMs(), to_dispatch: 10 * min, in_progress: 55 * min, qc: 5 * min, ready: 20 * min },
		baySpans: [{ bayId: 1, start: f.checkedInAt + 10 * min, end: f.checkedInAt + 70 * min }],
		...f,
		deliveredAt
	};
}

// A week of a small store: yesterday and today, some delivered, one late, one still in the bay, one accident.
const all: OrderFacts[] = [
	facts({ id: 1, checkedInAt: at('2026-12-08T09:00') }),
	facts({ id: 2, checkedInAt: at('2026-12-08T10:00'), kind: 'repair', teamId: 2, workedMs: 90 * min, reworkCount: 1, deliveredAt: at('2026-12-08T16:00') }),
	facts({ id: 3, checkedInAt: at('2026-12-09T08:30'), kind: 'accident', stage: 'in_progress', partsFen: 0 }),
	facts({ id: 4, checkedInAt: at('2026-12-09T09:00'), addonsApproved: 0, addonsDeclined: 2 }),
	facts({ id: 5, checkedInAt: at('2026-12-09T11:00'), crewSize: 2, workedMs: 35 * min, wash: 0 }),
	// Checked in last week, delivered today.
	facts({ id: 6, checkedInAt: at('2026-12-03T09:00'), deliveredAt: at('2026-12-09T15:00') })
];
const now = at('2026-12-09T17:00');
const other = {
	specialOrders: [{ id: 1, registeredAt: at('2026-12-07T09:00'), arrivedAt: at('2026-12-09T09:00') }],
	tasks: [],
	tasksDone: []
};

/** The report the API answers for from..to over the same facts (as src/lib/server/features/kpi/api.ts builds it). */
function apiReport(from: string, to: string, previous: { from: string; to: string }): KpiReport {
	const input = kpiInputFromFacts(all, { timeZone: TZ, now, labourRate: 120, ...other });
	return {
		range: { from, to },
		previous,
		figures: computeKpis(input, from, to),
		previousFigures: computeKpis(input, previous.from, previous.to),
		breakdowns: computeBreakdowns(all, from, to, teams),
		bayDay: bayDay(all, to, [{ id: 1, code: 'M1', nameZh: '机电1号', nameEn: 'Mech 1' }], { opensAt: '08:00', closesAt: '18:00' }, TZ, now),
		specialOrdersByStep: [{ step: 'ordered', count: 2 }],
		at: now - 60_000
	};
}

/** What the kpi channel carries of each order. */
const view = (f: OrderFacts): LiveFacts => {
	const { plate: _p, operations: _o, baySpans: _b, ...v } = f;
	return v;
};

describe('the live merge', () => {
	const ctx = { timeZone: TZ, labourRate: 120, teams, now, today: '2026-12-09' };

	it('gives the same figures and breakdowns as the API for the same facts (today, and this week)', () => {
		for (const [from, to, previous] of [
			['2026-12-09', '2026-12-09', { from: '2026-12-08', to: '2026-12-08' }],
			['2026-12-07', '2026-12-13', { from: '2026-11-30', to: '2026-12-06' }]
		] as const) {
			const report = apiReport(from, to, previous);
			const merged = mergeLive(report, all.map(view), ctx);
			expect(merged.figures).toEqual(report.figures);
			expect(merged.breakdowns).toEqual(report.breakdowns);
			expect(merged.previousFigures).toEqual(report.previousFigures);
		}
	});

	it('keeps what is not per order from the report: lead time, equipment, the bay day, special orders by step', () => {
		const report = apiReport('2026-12-09', '2026-12-09', { from: '2026-12-08', to: '2026-12-08' });
		expect(report.figures.specialOrderLead.count).toBe(1);
		const merged = mergeLive(report, [], ctx);
		expect(merged.figures.specialOrderLead).toEqual(report.figures.specialOrderLead);
		expect(merged.figures.equipmentOnTime).toEqual(report.figures.equipmentOnTime);
		expect(merged.bayDay).toBe(report.bayDay);
		expect(merged.specialOrdersByStep).toBe(report.specialOrdersByStep);
		// No facts: no cars, and no made-up shares.
		expect(merged.figures.carsIn).toBe(0);
		expect(merged.figures.onTimeDelivery).toBeNull();
		expect(merged.at).toBe(now);
	});

	it('moves with a new fact: a car checked in and one delivered', () => {
		const report = apiReport('2026-12-09', '2026-12-09', { from: '2026-12-08', to: '2026-12-08' });
		const moved = all.map((f) => (f.id === 3 ? { ...f, stage: 'delivered' as const, deliveredAt: at('2026-12-09T16:30'), deliveredDay: '2026-12-09' } : f));
		const merged = mergeLive(report, [...moved, facts({ id: 9, checkedInAt: at('2026-12-09T16:45'), stage: 'checked_in' })].map(view), ctx);
		expect(merged.figures.carsIn).toBe(report.figures.carsIn + 1);
		expect(merged.figures.delivered).toBe(report.figures.delivered + 1);
	});

	it('keeps the previous period of the report when the channel does not carry it', () => {
		// This month from the 9th: the previous month lies before what the channel carries.
		const report = apiReport('2026-12-01', '2026-12-31', { from: '2026-10-31', to: '2026-11-30' });
		const marked = { ...report, previousFigures: { ...report.previousFigures, carsIn: 999 } };
		expect(mergeLive(marked, all.map(view), ctx).previousFigures.carsIn).toBe(999);
	});
});

describe('the range', () => {
	it('has presets around today: the store week Monday to Sunday, the calendar month', () => {
		expect(presetRange('today', '2026-12-09')).toEqual({ from: '2026-12-09', to: '2026-12-09' });
		expect(presetRange('week', '2026-12-09')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
		expect(presetRange('week', '2026-12-13')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
		expect(presetRange('week', '2026-12-07')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
		expect(presetRange('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(presetRange('month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
		expect(presetOf({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-09')).toBe('month');
		expect(presetOf({ from: '2026-12-02', to: '2026-12-09' }, '2026-12-09')).toBe('custom');
	});

	it('reads a link, and falls back to today for a wrong one', () => {
		const q = (s: string) => new URLSearchParams(s);
		expect(rangeFromQuery(q('from=2026-11-01&to=2026-11-30'), '2026-12-09')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
		for (const bad of ['', 'from=2026-11-30&to=2026-11-01', 'from=2026-02-30&to=2026-03-01', 'from=x&to=y', 'from=2010-01-01&to=2026-01-01']) {
			expect(rangeFromQuery(q(bad), '2026-12-09')).toEqual({ from: '2026-12-09', to: '2026-12-09' });
		}
		expect(customRange('2026-12-01', '')).toBeNull();
	});

	it('is live only when it includes today and the channel carries all of it', () => {
		expect(liveSince('2026-12-09')).toBe('2026-12-01');
		expect(liveSince('2026-12-03')).toBe('2026-11-26');
		expect(liveCovers({ from: '2026-12-09', to: '2026-12-09' }, '2026-12-09')).toBe(true);
		expect(liveCovers({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-09')).toBe(true);
		expect(liveCovers({ from: '2026-11-30', to: '2026-12-09' }, '2026-12-09')).toBe(false);
		expect(liveCovers({ from: '2026-12-01', to: '2026-12-08' }, '2026-12-09')).toBe(false);
	});
});

describe('the CSV of a table', () => {
	it('starts with a byte-order mark and reads back as the same cells', () => {
		const rows = [
			['日期', '进厂', 'Revenue'],
			['2026-12-09', '3', '¥1,234.50'],
			['名字, "带引号"', '', '—']
		];
		const text = csvText(rows);
		expect(text.charCodeAt(0)).toBe(0xfeff);
		expect(Papa.parse<string[]>(text.slice(1)).data).toEqual(rows);
	});
});

describe('the change against the previous period', () => {
	it('says "—" without data on either side, never NaN or 0', () => {
		expect(change('share', null, 0.5, 'up')).toEqual({ text: '—', direction: null, tone: null });
		expect(change('count', 3, null, 'up').text).toBe('—');
		expect(formatFigure('share', null)).toBe('—');
		expect(formatFigure('money', null)).toBe('—');
		expect(formatFigure('hours', Number.NaN)).toBe('—');
	});

	it('is coloured by the figure\'s sense: up is good for revenue, down is good for lead time, neither for the accident share', () => {
		expect(change('money', 150_000, 100_000, 'up')).toMatchObject({ direction: 'up', tone: 'good' });
		expect(change('money', 150_000, 100_000, 'up').text).toContain('¥500');
		expect(change('hours', 40, 50, 'down')).toMatchObject({ direction: 'down', tone: 'good' });
		expect(change('share', 0.3, 0.2, null)).toMatchObject({ direction: 'up', tone: null });
		expect(change('share', 0.3, 0.2, null).text).toContain('10.0');
		expect(change('count', 4, 4, 'up')).toMatchObject({ direction: 'flat', tone: null });
	});
});

describe("a long range's days in blocks", () => {
	it('sums days a day, a week or thirty days at a time, the last block shorter', () => {
		expect([31, 62, 63, 366, 401].map(blockSize)).toEqual([1, 1, 7, 7, 30]);
		const days = Array.from({ length: 10 }, (_, i) => ({ date: `2026-12-${String(i + 1).padStart(2, '0')}`, carsIn: i, delivered: 1, revenue: 0 }));
		expect(blocks(days, 7)).toEqual([
			{ from: '2026-12-01', to: '2026-12-07', carsIn: 21, delivered: 7 },
			{ from: '2026-12-08', to: '2026-12-10', carsIn: 24, delivered: 3 }
		]);
		expect(blocks(days, 1)).toHaveLength(10);
	});
});
