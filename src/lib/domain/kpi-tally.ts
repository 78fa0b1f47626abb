/**
 * The manager's order-based figures as a TALLY: counts and sums that add up across orders, days and
 * months, and histograms of stage minutes from which medians and 90th percentiles are read. Every
 * order-based figure and breakdown is defined here once: an order's contribution (`tallyOrder`) and
 * how a figure is read off a tally (`figuresOfTally`, `breakdownsOfTally`).
 *
 * Because a tally adds up, the server keeps one per store month (`kpi_months`), maintained by the
 * same transaction that rewrites an order's facts (the old contribution taken off, the new one
 * added), and a five-year range reads sixty of them plus the orders of its partial months at the
 * edges instead of 45,000 orders. The browser folds today's live facts with the same functions.
 *
 * A tally is plain JSON: numeric leaves are counts or sums (integers, so adding and taking off is
 * exact), string or null leaves are labels. Ids live in keys, never in numeric leaves. Pure: no
 * database, safe in the browser.
 */
import { stageGroups, type OrderFacts, type StageGroup } from './kpi-facts';

export const overrunBuckets = ['within', 'up_to_10', 'up_to_20', 'up_to_30', 'up_to_60', 'over_60'] as const;
export type OverrunBucket = (typeof overrunBuckets)[number];

/** What a tally reads of one order. */
export type TallyOrder = Pick<
	OrderFacts,
	| 'kind'
	| 'advisor'
	| 'teamId'
	| 'crewSize'
	| 'checkedInAt'
	| 'checkedInDay'
	| 'deliveredAt'
	| 'deliveredDay'
	| 'promisedAt'
	| 'followedUpAt'
	| 'std1'
	| 'std2'
	| 'workedMs'
	| 'reworkCount'
	| 'wash'
	| 'partsFen'
	| 'addonsApproved'
	| 'addonsDeclined'
	| 'mainOp'
	| 'crew'
	| 'stageMs'
>;

/** Counts per bucket of minutes (`stageBucket`); keys are whole minutes. */
export type Hist = Record<string, number>;
export type StageHists = Partial<Record<StageGroup, Hist>>;

export interface DayTally {
	/** Cars checked in that day, and delivered that day. */
	in?: number;
	out?: number;
	/** Standard minutes (one technician) and parts (fen) of the cars delivered that day: the day's revenue. */
	std1Min?: number;
	partsFen?: number;
}

export interface Tally {
	// Of the cars checked in (by check-in day):
	carsIn: number;
	accidentsIn: number;
	addonsApproved: number;
	addonsDeclined: number;
	// Of the cars delivered (by delivery day):
	delivered: number;
	std1Min: number;
	partsFen: number;
	washes: number;
	timed: number;
	withinStd: number;
	promised: number;
	keptPromise: number;
	routine: number;
	twoHour: number;
	firstPass: number;
	followUpDue: number;
	followUpMade: number;
	days: Record<string, DayTally>;
	overruns: Partial<Record<OverrunBucket, number>>;
	/** On time against standard, by main operation (catalogue code, or `free:` + Chinese name). */
	ops: Record<string, { code: string | null; nameZh: string; nameEn: string; jobs?: number; onTime?: number }>;
	/** On time against standard, by team (key: the team's id, or 'null'). */
	teams: Record<string, { jobs?: number; onTime?: number }>;
	stages: StageHists;
	/** Delivered jobs and their stage minutes, by advisor (key: the name) and by team. */
	advisors: Record<string, { jobs?: number; stages?: StageHists }>;
	stageTeams: Record<string, { jobs?: number; stages?: StageHists }>;
	/** Per technician (key: the id): jobs, standard minutes earned, ms on the job, jobs with rework. */
	techs: Record<string, { name: string; jobs?: number; earnedMin?: number; onJobMs?: number; reworkJobs?: number }>;
}

export function emptyTally(): Tally {
	return {
		carsIn: 0,
		accidentsIn: 0,
		addonsApproved: 0,
		addonsDeclined: 0,
		delivered: 0,
		std1Min: 0,
		partsFen: 0,
		washes: 0,
		timed: 0,
		withinStd: 0,
		promised: 0,
		keptPromise: 0,
		routine: 0,
		twoHour: 0,
		firstPass: 0,
		followUpDue: 0,
		followUpMade: 0,
		days: {},
		overruns: {},
		ops: {},
		teams: {},
		stages: {},
		advisors: {},
		stageTeams: {},
		techs: {}
	};
}

export const FOLLOW_UP_MS = 3 * 86_400_000;
const TWO_HOURS_MS = 2 * 3_600_000;

/** The standard minutes of the job for its crew (two-person times for a crew of 2+). */
export const crewStandard = (f: Pick<OrderFacts, 'std1' | 'std2' | 'crewSize'>): number => ((f.crewSize ?? 1) >= 2 ? f.std2 : f.std1);

/** Within standard: worked ≤ the crew's standard time. */
export const factWithinStandard = (f: Pick<OrderFacts, 'std1' | 'std2' | 'crewSize' | 'workedMs'>): boolean => f.workedMs <= crewStandard(f) * 60_000;

/** The overrun bucket: minutes worked past the crew's standard time. */
export function overrunBucket(f: Pick<OrderFacts, 'std1' | 'std2' | 'crewSize' | 'workedMs'>): OverrunBucket {
	const over = (f.workedMs - crewStandard(f) * 60_000) / 60_000;
	if (over <= 0) return 'within';
	if (over <= 10) return 'up_to_10';
	if (over <= 20) return 'up_to_20';
	if (over <= 30) return 'up_to_30';
	if (over <= 60) return 'up_to_60';
	return 'over_60';
}

/**
 * The minutes a stage's time counts as in the stage statistics: to the whole minute under an
 * hour, to 5 minutes under 10 hours, to half an hour under 2 days, to 2 hours beyond (a parts wait
 * of three days is read to the two hours). A median is of these values. (A month's histogram of a
 * stage then holds a few dozen values, not one per car: sixty months read in milliseconds.)
 */
export function stageBucket(ms: number): number {
	const minutes = ms / 60_000;
	const step = minutes < 60 ? 1 : minutes < 600 ? 5 : minutes < 2880 ? 30 : 120;
	return Math.round(minutes / step) * step;
}

function bump<K extends string>(o: { [k in K]?: number }, key: K, by: number) {
	o[key] = (o[key] ?? 0) + by;
}

function addStages(into: StageHists, stageMs: OrderFacts['stageMs'], sign: number) {
	for (const g of stageGroups) {
		const ms = stageMs[g];
		if (!(ms > 0)) continue;
		bump((into[g] ??= {}), String(stageBucket(ms)), sign);
	}
}

/**
 * Adds (sign 1) or takes off (sign −1) one order's contribution: its check-in side when `inSide`
 * (the car counts in; its add-ons), its delivery side when `outSide` (only a delivered order has
 * one). `now` decides whether a delivered car is due its follow-up call yet: reached within 3 × 24 h
 * of delivery, or delivered at least 3 × 24 h before `now` (a month's tally is kept with now = ∞,
 * and only read once the month ended more than 3 days ago, when the two agree).
 */
export function tallyOrder(t: Tally, f: TallyOrder, inSide: boolean, outSide: boolean, now: number, sign = 1): void {
	if (inSide) {
		t.carsIn += sign;
		if (f.kind === 'accident') t.accidentsIn += sign;
		t.addonsApproved += sign * f.addonsApproved;
		t.addonsDeclined += sign * f.addonsDeclined;
		bump(t.days[f.checkedInDay] ??= {}, 'in', sign);
	}
	if (!outSide || f.deliveredDay === null || f.deliveredAt === null) return;
	const deliveredAt = f.deliveredAt;
	t.delivered += sign;
	t.std1Min += sign * f.std1;
	t.partsFen += sign * f.partsFen;
	const day = (t.days[f.deliveredDay] ??= {});
	bump(day, 'out', sign);
	if (f.std1) bump(day, 'std1Min', sign * f.std1);
	if (f.partsFen) bump(day, 'partsFen', sign * f.partsFen);
	if (f.wash === 1) t.washes += sign;
	if (f.reworkCount === 0) t.firstPass += sign;
	if (f.promisedAt !== null) {
		t.promised += sign;
		if (deliveredAt <= f.promisedAt) t.keptPromise += sign;
	}
	if (f.kind === 'maintenance') {
		t.routine += sign;
		if (deliveredAt - f.checkedInAt <= TWO_HOURS_MS) t.twoHour += sign;
	}
	const made = f.followedUpAt !== null && f.followedUpAt - deliveredAt <= FOLLOW_UP_MS;
	if (made || deliveredAt + FOLLOW_UP_MS <= now) {
		t.followUpDue += sign;
		if (made) t.followUpMade += sign;
	}
	const standard = crewStandard(f);
	const teamKey = String(f.teamId);
	if (standard > 0) {
		const ok = f.workedMs <= standard * 60_000 ? sign : 0;
		t.timed += sign;
		t.withinStd += ok;
		bump(t.overruns, overrunBucket(f), sign);
		if (f.mainOp) {
			const key = f.mainOp.code ?? `free:${f.mainOp.nameZh}`;
			const op = (t.ops[key] ??= { code: f.mainOp.code, nameZh: f.mainOp.nameZh, nameEn: f.mainOp.nameEn });
			bump(op, 'jobs', sign);
			bump(op, 'onTime', ok);
		}
		const team = (t.teams[teamKey] ??= {});
		bump(team, 'jobs', sign);
		bump(team, 'onTime', ok);
	}
	addStages(t.stages, f.stageMs, sign);
	const advisor = (t.advisors[f.advisor] ??= {});
	bump(advisor, 'jobs', sign);
	addStages((advisor.stages ??= {}), f.stageMs, sign);
	const stageTeam = (t.stageTeams[teamKey] ??= {});
	bump(stageTeam, 'jobs', sign);
	addStages((stageTeam.stages ??= {}), f.stageMs, sign);
	for (const c of f.crew) {
		const tech = (t.techs[String(c.technicianId)] ??= { name: c.name });
		if (sign > 0) tech.name = c.name;
		bump(tech, 'jobs', sign);
		bump(tech, 'earnedMin', sign * standard);
		bump(tech, 'onJobMs', sign * c.workedMs);
		if (f.reworkCount > 0) bump(tech, 'reworkJobs', sign);
	}
}

/** The tally of the orders checked in (their check-in side) or delivered (their delivery side) on the store days from..to. */
export function tallyRange(facts: Iterable<TallyOrder>, from: string, to: string, now: number, into: Tally = emptyTally()): Tally {
	for (const f of facts) {
		const inSide = f.checkedInDay >= from && f.checkedInDay <= to;
		const outSide = f.deliveredDay !== null && f.deliveredDay >= from && f.deliveredDay <= to;
		if (inSide || outSide) tallyOrder(into, f, inSide, outSide, now);
	}
	return into;
}

type Json = number | string | null | Json[] | { [key: string]: Json };

/** Adds `src` into `into`, numeric leaf by leaf (× sign); labels are taken where missing (or replaced when adding). */
export function mergeTally<T extends object>(into: T, src: T, sign = 1): T {
	const a = into as Record<string, Json>;
	const b = src as Record<string, Json>;
	// for…in, not Object.entries: five years are sixty months of a few thousand leaves each.
	for (const key in b) {
		const value = b[key];
		if (typeof value === 'number') {
			const had = a[key];
			a[key] = typeof had === 'number' ? had + sign * value : sign * value;
		} else if (value !== null && typeof value === 'object') {
			let child = a[key];
			if (child === undefined || child === null || typeof child !== 'object') a[key] = child = {};
			mergeTally(child, value, sign);
		} else if (!(key in a) || sign > 0) a[key] = value;
	}
	return into;
}

/**
 * The tally's canonical form, in place: a histogram bucket at 0 goes, and so does any object
 * below the top whose numbers are all 0 (an operation, a team, a day nobody counts in any more).
 * Returns whether anything numeric is left (non-zero).
 */
export function pruneTally(t: object, top = true): boolean {
	const o = t as Record<string, Json>;
	let live = false;
	for (const key of Object.keys(o)) {
		const v = o[key];
		if (typeof v === 'number') {
			if (v !== 0) live = true;
			// Histogram buckets and day counts: a zero is no entry.
			else if (!top) delete o[key];
		} else if (v !== null && typeof v === 'object') {
			if (pruneTally(v, false)) live = true;
			// The tally's own maps (days, ops, …) stay, empty.
			else if (!top) delete o[key];
		}
	}
	return live;
}

/** The months ('YYYY-MM') a fact's two sides fall in. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** Reads a stage histogram: how many, median (mean of the two middle values for an even count) and nearest-rank p90, in minutes. */
export function histStats(h: Hist | undefined): { jobs: number; median: number | null; p90: number | null } {
	if (!h) return { jobs: 0, median: null, p90: null };
	const entries = Object.keys(h)
		.map((k) => [Number(k), h[k]] as const)
		.filter(([, n]) => n > 0)
		.sort((a, b) => a[0] - b[0]);
	const n = entries.reduce((s, [, c]) => s + c, 0);
	if (n === 0) return { jobs: 0, median: null, p90: null };
	const at = (rank: number) => {
		let seen = 0;
		for (const [v, c] of entries) {
			seen += c;
			if (seen >= rank) return v;
		}
		return entries[entries.length - 1][0];
	};
	const median = n % 2 ? at((n + 1) / 2) : (at(n / 2) + at(n / 2 + 1)) / 2;
	return { jobs: n, median, p90: at(Math.max(1, Math.ceil(0.9 * n))) };
}
