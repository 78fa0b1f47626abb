/** What the desk works out from the live orders: columns, flags, free bays, team loads. Pure. */
import { can, type CommandName, type Role } from '$lib/domain/permissions';
import { allowedActions, bayHoldingStages, type ActionName, type Stage } from '$lib/domain/repair-order';
import { countdown } from '$lib/domain/countdown';
import { isShowableTime } from '$lib/domain/time';
import { teamLoads, type TeamLoad } from '$lib/domain/scheduling';
import type { AddonView, BayView, RepairOrderView, TeamView } from '$lib/live/protocol';
import type { FreeOperation } from '$lib/api/types';

const DAY = 86_400_000;

/** Stages in which the car has not yet been finished: a promise can still be broken. */
const beforeReady: readonly Stage[] = ['checked_in', 'waiting_dispatch', 'dispatched', 'in_progress', 'paused', 'team_check', 'final_qc', 'advisor_check', 'wash'];

export const pendingAddons = (o: RepairOrderView): AddonView[] => o.addons.filter((a) => a.status === 'pending');

/** Past the time promised to the customer and not finished yet (a promise out of range is no promise to be late for). */
export const isOverdue = (o: RepairOrderView, now: number): boolean => isShowableTime(o.promisedAt) && o.promisedAt < now && beforeReady.includes(o.stage);

export type ColumnKey = 'intake' | 'workshop' | 'qc' | 'wash' | 'ready' | 'delivered';

export const columnStages: Record<Exclude<ColumnKey, 'delivered'>, readonly Stage[]> = {
	intake: ['checked_in', 'waiting_dispatch'],
	workshop: ['dispatched', 'in_progress', 'paused', 'team_check'],
	qc: ['final_qc', 'advisor_check'],
	wash: ['wash'],
	ready: ['ready']
};

/** What needs the advisor first: an add-on to ask about, then the order the promise falls. */
function byUrgency(a: RepairOrderView, b: RepairOrderView): number {
	const pa = pendingAddons(a).length > 0 ? 0 : 1;
	const pb = pendingAddons(b).length > 0 ? 0 : 1;
	if (pa !== pb) return pa - pb;
	return (a.promisedAt ?? Infinity) - (b.promisedAt ?? Infinity) || a.checkedInAt - b.checkedInAt;
}

export function columnOrders(all: RepairOrderView[], key: ColumnKey, dayStart: number): RepairOrderView[] {
	if (key === 'delivered') {
		return all
			.filter((o) => (o.stage === 'delivered' || o.stage === 'followed_up') && o.deliveredAt !== null && o.deliveredAt >= dayStart)
			.sort((a, b) => (b.deliveredAt ?? 0) - (a.deliveredAt ?? 0));
	}
	const list = all.filter((o) => columnStages[key].includes(o.stage));
	if (key === 'intake') {
		// Not yet submitted first (the advisor's own to finish), then the longest waiting.
		return list.sort((a, b) => (a.stage === b.stage ? a.stageSince - b.stageSince : a.stage === 'checked_in' ? -1 : 1));
	}
	if (key === 'ready') return list.sort((a, b) => (a.pickupAt ?? Infinity) - (b.pickupAt ?? Infinity) || (a.readyAt ?? 0) - (b.readyAt ?? 0));
	return list.sort(byUrgency);
}

/** Delivered one to three store days ago and not yet followed up (no answer stays in the queue). */
export function followUpQueue(all: RepairOrderView[], dayStart: number): RepairOrderView[] {
	return all
		.filter((o) => o.stage === 'delivered' && o.deliveredAt !== null && o.deliveredAt < dayStart && o.deliveredAt >= dayStart - 3 * DAY)
		.sort((a, b) => (a.deliveredAt ?? 0) - (b.deliveredAt ?? 0));
}

export const holdsBay = (o: RepairOrderView): boolean => o.bayId !== null && bayHoldingStages.includes(o.stage);

/** Bays in service that no order holds. */
export function freeBays(bays: BayView[], orders: RepairOrderView[]): BayView[] {
	const held = new Set(orders.filter(holdsBay).map((o) => o.bayId));
	return bays.filter((b) => b.inService && !held.has(b.id)).sort((a, b) => a.sort - b.sort);
}

/** Each team's jobs in the workshop now and their standard minutes still to go. */
export function loadsByTeam(teams: TeamView[], orders: RepairOrderView[], now: number): Map<number, TeamLoad> {
	const jobs = orders.filter((o) => o.teamId !== null && bayHoldingStages.includes(o.stage)).map((o) => ({ teamId: o.teamId, remainingMs: countdown(o, now).remainingMs }));
	return new Map(teamLoads(teams.map((t) => t.id), jobs).map((l) => [l.teamId, l]));
}

/** May this role run this action on this order now? (The server asks the same table.) */
export function mayRun(role: Role, order: RepairOrderView, action: ActionName): boolean {
	if (!allowedActions[order.stage].includes(action)) return false;
	if (!can(role, `repairOrder.${action}` as CommandName)) return false;
	if (order.kind === 'accident' && order.stage === 'final_qc' && (action === 'qc_pass' || action === 'qc_fail')) return can(role, 'repairOrder.accident_qc');
	return true;
}

/** Stages in which an add-on may be raised: the car is in the workshop. */
export const addonStages: readonly Stage[] = ['dispatched', 'in_progress', 'paused', 'team_check'];

/** An operation picked at check-in or for an add-on: from the catalogue (code) or free text. */
export interface PickedOp {
	code: string | null;
	nameZh: string;
	nameEn: string;
	minutes1: number;
	minutes2: number;
}

/** What the API takes for a picked operation: its catalogue code, or the free operation itself. */
export const opPayload = (op: PickedOp): string | FreeOperation =>
	op.code ?? { nameZh: op.nameZh, nameEn: op.nameEn, minutes1: op.minutes1, minutes2: op.minutes2 };
