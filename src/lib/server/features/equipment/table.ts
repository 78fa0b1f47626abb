import type { Generated } from 'kysely';

/**
 * The workshop's machines and their maintenance plans: the one place their columns are written.
 * Usage is counted in the machine's own unit (cycles or operating hours): `usage_total` only grows
 * (a meter reading adds what it moved since the last one; a job dispatched to a lift's bay adds a
 * cycle); a task remembers the usage at which it was last done.
 */

export const equipmentTypes = [
	'two_post_lift',
	'four_post_lift',
	'alignment',
	'tire_changer',
	'wheel_balancer',
	'ac_service',
	'compressor',
	'brake_tester',
	'paint_booth',
	'other'
] as const;
export type EquipmentType = (typeof equipmentTypes)[number];

/** Machines whose state decides whether their bay can take a car. */
export const liftTypes: readonly EquipmentType[] = ['two_post_lift', 'four_post_lift'];

export const usageUnits = ['cycles', 'hours'] as const;
export type UsageUnit = (typeof usageUnits)[number];

export interface EquipmentTable {
	id: Generated<number>;
	store_id: number;
	/** Painted on the machine and in its QR link: LIFT-M1. Unique in a store. */
	code: string;
	name_zh: string;
	name_en: string;
	type: EquipmentType;
	/** The bay it stands in (a lift, the alignment rig), or null for a room. */
	bay_id: number | null;
	/** Where it stands when not in a bay: "Tyre room", "Compressor room". */
	location: Generated<string>;
	maker: Generated<string>;
	model: Generated<string>;
	serial: Generated<string>;
	in_service: Generated<number>;
	out_of_service_reason: string | null;
	out_of_service_since: number | null;
	/** What its usage is counted in; null when no plan counts usage. */
	usage_unit: UsageUnit | null;
	usage_total: Generated<number>;
	/** The last meter reading (null: never read, or usage counted by Pitwall only). */
	last_reading: number | null;
	/** Goes up whenever its plan (its tasks) changes: a printed card older than this is stale. */
	plan_version: Generated<number>;
	active: Generated<number>;
	created_at: number;
	version: Generated<number>;
}

export const intervalUnits = ['day', 'week', 'month'] as const;
export type IntervalUnit = (typeof intervalUnits)[number];

/** One task of a machine's plan: by calendar, by usage, or both (whichever comes first). */
export interface MaintenanceTasksTable {
	id: Generated<number>;
	equipment_id: number;
	name_zh: string;
	name_en: string;
	every_count: number | null;
	every_unit: IntervalUnit | null;
	every_usage: number | null;
	/** Warn this many days before the calendar due date. */
	lead_days: Generated<number>;
	/** Warn this much usage before the usage due point. */
	lead_usage: Generated<number>;
	/** A safety inspection: overdue, it takes a lift's bay out of dispatch. */
	safety: Generated<number>;
	last_done_at: number | null;
	last_done_usage: number | null;
	active: Generated<number>;
	sort: Generated<number>;
	version: Generated<number>;
}

export const logKinds = ['done', 'check_failed', 'repair', 'reading', 'out_of_service', 'back_in_service'] as const;
export type LogKind = (typeof logKinds)[number];

/** What was done to a machine, by whom and when: only ever added to. */
export interface MaintenanceLogTable {
	id: Generated<number>;
	store_id: number;
	equipment_id: number;
	task_id: number | null;
	kind: LogKind;
	/** When it was done (not in the future); logged_at is when it was written. */
	at: number;
	logged_at: number;
	actor_id: string | null;
	actor_name: string;
	notes: Generated<string>;
	/** The meter as read then (cycles or hours). */
	reading: number | null;
	/** A new meter: the reading starts again from here. */
	meter_replaced: Generated<number>;
	/** A check's result: 1 pass, 0 fail, null not a check. */
	passed: number | null;
	usage_at: number;
}

export interface EquipmentTables {
	equipment: EquipmentTable;
	maintenance_tasks: MaintenanceTasksTable;
	maintenance_log: MaintenanceLogTable;
}
