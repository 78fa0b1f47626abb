import { closedStages } from '$lib/domain/repair-order';
import type { BayView, Channel, EntityKind, Patch, RepairOrderBoardView, RepairOrderTechView, RepairOrderView, TeamView } from '$lib/live/protocol';
import { channelsFor, type Principal } from '$lib/server/features/access/principal';
import { customerView } from '$lib/domain/privacy';

/**
 * What each channel may receive. Snapshots and deltas both pass through these functions,
 * so a screen that applies every delta ends up with exactly the next snapshot, and a
 * field a channel must not see cannot reach it by either path.
 */

export interface ProjectionContext {
	/** Start of the store's current day: orders closed before it leave the boards. */
	dayStart: number;
	/** The shop's labour rate (CNY per hour), for the labour estimate on a customer's add-on. */
	labourRate?: number;
}

export const DEFAULT_LABOUR_RATE = 240;

function boardView(ro: RepairOrderView): RepairOrderBoardView {
	return {
		id: ro.id,
		number: ro.number,
		plate: ro.plate,
		model: ro.model,
		colour: ro.colour,
		kind: ro.kind,
		stage: ro.stage,
		stageSince: ro.stageSince,
		bayId: ro.bayId,
		teamId: ro.teamId,
		crewSize: ro.crewSize,
		pauseReason: ro.pauseReason,
		reworkCount: ro.reworkCount,
		workedMs: ro.workedMs,
		runningSince: ro.runningSince,
		promisedAt: ro.promisedAt,
		checkedInAt: ro.checkedInAt,
		wash: ro.wash,
		operations: ro.operations,
		version: ro.version,
		overdueAt: ro.overdueAt,
		escalatedAt: ro.escalatedAt
	};
}

function onBoardToday(ro: RepairOrderView, ctx: ProjectionContext): boolean {
	return !closedStages.includes(ro.stage) || ro.stageSince >= ctx.dayStart;
}

/** Days after delivery that an order stays on the desk, for the follow-up call. */
export const FOLLOW_UP_DAYS = 3;

function onDesk(ro: RepairOrderView, ctx: ProjectionContext): boolean {
	return onBoardToday(ro, ctx) || (ro.stage === 'delivered' && ro.stageSince >= ctx.dayStart - FOLLOW_UP_DAYS * 86_400_000);
}

function techView(ro: RepairOrderView): RepairOrderTechView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { customerName, customerPhone, ...rest } = ro;
	return rest;
}

type Projector = {
	bay: (bay: BayView) => unknown | null;
	team: (team: TeamView) => unknown | null;
	repairOrder: (ro: RepairOrderView, ctx: ProjectionContext) => unknown | null;
};

const projectors: Record<Channel, Projector> = {
	bays: {
		bay: (bay) => bay,
		team: (team) => team,
		repairOrder: (ro, ctx) => (onBoardToday(ro, ctx) ? boardView(ro) : null)
	},
	desk: {
		bay: (bay) => bay,
		team: (team) => team,
		repairOrder: (ro, ctx) => (onDesk(ro, ctx) ? ro : null)
	},
	tech: {
		bay: (bay) => bay,
		team: (team) => team,
		repairOrder: (ro, ctx) => (onBoardToday(ro, ctx) ? techView(ro) : null)
	},
	// The customer lounge: cars in the shop now, through the privacy view only. No bays, no teams
	// (they carry technicians' names).
	lounge: {
		bay: () => null,
		team: () => null,
		repairOrder: (ro, ctx) => (closedStages.includes(ro.stage) ? null : customerView(ro, { withAddons: false, labourRate: ctx.labourRate ?? DEFAULT_LABOUR_RATE }))
	},
	// A customer's own link: the privacy view with their pending add-ons. The hub sends each
	// customer socket only its own order (see LiveHub), never this channel to a room of many.
	status: {
		bay: () => null,
		team: () => null,
		repairOrder: (ro, ctx) => customerView(ro, { withAddons: true, labourRate: ctx.labourRate ?? DEFAULT_LABOUR_RATE })
	}
};

/** An entity as it stands after a command, recorded in the event so replays need no other table. */
export type EntityImage =
	| { kind: 'bay'; id: number; value: BayView | null }
	| { kind: 'team'; id: number; value: TeamView | null }
	| { kind: 'repairOrder'; id: number; value: RepairOrderView | null };

/** The kinds of entity a channel carries: customers' channels see repair orders only. */
export function channelKinds(channel: Channel): readonly EntityKind[] {
	return channel === 'lounge' || channel === 'status' ? ['repairOrder'] : ['bay', 'team', 'repairOrder'];
}

export function projectImage(channel: Channel, image: EntityImage, ctx: ProjectionContext): Patch {
	const p = projectors[channel];
	let value: unknown | null = null;
	if (image.value !== null) {
		if (image.kind === 'bay') value = p.bay(image.value);
		else if (image.kind === 'team') value = p.team(image.value);
		else value = p.repairOrder(image.value, ctx);
	}
	return { kind: image.kind as EntityKind, id: image.id, value };
}

export function projectAll(
	channel: Channel,
	all: { bays: BayView[]; teams: TeamView[]; repairOrders: RepairOrderView[] },
	ctx: ProjectionContext
): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = Object.fromEntries(channelKinds(channel).map((k) => [k, {}]));
	const put = (image: EntityImage) => {
		const patch = projectImage(channel, image, ctx);
		if (patch.value !== null) out[patch.kind][patch.id] = patch.value;
	};
	for (const b of all.bays) put({ kind: 'bay', id: b.id, value: b });
	for (const t of all.teams) put({ kind: 'team', id: t.id, value: t });
	for (const r of all.repairOrders) put({ kind: 'repairOrder', id: r.id, value: r });
	return out;
}

/**
 * A repair order as the JSON API answers it: in full for those who call customers, without the
 * customer's name and phone for the workshop (the same rule as the live channels).
 */
export function repairOrderFor(principal: Principal, ro: RepairOrderView): RepairOrderView | RepairOrderTechView {
	return channelsFor(principal).includes('desk') ? ro : techView(ro);
}
