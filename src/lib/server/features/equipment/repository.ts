import type { Db } from '$lib/server/db/database';
import { jsonArrayFrom, jsonList } from '$lib/server/db/json';
import { camelize } from '$lib/server/core/rows';
import { taskColumns, toTaskView } from '$lib/server/features/workshop/repository';
import type { EquipmentView, LogView } from './views';

/** One query per view; every function takes `db` first so a transaction can be passed in. */

/** Machines with their bay's code and their active tasks (in plan order) as JSON. */
function equipmentQuery(db: Db) {
	return db
		.selectFrom('equipment as e')
		.leftJoin('bays as b', 'b.id', 'e.bay_id')
		.selectAll('e')
		.select('b.code as bay_code')
		.select((eb) =>
			jsonArrayFrom(
				eb
					.selectFrom('maintenance_tasks as t')
					.select(taskColumns.map((c) => `t.${c}` as const))
					.whereRef('t.equipment_id', '=', 'e.id')
					.where('t.active', '=', 1)
					.orderBy('t.sort')
					.orderBy('t.id')
			).as('tasks')
		);
}

type EquipmentRow = Awaited<ReturnType<ReturnType<typeof equipmentQuery>['executeTakeFirstOrThrow']>>;


function toView(row: EquipmentRow): EquipmentView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { store_id, in_service, active, bay_code, tasks, ...e } = row;
	return {
		...camelize(e),
		inService: in_service === 1,
		bayCode: bay_code,
		tasks: jsonList(tasks as unknown as Parameters<typeof toTaskView>[0][] | string).map(toTaskView)
	};
}

/** The store's machines in service or not (retired ones left out), by code. */
export async function equipmentViews(db: Db, storeId: number): Promise<EquipmentView[]> {
	const rows = await equipmentQuery(db).where('e.store_id', '=', storeId).where('e.active', '=', 1).orderBy('e.code').execute();
	return rows.map(toView);
}

/** One machine of the store (undefined when retired, unless asked for). */
export async function equipmentView(db: Db, storeId: number, id: number, retiredToo = false): Promise<EquipmentView | undefined> {
	let q = equipmentQuery(db).where('e.store_id', '=', storeId).where('e.id', '=', id);
	if (!retiredToo) q = q.where('e.active', '=', 1);
	const row = await q.executeTakeFirst();
	return row && toView(row);
}

/** A machine of the store by its code (or its id, all digits). */
export async function equipmentByCode(db: Db, storeId: number, ref: string, retiredToo = false): Promise<EquipmentView | undefined> {
	// By its code first (a code may be all digits, as painted on the machine), then by its id.
	const find = async (by: 'code' | 'id') => {
		let q = equipmentQuery(db).where('e.store_id', '=', storeId);
		q = by === 'code' ? q.where('e.code', '=', ref) : q.where('e.id', '=', Number(ref));
		if (!retiredToo) q = q.where('e.active', '=', 1);
		return q.executeTakeFirst();
	};
	const row = (await find('code')) ?? (/^[0-9]+$/.test(ref) ? await find('id') : undefined);
	return row && toView(row);
}

/** A machine's log, newest first. */
export async function equipmentLog(db: Db, equipmentId: number, limit = 50): Promise<LogView[]> {
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
	return rows.map((row) => {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { store_id, meter_replaced, passed, ...l } = row;
		return { ...camelize(l), meterReplaced: meter_replaced === 1, passed: passed === null ? null : passed === 1 };
	});
}

/** The store's time zone (due days are store days). */
export { storeTimeZone } from '$lib/server/core/stores';
