import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '$lib/server/app';
import { refused } from './harness';
import { readSettings } from '$lib/server/settings';
import type { CommittedEvent } from '$lib/server/core/hub';
import { projectImage } from '$lib/server/core/projections';
import { IDEMPOTENCY_TTL_MS, execute, pruneIdempotencyKeys, systemActor, type Actor } from '$lib/server/core/commands';
import { openRepairOrderViews, repairOrderView } from '$lib/server/features/repair-orders/repository';
import { MAX_ADDON_OPERATIONS, MAX_ADDONS, MAX_OPERATIONS, joinJob, createRepairOrder, raiseAddon, requestParts, transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { setBayService } from '$lib/server/features/workshop/commands';
import type { Role } from '$lib/domain/permissions';

let app: App;
const person = (id: number, name: string, role: Role): Actor => ({ kind: 'user', storeId: 1, id, name, role, teamId: null, technicianId: null, deviceKind: 'desk', sessionHash: `s${id}` });
const advisor = person(7, '李娜', 'service_advisor');
const dispatcher = person(8, '王芳', 'dispatcher');
const newOrder = {
	vehicle: { plate: '粤B·D12345', model: '凯美瑞 Camry', colour: '珍珠白', vin: 'LVGBE40K8NG000001' },
	customer: { name: '陈先生', phone: '13800000000' },
	operations: ['MNT-STD', 'BRK-SVC'],
	wash: true
};

beforeEach(async () => {
	app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: true });
});
afterEach(async () => app.close());

async function counts() {
	const one = async (t: 'events' | 'repair_orders' | 'customers' | 'vehicles' | 'repair_order_operations') =>
		Number((await app.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return { events: await one('events'), orders: await one('repair_orders'), customers: await one('customers'), vehicles: await one('vehicles'), ops: await one('repair_order_operations') };
}


describe('commands', () => {
	it('create writes the order, its operations and one event with the actor, atomically', async () => {
		const before = await counts();
		const { result, seq } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		expect(result).toMatchObject({ stage: 'checked_in', plate: '粤B·D12345', version: 1, wash: true });
		expect(result.operations.map((o) => [o.code, o.minutes1, o.minutes2])).toEqual([
			['MNT-STD', 45, 30],
			['BRK-SVC', 40, 20]
		]);
		const event = await app.db.selectFrom('events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
		expect(event).toMatchObject({ type: 'repairOrder.created', actor_kind: 'user', actor_id: '7', actor_name: '李娜', subject_id: result.id });
		expect(await counts()).toEqual({ ...before, events: before.events + 1, orders: before.orders + 1, customers: before.customers + 1, vehicles: before.vehicles + 1, ops: before.ops + 2 });
	});

	it.each([
		[{ ...newOrder, vehicle: { ...newOrder.vehicle, plate: 'ABC' } }, 'vehicle.plate'],
		[{ ...newOrder, operations: [] }, 'operations'],
		[{ ...newOrder, operations: ['NOPE'] }, 'operations.0'],
		[{ ...newOrder, customer: { name: '', phone: '138' } }, 'customer.name'],
		[{ ...newOrder, vehicle: { ...newOrder.vehicle, vin: 'SHORT' } }, 'vehicle.vin'],
		[{ ...newOrder, promisedAt: 'tomorrow' }, 'promisedAt'],
		['not an object', undefined]
	])('refuses bad input with 400 naming the field, and changes nothing (%#)', async (input, field) => {
		const before = await counts();
		const e = await refused(execute(app.commands, createRepairOrder, input, { actor: advisor }));
		expect(e.status).toBe(400);
		expect(e.field).toBe(field);
		expect(e.message.length).toBeGreaterThan(5);
		expect(await counts()).toEqual(before);
	});

	it('bounds what one order can hold: operations, add-ons and their operations', async () => {
		const before = await counts();
		for (const n of [5000, MAX_OPERATIONS + 1]) {
			const e = await refused(execute(app.commands, createRepairOrder, { ...newOrder, operations: Array(n).fill('MNT-STD') }, { actor: advisor }));
			expect([e.status, e.field]).toEqual([400, 'operations']);
		}
		expect(await counts()).toEqual(before);
		const { result } = await execute(app.commands, createRepairOrder, { ...newOrder, operations: Array(MAX_OPERATIONS).fill('MNT-STD') }, { actor: advisor });
		expect(result.operations).toHaveLength(MAX_OPERATIONS);
		let o = (await execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor })).result;
		await app.db.insertInto('bays').values({ store_id: app.storeId, code: 'BOUND', name_zh: '临时', name_en: 'Spare', kind: 'mechanical' }).execute();
		o = (await execute(app.commands, transitionRepairOrder, { id: o.id, action: 'dispatch', bay: 'BOUND', team: 'T1', crewSize: 1, expectedVersion: o.version }, { actor: dispatcher })).result;
		const addon = (ops: unknown[]) => ({ id: o.id, expectedVersion: o.version, finding: '刹车片磨损', operations: ops });
		const tooMany = await refused(execute(app.commands, raiseAddon, addon(Array(MAX_ADDON_OPERATIONS + 1).fill('BRK-SVC')), { actor: dispatcher }));
		expect([tooMany.status, tooMany.field]).toEqual([400, 'operations']);
		for (let i = 0; i < MAX_ADDONS; i++) o = (await execute(app.commands, raiseAddon, addon(['BRK-SVC']), { actor: dispatcher })).result;
		const full = await refused(execute(app.commands, raiseAddon, addon(['BRK-SVC']), { actor: dispatcher }));
		expect([full.status, full.code]).toEqual([409, 'too_many']);
	});

	it("lets a technician act on their own team's job only; the supervisor on every job", async () => {
		const job = await app.db.selectFrom('repair_orders').select(['id', 'version', 'team_id']).where('stage', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
		const otherTeam = await app.db.selectFrom('teams').select('id').where('id', '!=', job.team_id!).executeTakeFirstOrThrow();
		const tech = (teamId: number): Actor => ({ ...person(20, '黄志伟', 'technician'), teamId } as Actor);
		const before = await counts();
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: job.id, action: 'pause', reason: 'parts', expectedVersion: job.version }, { actor: tech(otherTeam.id) }));
		expect([e.status, e.code, e.field]).toEqual([403, 'forbidden', 'id']);
		const parts = await refused(execute(app.commands, requestParts, { id: job.id, note: '机油滤清器', expectedVersion: job.version }, { actor: tech(otherTeam.id) }));
		expect(parts.status).toBe(403);
		expect(await counts()).toEqual(before);
		const own = await execute(app.commands, transitionRepairOrder, { id: job.id, action: 'pause', reason: 'parts', expectedVersion: job.version }, { actor: tech(job.team_id!) });
		expect(own.result.stage).toBe('paused');
		const resumed = await execute(app.commands, transitionRepairOrder, { id: job.id, action: 'resume', expectedVersion: own.result.version }, { actor: dispatcher });
		expect(resumed.result.stage).toBe('in_progress');
	});

	it('names the technicians on the job at dispatch, records who starts it and each one’s time', async () => {
		let now = Date.now();
		const ctx = { ...app.commands, now: () => now };
		const { result } = await execute(ctx, createRepairOrder, newOrder, { actor: advisor });
		let o = (await execute(ctx, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor })).result;
		await app.db.insertInto('bays').values({ store_id: app.storeId, code: 'CREW', name_zh: '临时', name_en: 'Spare', kind: 'mechanical' }).execute();
		const team = await app.db.selectFrom('teams').select('id').where('code', '=', 'T2').executeTakeFirstOrThrow();
		const members = await app.db.selectFrom('technicians').select(['id', 'name']).where('team_id', '=', team.id).where('active', '=', 1).orderBy('id').execute();
		// Someone not in the team: refused by field.
		const outsider = await app.db.selectFrom('technicians').select('id').where('team_id', '!=', team.id).executeTakeFirstOrThrow();
		const wrong = await refused(execute(ctx, transitionRepairOrder, { id: o.id, action: 'dispatch', bay: 'CREW', team: 'T2', crewSize: 2, technicians: [members[0].id, outsider.id], expectedVersion: o.version }, { actor: dispatcher }));
		expect([wrong.status, wrong.field]).toEqual([400, 'technicians']);
		const named = [members[1].id, members[2].id];
		o = (await execute(ctx, transitionRepairOrder, { id: o.id, action: 'dispatch', bay: 'CREW', team: 'T2', crewSize: 2, technicians: named, expectedVersion: o.version }, { actor: dispatcher })).result;
		expect(o.technicians.map((t) => t.id)).toEqual(named);
		// A third technician starts it on the tablet: now on the job too; the clock runs for all three.
		const starter = { ...person(30, members[0].name, 'technician'), teamId: team.id, technicianId: members[0].id } as Actor;
		o = (await execute(ctx, transitionRepairOrder, { id: o.id, action: 'start', expectedVersion: o.version }, { actor: starter })).result;
		expect(o.technicians.map((t) => t.id).sort()).toEqual([...named, members[0].id].sort());
		now += 20 * 60_000;
		o = (await execute(ctx, transitionRepairOrder, { id: o.id, action: 'pause', reason: 'parts', expectedVersion: o.version }, { actor: dispatcher })).result;
		const times = await app.db.selectFrom('job_technicians').select(['technician_id', 'worked_ms', 'running_since']).where('repair_order_id', '=', o.id).execute();
		expect(times.every((t) => t.worked_ms === 20 * 60_000 && t.running_since === null)).toBe(true);
		// A pause or a resume by someone already on it keeps the crew the view carries (it is not read again).
		expect(o.technicians).toEqual((await repairOrderView(app.db, o.id))!.technicians);
		o = (await execute(ctx, transitionRepairOrder, { id: o.id, action: 'resume', expectedVersion: o.version }, { actor: starter })).result;
		expect(o.technicians).toEqual((await repairOrderView(app.db, o.id))!.technicians);
		// A clock that stands "after" now (the server's clock set back) adds nothing when it stops.
		now -= 60_000;
		o = (await execute(ctx, transitionRepairOrder, { id: o.id, action: 'pause', reason: 'parts', expectedVersion: o.version }, { actor: dispatcher })).result;
		const after = await app.db.selectFrom('job_technicians').select(['worked_ms', 'running_since']).where('repair_order_id', '=', o.id).execute();
		expect(after.every((t) => t.worked_ms === 20 * 60_000 && t.running_since === null)).toBe(true);
		// The board's view names them (and still no customer).
		const board = projectImage('bays', { kind: 'repairOrder', id: o.id, value: o }, { dayStart: 0, labourRate: 240 }).value as { technicians: { name: string }[] };
		expect(board.technicians.map((t) => t.name)).toContain(members[1].name);
		expect(board).not.toHaveProperty('customerName');
	});

	it('lets a technician of the team join a job: on it, on its clock, and the crew follows', async () => {
		const job = await app.db.selectFrom('repair_orders').select(['id', 'version', 'team_id', 'crew_size']).where('stage', '=', 'in_progress').where('crew_size', '=', 1).orderBy('id').executeTakeFirstOrThrow();
		const on = await app.db.selectFrom('job_technicians').select('technician_id').where('repair_order_id', '=', job.id).execute();
		const helper = await app.db.selectFrom('technicians').select(['id', 'name']).where('team_id', '=', job.team_id!).where('id', 'not in', on.length ? on.map((r) => r.technician_id) : [0]).executeTakeFirstOrThrow();
		const actor = { ...person(40, helper.name, 'technician'), teamId: job.team_id, technicianId: helper.id } as Actor;
		const joined = await execute(app.commands, joinJob, { id: job.id, expectedVersion: job.version }, { actor });
		expect(joined.result.technicians.map((t) => t.id)).toContain(helper.id);
		expect(joined.result.crewSize).toBe(2);
		const row = await app.db.selectFrom('job_technicians').select('running_since').where('repair_order_id', '=', job.id).where('technician_id', '=', helper.id).executeTakeFirstOrThrow();
		expect(row.running_since).not.toBeNull();
		const again = await refused(execute(app.commands, joinJob, { id: job.id, expectedVersion: joined.result.version }, { actor }));
		expect([again.status, again.code]).toEqual([409, 'already_on_job']);
		// Not a technician: refused.
		expect((await refused(execute(app.commands, joinJob, { id: job.id, expectedVersion: joined.result.version }, { actor: dispatcher }))).status).toBe(403);
	});

	it('takes the team’s free members when dispatch names nobody', async () => {
		const { result } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const o = (await execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor })).result;
		await app.db.insertInto('bays').values({ store_id: app.storeId, code: 'FREE', name_zh: '临时', name_en: 'Spare', kind: 'mechanical' }).execute();
		const d = (await execute(app.commands, transitionRepairOrder, { id: o.id, action: 'dispatch', bay: 'FREE', team: 'T1', crewSize: 1, expectedVersion: o.version }, { actor: dispatcher })).result;
		expect(d.technicians).toHaveLength(1);
		const busy = await app.db
			.selectFrom('job_technicians as j')
			.innerJoin('repair_orders as r', 'r.id', 'j.repair_order_id')
			.select('j.technician_id')
			.where('r.id', '!=', d.id)
			.where('r.stage', 'in', ['dispatched', 'in_progress', 'paused', 'team_check'])
			.execute();
		const free = await app.db.selectFrom('technicians').select('id').where('team_id', '=', d.teamId!).where('active', '=', 1).execute();
		if (free.some((f) => !busy.some((b) => b.technician_id === f.id))) expect(busy.map((b) => b.technician_id)).not.toContain(d.technicians[0].id);
	});

	it('records the mileage at check-in and refuses a reading below the last one', async () => {
		const first = await execute(app.commands, createRepairOrder, { ...newOrder, mileage: 42_350 }, { actor: advisor });
		expect(first.result.mileage).toBe(42_350);
		await app.db.updateTable('repair_orders').set({ stage: 'delivered' }).where('id', '=', first.result.id).execute();
		const lower = await refused(execute(app.commands, createRepairOrder, { ...newOrder, mileage: 41_000 }, { actor: advisor }));
		expect([lower.status, lower.field, lower.details.lastMileage]).toEqual([400, 'mileage', 42_350]);
		const next = await execute(app.commands, createRepairOrder, { ...newOrder, mileage: 47_900 }, { actor: advisor });
		expect(next.result.mileage).toBe(47_900);
	});

	it('refuses a second open order for the same car', async () => {
		await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const e = await refused(execute(app.commands, createRepairOrder, newOrder, { actor: advisor }));
		expect([e.status, e.code, e.field]).toEqual([409, 'vehicle_has_open_order', 'vehicle.plate']);
	});

	it('does not apply a retried command twice (same idempotency key)', async () => {
		const before = await counts();
		const first = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-42' });
		const again = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-42' });
		expect(again).toEqual({ ...first, replayed: true });
		expect((await counts()).orders).toBe(before.orders + 1);
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: first.result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor, idempotencyKey: 'dms-42' }));
		expect([e.status, e.code]).toEqual([422, 'idempotency_key_reused']);
	});

	it('binds an Idempotency-Key to its caller and its request (IETF draft, Stripe)', async () => {
		const first = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-43' });
		const before = await counts();
		// The same key with another body: refused, nothing written, and never "replayed" as if it had worked.
		const other = { ...newOrder, vehicle: { ...newOrder.vehicle, plate: '粤A·54321', vin: undefined } };
		const e = await refused(execute(app.commands, createRepairOrder, other, { actor: advisor, idempotencyKey: 'dms-43' }));
		expect([e.status, e.code, e.field]).toEqual([422, 'idempotency_key_reused', 'Idempotency-Key']);
		expect(await counts()).toEqual(before);
		// The same key on another order's transition: refused too.
		await execute(app.commands, transitionRepairOrder, { id: first.result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor, idempotencyKey: 'submit-1' });
		const second = await execute(app.commands, createRepairOrder, other, { actor: advisor });
		const e2 = await refused(execute(app.commands, transitionRepairOrder, { id: second.result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor, idempotencyKey: 'submit-1' }));
		expect([e2.status, e2.code]).toEqual([422, 'idempotency_key_reused']);
		// Another caller with the same key is another request: it runs, and learns nothing of the first answer.
		const colleague = person(9, '张伟', 'service_advisor');
		const third = { ...newOrder, vehicle: { ...newOrder.vehicle, plate: '粤A·99999', vin: undefined } };
		const theirs = await execute(app.commands, createRepairOrder, third, { actor: colleague, idempotencyKey: 'dms-43' });
		expect(theirs.replayed).toBe(false);
		expect(theirs.result.id).not.toBe(first.result.id);
	});

	it('refuses a concurrent retry while the first is running (409), and forgets keys after 24 hours', async () => {
		const [a, b] = await Promise.allSettled([
			execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-44' }),
			execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-44' })
		]);
		expect(a.status).toBe('fulfilled');
		expect(b).toMatchObject({ status: 'rejected', reason: { status: 409, code: 'idempotency_key_in_use' } });
		const again = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor, idempotencyKey: 'dms-44' });
		expect(again.replayed).toBe(true);
		const later = Date.now() + IDEMPOTENCY_TTL_MS + 1000;
		expect(await pruneIdempotencyKeys(app.db, later)).toBeGreaterThan(0);
		expect(await app.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'dms-44').executeTakeFirst()).toBeUndefined();
	});

	it('refuses a stale expectedVersion with the current version and who changed it', async () => {
		const { result } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		await execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: person(9, '王芳', 'service_advisor') });
		const before = await counts();
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: result.id, action: 'cancel', reason: 'x', expectedVersion: 1 }, { actor: advisor }));
		expect([e.status, e.code]).toEqual([409, 'version_conflict']);
		expect(e.details).toMatchObject({ currentVersion: 2, changedBy: '王芳' });
		expect(await counts()).toEqual(before);
	});

	it('refuses a transition the stage does not allow, naming the allowed ones', async () => {
		const { result } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: result.id, action: 'finish', expectedVersion: 1 }, { actor: dispatcher }));
		expect([e.status, e.code]).toEqual([409, 'transition_refused']);
		expect(e.details.allowedActions).toEqual(['submit', 'cancel']);
	});

	it('answers 404 for an unknown order', async () => {
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: 99999, action: 'submit', expectedVersion: 1 }, { actor: advisor }));
		expect(e.status).toBe(404);
	});

	it('hands out each transition’s order exactly as the database now holds it (result and event image)', async () => {
		const store = await app.db.selectFrom('stores').select('id').executeTakeFirstOrThrow();
		await app.db.insertInto('bays').values({ store_id: store.id, code: 'X1', name_zh: '临时工位', name_en: 'Spare bay', kind: 'mechanical' }).execute();
		const { result: created } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const walk = [
			{ action: 'submit' },
			{ action: 'dispatch', bay: 'X1', team: 'T1', crewSize: 2 },
			{ action: 'set_crew', crewSize: 1 },
			{ action: 'start' },
			{ action: 'pause', reason: 'parts', note: '刹车片' },
			{ action: 'resume' },
			{ action: 'finish' },
			{ action: 'team_check_pass', recommendations: '后轮胎 3 mm，建议更换' },
			{ action: 'qc_fail', reason: '异响' },
			{ action: 'finish' },
			{ action: 'team_check_pass' },
			{ action: 'qc_pass' },
			{ action: 'wash_done' },
			{ action: 'set_pickup', pickupAt: Date.now() + 3_600_000 },
			{ action: 'deliver', nextServiceDate: '2027-05-27', nextServiceMileage: 25_000, followUpTime: '下午' },
			{ action: 'follow_up', outcome: 'satisfied' }
		];
		let version = created.version;
		let t = Date.now();
		for (const step of walk) {
			let broadcast: CommittedEvent | undefined;
			const ctx = { ...app.commands, now: () => (t += 60_000), afterCommit: (e: CommittedEvent) => (broadcast = e) };
			const { result, seq } = await execute(ctx, transitionRepairOrder, { id: created.id, expectedVersion: version, ...step }, { actor: systemActor });
			const stored = await repairOrderView(app.db, created.id);
			expect(result, step.action).toEqual(stored);
			// The screens get the order as stored; the event row keeps the command's fields and which order.
			expect(broadcast?.images?.[0].value, step.action).toEqual(stored);
			const event = await app.db.selectFrom('events').select('payload').where('seq', '=', seq).executeTakeFirstOrThrow();
			// ...and the order's facts for the manager's figures, rewritten in the same transaction.
			expect(JSON.parse(event.payload).entities, step.action).toEqual([
				{ kind: 'repairOrder', id: created.id },
				{ kind: 'kpiOrder', id: created.id }
			]);
			expect(JSON.parse(event.payload).images).toBeUndefined();
			version = result.version;
		}
		expect(version).toBe(created.version + walk.length);
		// The second check kept the first one's recommendations, signed by whoever passed it.
		expect(await repairOrderView(app.db, created.id)).toMatchObject({ teamRecommendations: '后轮胎 3 mm，建议更换', teamCheckedBy: systemActor.name });
	});

	it('reads one order in one statement exactly as the list reads it (operations, add-ons, parts requests)', async () => {
		const working = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').executeTakeFirstOrThrow();
		const raised = await execute(app.commands, raiseAddon, { id: working.id, expectedVersion: working.version, finding: '前刹车片 2 mm', safety: true, operations: ['BRK-SVC', { nameZh: '清洗卡钳', nameEn: 'Clean calipers', minutes1: 10, minutes2: 5 }] }, { actor: systemActor });
		await execute(app.commands, requestParts, { id: working.id, expectedVersion: raised.result.version, note: '前刹车片一套' }, { actor: systemActor });
		const all = await openRepairOrderViews(app.db, app.storeId, 0);
		expect(all.length).toBeGreaterThan(20);
		// Orders with add-ons (a safety one among them), their operations, and parts requests: every JSON path.
		expect(all.some((o) => o.addons.some((a) => a.safety))).toBe(true);
		expect(all.some((o) => o.partsRequests.length > 0)).toBe(true);
		expect(all.some((o) => o.operations.some((op) => op.addonId !== null))).toBe(true);
		for (const order of all) expect(await repairOrderView(app.db, order.id, app.storeId)).toEqual(order);
	});

	it('refuses recommendations longer than 1000 characters at the team-leader check, naming the field, and changes nothing', async () => {
		const ro = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'team_check').executeTakeFirstOrThrow();
		const before = await counts();
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: ro.id, action: 'team_check_pass', expectedVersion: ro.version, recommendations: '换'.repeat(1001) }, { actor: systemActor }));
		expect([e.status, e.field]).toEqual([400, 'recommendations']);
		expect(await counts()).toEqual(before);
		expect(await repairOrderView(app.db, ro.id)).toMatchObject({ stage: 'team_check', version: ro.version, teamRecommendations: null });
	});

	it('does not touch an order of another store (404, as if it did not exist)', async () => {
		const { result } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const { id: other } = await app.db.insertInto('stores').values({ code: 'other', name_zh: '别店', name_en: 'Other', created_at: 0 }).returning('id').executeTakeFirstOrThrow();
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: { ...advisor, storeId: other } as Actor }));
		expect([e.status, e.code]).toEqual([404, 'not_found']);
	});

	it('lets one of two dispatches to the same bay win; the other is told and nothing half-written remains', async () => {
		const a = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		const b = await execute(app.commands, createRepairOrder, { ...newOrder, vehicle: { ...newOrder.vehicle, plate: '粤A·12345', vin: undefined } }, { actor: advisor });
		for (const o of [a, b]) await execute(app.commands, transitionRepairOrder, { id: o.result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor });
		const store = await app.db.selectFrom('stores').select('id').executeTakeFirstOrThrow();
		const free = { code: 'X1' };
		await app.db.insertInto('bays').values({ store_id: store.id, code: 'X1', name_zh: '临时工位', name_en: 'Spare bay', kind: 'mechanical' }).execute();
		const before = await counts();
		const results = await Promise.allSettled(
			[a, b].map((o) => execute(app.commands, transitionRepairOrder, { id: o.result.id, action: 'dispatch', bay: free.code, team: 'T1', crewSize: 2, expectedVersion: 2 }, { actor: dispatcher }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(loser.reason).toMatchObject({ status: 409, code: 'bay_occupied', field: 'bay' });
		expect((await counts()).events).toBe(before.events + 1);
	});

	it('does not offer an out-of-service bay', async () => {
		// The demo's bays are all in service (M4 is held by its lift, which dispatch checks first): take M1 out for the test.
		await app.db.updateTable('bays').set({ in_service: 0, out_of_service_reason: '地坪维修' }).where('code', '=', 'M1').execute();
		const bay = await app.db.selectFrom('bays').selectAll().where('in_service', '=', 0).executeTakeFirstOrThrow();
		const { result } = await execute(app.commands, createRepairOrder, newOrder, { actor: advisor });
		await execute(app.commands, transitionRepairOrder, { id: result.id, action: 'submit', expectedVersion: 1 }, { actor: advisor });
		const e = await refused(execute(app.commands, transitionRepairOrder, { id: result.id, action: 'dispatch', bay: bay.code, team: 'T1', crewSize: 1, expectedVersion: 2 }, { actor: dispatcher }));
		expect([e.status, e.code]).toEqual([409, 'bay_out_of_service']);
		const back = await execute(app.commands, setBayService, { bay: bay.code, inService: true, expectedVersion: bay.version }, { actor: systemActor });
		expect(back.result.inService).toBe(true);
		const e2 = await refused(execute(app.commands, setBayService, { bay: bay.code, inService: false, expectedVersion: back.result.version }, { actor: systemActor }));
		expect(e2.field).toBe('reason');
	});
});
