/**
 * What a customer may see of a repair order: the lounge screen and the customer's own link.
 * Pure: no database, no clock. The server builds these views; private fields (name, phone,
 * VIN, full plate, notes, technicians) are never copied, so they cannot leak by any path.
 */
import type { CustomerAddonView, CustomerPhotoView, CustomerView, ProgressStep } from '$lib/live/protocol';
import { bayHoldingStages, type Stage } from './repair-order';
import { CHECKS_MS, WASH_MS, bayFreeTimes, plannedReady } from './scheduling';
import { countdown } from './countdown';
import { isShowableTime } from './time';
import { standardMinutes, type TimedOperation } from './standard-time';

/** '粤B·D12345' → '粤B·***45': the province and city letter, and the last two characters. */
export function maskPlate(plate: string): string {
	const clean = plate.replace(/[·.\s-]/g, '');
	if (clean.length < 4) return '***';
	return `${clean.slice(0, 2)}·***${clean.slice(-2)}`;
}

/** The five steps a customer sees, in order; the wash only when they chose it. */
export function progressSteps(wash: boolean): ProgressStep[] {
	return wash ? ['received', 'in_service', 'quality_check', 'wash', 'ready'] : ['received', 'in_service', 'quality_check', 'ready'];
}

const stepOf: Record<Stage, ProgressStep | null> = {
	checked_in: 'received',
	waiting_dispatch: 'received',
	dispatched: 'in_service',
	in_progress: 'in_service',
	paused: 'in_service',
	team_check: 'in_service',
	final_qc: 'quality_check',
	advisor_check: 'quality_check',
	wash: 'wash',
	ready: 'ready',
	delivered: 'ready',
	followed_up: 'ready',
	cancelled: null
};

export function progressStep(stage: Stage): ProgressStep | null {
	return stepOf[stage];
}

export { CHECKS_MS, WASH_MS };
/** An estimate this much past the public time counts as a slip the advisor must call about. */
export const SLIP_GRACE_MS = 5 * 60_000;

export interface ReadyInput {
	stage: Stage;
	stageSince: number;
	wash: boolean;
	operations: readonly TimedOperation[];
	crewSize: number | null;
	workedMs: number;
	runningSince: number | null;
	promisedAt: number | null;
	announcedReadyAt: number | null;
	readyAt?: number | null;
}

/**
 * The time customers are shown: the promise, until the advisor confirms a later one. A stored time
 * out of range (a bad row) gives way to the other; alone, it is passed on for the screen to mark.
 */
export function publicReadyAt(ro: Pick<ReadyInput, 'promisedAt' | 'announcedReadyAt'>): number | null {
	const { announcedReadyAt: announced, promisedAt: promised } = ro;
	if (announced !== null && (isShowableTime(announced) || !isShowableTime(promised))) return announced;
	return promised;
}

/**
 * When the car should be ready, from the standard time left on the job and the work queued
 * ahead of it: remaining standard time + 15 min checks + 20 min wash (if chosen), from now.
 * A car still waiting for a bay also waits for `queuedAheadMs` of work in front of it.
 */
export function estimateReadyAt(ro: ReadyInput, now: number, queuedAheadMs = 0): number | null {
	const wash = ro.wash ? WASH_MS : 0;
	// A stage start out of range (a bad stored row) counts as just now: the estimate stays a time.
	const since = isShowableTime(ro.stageSince) ? ro.stageSince : now;
	const step = progressStep(ro.stage);
	switch (step) {
		case null:
			return null;
		case 'ready':
			return [ro.readyAt, ro.stageSince].find(isShowableTime) ?? null;
		case 'wash':
			return now + Math.max(0, since + WASH_MS - now);
		case 'quality_check':
			return now + Math.max(0, since + CHECKS_MS - now) + wash;
		case 'in_service': {
			const left = ro.stage === 'team_check' ? 0 : Math.max(0, countdown(ro, now).remainingMs);
			return now + left + CHECKS_MS + wash;
		}
		case 'received':
			// A car not yet dispatched is planned for one technician, as its promise was.
			return now + Math.max(0, queuedAheadMs) + standardMinutes(ro.operations, ro.crewSize ?? 1) * 60_000 + CHECKS_MS + wash;
	}
}

/**
 * How long until a waiting car starts, by the same rule as its promise (scheduling.ts): the jobs in
 * bays end, the cars that were waiting before it go first, each into the earliest free bay.
 */
export function queuedAheadMs(
	orders: readonly (ReadyInput & { id: number; checkedInAt: number; bayId?: number | null })[],
	id: number,
	now: number,
	workingBays: number
): number {
	const me = orders.find((o) => o.id === id);
	if (!me || progressStep(me.stage) !== 'received' || workingBays < 1) return 0;
	const inBays = orders.filter((o) => o.id !== id && bayHoldingStages.includes(o.stage));
	const waitingBefore = orders
		.filter((o) => o.id !== id && progressStep(o.stage) === 'received' && (o.checkedInAt < me.checkedInAt || (o.checkedInAt === me.checkedInAt && o.id < id)))
		.sort((a, b) => a.checkedInAt - b.checkedInAt || a.id - b.id);
	const { startAt } = plannedReady({
		now,
		bayFreeAt: bayFreeTimes(inBays.map((o) => (o.stage === 'team_check' ? 0 : countdown(o, now).remainingMs)), workingBays, now),
		queueMinutes: waitingBefore.map((o) => standardMinutes(o.operations, 1)),
		jobMinutes: standardMinutes(me.operations, 1)
	});
	return startAt - now;
}

/** The estimate is past what the customer was told: the advisor calls, then confirms the new time. */
export function readySlipped(ro: ReadyInput, estimate: number | null): boolean {
	const told = publicReadyAt(ro);
	if (!isShowableTime(told) || !isShowableTime(estimate)) return false;
	const step = progressStep(ro.stage);
	if (step === null || step === 'ready') return false;
	return estimate > told + SLIP_GRACE_MS;
}

export interface CustomerSource extends ReadyInput {
	id: number;
	plate: string;
	model: string;
	colour: string | null;
	operations: readonly (TimedOperation & { nameZh: string; nameEn: string; addonId: number | null })[];
	addons: readonly { id: number; finding: string; safety: boolean; status: 'pending' | 'approved' | 'declined' }[];
	/** The walk-around's (addonId null) and the findings' photos; optional for sources without any. */
	photos?: readonly (CustomerPhotoView & { addonId: number | null })[];
}

/** A photo as the customer's link shows it: copied field by field (no one's name, no time). */
function customerPhoto(p: CustomerPhotoView): CustomerPhotoView {
	return { id: p.id, caption: p.caption, spot: p.spot, width: p.width, height: p.height };
}

/** Labour estimate: hourly rate x the standard time for one technician, rounded to whole yuan. */
export function labourEstimate(minutes1: number, ratePerHour: number): number {
	return Math.round((minutes1 / 60) * ratePerHour);
}

/**
 * The one view of an order that leaves the server on the lounge and the customer's link.
 * Fields are copied one by one; `withAddons` adds the pending add-ons (customer link only).
 * Null for a cancelled order.
 */
export function customerView(ro: CustomerSource, options: { withAddons: boolean; labourRate: number }): CustomerView | null {
	const step = progressStep(ro.stage);
	if (step === null) return null;
	const photosOf = (addonId: number | null) => (ro.photos ?? []).filter((p) => p.addonId === addonId).map(customerPhoto);
	const view: CustomerView = {
		id: ro.id,
		plate: maskPlate(ro.plate),
		model: ro.model,
		colour: ro.colour,
		step,
		wash: ro.wash,
		readyAt: publicReadyAt(ro),
		ready: ro.stage === 'ready',
		delivered: ro.stage === 'delivered' || ro.stage === 'followed_up'
	};
	if (options.withAddons) {
		view.addons = ro.addons
			.filter((a) => a.status === 'pending')
			.map((a): CustomerAddonView => {
				const ops = ro.operations.filter((o) => o.addonId === a.id);
				return {
					id: a.id,
					finding: a.finding,
					safety: a.safety,
					operations: ops.map((o) => ({ nameZh: o.nameZh, nameEn: o.nameEn })),
					labourCny: ops.reduce((sum, o) => sum + labourEstimate(o.minutes1, options.labourRate), 0),
					photos: photosOf(a.id)
				};
			});
		view.walkaround = photosOf(null);
		// At delivery the customer sees what they chose not to have done, with the photos: the record of the advice.
		if (step === 'ready') {
			view.declined = ro.addons.filter((a) => a.status === 'declined').map((a) => ({ id: a.id, finding: a.finding, safety: a.safety, photos: photosOf(a.id) }));
		}
	}
	return view;
}
