/**
 * The service manager's figures (issue 16), each defined once, here, from plain records: no database,
 * safe in the browser. A "store day" is 'YYYY-MM-DD' in the store's time zone (`startOfStoreDay`).
 * A figure over an empty base is `null` (no data), never 0 or NaN.
 */
import { fromStoreLocal, toStoreLocal } from './time';
import { standardMinutes, type TimedOperation } from './standard-time';
import { taskDue } from './equipment';
import { emptyStageMs } from './kpi-facts';
import { tallyRange, type Tally, type TallyOrder } from './kpi-tally';

/** An equipment maintenance task's plan as it stands now (the intervals; its last-done fields are not used). */
export type KpiTaskPlan = Omit<Parameters<typeof taskDue>[0], 'lastDoneAt' | 'lastDoneUsage'> & { id: number };

/** A 'done' row of the maintenance log for a task: when, and the machine's usage then. */
export interface KpiTaskDone {
	taskId: number;
	at: number;
	usageAt: number;
}

/** One repair order as the figures need it (times are epoch ms). */
export interface KpiOrder {
	id: number;
	kind: 'maintenance' | 'repair' | 'accident';
	stage: string;
	crewSize: number | null;
	reworkCount: number;
	/** 1 when the customer asked for a wash. */
	wash: number;
	checkedInAt: number;
	promisedAt: number | null;
	deliveredAt: number | null;
	/** When the after-delivery follow-up call reached the customer (the order's move to followed_up); null if not (yet). */
	followedUpAt: number | null;
	/** Working time on the job (closed segments), ms. */
	workedMs: number;
	/** Operations with both standard times (minutes for one technician, for two) and their status. */
	operations: readonly TimedOperation[];
}

/** An add-on (a finding put to the customer). */
export interface KpiAddon {
	repairOrderId: number;
	status: 'pending' | 'approved' | 'declined';
}

/** A parts issue slip: its total in fen. */
export interface KpiIssueSlip {
	repairOrderId: number;
	total: number;
	issuedAt: number;
}

/** A special order (订货): when it was registered and when its parts arrived (the first step rows of each), epoch ms. */
export interface KpiSpecialOrder {
	id: number;
	registeredAt: number | null;
	arrivedAt: number | null;
}

export interface KpiInput {
	timeZone: string;
	/** The moment the figures are taken (a follow-up's 3-day window may still be open). */
	now: number;
	/** Labour rate, CNY per hour (stores.labour_rate). */
	labourRate: number;
	orders: readonly KpiOrder[];
	addons: readonly KpiAddon[];
	slips: readonly KpiIssueSlip[];
	specialOrders: readonly KpiSpecialOrder[];
	tasks: readonly KpiTaskPlan[];
	/** Every 'done' row of those tasks up to the end of the range (the earlier ones set each one's due point). */
	tasksDone: readonly KpiTaskDone[];
}

export interface KpiDay {
	date: string;
	carsIn: number;
	delivered: number;
	/** Revenue of the cars delivered that day, fen (that day's standard minutes priced, plus their parts). */
	revenue: number;
}

export interface KpiFigures {
	/** Per store day of the range, in order: cars checked in and cars delivered that day. */
	days: KpiDay[];
	carsIn: number;
	delivered: number;
	/** Revenue of the delivered cars, fen: labour at standard time plus parts issued. */
	revenue: number;
	labourRevenue: number;
	partsRevenue: number;
	/** Revenue per delivered car, fen (rounded to the fen). */
	revenuePerCar: number | null;
	/** Share (0..1) of cars in that are accident repairs. */
	accidentShare: number | null;
	washesDone: number;
	/** Share of delivered cars whose worked time ≤ their standard time for their crew size. */
	onTimeStandard: number | null;
	/** Share of delivered cars with a promise that were delivered by it. */
	onTimeDelivery: number | null;
	/** Share of delivered routine (maintenance) jobs delivered within 2 h of check-in. */
	twoHourDelivery: number | null;
	/** Share of delivered cars (all passed QC) with no rework. */
	firstPassQc: number | null;
	/** Share of decided add-ons (approved or declined) that were approved. */
	addonApproval: number | null;
	/** Special orders whose parts arrived in the range: how many, and registered → arrived in hours (median, p90). */
	specialOrderLead: { count: number; medianHours: number | null; p90Hours: number | null };
	/** Equipment maintenance done in the range that was judged against a due point: how many, how many on time, the share. */
	equipmentOnTime: { judged: number; onTime: number; share: number | null };
	/** Follow-up calls made within 3 days of delivery: among the cars delivered in the range that are due one, how many, the share. */
	followUpWithin3Days: { due: number; made: number; share: number | null };
}

/** The value at quantile q (0..1) of `values`, nearest-rank (the smallest value with at least q of them at or below it); null if empty. */
export function quantile(values: readonly number[], q: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil(q * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1];
}

/** Median: the middle value, or the mean of the two middle values of an even count; null if empty. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 90th percentile, nearest-rank. */
export const p90 = (values: readonly number[]): number | null => quantile(values, 0.9);

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Every store day from `from` to `to` inclusive ('YYYY-MM-DD'; plain calendar dates). */
export function daysBetween(from: string, to: string): string[] {
	const out: string[] = [];
	const end = Date.parse(`${to}T00:00:00Z`);
	for (let d = Date.parse(`${from}T00:00:00Z`); d <= end; d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
	return out;
}

/** The store day ('YYYY-MM-DD') a moment falls in ('' for a time out of range). */
export function storeDayOf(at: number, timeZone: string): string {
	return toStoreLocal(at, timeZone).slice(0, 10);
}

/** The moments [start, end) of the store days `from`..`to` inclusive, epoch ms (for a query's WHERE). */
export function rangeBounds(from: string, to: string, timeZone: string): { start: number; end: number } {
	const next = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	return { start: fromStoreLocal(`${from}T00:00`, timeZone), end: fromStoreLocal(`${next}T00:00`, timeZone) };
}

/**
 * Labour of one order, fen: its standard time (active operations, minutes for ONE technician —
 * `minutes_1`, whatever the crew) / 60 × the labour rate (CNY/h) × 100, rounded to the fen.
 * Labour is billed at standard time, not at the time worked.
 */
export function labourFen(order: Pick<KpiOrder, 'operations'>, labourRate: number): number {
	return labourOfMinutes(standardMinutes(order.operations, 1), labourRate);
}

/** The order met its standard time: worked ms ≤ its standard minutes for its crew size (two-person times for a crew of 2+). */
export function withinStandard(order: Pick<KpiOrder, 'operations' | 'crewSize' | 'workedMs'>): boolean {
	return order.workedMs <= standardMinutes(order.operations, order.crewSize) * 60_000;
}

/**
 * The figures for the store days `from`..`to` (inclusive). Definitions:
 * - **cars in** of a day: orders checked in that store day (cancelled ones included: the car came in);
 *   **delivered**: orders delivered (stage delivered or followed_up) whose delivered_at falls in that day. The range's figures are the sums.
 * - **revenue** (fen), over the orders DELIVERED in the range: labour (their standard minutes —
 *   minutes_1 — summed, priced once by `labourOfMinutes`) + parts: the totals of all their issue slips (`issue_slips.total`, fen, whenever issued).
 * - **revenue per car**: revenue / delivered, rounded to the fen.
 * - **accident share**: accident orders / cars in (by check-in day).
 * - **washes done**: delivered orders that asked for a wash (a delivered car went through the wash stage).
 * - **on-time against standard time**: among delivered orders with a standard time > 0, the share with
 *   worked_ms ≤ standard ms for their crew size (`withinStandard`).
 * - **on-time delivery**: among delivered orders with a promise, the share with delivered_at ≤ promised_at
 *   — the promise given at check-in; a later time the advisor announced when the job slipped does not
 *   excuse it.
 * - **2-hour delivery**: among delivered maintenance orders, the share with delivered_at − checked_in_at ≤ 2 h.
 * - **first-pass QC**: every delivered order passed QC; the share of them with rework_count = 0.
 * - **add-on approval**: add-ons of the orders checked in in the range, decided (approved or declined,
 *   pending left out): approved / decided.
 * - **special-order lead time**: special orders whose parts ARRIVED in the range (first 'arrived' step)
 *   and that were registered (first 'registered' step): arrived − registered in hours, median and p90
 *   (nearest rank); drafts never registered and orders still on the way are left out.
 * - **equipment tasks done on time**: each 'done' log row of a task whose time falls in the range is
 *   judged against the due point set by the task's PREVIOUS 'done' row: `taskDue` with that row as the
 *   last done, this row's usage and time → on time unless 'overdue' (calendar: after the due day; usage:
 *   more than 10% past the due point). A task's first ever 'done' has no due point and is not judged;
 *   the plan's intervals are today's (a plan changed since is judged by its new intervals).
 * - **follow-up within 3 days**: among the cars delivered in the range, those due a call — reached
 *   (followed_up) already, or delivered at least 3 × 24 h before `now` — the share reached within
 *   3 × 24 h of delivery. A 'no_answer' attempt is not a call made (the order stays delivered); a car
 *   whose window is still open and not yet called is left out rather than counted as missed.
 */
export function computeKpis(input: KpiInput, from: string, to: string): KpiFigures {
	const { timeZone } = input;
	const parts = new Map<number, number>();
	for (const s of input.slips) parts.set(s.repairOrderId, (parts.get(s.repairOrderId) ?? 0) + s.total);
	const approved = new Map<number, number>();
	const declined = new Map<number, number>();
	for (const a of input.addons) {
		if (a.status === 'approved') approved.set(a.repairOrderId, (approved.get(a.repairOrderId) ?? 0) + 1);
		else if (a.status === 'declined') declined.set(a.repairOrderId, (declined.get(a.repairOrderId) ?? 0) + 1);
	}
	const orders = input.orders.map((o): TallyOrder => {
		const delivered = (o.stage === 'delivered' || o.stage === 'followed_up') && o.deliveredAt !== null;
		return {
			kind: o.kind,
			advisor: '',
			teamId: null,
			crewSize: o.crewSize,
			checkedInAt: o.checkedInAt,
			checkedInDay: storeDayOf(o.checkedInAt, timeZone),
			deliveredAt: o.deliveredAt,
			deliveredDay: delivered ? storeDayOf(o.deliveredAt!, timeZone) || null : null,
			promisedAt: o.promisedAt,
			followedUpAt: o.followedUpAt,
			std1: standardMinutes(o.operations, 1),
			std2: standardMinutes(o.operations, 2),
			workedMs: o.workedMs,
			reworkCount: o.reworkCount,
			wash: o.wash,
			partsFen: parts.get(o.id) ?? 0,
			addonsApproved: approved.get(o.id) ?? 0,
			addonsDeclined: declined.get(o.id) ?? 0,
			mainOp: null,
			crew: [],
			stageMs: emptyStageMs()
		};
	});
	return figuresOfTally(tallyRange(orders, from, to, input.now), from, to, input);
}

/** Labour at standard time, fen: standard minutes (one technician) / 60 × the rate (CNY/h) × 100, rounded to the fen. */
export const labourOfMinutes = (std1Min: number, labourRate: number): number => Math.round((std1Min / 60) * labourRate * 100);

/**
 * The figures of from..to read off the tally of its orders (`tallyRange`, or months' tallies and
 * the orders of the partial months) and the records that are not per order. Labour is priced once
 * over the range's standard minutes; a day's revenue prices that day's minutes.
 */
export function figuresOfTally(t: Tally, from: string, to: string, rest: Pick<KpiInput, 'timeZone' | 'labourRate' | 'specialOrders' | 'tasks' | 'tasksDone'>): KpiFigures {
	const inRange = (at: number | null) => {
		if (at === null) return null;
		const day = storeDayOf(at, rest.timeZone);
		return day !== '' && day >= from && day <= to ? day : null;
	};
	const labourRevenue = labourOfMinutes(t.std1Min, rest.labourRate);
	const revenue = labourRevenue + t.partsFen;
	const leads = rest.specialOrders
		.filter((o) => o.registeredAt !== null && o.arrivedAt !== null && inRange(o.arrivedAt) !== null)
		.map((o) => (o.arrivedAt! - o.registeredAt!) / 3_600_000);
	return {
		days: daysBetween(from, to).map((date) => {
			const d = t.days[date];
			return { date, carsIn: d?.in ?? 0, delivered: d?.out ?? 0, revenue: d ? labourOfMinutes(d.std1Min ?? 0, rest.labourRate) + (d.partsFen ?? 0) : 0 };
		}),
		carsIn: t.carsIn,
		delivered: t.delivered,
		revenue,
		labourRevenue,
		partsRevenue: t.partsFen,
		revenuePerCar: t.delivered === 0 ? null : Math.round(revenue / t.delivered),
		accidentShare: share(t.accidentsIn, t.carsIn),
		washesDone: t.washes,
		onTimeStandard: share(t.withinStd, t.timed),
		onTimeDelivery: share(t.keptPromise, t.promised),
		twoHourDelivery: share(t.twoHour, t.routine),
		firstPassQc: share(t.firstPass, t.delivered),
		addonApproval: share(t.addonsApproved, t.addonsApproved + t.addonsDeclined),
		specialOrderLead: { count: leads.length, medianHours: median(leads), p90Hours: p90(leads) },
		equipmentOnTime: equipmentOnTime(rest, inRange),
		followUpWithin3Days: { due: t.followUpDue, made: t.followUpMade, share: share(t.followUpMade, t.followUpDue) }
	};
}

function equipmentOnTime(input: Pick<KpiInput, 'tasks' | 'tasksDone' | 'timeZone'>, inRange: (at: number | null) => string | null): KpiFigures['equipmentOnTime'] {
	const plans = new Map(input.tasks.map((t) => [t.id, t]));
	const done = [...input.tasksDone].sort((a, b) => a.at - b.at);
	const last = new Map<number, KpiTaskDone>();
	let judged = 0;
	let onTime = 0;
	for (const row of done) {
		const plan = plans.get(row.taskId);
		const previous = last.get(row.taskId);
		last.set(row.taskId, row);
		if (!plan || !previous || inRange(row.at) === null) continue;
		const { state } = taskDue({ ...plan, lastDoneAt: previous.at, lastDoneUsage: previous.usageAt }, row.usageAt, row.at, input.timeZone);
		judged += 1;
		if (state !== 'overdue') onTime += 1;
	}
	return { judged, onTime, share: share(onTime, judged) };
}

/** The period of equal length just before `from`..`to` (store days, inclusive). */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
	const length = daysBetween(from, to).length;
	const day = (d: string, delta: number) => new Date(Date.parse(`${d}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
	return { from: day(from, -length), to: day(from, -1) };
}
