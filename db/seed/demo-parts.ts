import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { execute, type CommandContext } from '../../src/lib/server/core/commands';
import type { Principal } from '../../src/lib/server/features/access/principal';
import type { Role } from '../../src/lib/domain/permissions';
import { requestParts } from '../../src/lib/server/features/repair-orders/commands';
import { registerSpecialOrder, stepSpecialOrder } from '../../src/lib/server/features/parts/special-orders';
import { storeDay } from '../../src/lib/domain/special-orders';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The parts room's day in the demo, through the same commands people use: two technicians' parts
 * requests waiting at the counter (one from the catalogue, one in words), and two special orders —
 * the paused car's air-conditioning compressor ordered from the maker, and a bumper that arrived
 * this morning for a customer the advisor has yet to call.
 */
export async function loadDemoPartsActivity(db: Kysely<Database>, storeId: number, now: number): Promise<void> {
	let clock = now;
	const ctx: CommandContext = { db, storeId, now: () => clock };
	const user = async (role: Role, where: { technicianId?: number } = {}): Promise<Principal> => {
		let q = db.selectFrom('users').select(['id', 'name', 'role', 'team_id', 'technician_id']).where('store_id', '=', storeId).where('role', '=', role);
		if (where.technicianId !== undefined) q = q.where('technician_id', '=', where.technicianId);
		const u = await q.orderBy('id').executeTakeFirstOrThrow();
		return { kind: 'user', storeId, id: u.id, name: u.name, role: u.role as Role, teamId: u.team_id, technicianId: u.technician_id, deviceKind: 'desk', sessionHash: 'demo' };
	};
	const zone = (await db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirstOrThrow()).time_zone;

	// Parts requests from two cars in progress, asked for a few minutes ago.
	const working = await db
		.selectFrom('repair_orders as ro')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.innerJoin('job_technicians as j', 'j.repair_order_id', 'ro.id')
		.select(['ro.id', 'ro.version', 'ro.kind', 'v.model', 'j.technician_id'])
		.where('ro.store_id', '=', storeId)
		.where('ro.stage', '=', 'in_progress')
		.orderBy('ro.id')
		.execute();
	const seen = new Set<number>();
	const jobs = working.filter((w) => !seen.has(w.id) && seen.add(w.id));
	const partFor = async (group: string, model: string | null) => {
		let q = db.selectFrom('parts').select(['id']).where('store_id', '=', storeId).where('number', 'like', `${group}-%`).where('name_zh', 'not like', '%加强型%');
		if (model) q = q.where('models', 'like', `%${model.split(' ').pop()}%`);
		return (await q.orderBy('id').executeTakeFirst())?.id;
	};
	const maintenance = jobs.find((j) => j.kind === 'maintenance') ?? jobs[0];
	if (maintenance) {
		const lines = [
			{ partId: await partFor('04152', maintenance.model), qty: 1 },
			{ partId: await partFor('08880', null), qty: 1 },
			{ partId: await partFor('90080', null), qty: 1 },
			{ partId: await partFor('87139', maintenance.model), qty: 1 }
		].filter((l): l is { partId: number; qty: number } => l.partId !== undefined);
		clock = now - 6 * MIN;
		await execute(ctx, requestParts, { id: maintenance.id, expectedVersion: maintenance.version, note: '', lines }, { actor: await user('technician', { technicianId: maintenance.technician_id }) }).catch(
			() => user('team_leader', { technicianId: maintenance.technician_id }).then((actor) => execute(ctx, requestParts, { id: maintenance.id, expectedVersion: maintenance.version, note: '', lines }, { actor }))
		);
	}
	const other = jobs.find((j) => j !== maintenance);
	if (other) {
		clock = now - 2 * MIN;
		const actor = await user('technician', { technicianId: other.technician_id }).catch(() => user('team_leader', { technicianId: other.technician_id }));
		await execute(ctx, requestParts, { id: other.id, expectedVersion: other.version, note: '前刹车片一套，刹车盘看完再定', lines: [] }, { actor });
	}

	const booking = await user('booking');
	const advisor = await user('service_advisor');
	const parts = await user('parts');

	// The paused car's compressor: registered yesterday, reviewed and ordered, expected tomorrow.
	const paused = await db
		.selectFrom('repair_orders as ro')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.innerJoin('customers as c', 'c.id', 'ro.customer_id')
		.select(['ro.id', 'v.plate', 'v.model', 'c.name', 'c.phone'])
		.where('ro.store_id', '=', storeId)
		.where('ro.stage', '=', 'paused')
		.where('ro.pause_reason', '=', 'parts')
		.executeTakeFirst();
	if (paused) {
		clock = now - 5 * HOUR;
		const { result: order } = await execute(
			ctx,
			registerSpecialOrder,
			{
				customerName: paused.name,
				customerPhone: paused.phone,
				plate: paused.plate,
				model: paused.model,
				advisorId: advisor.kind === 'user' ? advisor.id : undefined,
				repairOrderId: paused.id,
				lines: [{ number: '88320-06550', name: '空调压缩机总成 A/C compressor assembly', qty: 1 }],
				note: '保修件，厂家紧急订货'
			},
			{ actor: booking }
		);
		clock = now - 4.5 * HOUR;
		const reviewed = await execute(ctx, stepSpecialOrder, { id: order.id, action: 'review', expectedVersion: order.version }, { actor: parts });
		clock = now - 4 * HOUR;
		await execute(ctx, stepSpecialOrder, { id: order.id, action: 'order', expectedVersion: reviewed.result.version, supplierRef: 'FTMS-PO-7731902', expectedDate: storeDay(now + 24 * HOUR, zone) }, { actor: parts });
	}

	// A customer's front bumper, registered two days ago, arrived 40 minutes ago: the advisor must call.
	const customer = await db
		.selectFrom('customers as c')
		.innerJoin('vehicles as v', 'v.customer_id', 'c.id')
		.select(['c.name', 'c.phone', 'v.plate', 'v.model'])
		.where('c.store_id', '=', storeId)
		.where('v.model', 'like', '%Sienna%')
		.orderBy('c.id')
		.executeTakeFirst();
	const bumper = await db.selectFrom('parts').select(['id']).where('store_id', '=', storeId).where('number', 'like', '52119-08%').executeTakeFirst();
	if (customer && bumper) {
		clock = now - 50 * HOUR;
		const { result: order } = await execute(
			ctx,
			registerSpecialOrder,
			{ customerName: customer.name, customerPhone: customer.phone, plate: customer.plate, model: customer.model, advisorId: advisor.kind === 'user' ? advisor.id : undefined, lines: [{ partId: bumper.id, qty: 1 }], note: '事故车，保险已定损' },
			{ actor: advisor }
		);
		let version = order.version;
		const step = async (at: number, action: Record<string, unknown>, actor: Principal) => {
			clock = at;
			version = (await execute(ctx, stepSpecialOrder, { id: order.id, expectedVersion: version, ...action }, { actor })).result.version;
		};
		await step(now - 49 * HOUR, { action: 'review' }, parts);
		await step(now - 48.5 * HOUR, { action: 'order', supplierRef: 'FTMS-PO-7729455', expectedDate: storeDay(now, zone) }, parts);
		await step(now - 40 * MIN, { action: 'arrive', bin: 'B-1-1-1' }, parts);
	}
}
