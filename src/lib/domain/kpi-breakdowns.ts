/**
 * The manager's figures broken down (issue 16): by operation, team, advisor and technician, the
 * distribution of overruns, time in each stage, a day's bay timeline and the daily workshop log
 * (修理日志). Pure functions over order facts (`kpi-facts.ts`); every figure is defined here once.
 * Unless said otherwise a breakdown counts the orders DELIVERED in the range (their job is whole).
 */
import { median, p90, storeDayOf, type KpiFigures } from './kpi';
import { stageGroups, type BaySpan, type OrderFacts, type StageGroup } from './kpi-facts';
import { fromStoreLocal } from './time';

export interface NamedRef {
	id: number;
	nameZh: string;
	nameEn: string;
}
export interface BayRef extends NamedRef {
	code: string;
}

/** A share of jobs within their standard time. */
export interface OnTimeRow {
	jobs: number;
	onTime: number;
	share: number | null;
}

export interface OperationRow extends OnTimeRow {
	/** The catalogue code, or null for a free operation (then grouped by its Chinese name). */
	code: string | null;
	nameZh: string;
	nameEn: string;
}

export interface TeamRow extends OnTimeRow {
	teamId: number | null;
	nameZh: string;
	nameEn: string;
}

export const overrunBuckets = ['within', 'up_to_10', 'up_to_20', 'up_to_30', 'up_to_60', 'over_60'] as const;
export type OverrunBucket = (typeof overrunBuckets)[number];

/** Median and 90th percentile of a stage's minutes, over the jobs that spent time in it. */
export interface StageStat {
	group: StageGroup;
	jobs: number;
	medianMin: number | null;
	p90Min: number | null;
}

export interface StagesBy {
	/** The advisor's name, or the team's id as a string. */
	key: string;
	nameZh: string;
	nameEn: string;
	jobs: number;
	stages: StageStat[];
}

export interface TechnicianRow {
	technicianId: number;
	name: string;
	jobs: number;
	/** Standard hours earned: each job's standard time for its crew size (every crew member earns it). */
	earnedHours: number;
	/** Hours the technician's clock ran on those jobs. */
	onJobHours: number;
	/** earned / on-job; null without time on jobs. */
	productivity: number | null;
	/** Jobs of theirs that came back from QC (rework_count > 0). */
	reworkJobs: number;
}

export interface KpiBreakdowns {
	byOperation: OperationRow[];
	byTeam: TeamRow[];
	overruns: { bucket: OverrunBucket; count: number }[];
	stages: StageStat[];
	stagesByAdvisor: StagesBy[];
	stagesByTeam: StagesBy[];
	technicians: TechnicianRow[];
}

export interface BayDaySpan {
	start: number;
	end: number;
	/** The order's number (the plate stays off the manager's charts). */
	number: string;
	/** Still in the bay at the end of the day (or now). */
	open: boolean;
}

export interface BayDay {
	date: string;
	/** The store's opening hours that day (epoch ms): the base of each bay's busy share. */
	opensAt: number;
	closesAt: number;
	bays: (BayRef & { spans: BayDaySpan[]; busyMinutes: number; busyShare: number | null })[];
}

/** A special order's current step and how many are in it (open ones: not fitted or cancelled). */
export interface StepCount {
	step: string;
	count: number;
}

/** What GET /api/v1/kpi answers: the range's figures, the previous period's, the breakdowns and the last day's bay timeline. */
export interface KpiReport {
	range: { from: string; to: string };
	previous: { from: string; to: string };
	figures: KpiFigures;
	previousFigures: KpiFigures;
	breakdowns: KpiBreakdowns;
	bayDay: BayDay;
	specialOrdersByStep: StepCount[];
	/** Server time the report was taken. */
	at: number;
}

/** One car in the daily workshop log. */
export interface LogRow {
	id: number;
	number: string;
	plate: string;
	kind: OrderFacts['kind'];
	stage: OrderFacts['stage'];
	advisor: string;
	teamZh: string;
	teamEn: string;
	crew: string[];
	operations: { nameZh: string; nameEn: string; minutes: number }[];
	/** Work started, and the car left its bay (null: not yet). */
	startedAt: number | null;
	endedAt: number | null;
	standardMinutes: number;
	actualMinutes: number;
	/** 'pass' first time, 'rework' after coming back from QC, null when not through QC yet. */
	qc: 'pass' | 'rework' | null;
	reworkCount: number;
}

/** The standard minutes of the job for its crew (two-person times for a crew of 2+). */
export const crewStandard = (f: Pick<OrderFacts, 'std1' | 'std2' | 'crewSize'>): number => ((f.crewSize ?? 1) >= 2 ? f.std2 : f.std1);

/** Within standard: worked ≤ the crew's standard time (as `withinStandard` in kpi.ts). */
export const factWithinStandard = (f: OrderFacts): boolean => f.workedMs <= crewStandard(f) * 60_000;

/** The overrun bucket: minutes worked past the crew's standard time. */
export function overrunBucket(f: OrderFacts): OverrunBucket {
	const over = (f.workedMs - crewStandard(f) * 60_000) / 60_000;
	if (over <= 0) return 'within';
	if (over <= 10) return 'up_to_10';
	if (over <= 20) return 'up_to_20';
	if (over <= 30) return 'up_to_30';
	if (over <= 60) return 'up_to_60';
	return 'over_60';
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Orders delivered in the range (store days from..to). */
export function deliveredIn(facts: readonly OrderFacts[], from: string, to: string): OrderFacts[] {
	return facts.filter((f) => f.deliveredDay !== null && f.deliveredDay >= from && f.deliveredDay <= to);
}

function onTime<T>(groups: Map<string, { head: T; jobs: OrderFacts[] }>): (T & OnTimeRow)[] {
	return [...groups.values()]
		.map(({ head, jobs }) => {
			const ok = jobs.filter(factWithinStandard).length;
			return { ...head, jobs: jobs.length, onTime: ok, share: share(ok, jobs.length) };
		})
		.sort((a, b) => b.jobs - a.jobs);
}

function stageStats(jobs: readonly OrderFacts[]): StageStat[] {
	return stageGroups.map((group) => {
		const minutes = jobs.map((f) => f.stageMs[group]).filter((ms) => ms > 0).map((ms) => ms / 60_000);
		const m = median(minutes);
		const p = p90(minutes);
		return { group, jobs: minutes.length, medianMin: m === null ? null : round1(m), p90Min: p === null ? null : round1(p) };
	});
}

/**
 * The breakdowns of the orders delivered in from..to:
 * - **by operation**: each job under its main operation (its active operation with the longest
 *   one-technician time; catalogue code, or the Chinese name of a free one), the share within standard;
 * - **by team**: the team it was dispatched to;
 * - **overruns**: minutes worked past the crew's standard time, in buckets (within, ≤10, ≤20, ≤30, ≤60, more);
 * - **stages**: minutes in each stage group (`stageGroupOf`), median and p90 over the jobs that spent
 *   time in it, overall, by advisor (who checked the car in) and by team;
 * - **technicians**: per crew member, jobs, standard hours earned (the crew's standard time, each),
 *   hours on the job by their own clock, productivity = earned / on-job, jobs that needed rework.
 * Only jobs with a standard time count in the on-time rows and the overruns.
 */
export function computeBreakdowns(facts: readonly OrderFacts[], from: string, to: string, teams: readonly NamedRef[]): KpiBreakdowns {
	const jobs = deliveredIn(facts, from, to);
	const timed = jobs.filter((f) => crewStandard(f) > 0);
	const teamOf = new Map(teams.map((t) => [t.id, t]));
	const ops = new Map<string, { head: Omit<OperationRow, keyof OnTimeRow>; jobs: OrderFacts[] }>();
	const byTeam = new Map<string, { head: Omit<TeamRow, keyof OnTimeRow>; jobs: OrderFacts[] }>();
	for (const f of timed) {
		if (f.mainOp) {
			const key = f.mainOp.code ?? `free:${f.mainOp.nameZh}`;
			const g = ops.get(key) ?? { head: { code: f.mainOp.code, nameZh: f.mainOp.nameZh, nameEn: f.mainOp.nameEn }, jobs: [] };
			g.jobs.push(f);
			ops.set(key, g);
		}
		const key = String(f.teamId);
		const team = f.teamId === null ? undefined : teamOf.get(f.teamId);
		const g = byTeam.get(key) ?? { head: { teamId: f.teamId, nameZh: team?.nameZh ?? '—', nameEn: team?.nameEn ?? '—' }, jobs: [] };
		g.jobs.push(f);
		byTeam.set(key, g);
	}
	const overruns = new Map(overrunBucketsCount());
	for (const f of timed) overruns.set(overrunBucket(f), overruns.get(overrunBucket(f))! + 1);
	const group = (keyOf: (f: OrderFacts) => string, name: (f: OrderFacts) => { nameZh: string; nameEn: string }): StagesBy[] => {
		const m = new Map<string, OrderFacts[]>();
		for (const f of jobs) {
			const list = m.get(keyOf(f));
			if (list) list.push(f);
			else m.set(keyOf(f), [f]);
		}
		return [...m.entries()]
			.map(([key, list]) => ({ key, ...name(list[0]), jobs: list.length, stages: stageStats(list) }))
			.sort((a, b) => b.jobs - a.jobs);
	};
	const techs = new Map<number, TechnicianRow & { earnedMin: number; onJobMs: number }>();
	for (const f of jobs) {
		for (const c of f.crew) {
			const t = techs.get(c.technicianId) ?? { technicianId: c.technicianId, name: c.name, jobs: 0, earnedHours: 0, onJobHours: 0, productivity: null, reworkJobs: 0, earnedMin: 0, onJobMs: 0 };
			t.jobs += 1;
			t.earnedMin += crewStandard(f);
			t.onJobMs += c.workedMs;
			if (f.reworkCount > 0) t.reworkJobs += 1;
			techs.set(c.technicianId, t);
		}
	}
	return {
		byOperation: onTime(ops),
		byTeam: onTime(byTeam),
		overruns: [...overruns.entries()].map(([bucket, count]) => ({ bucket, count })),
		stages: stageStats(jobs),
		stagesByAdvisor: group(
			(f) => f.advisor,
			(f) => ({ nameZh: f.advisor, nameEn: f.advisor })
		),
		stagesByTeam: group(
			(f) => String(f.teamId),
			(f) => {
				const t = f.teamId === null ? undefined : teamOf.get(f.teamId);
				return { nameZh: t?.nameZh ?? '—', nameEn: t?.nameEn ?? '—' };
			}
		),
		technicians: [...techs.values()]
			.map(({ earnedMin, onJobMs, ...t }) => ({
				...t,
				earnedHours: round1(earnedMin / 60),
				onJobHours: round1(onJobMs / 3_600_000),
				productivity: onJobMs === 0 ? null : Math.round((earnedMin * 60_000 * 100) / onJobMs) / 100
			}))
			.sort((a, b) => b.jobs - a.jobs || a.name.localeCompare(b.name))
	};
}

function overrunBucketsCount(): [OverrunBucket, number][] {
	return overrunBuckets.map((b) => [b, 0]);
}

/** The moments [start, end) of one store day. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
	const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { start: fromStoreLocal(`${day}T00:00`, timeZone), end: fromStoreLocal(`${next}T00:00`, timeZone) };
}

/**
 * Each bay's day: the stays of cars in it (clipped to the day; a stay still open runs to `now`
 * or the day's end), its busy minutes, and busy share = busy minutes within opening hours /
 * the opening hours (a car in the bay after closing is drawn but not counted).
 */
export function bayDay(facts: readonly OrderFacts[], day: string, bays: readonly BayRef[], hours: { opensAt: string; closesAt: string }, timeZone: string, now: number): BayDay {
	const { start, end } = dayBounds(day, timeZone);
	const opensAt = fromStoreLocal(`${day}T${hours.opensAt}`, timeZone);
	const closesAt = fromStoreLocal(`${day}T${hours.closesAt}`, timeZone);
	const spansOf = new Map<number, BayDaySpan[]>();
	for (const f of facts) {
		for (const s of f.baySpans as BaySpan[]) {
			const to = Math.min(s.end ?? Math.max(now, s.start), end);
			const from = Math.max(s.start, start);
			if (to <= from) continue;
			const span = { start: from, end: to, number: f.number, open: s.end === null || s.end > end };
			const list = spansOf.get(s.bayId);
			if (list) list.push(span);
			else spansOf.set(s.bayId, [span]);
		}
	}
	const openMs = Math.max(0, closesAt - opensAt);
	return {
		date: day,
		opensAt,
		closesAt,
		bays: bays.map((b) => {
			const spans = (spansOf.get(b.id) ?? []).sort((x, y) => x.start - y.start);
			const busy = spans.reduce((sum, s) => sum + Math.max(0, Math.min(s.end, closesAt) - Math.max(s.start, opensAt)), 0);
			return { ...b, spans, busyMinutes: Math.round(busy / 60_000), busyShare: openMs === 0 ? null : Math.min(1, busy / openMs) };
		})
	};
}

/**
 * The daily workshop log (修理日志) of a store day: every car that was in a bay that day (a stay
 * overlapping it), in the order work began, with its operations at the crew's standard time,
 * team, crew, start (first start of work) and end (left the bay), standard against actual minutes,
 * and QC: 'pass' when it passed first time, 'rework' when it came back, null while not through QC.
 */
export function workshopLog(facts: readonly OrderFacts[], day: string, teams: readonly NamedRef[], timeZone: string): LogRow[] {
	const { start, end } = dayBounds(day, timeZone);
	const teamOf = new Map(teams.map((t) => [t.id, t]));
	const through = new Set(['advisor_check', 'wash', 'ready', 'delivered', 'followed_up']);
	return facts
		.filter((f) => f.baySpans.some((s) => s.start < end && (s.end === null || s.end > start)))
		.sort((a, b) => (a.startedAt ?? a.baySpans[0].start) - (b.startedAt ?? b.baySpans[0].start) || a.id - b.id)
		.map((f) => {
			const team = f.teamId === null ? undefined : teamOf.get(f.teamId);
			const two = (f.crewSize ?? 1) >= 2;
			return {
				id: f.id,
				number: f.number,
				plate: f.plate,
				kind: f.kind,
				stage: f.stage,
				advisor: f.advisor,
				teamZh: team?.nameZh ?? '',
				teamEn: team?.nameEn ?? '',
				crew: f.crew.map((c) => c.name),
				operations: f.operations.map((o) => ({ nameZh: o.nameZh, nameEn: o.nameEn, minutes: two ? o.minutes2 : o.minutes1 })),
				startedAt: f.startedAt,
				endedAt: f.workDoneAt,
				standardMinutes: crewStandard(f),
				actualMinutes: Math.round(f.workedMs / 60_000),
				qc: f.reworkCount > 0 ? 'rework' : through.has(f.stage) ? 'pass' : null,
				reworkCount: f.reworkCount
			};
		});
}

/** The store day of `at` (re-exported for screens that bucket live facts). */
export { storeDayOf };
