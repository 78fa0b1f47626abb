/**
 * The manager's figures broken down (issue 16): by operation, team, advisor and technician, the
 * distribution of overruns, time in each stage, a day's bay timeline and the daily workshop log
 * (修理日志). Pure functions over order facts (`kpi-facts.ts`); every figure is defined here once.
 * Unless said otherwise a breakdown counts the orders DELIVERED in the range (their job is whole).
 */
import { storeDayOf, type KpiFigures } from './kpi';
import { stageGroups, type BaySpan, type OrderFacts, type StageGroup } from './kpi-facts';
import { crewStandard, emptyTally, histStats, overrunBuckets, tallyOrder, type OverrunBucket, type StageHists, type Tally } from './kpi-tally';

export { crewStandard, factWithinStandard, overrunBucket, overrunBuckets, type OverrunBucket } from './kpi-tally';
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
	/** Minutes worked, the running stretch included while the clock runs. */
	actualMinutes: number;
	/** The job's clock is running now. */
	running: boolean;
	/** 'pass' first time, 'rework' after coming back from QC, null when not through QC yet. */
	qc: 'pass' | 'rework' | null;
	reworkCount: number;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Orders delivered in the range (store days from..to). */
export function deliveredIn(facts: readonly OrderFacts[], from: string, to: string): OrderFacts[] {
	return facts.filter((f) => f.deliveredDay !== null && f.deliveredDay >= from && f.deliveredDay <= to);
}

function stageStats(h: StageHists | undefined): StageStat[] {
	return stageGroups.map((group) => {
		const { jobs, median, p90 } = histStats(h?.[group]);
		return { group, jobs, medianMin: median === null ? null : round1(median), p90Min: p90 === null ? null : round1(p90) };
	});
}

const n = (v: number | undefined) => v ?? 0;

/**
 * The breakdowns of the orders delivered in from..to (`computeBreakdowns`), read off their tally:
 * - **by operation**: each job under its main operation (its active operation with the longest
 *   one-technician time; catalogue code, or the Chinese name of a free one), the share within standard;
 * - **by team**: the team it was dispatched to;
 * - **overruns**: minutes worked past the crew's standard time, in buckets (within, ≤10, ≤20, ≤30, ≤60, more);
 * - **stages**: minutes in each stage group (`stageGroupOf`), as `stageBucket` counts them, median and
 *   p90 over the jobs that spent time in it, overall, by advisor (who checked the car in) and by team;
 * - **technicians**: per crew member, jobs, standard hours earned (the crew's standard time, each),
 *   hours on the job by their own clock, productivity = earned / on-job, jobs that needed rework.
 * Only jobs with a standard time count in the on-time rows and the overruns. Rows come most jobs
 * first (ties by name or key, so the order never depends on how the tally was summed).
 */
export function breakdownsOfTally(t: Tally, teams: readonly NamedRef[], technicianNames?: ReadonlyMap<number, string>): KpiBreakdowns {
	const teamOf = new Map(teams.map((x) => [String(x.id), x]));
	const teamName = (key: string) => ({ nameZh: teamOf.get(key)?.nameZh ?? '—', nameEn: teamOf.get(key)?.nameEn ?? '—' });
	const onTime = (jobs: number, ok: number) => ({ jobs, onTime: ok, share: share(ok, jobs) });
	const byJobs = <T extends { jobs: number }>(key: (x: T) => string) => (a: T, b: T) => b.jobs - a.jobs || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
	return {
		byOperation: Object.entries(t.ops)
			.filter(([, o]) => n(o.jobs) > 0)
			.map(([key, o]) => ({ key, code: o.code, nameZh: o.nameZh, nameEn: o.nameEn, ...onTime(n(o.jobs), n(o.onTime)) }))
			.sort(byJobs((x) => x.key))
			.map(({ key: _k, ...row }) => row),
		byTeam: Object.entries(t.teams)
			.filter(([, x]) => n(x.jobs) > 0)
			.map(([key, x]) => ({ key, teamId: key === 'null' ? null : Number(key), ...teamName(key), ...onTime(n(x.jobs), n(x.onTime)) }))
			.sort(byJobs((x) => x.key))
			.map(({ key: _k, ...row }) => row),
		overruns: overrunBuckets.map((bucket) => ({ bucket, count: n(t.overruns[bucket]) })),
		stages: stageStats(t.stages),
		stagesByAdvisor: Object.entries(t.advisors)
			.filter(([, a]) => n(a.jobs) > 0)
			.map(([key, a]) => ({ key, nameZh: key, nameEn: key, jobs: n(a.jobs), stages: stageStats(a.stages) }))
			.sort(byJobs((x) => x.key)),
		stagesByTeam: Object.entries(t.stageTeams)
			.filter(([, x]) => n(x.jobs) > 0)
			.map(([key, x]) => ({ key, ...teamName(key), jobs: n(x.jobs), stages: stageStats(x.stages) }))
			.sort(byJobs((x) => x.key)),
		technicians: Object.entries(t.techs)
			.filter(([, x]) => n(x.jobs) > 0)
			.map(([id, x]) => {
				const earnedMin = n(x.earnedMin);
				const onJobMs = n(x.onJobMs);
				return {
					technicianId: Number(id),
					// As they are called now (a tally keeps the name each order was worked under).
					name: technicianNames?.get(Number(id)) ?? x.name,
					jobs: n(x.jobs),
					earnedHours: round1(earnedMin / 60),
					onJobHours: round1(onJobMs / 3_600_000),
					productivity: onJobMs === 0 ? null : Math.round((earnedMin * 60_000 * 100) / onJobMs) / 100,
					reworkJobs: n(x.reworkJobs)
				};
			})
			.sort((a, b) => b.jobs - a.jobs || a.name.localeCompare(b.name) || a.technicianId - b.technicianId)
	};
}

/** The breakdowns of the orders delivered in from..to (see `breakdownsOfTally`). */
export function computeBreakdowns(facts: readonly OrderFacts[], from: string, to: string, teams: readonly NamedRef[]): KpiBreakdowns {
	const t = emptyTally();
	for (const f of deliveredIn(facts, from, to)) tallyOrder(t, f, false, true, Infinity);
	return breakdownsOfTally(t, teams);
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
export function workshopLog(
	facts: readonly OrderFacts[],
	day: string,
	teams: readonly NamedRef[],
	timeZone: string,
	clock?: { now: number; runningSince: ReadonlyMap<number, number> }
): LogRow[] {
	const { start, end } = dayBounds(day, timeZone);
	const teamOf = new Map(teams.map((t) => [t.id, t]));
	const through = new Set(['advisor_check', 'wash', 'ready', 'delivered', 'followed_up']);
	const runningMs = (id: number) => {
		const since = clock?.runningSince.get(id);
		return since === undefined ? 0 : Math.max(0, clock!.now - since);
	};
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
				// A job whose clock runs now: its closed time and the running stretch so far.
				actualMinutes: Math.round((f.workedMs + runningMs(f.id)) / 60_000),
				running: runningMs(f.id) > 0,
				qc: f.reworkCount > 0 ? 'rework' : through.has(f.stage) ? 'pass' : null,
				reworkCount: f.reworkCount
			};
		});
}

/** The store day of `at` (re-exported for screens that bucket live facts). */
export { storeDayOf };
