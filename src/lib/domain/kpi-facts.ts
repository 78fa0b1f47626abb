/**
 * One repair order's facts for the manager's figures (issue 16): everything `computeKpis` and the
 * breakdowns read of an order, derived once from its record and its event log. The server keeps
 * one row of these per order (`kpi_orders`), rewritten by the same transaction that writes each
 * of the order's events, so a year of figures reads 9,000 rows, not 130,000 events. Pure: no
 * database, safe in the browser (the manager's screen folds live deltas of these into today's figures).
 */
import { bayHoldingStages, type PauseReason, type Stage } from './repair-order';
import { standardMinutes, type TimedOperation } from './standard-time';
import type { KpiAddon, KpiInput, KpiIssueSlip, KpiOrder } from './kpi';
import { toStoreLocal } from './time';

/** Where an order's time goes, as the manager reads it. */
export const stageGroups = [
	'to_dispatch',
	'dispatched',
	'in_progress',
	'paused_parts',
	'paused_approval',
	'paused_other',
	'team_check',
	'qc',
	'wash',
	'ready'
] as const;
export type StageGroup = (typeof stageGroups)[number];

/**
 * The group a stage's time counts in: check-in and waiting for dispatch → to_dispatch; dispatched
 * but not started → dispatched; paused by its reason; final QC and the advisor's check → qc; ready
 * until handed over → ready. Closed stages (delivered, followed up, cancelled) count nowhere.
 */
export function stageGroupOf(stage: Stage, pauseReason: PauseReason | null): StageGroup | null {
	switch (stage) {
		case 'checked_in':
		case 'waiting_dispatch':
			return 'to_dispatch';
		case 'dispatched':
		case 'in_progress':
		case 'team_check':
		case 'wash':
		case 'ready':
			return stage;
		case 'paused':
			return `paused_${pauseReason ?? 'other'}`;
		case 'final_qc':
		case 'advisor_check':
			return 'qc';
		default:
			return null;
	}
}

/** A move of the order from one stage to another, from its event log (`data.from`, `data.to`). */
export interface StageStep {
	at: number;
	to: Stage;
	/** For a pause: why (the event's `data.reason`). */
	reason?: PauseReason | null;
	/** The bay the order holds after the move (the event's `data.bayId`, when the event carries it). */
	bayId?: number | null;
}

export interface BaySpan {
	bayId: number;
	start: number;
	/** null: still in the bay. */
	end: number | null;
}

export interface Timeline {
	/** Milliseconds spent in each group, over the stages the order has left (the current one is still counting). */
	stageMs: Record<StageGroup, number>;
	/** The first start of work (entering in_progress). */
	startedAt: number | null;
	/** When the car last left its bay (work and team check done); null while it holds one or never did. */
	workDoneAt: number | null;
	/** When it entered followed_up (the after-delivery call reached the customer). */
	followedUpAt: number | null;
	/** Each stay in a bay (dispatched → left the bay-holding stages). */
	baySpans: BaySpan[];
}

export const emptyStageMs = (): Record<StageGroup, number> => Object.fromEntries(stageGroups.map((g) => [g, 0])) as Record<StageGroup, number>;

/**
 * The order's timeline from its check-in and its stage moves in order. A move to the stage it is
 * already in (set_crew, set_pickup) changes nothing. A bay stay opens on entering a bay-holding
 * stage from outside them, in the bay the move names (or `fallbackBay`, the order's bay now, for
 * events written before moves carried it), and closes on leaving them.
 */
export function timeline(checkedInAt: number, steps: readonly StageStep[], fallbackBay: number | null): Timeline {
	const stageMs = emptyStageMs();
	let stage: Stage = 'checked_in';
	let since = checkedInAt;
	let reason: PauseReason | null = null;
	let startedAt: number | null = null;
	let followedUpAt: number | null = null;
	const baySpans: BaySpan[] = [];
	let open: BaySpan | null = null;
	for (const step of steps) {
		if (step.to === stage) continue;
		const group = stageGroupOf(stage, reason);
		if (group) stageMs[group] += Math.max(0, step.at - since);
		const holding = bayHoldingStages.includes(step.to);
		if (holding && !open) {
			const bayId = step.bayId ?? fallbackBay;
			if (bayId !== null && bayId !== undefined) {
				open = { bayId, start: step.at, end: null };
				baySpans.push(open);
			}
		} else if (!holding && open) {
			open.end = step.at;
			open = null;
		}
		if (step.to === 'in_progress' && startedAt === null) startedAt = step.at;
		if (step.to === 'followed_up') followedUpAt = step.at;
		stage = step.to;
		since = step.at;
		reason = step.to === 'paused' ? (step.reason ?? 'other') : null;
	}
	const last = baySpans.at(-1);
	return { stageMs, startedAt, workDoneAt: last && last.end !== null ? last.end : null, followedUpAt, baySpans };
}

/** An active operation as the daily log lists it. */
export interface FactOperation {
	code: string | null;
	nameZh: string;
	nameEn: string;
	minutes1: number;
	minutes2: number;
}

/** A technician on the job and their time on it. */
export interface FactTechnician {
	technicianId: number;
	name: string;
	workedMs: number;
}

/** One repair order's facts (times epoch ms, money fen, days 'YYYY-MM-DD' in the store's zone). */
export interface OrderFacts {
	id: number;
	number: string;
	plate: string;
	kind: KpiOrder['kind'];
	stage: Stage;
	/** Who checked the car in (the actor of its creation). */
	advisor: string;
	teamId: number | null;
	bayId: number | null;
	crewSize: number | null;
	checkedInAt: number;
	checkedInDay: string;
	deliveredAt: number | null;
	/** The store day of delivery, only once delivered (stage delivered or followed_up). */
	deliveredDay: string | null;
	promisedAt: number | null;
	followedUpAt: number | null;
	/** Standard minutes of the active operations for one technician, and for two. */
	std1: number;
	std2: number;
	workedMs: number;
	reworkCount: number;
	wash: number;
	/** Parts issued to the job (issue slips' totals). */
	partsFen: number;
	addonsApproved: number;
	addonsDeclined: number;
	/** The active operation with the longest one-technician time: the job's kind of work for "by operation". */
	mainOp: FactOperation | null;
	operations: FactOperation[];
	crew: FactTechnician[];
	startedAt: number | null;
	workDoneAt: number | null;
	stageMs: Record<StageGroup, number>;
	baySpans: BaySpan[];
}

/** What `orderFacts` reads of one order besides its event log. */
export interface OrderRecord {
	id: number;
	number: string;
	plate: string;
	kind: KpiOrder['kind'];
	stage: Stage;
	advisor: string;
	teamId: number | null;
	bayId: number | null;
	crewSize: number | null;
	checkedInAt: number;
	deliveredAt: number | null;
	promisedAt: number | null;
	workedMs: number;
	reworkCount: number;
	wash: number;
	operations: readonly (FactOperation & { status: 'active' | 'pending' | 'declined' })[];
	addons: readonly KpiAddon['status'][];
	partsFen: number;
	crew: readonly FactTechnician[];
}

/** The facts of one order from its record and its stage moves (in order). */
export function orderFacts(record: OrderRecord, steps: readonly StageStep[], timeZone: string): OrderFacts {
	const t = timeline(record.checkedInAt, steps, record.bayId);
	const active = record.operations.filter((o) => o.status === 'active').map(({ status: _s, ...o }) => o);
	const delivered = record.stage === 'delivered' || record.stage === 'followed_up';
	const mainOp = active.reduce<FactOperation | null>((best, o) => (best === null || o.minutes1 > best.minutes1 ? o : best), null);
	return {
		id: record.id,
		number: record.number,
		plate: record.plate,
		kind: record.kind,
		stage: record.stage,
		advisor: record.advisor,
		teamId: record.teamId,
		bayId: record.bayId,
		crewSize: record.crewSize,
		checkedInAt: record.checkedInAt,
		checkedInDay: toStoreLocal(record.checkedInAt, timeZone).slice(0, 10),
		deliveredAt: record.deliveredAt,
		deliveredDay: delivered && record.deliveredAt !== null ? toStoreLocal(record.deliveredAt, timeZone).slice(0, 10) : null,
		promisedAt: record.promisedAt,
		followedUpAt: record.stage === 'followed_up' ? t.followedUpAt : null,
		std1: standardMinutes(active, 1),
		std2: standardMinutes(active, 2),
		workedMs: record.workedMs,
		reworkCount: record.reworkCount,
		wash: record.wash,
		partsFen: record.partsFen,
		addonsApproved: record.addons.filter((a) => a === 'approved').length,
		addonsDeclined: record.addons.filter((a) => a === 'declined').length,
		mainOp,
		operations: active,
		crew: [...record.crew],
		startedAt: t.startedAt,
		workDoneAt: t.workDoneAt,
		stageMs: t.stageMs,
		baySpans: t.baySpans
	};
}

/** One synthetic operation carrying the order's standard minutes (the figures only use their sums). */
const sumOperation = (f: Pick<OrderFacts, 'std1' | 'std2'>): TimedOperation => ({ minutes1: f.std1, minutes2: f.std2, status: 'active' });

/** The order as `computeKpis` reads it. */
export function kpiOrderOf(f: OrderFacts): KpiOrder {
	return {
		id: f.id,
		kind: f.kind,
		stage: f.stage,
		crewSize: f.crewSize,
		reworkCount: f.reworkCount,
		wash: f.wash,
		checkedInAt: f.checkedInAt,
		promisedAt: f.promisedAt,
		deliveredAt: f.deliveredAt,
		followedUpAt: f.followedUpAt,
		workedMs: f.workedMs,
		operations: f.std1 || f.std2 ? [sumOperation(f)] : []
	};
}

/** `computeKpis`'s input from order facts (their parts as one slip each, their add-ons as decided rows) and the rest as read. */
export function kpiInputFromFacts(facts: readonly OrderFacts[], rest: Omit<KpiInput, 'orders' | 'addons' | 'slips'>): KpiInput {
	const addons: KpiAddon[] = [];
	const slips: KpiIssueSlip[] = [];
	for (const f of facts) {
		for (let i = 0; i < f.addonsApproved; i++) addons.push({ repairOrderId: f.id, status: 'approved' });
		for (let i = 0; i < f.addonsDeclined; i++) addons.push({ repairOrderId: f.id, status: 'declined' });
		if (f.partsFen) slips.push({ repairOrderId: f.id, total: f.partsFen, issuedAt: f.checkedInAt });
	}
	return { ...rest, orders: facts.map(kpiOrderOf), addons, slips };
}
