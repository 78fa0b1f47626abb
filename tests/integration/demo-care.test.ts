import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { sessionCookie, startServer, withDemoHistory } from './harness';
import { fromStoreLocal } from '$lib/domain/time';
import { loadDemoCare } from '../../db/seed/demo-care';
import type { AppointmentView, CareRow } from '$lib/server/features/care/views';

// Its checks read the demo's generated history (npm run test:pg loads the demo without it).
withDemoHistory();

/** The demo's customer care data (db/seed/demo-care.ts): every care list has rows, with tags, and the desk has bookings today and tomorrow. */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

function get(url: string, path: string, cookie: string): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}${path}`, { headers: { cookie, origin: url } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
		});
		req.on('error', reject);
		req.end();
	});
}

const TZ = 'Asia/Shanghai';
// Tuesday 1 December 2026, 10:00 in Guangzhou.
const NOW = fromStoreLocal('2026-12-01T10:00', TZ);

describe('demo customer care', () => {
	it('fills every care list, tags some customers and books visits today and tomorrow', async () => {
		server = await startServer({ now: () => NOW });
		const { db } = server.app;
		const store = await db.selectFrom('stores').select(['id', 'time_zone']).orderBy('id').executeTakeFirstOrThrow();
		await loadDemoCare(db, store.id, NOW, store.time_zone);
		// A second call (the demo already has it) changes nothing.
		await loadDemoCare(db, store.id, NOW, store.time_zone);
		const cookie = await sessionCookie(server.app, 'booking');
		const rows = (await get(server.url, '/api/v1/care', cookie)).items as CareRow[];
		for (const list of ['due_soon', 'overdue', 'at_risk', 'lost', 'follow_up']) expect(rows.filter((r) => r.list === list).length, list).toBeGreaterThanOrEqual(2);
		expect(rows.some((r) => r.service?.service === 'second')).toBe(true);
		// The row says whether the car's sale is known (the screen offers to set it when not).
		expect(rows.filter((r) => r.service !== null).every((r) => r.saleDay !== null)).toBe(true);
		expect(rows.some((r) => r.vehicleId !== null && r.saleDay === null)).toBe(true);
		expect(rows.filter((r) => r.list === 'at_risk' || r.list === 'lost').every((r) => r.lastVisitDay !== null || r.visit === 'lost')).toBe(true);
		expect(new Set(rows.flatMap((r) => r.tags.map((t) => t.symbol)))).toEqual(new Set(['+', '!', '#']));
		const bookings = (await get(server.url, '/api/v1/appointments', cookie)).items as AppointmentView[];
		expect(bookings.filter((b) => b.day === '2026-12-01')).toHaveLength(1);
		expect(bookings.filter((b) => b.day === '2026-12-02')).toHaveLength(2);
		expect(await db.selectFrom('customer_tags').select('id').where('store_id', '=', store.id).execute()).toHaveLength(3);
	});
});
