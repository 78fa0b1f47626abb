import type { Generated } from 'kysely';
/**
 * The manager's figures read one row per repair order: its facts (`$lib/domain/kpi-facts`),
 * rewritten by the same transaction that writes each of the order's events (the kpi module's
 * projector), so that a year's figures read 9,000 rows and a day's a few dozen. Stage minutes are
 * columns (a year's medians read no JSON); the lists a day's log needs are JSON.
 */
export interface KpiOrdersTable {
	repair_order_id: number;
	store_id: number;
	number: string;
	plate: string;
	kind: 'maintenance' | 'repair' | 'accident';
	stage: string;
	advisor: string;
	team_id: number | null;
	bay_id: number | null;
	crew_size: number | null;
	checked_in_at: number;
	checked_in_day: string;
	delivered_at: number | null;
	delivered_day: string | null;
	promised_at: number | null;
	followed_up_at: number | null;
	std_1: number;
	std_2: number;
	worked_ms: number;
	rework_count: number;
	wash: number;
	parts_fen: number;
	addons_approved: number;
	addons_declined: number;
	main_op_code: string | null;
	main_op_zh: string | null;
	main_op_en: string | null;
	main_op_m1: number | null;
	main_op_m2: number | null;
	started_at: number | null;
	work_done_at: number | null;
	ms_to_dispatch: number;
	ms_dispatched: number;
	ms_in_progress: number;
	ms_paused_parts: number;
	ms_paused_approval: number;
	ms_paused_other: number;
	ms_team_check: number;
	ms_qc: number;
	ms_wash: number;
	ms_ready: number;
	/** JSON FactTechnician[] */
	crew: string;
	/** JSON FactOperation[] (active operations) */
	operations: string;
	/** JSON BaySpan[] */
	bay_spans: string;
}

/** One store month's tally (JSON `Tally`, `$lib/domain/kpi-tally.ts`): its orders' check-in sides and delivery sides. */
export interface KpiMonthsTable {
	store_id: number;
	/** 'YYYY-MM', store days. */
	month: string;
	tally: string;
	/** SHA-1 of `tally` ('' for a row from before digests): what a server's parsed copy is checked against. */
	digest: Generated<string>;
}

export interface KpiTables {
	kpi_orders: KpiOrdersTable;
	kpi_months: KpiMonthsTable;
}
