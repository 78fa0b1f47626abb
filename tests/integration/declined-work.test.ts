import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, sessionCookie, startServer } from './harness';
import type { VehicleLookup } from '$lib/api/types';

/**
 * Work the customer declined comes back at the car's next check-in (GET /api/v1/vehicles/lookup,
 * which the desk's plate field reads): safety first, with the finding's photos, and nothing approved.
 */
let server: Awaited<ReturnType<typeof startServer>> | null = null;
afterEach(async () => {
	await server?.close();
	server = null;
});

const PAD = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', 'brake-pad.jpg'));

describe('declined work at the next check-in', () => {
	it('lists what the customer said no to on this car, safety first, with its photos; not what they approved', async () => {
		server = await startServer();
		const { url, app } = server;
		const advisor = await sessionCookie(app, 'service_advisor');
		const job = await app.db
			.selectFrom('repair_orders as ro')
			.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
			.select(['ro.id', 'ro.version', 'ro.number', 'v.plate'])
			.where('ro.stage', '=', 'in_progress')
			.orderBy('ro.id')
			.executeTakeFirstOrThrow();
		let version = job.version;
		const raise = async (finding: string, safety: boolean) => {
			const r = await call<{ version: number; addons: { id: number; finding: string }[] }>(url, 'POST', `/api/v1/repair-orders/${job.id}/addons`, advisor, {
				expectedVersion: version,
				finding,
				safety,
				operations: [{ nameZh: finding, nameEn: finding, minutes1: 30, minutes2: 20 }]
			});
			expect(r.status).toBe(201);
			version = r.body.version;
			return r.body.addons.find((a) => a.finding === finding)!.id;
		};
		const decide = async (addonId: number, approved: boolean) => {
			const r = await call<{ version: number }>(url, 'POST', `/api/v1/repair-orders/${job.id}/addons/${addonId}/decision`, advisor, { expectedVersion: version, approved });
			expect(r.status).toBe(200);
			version = r.body.version;
		};
		const wipers = await raise('雨刮片老化', false);
		const pads = await raise('前刹车片 2 mm', true);
		const filter = await raise('空调滤芯脏', false);
		const photo = await fetch(`${url}/api/v1/repair-orders/${job.id}/photos?addonId=${pads}&caption=${encodeURIComponent('左前刹车片')}`, {
			method: 'POST',
			headers: { cookie: advisor, 'content-type': 'image/jpeg' },
			body: new Uint8Array(PAD)
		});
		expect(photo.status).toBe(201);
		version = (await app.db.selectFrom('repair_orders').select('version').where('id', '=', job.id).executeTakeFirstOrThrow()).version;
		await decide(wipers, false);
		await decide(pads, false);
		await decide(filter, true);

		const found = await call<VehicleLookup>(url, 'GET', `/api/v1/vehicles/lookup?plate=${encodeURIComponent(job.plate)}`, advisor);
		expect(found.status).toBe(200);
		const ours = found.body.declined.filter((d) => d.number === job.number);
		expect(ours.map((d) => [d.finding, d.safety])).toEqual([
			['前刹车片 2 mm', true],
			['雨刮片老化', false]
		]);
		expect(ours[0].photos).toEqual([{ id: expect.any(Number), caption: '左前刹车片', width: expect.any(Number), height: expect.any(Number) }]);
		expect(ours[1].photos).toEqual([]);
		expect(Date.parse(ours[0].declinedAt!)).toBeGreaterThan(Date.now() - 60_000);
		// Safety items come first across every visit of the car.
		const safety = found.body.declined.map((d) => d.safety);
		expect(safety).toEqual([...safety].sort((a, b) => Number(b) - Number(a)));
	});
});
