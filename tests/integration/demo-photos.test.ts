import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startServer } from './harness';
import { startOfStoreDay } from '$lib/domain/time';

/** The demo shop starts with photos (issue 19): today's findings and a few walk-arounds, their files stored and readable. */
type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('the demo shop’s photos', () => {
	it('has a photo for each of today’s findings and walk-arounds for cars in the shop, each file stored', async () => {
		server = await startServer();
		const { app } = server;
		const rows = await app.db.selectFrom('photos').selectAll().execute();
		const walk = rows.filter((r) => r.addon_id === null);
		expect(walk.length).toBeGreaterThanOrEqual(3);
		expect(walk.every((r) => r.spot !== null && r.caption.length > 0)).toBe(true);
		for (const key of new Set(rows.map((r) => r.file_key))) {
			const thumb = await app.photos.get(app.storeId, key, 'thumb');
			expect(thumb).not.toBeNull();
			expect((await sharp(thumb!).metadata()).width).toBe(320);
		}
		// Every add-on raised by now on today's orders shows what was found.
		const dayStart = startOfStoreDay(app.now(), app.timeZone);
		const todays = await app.db
			.selectFrom('addons as a')
			.innerJoin('repair_orders as ro', 'ro.id', 'a.repair_order_id')
			.select('a.id')
			.where('ro.checked_in_at', '>=', dayStart)
			.where('a.raised_at', '<=', app.now())
			.execute();
		for (const a of todays) expect(rows.some((r) => r.addon_id === a.id)).toBe(true);
		// None on an order from before today (the screens show today's).
		const old = await app.db.selectFrom('repair_orders').select('id').where('checked_in_at', '<', dayStart).where('id', 'in', rows.filter((r) => r.addon_id !== null).map((r) => r.repair_order_id)).execute();
		expect(old).toEqual([]);
	});
});
