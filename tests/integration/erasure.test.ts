import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { sessionCookie, startServer, limit } from './harness';
import { erasedName, scrub } from '$lib/server/features/care/erase';

/**
 * A customer's right to be forgotten (issue 18): after an admin erases a customer, a byte search
 * of the database file and its write-ahead log finds neither their name nor their phone; the
 * counts and times stay; the erasure is on record; and the refusals change nothing.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
});

type Answer = { status: number; body: Record<string, unknown> };
function call(url: string, method: string, path: string, cookie: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const h: Record<string, string> = { cookie, origin: url, ...headers };
		if (body !== undefined) h['content-type'] = 'application/json';
		const req = httpRequest(`${url}${path}`, { method, headers: h }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
		});
		req.on('error', reject);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

const NAME = '欧阳测试删除';
const PHONE = '13987654321';

function fileHas(file: string, needle: string): boolean {
	if (!existsSync(file)) return false;
	return readFileSync(file).includes(Buffer.from(needle, 'utf8'));
}

describe('erasing a customer', () => {
	it('leaves neither name nor phone anywhere in the database file or its log, keeps the figures, and is on record', async () => {
		dir = mkdtempSync(join(tmpdir(), 'pitwall-erase-'));
		server = await startServer({ dataDir: dir });
		const { app, url } = server;
		const { db } = app;
		const advisor = await sessionCookie(app, 'service_advisor');
		const admin = await sessionCookie(app, 'admin');
		const manager = await sessionCookie(app, 'manager');

		// A customer checks a car in (the answer is kept under its Idempotency-Key), with a concern and a special order.
		const created = await call(url, 'POST', '/api/v1/repair-orders', advisor, { vehicle: { plate: '粤B·E9Z999', model: '比亚迪 汉' }, customer: { name: NAME, phone: PHONE }, concerns: `${NAME}说刹车异响`, operations: [{ nameZh: '保养', nameEn: 'Service', minutes1: 45, minutes2: 30 }] }, { 'idempotency-key': 'erase-test-1' });
		expect(created.status).toBe(201);
		const orderId = (created.body as { id: number }).id;
		const order = await db.selectFrom('repair_orders').select(['customer_id', 'vehicle_id', 'version', 'checked_in_at']).where('id', '=', orderId).executeTakeFirstOrThrow();
		const customerId = order.customer_id;
		await db
			.insertInto('special_orders')
			.values({ store_id: 1, number: 'ER-1', step: 'arrived', customer_id: customerId, customer_name: NAME, customer_phone: PHONE, plate: '粤B·E9Z999', model: '比亚迪 汉', advisor_name: '李娜', note: `${NAME}要求原厂件`, step_since: Date.now(), created_at: Date.now() })
			.execute();
		// A copy the way events were once written (the whole desk view in the payload): it must go too.
		await db
			.insertInto('events')
			.values({ store_id: 1, at: Date.now(), actor_kind: 'user', actor_id: '1', actor_name: '李娜', type: 'repairOrder.legacy', subject_kind: 'repairOrder', subject_id: orderId, payload: JSON.stringify({ data: {}, entities: [{ kind: 'repairOrder', id: orderId, value: { customerName: NAME, customerPhone: PHONE, plate: '粤B·E9Z999' } }] }) })
			.execute();
		const care = await call(url, 'POST', '/api/v1/care/calls', manager, { customerId, reason: 'other', outcome: 'reached', note: `${NAME}下周来` });
		expect(care.status).toBe(201);
		// Staff wrote the name and phone in passing: on a special order's step and an add-on's finding.
		const special = await db.selectFrom('special_orders').select('id').where('number', '=', 'ER-1').executeTakeFirstOrThrow();
		await db.insertInto('special_order_steps').values({ order_id: special.id, step: 'arrived', at: Date.now(), actor_name: '周敏', note: `已通知${NAME} ${PHONE}` }).execute();
		await db.insertInto('addons').values({ repair_order_id: orderId, finding: `${NAME}要求检查空调`, safety: 0, raised_by: '王师傅', raised_at: Date.now() }).execute();
		await db
			.insertInto('events')
			.values({ store_id: 1, at: Date.now(), actor_kind: 'user', actor_id: '3', actor_name: '王师傅', type: 'addon.raised', subject_kind: 'repairOrder', subject_id: orderId, payload: JSON.stringify({ data: { addonId: 0, finding: `${NAME}要求检查空调`, safety: false }, entities: [] }) })
			.execute();

		// The admin finds them by part of the phone or the plate (written with or without its dot).
		const byPhone = await call(url, 'GET', '/api/v1/customers?q=87654', admin);
		expect(byPhone.body.items).toEqual([expect.objectContaining({ id: customerId, name: NAME, phone: PHONE, plates: ['粤B·E9Z999'], orders: 1, openOrders: [expect.any(String)] })]);
		expect(((await call(url, 'GET', `/api/v1/customers?q=${encodeURIComponent('粤BE9Z')}`, admin)).body.items as { id: number }[]).map((c) => c.id)).toEqual([customerId]);
		expect((await call(url, 'GET', '/api/v1/customers?q=8', admin)).body).toMatchObject({ field: 'q' });
		expect((await call(url, 'GET', '/api/v1/customers?q=87654', await sessionCookie(app, 'technician'))).status).toBe(403);

		// Refused while the car is in the workshop; with the wrong confirmation; by anyone but the admin. Nothing written.
		const inWorkshop = await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, admin, { confirm: NAME, request: '客户电话要求 2026-12-01' });
		expect(inWorkshop).toMatchObject({ status: 409, body: { error: 'car_in_workshop', field: 'customerId' } });
		const cancel = await call(url, 'POST', `/api/v1/repair-orders/${orderId}/transitions`, advisor, { action: 'cancel', reason: '客户取消', expectedVersion: order.version });
		expect(cancel.status).toBe(200);
		expect((await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, admin, { confirm: '别人', request: 'x' })).body).toMatchObject({ error: 'invalid_input', field: 'confirm' });
		expect((await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, manager, { confirm: NAME, request: 'x' })).status).toBe(403);
		expect((await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirstOrThrow()).name).toBe(NAME);
		expect(await db.selectFrom('events').select('seq').where('type', '=', 'customer.erased').execute()).toEqual([]);

		// Never under an Idempotency-Key (the kept fingerprint would be a hash of a body holding the name).
		expect((await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, admin, { confirm: NAME, request: 'x' }, { 'idempotency-key': 'erase-1' })).body).toMatchObject({ field: 'Idempotency-Key' });
		// The request as written names the customer: it is recorded without the name or phone.
		const erased = await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, admin, { confirm: NAME, request: `${NAME}本人 ${PHONE} 来电要求 2026-12-01` });
		expect(erased.status).toBe(200);
		expect(erased.body.request).toBe(`${erasedName(customerId)}本人 ${erasedName(customerId)} 来电要求 2026-12-01`);
		// Rewritten: the old-style copy, the finding naming them, and the check-in's and the special order's plate.
		expect(erased.body).toMatchObject({ customerId, orders: 1, specialOrders: 1, answersRewritten: 1 });
		expect(erased.body.eventsRewritten).toBeGreaterThanOrEqual(3);

		// The record of it: who, when, which customer.
		const record = await db.selectFrom('events').select(['actor_kind', 'actor_name', 'subject_kind', 'subject_id', 'at', 'payload']).where('type', '=', 'customer.erased').executeTakeFirstOrThrow();
		expect(record).toMatchObject({ actor_kind: 'user', subject_kind: 'customer', subject_id: customerId });
		expect(record.actor_name).toBe((await db.selectFrom('users').select('name').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow()).name);
		// What the figures need stays: the order, its times.
		const after = await db.selectFrom('repair_orders').select(['stage', 'checked_in_at', 'concerns']).where('id', '=', orderId).executeTakeFirstOrThrow();
		expect(after).toEqual({ stage: 'cancelled', checked_in_at: order.checked_in_at, concerns: '' });
		expect((await db.selectFrom('customers').select(['name', 'phone']).where('id', '=', customerId).executeTakeFirstOrThrow())).toEqual({ name: erasedName(customerId), phone: '' });
		// Events stay append-only for everyone else.
		await expect(sql`update events set payload = '{}' where type = 'customer.erased'`.execute(db)).rejects.toThrow(/append-only/);
		await expect(sql`delete from events where type = 'repairOrder.legacy'`.execute(db)).rejects.toThrow(/append-only/);
		// Asked for again: already done.
		expect((await call(url, 'POST', `/api/v1/customers/${customerId}/erase`, admin, { confirm: erasedName(customerId), request: 'again' })).body.error).toBe('already_erased');

		expect((await call(url, 'GET', '/api/v1/customers?q=87654', admin)).body.items).toEqual([]);
		// On no care list either.
		expect(((await call(url, 'GET', '/api/v1/care', manager)).body.items as { customerId: number }[]).some((r) => r.customerId === customerId)).toBe(false);

		// A byte search of the file and its log, after the checkpoint the erasure ran.
		await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
		const file = join(dir, 'pitwall.db');
		for (const f of [file, `${file}-wal`]) {
			expect(fileHas(f, NAME), `${f} holds the name`).toBe(false);
			expect(fileHas(f, PHONE), `${f} holds the phone`).toBe(false);
		}
		// The plate goes too (it names its owner as well as the phone does): the car is "已删除车辆 #id" now.
		for (const f of [file, `${file}-wal`]) expect(fileHas(f, '粤B·E9Z999'), `${f} holds the plate`).toBe(false);
		const car = await db.selectFrom('vehicles').select(['plate', 'vin']).where('id', '=', order.vehicle_id).executeTakeFirstOrThrow();
		expect(car).toEqual({ plate: `已删除车辆 #${order.vehicle_id}`, vin: null });
		expect((await db.selectFrom('kpi_orders').select('plate').where('repair_order_id', '=', orderId).executeTakeFirstOrThrow()).plate).toBe(car.plate);
		// (The search would see them: the order's number is still there.)
		expect(fileHas(file, (created.body as { number: string }).number)).toBe(true);
	}, limit(120_000));

	it("scrubs a phone anywhere and a name only where it stands for a customer (a member of staff keeps theirs)", () => {
		const payload = { data: { technician: '王伟', note: '电话 13900001111 已打', concerns: '王伟说异响' }, entities: [{ value: { customerName: '王伟', customer: { name: '王伟', phone: '13900001111' }, advisor: '王伟' } }] };
		const { value, replaced } = scrub(payload, { name: '王伟', phone: '13900001111' }, { name: 'X', phone: '' });
		expect(value).toEqual({ data: { technician: '王伟', note: '电话  已打', concerns: 'X说异响' }, entities: [{ value: { customerName: 'X', customer: { name: 'X', phone: '' }, advisor: '王伟' } }] });
		expect(replaced).toBe(5);
	});
});
