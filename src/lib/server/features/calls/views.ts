import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { CallsTable } from './table';

/** A call as the staff screens get it (channel calls): the bay's code and the job's number and plate with it. */
export type CallView = Flat<
	Camelize<Omit<Selectable<CallsTable>, 'store_id' | 'urgent'>> & {
		urgent: boolean;
		bayCode: string;
		roNumber: string;
		plate: string;
	}
>;

/** What the bay board shows of a call on the bay's card: no note, no plate (the card has it). */
export type CallBoardView = Pick<
	CallView,
	'id' | 'bayId' | 'bayCode' | 'repairOrderId' | 'target' | 'targetName' | 'reason' | 'urgent' | 'status' | 'repeats' | 'raisedAt' | 'escalatesAt' | 'escalatedAt' | 'ackedByName' | 'ackedAt' | 'version'
>;

export const callBoardView = (c: CallView): CallBoardView => ({
	id: c.id,
	bayId: c.bayId,
	bayCode: c.bayCode,
	repairOrderId: c.repairOrderId,
	target: c.target,
	targetName: c.targetName,
	reason: c.reason,
	urgent: c.urgent,
	status: c.status,
	repeats: c.repeats,
	raisedAt: c.raisedAt,
	escalatesAt: c.escalatesAt,
	escalatedAt: c.escalatedAt,
	ackedByName: c.ackedByName,
	ackedAt: c.ackedAt,
	version: c.version
});
