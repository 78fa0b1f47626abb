import type { Db } from '$lib/server/db/database';
import { camelize } from '$lib/server/core/rows';
import type { EquipmentView, LogView, TaskView } from '$lib/live/protocol';

/**
 * The machines' pages read their machines here (the same EquipmentView and LogView the API and the
 * live channel carry). Kept next to the pages until the equipment feature exports its own reader.
 */
export async function readEquipment(db: Db, storeId: number, code?: string): Promise<EquipmentView[]> {
	let q = db
		.selectFrom('equipment as e')
		.leftJoin('bays as b', 'b.id', 'e.bay_id')
		.selectAll('e')
		.select('b.code as bay_code')
		.where('e.store_id', '=', storeId)
		.where('e.active', '=', 1);
	if (code !== undefined) q = q.where('e.code', '=', code);
	const rows = await q.orderBy('e.code').execute();
	if (!rows.length) return [];
	const tasks = await db
		.selectFrom('maintenance_tasks')
		.selectAll()
		.where(
			'equipment_id',
			'in',
			rows.map((r) => r.id)
		)
		.where('active', '=', 1)
		.orderBy('sort')
		.orderBy('id')
		.execute();
	return rows.map((r) => {
		const { store_id: _s, in_service, active: _a, bay_code, ...rest } = r;
		return {
			...camelize(rest),
			inService: in_service === 1,
			bayCode: bay_code,
			tasks: tasks
				.filter((t) => t.equipment_id === r.id)
				.map((t): TaskView => {
					const { equipment_id: _e, active: _ta, safety, ...trest } = t;
					return { ...camelize(trest), safety: safety === 1 };
				})
		} as EquipmentView;
	});
}

/** The machine's log, newest first. */
export async function readLog(db: Db, equipmentId: number, limit = 50): Promise<LogView[]> {
	const rows = await db
		.selectFrom('maintenance_log as l')
		.leftJoin('maintenance_tasks as t', 't.id', 'l.task_id')
		.selectAll('l')
		.select(['t.name_zh as task_name_zh', 't.name_en as task_name_en'])
		.where('l.equipment_id', '=', equipmentId)
		.orderBy('l.at', 'desc')
		.orderBy('l.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => {
		const { store_id: _s, meter_replaced, passed, ...rest } = r;
		return { ...camelize(rest), meterReplaced: meter_replaced === 1, passed: passed === null ? null : passed === 1 } as LogView;
	});
}
