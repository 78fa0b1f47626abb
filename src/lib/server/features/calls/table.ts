import type { Generated } from 'kysely';
import type { CallReason, CallStatus, CallTarget } from '$lib/domain/calls';

/** A call from a bay (issue 17): who was called, why, and each answer with its time. */
export interface CallsTable {
	id: Generated<number>;
	store_id: number;
	bay_id: number;
	/** The job in the bay when the call was raised: the call closes itself when it leaves the bay. */
	repair_order_id: number;
	target: CallTarget;
	/** A call to a named person (or the car's own advisor); null: anyone of the target's roles. */
	target_user_id: number | null;
	target_name: string | null;
	reason: CallReason;
	note: Generated<string>;
	urgent: Generated<number>;
	status: Generated<CallStatus>;
	/** How many times it was asked for (a second identical call merges into the first). */
	repeats: Generated<number>;
	/** The person who raised it (null: an API token, a call button). */
	raised_by_id: number | null;
	raised_by_name: string;
	/** Where it was raised: tablet, desk, qc, kiosk or api. */
	raised_from: string;
	raised_at: number;
	escalates_at: number;
	escalated_at: number | null;
	acked_by_id: number | null;
	acked_by_name: string | null;
	acked_at: number | null;
	done_by_name: string | null;
	done_at: number | null;
	closed_reason: string | null;
	closed_at: number | null;
	version: Generated<number>;
}

export interface CallTables {
	calls: CallsTable;
}
