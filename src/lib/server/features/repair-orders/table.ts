import type { Generated } from 'kysely';
import type { FollowUpOutcome, PauseReason, Stage } from '$lib/domain/repair-order';

/**
 * The repair order's tables: the one place their columns are written (views.ts derives the
 * screens' types from them, repository.ts maps rows to views generically).
 */

export interface RepairOrdersTable {
	id: Generated<number>;
	store_id: number;
	number: string;
	vehicle_id: number;
	customer_id: number;
	kind: 'maintenance' | 'repair' | 'accident';
	stage: Stage;
	bay_id: number | null;
	team_id: number | null;
	crew_size: number | null;
	pause_reason: PauseReason | null;
	pause_note: string | null;
	rework_count: Generated<number>;
	wash: Generated<number>;
	keep_old_parts: Generated<number>;
	payment_method: Generated<string>;
	concerns: Generated<string>;
	promised_at: number | null;
	checked_in_at: number;
	worked_ms: Generated<number>;
	running_since: number | null;
	stage_since: number;
	cancel_reason: string | null;
	version: Generated<number>;
	updated_at: number;
	pickup_at: number | null;
	ready_at: number | null;
	delivered_at: number | null;
	next_service_date: string | null;
	next_service_mileage: number | null;
	follow_up_time: string | null;
	follow_up_outcome: FollowUpOutcome | null;
	last_qc_fail_reason: string | null;
	overdue_at: number | null;
	escalated_at: number | null;
	/** The ready time the advisor confirmed to the customer when the job slipped past its promise. */
	announced_ready_at: number | null;
	team_recommendations: string | null;
	team_checked_by: string | null;
	team_checked_at: number | null;
	/** The odometer at check-in (km). */
	mileage: number | null;
}

export interface RepairOrderOperationsTable {
	id: Generated<number>;
	repair_order_id: number;
	standard_time_id: number | null;
	code: string | null;
	name_zh: string;
	name_en: string;
	minutes_1: number;
	minutes_2: number;
	status: Generated<'active' | 'pending' | 'declined'>;
	sort: Generated<number>;
	addon_id: number | null;
}

export interface AddonsTable {
	id: Generated<number>;
	repair_order_id: number;
	finding: string;
	safety: Generated<number>;
	status: Generated<'pending' | 'approved' | 'declined'>;
	raised_by: string;
	raised_at: number;
	decided_by: string | null;
	decided_via: string | null;
	decided_at: number | null;
}

export interface PartsRequestsTable {
	id: Generated<number>;
	repair_order_id: number;
	/** Free text: what the technician asked for when he did not pick the parts himself (may be empty). */
	note: Generated<string>;
	/** open → picking (a picker has started) → issued (the slip is written: "parts ready"). */
	status: Generated<'open' | 'picking' | 'issued'>;
	requested_by: string;
	requested_at: number;
	picker_name: string | null;
	picking_since: number | null;
	issued_at: number | null;
	slip_id: number | null;
	/** Who took the parts at the counter (confirmed with their PIN). */
	received_by_name: string | null;
	/** Some lines were short at the issue: a special order was drafted for them. */
	short: Generated<number>;
	version: Generated<number>;
}

/** The technicians on a job, and each one's time on it (for productivity figures). */
export interface JobTechniciansTable {
	repair_order_id: number;
	technician_id: number;
	assigned_at: number;
	worked_ms: Generated<number>;
	running_since: number | null;
}

export interface RepairOrderTables {
	job_technicians: JobTechniciansTable;
	repair_orders: RepairOrdersTable;
	repair_order_operations: RepairOrderOperationsTable;
	addons: AddonsTable;
	parts_requests: PartsRequestsTable;
}
