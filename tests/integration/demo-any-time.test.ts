import { describe, expect, it } from 'vitest';
import '$lib/server/app';
import { createDb } from '$lib/server/db/database';
import { migrateToLatest } from '$lib/server/db/migrate';
import { loadDemoShop } from '../../db/seed/demo';

/**
 * The demo loads whatever the time of day (every test server and `npm start` load it): a squeezed
 * afternoon's plan once left fractional milliseconds in its times and a check-in's promise was
 * refused, at some minutes only. Twelve afternoon and evening clocks with odd milliseconds.
 */
describe('the demo shop at any time of day', () => {
	const clocks = ['09:47:13.377', '12:05:59.911', '13:12:07.123', '14:31:24.010', '14:58:41.801', '15:44:02.499', '16:20:37.250', '17:03:19.999', '17:41:55.555', '18:16:08.080', '19:29:31.313', '21:52:44.444'];
	for (const clock of clocks) {
		it(`loads at ${clock} Shanghai, every instant a whole millisecond`, async () => {
			const { db, sqlite } = createDb(':memory:');
			try {
				await migrateToLatest(db);
				const now = Date.parse(`2026-12-01T${clock}+08:00`);
				await loadDemoShop(db, { now, historyDays: 0 });
				const events = await db.selectFrom('events').select(['at']).execute();
				expect(events.length).toBeGreaterThan(100);
				expect(events.filter((e) => !Number.isInteger(e.at))).toEqual([]);
				const promised = await db.selectFrom('repair_orders').select('promised_at').where('promised_at', 'is not', null).execute();
				expect(promised.every((r) => Number.isInteger(r.promised_at))).toBe(true);
			} finally {
				await db.destroy();
				if (sqlite.open) sqlite.close();
			}
		});
	}
});
