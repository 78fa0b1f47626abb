/**
 * Today's figures on the manager's screen, live: the order-based figures of the range recomputed
 * in the browser from the kpi channel's facts with the SAME domain functions the server uses
 * (`computeKpis` over `kpiInputFromFacts`, `computeBreakdowns`), merged with what is not per order
 * from the last API report (special-order lead time, equipment on time, the bay timeline, special
 * orders by step). Pure: a unit test holds it equal to the API's report for the same facts.
 */
import { computeKpis } from '$lib/domain/kpi';
import { kpiInputFromFacts, type OrderFacts } from '$lib/domain/kpi-facts';
import { computeBreakdowns, type KpiReport, type NamedRef } from '$lib/domain/kpi-breakdowns';
import { liveSince } from './range';

/** An order's facts as the live channel carries them (KpiOrderView: no plate, operations or bay stays). */
export type LiveFacts = Omit<OrderFacts, 'plate' | 'operations' | 'baySpans'>;

export interface LiveContext {
	timeZone: string;
	labourRate: number;
	teams: readonly NamedRef[];
	/** Server time now (a follow-up's 3-day window may still be open). */
	now: number;
	/** The store day today. */
	today: string;
}

const whole = (f: LiveFacts): OrderFacts => ({ ...f, plate: '', operations: [], baySpans: [] });

/**
 * The report with its order-based figures taken from `facts`: the range's figures and breakdowns,
 * and the previous period's figures when the channel carries that period too (else the report's).
 * Special-order lead time and equipment on time stay the report's, in both periods.
 */
export function mergeLive(report: KpiReport, facts: readonly LiveFacts[], ctx: LiveContext): KpiReport {
	const all = facts.map(whole);
	const input = kpiInputFromFacts(all, { timeZone: ctx.timeZone, now: ctx.now, labourRate: ctx.labourRate, specialOrders: [], tasks: [], tasksDone: [] });
	const { from, to } = report.range;
	const figures = {
		...computeKpis(input, from, to),
		specialOrderLead: report.figures.specialOrderLead,
		equipmentOnTime: report.figures.equipmentOnTime
	};
	const previousFigures =
		report.previous.from >= liveSince(ctx.today)
			? {
					...computeKpis(input, report.previous.from, report.previous.to),
					specialOrderLead: report.previousFigures.specialOrderLead,
					equipmentOnTime: report.previousFigures.equipmentOnTime
				}
			: report.previousFigures;
	return { ...report, figures, previousFigures, breakdowns: computeBreakdowns(all, from, to, ctx.teams), at: Math.max(report.at, ctx.now) };
}
