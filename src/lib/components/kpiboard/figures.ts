/**
 * What the KPI wall board shows, from the live channel's order facts (entity kpiOrder), through
 * the SAME domain functions the server's report uses (computeKpis via kpiInputFromFacts,
 * computeBreakdowns): nothing here defines a figure, it only picks the days and the orders.
 * Pure: no Svelte, testable.
 */
import { computeKpis, daysBetween, type KpiFigures } from '$lib/domain/kpi';
import { kpiInputFromFacts, type OrderFacts } from '$lib/domain/kpi-facts';
import { computeBreakdowns, type NamedRef, type StageStat, type TeamRow } from '$lib/domain/kpi-breakdowns';
import { toStoreLocal } from '$lib/domain/time';
import type { Stage } from '$lib/domain/repair-order';
import type { KpiOrderView } from '$lib/live/protocol';

const DAY_MS = 86_400_000;

/** A calendar date `n` days from `day` ('YYYY-MM-DD'). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The last day of `day`'s month. */
export function monthEnd(day: string): string {
	const [y, m] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** A live view as the domain's facts (the lists the channel leaves out are empty: no figure here reads them). */
export const asFacts = (v: KpiOrderView): OrderFacts => ({ ...v, plate: '', operations: [], baySpans: [] });

const closed = new Set<Stage>(['delivered', 'followed_up', 'cancelled']);

/**
 * The orders as they stood at `cut` (for "the same time last week"): those checked in by then, and
 * one delivered after it counted as not yet delivered. Its other fields are as they are now.
 */
export function asOf(facts: readonly OrderFacts[], cut: number): OrderFacts[] {
	const out: OrderFacts[] = [];
	for (const f of facts) {
		if (f.checkedInAt > cut) continue;
		if (f.deliveredAt !== null && f.deliveredAt > cut) out.push({ ...f, stage: 'ready', deliveredAt: null, deliveredDay: null, followedUpAt: null });
		else out.push(f);
	}
	return out;
}

/** Cars on site now (checked in, not delivered or cancelled), by where they are. */
export interface OnSite {
	total: number;
	/** Checked in, waiting for a bay. */
	waiting: number;
	/** In a bay: dispatched, worked, paused, team check, QC, wash. */
	inWork: number;
	/** Ready for the customer. */
	ready: number;
}

export function onSite(facts: readonly OrderFacts[]): OnSite {
	const open = facts.filter((f) => !closed.has(f.stage));
	const waiting = open.filter((f) => f.stage === 'checked_in' || f.stage === 'waiting_dispatch').length;
	const ready = open.filter((f) => f.stage === 'ready').length;
	return { total: open.length, waiting, ready, inWork: open.length - waiting - ready };
}

export interface BoardFigures {
	today: string;
	/** The same weekday a week ago. */
	weekAgo: string;
	monthFrom: string;
	monthTo: string;
	/** Today so far. */
	day: KpiFigures;
	/** The same weekday last week, up to the same time of day. */
	lastWeek: KpiFigures;
	onSite: OnSite;
	/** Every day of this month (days still to come are zero). */
	month: KpiFigures;
	/** Today's deliveries: minutes in each stage group (median, p90). */
	stages: StageStat[];
	/** This month's deliveries so far: within standard time, by team. */
	teams: TeamRow[];
}

/**
 * The board's figures at `now` from the channel's views. The labour rate is not on the board
 * (revenue is the manager's screen's), so it is 0 here and no money figure is shown.
 */
export function boardFigures(views: readonly KpiOrderView[], teams: readonly NamedRef[], timeZone: string, now: number): BoardFigures {
	const facts = views.map(asFacts);
	const today = toStoreLocal(now, timeZone).slice(0, 10);
	const weekAgo = addDays(today, -7);
	const monthFrom = `${today.slice(0, 8)}01`;
	const monthTo = monthEnd(today);
	const rest = { timeZone, now, labourRate: 0, specialOrders: [], tasks: [], tasksDone: [] };
	const input = kpiInputFromFacts(facts, rest);
	const lastWeekInput = kpiInputFromFacts(asOf(facts, now - 7 * DAY_MS), { ...rest, now: now - 7 * DAY_MS });
	return {
		today,
		weekAgo,
		monthFrom,
		monthTo,
		day: computeKpis(input, today, today),
		lastWeek: computeKpis(lastWeekInput, weekAgo, weekAgo),
		onSite: onSite(facts),
		month: computeKpis(input, monthFrom, monthTo),
		stages: computeBreakdowns(facts, today, today, teams).stages,
		teams: computeBreakdowns(facts, monthFrom, today, teams).byTeam
	};
}

/** The days of `from`..`to` as the month chart labels them: the day of the month. */
export const dayLabels = (from: string, to: string): string[] => daysBetween(from, to).map((d) => String(Number(d.slice(8))));

/** A share 0..1 as a whole percent, or null. */
export const percent = (share: number | null): number | null => (share === null ? null : Math.round(share * 100));
