import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { bayViews } from '$lib/server/views';
import { bayHoldingStages } from '$lib/domain/repair-order';

/** The bays, whether each is in service, and which order holds it now. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		requireApiCaller(event);
		const app = await getApp();
		const holders = await app.db
			.selectFrom('repair_orders')
			.select(['id', 'number', 'bay_id'])
			.where('store_id', '=', app.storeId)
			.where('bay_id', 'is not', null)
			.where('stage', 'in', [...bayHoldingStages])
			.execute();
		const byBay = new Map(holders.map((h) => [h.bay_id, h]));
		const bays = await bayViews(app.db, app.storeId);
		return json({
			items: bays.map((b) => ({ ...b, heldBy: byBay.has(b.id) ? { id: byBay.get(b.id)!.id, number: byBay.get(b.id)!.number } : null }))
		});
	});
