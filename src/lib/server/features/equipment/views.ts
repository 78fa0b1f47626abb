import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { EquipmentTable, MaintenanceLogTable, MaintenanceTasksTable } from './table';

/** What screens get of the machines and their plans, derived from table.ts. */

export type TaskView = Flat<Camelize<Omit<Selectable<MaintenanceTasksTable>, 'equipment_id' | 'active' | 'safety'>> & { safety: boolean }>;

/**
 * A machine with its plan. The states (ok, due soon, due, overdue) are computed from it and the
 * server's time by src/lib/domain/equipment.ts, on the screen and on the server alike.
 */
export type EquipmentView = Flat<
	Camelize<Omit<Selectable<EquipmentTable>, 'store_id' | 'in_service' | 'active'>> & {
		inService: boolean;
		bayCode: string | null;
		tasks: TaskView[];
	}
>;

export type LogView = Flat<
	Camelize<Omit<Selectable<MaintenanceLogTable>, 'store_id' | 'meter_replaced' | 'passed'>> & {
		meterReplaced: boolean;
		passed: boolean | null;
		taskNameZh: string | null;
		taskNameEn: string | null;
	}
>;

/**
 * What a bay knows of the lifts standing in it (on the bay's own view): enough to say, at any
 * moment, whether the bay can take a car and why not (domain/equipment.ts `bayHold`).
 */
export interface BayLiftView {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	inService: boolean;
	outOfServiceReason: string | null;
	usageTotal: number;
	/** Its safety tasks, for the overdue check. */
	safetyTasks: TaskView[];
}
