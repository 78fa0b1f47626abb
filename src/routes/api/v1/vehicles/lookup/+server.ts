import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { CommandError } from '$lib/server/commands/core';
import { normalizePlate } from '$lib/domain/plate';

/** Check-in: a plate fills the vehicle and its customer from history. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		requireApiCaller(event);
		const app = await getApp();
		const raw = event.url.searchParams.get('plate') ?? '';
		const plate = normalizePlate(raw);
		if (!plate) throw new CommandError(400, 'invalid_input', `plate: "${raw}" is not a Chinese licence plate (e.g. 粤B·D12345)`, 'plate');
		const v = await app.db
			.selectFrom('vehicles as v')
			.innerJoin('customers as c', 'c.id', 'v.customer_id')
			.select(['v.plate', 'v.vin', 'v.model', 'v.colour', 'c.name', 'c.phone', 'c.tags', 'v.id'])
			.where('v.store_id', '=', app.storeId)
			.where('v.plate', '=', plate)
			.executeTakeFirst();
		if (!v) throw new CommandError(404, 'not_found', `plate: ${plate} has not been here before`, 'plate', { plate });
		const visits = await app.db
			.selectFrom('repair_orders')
			.select(['number', 'checked_in_at', 'stage'])
			.where('vehicle_id', '=', v.id)
			.orderBy('checked_in_at', 'desc')
			.limit(5)
			.execute();
		return json({
			vehicle: { plate: v.plate, vin: v.vin, model: v.model, colour: v.colour },
			customer: { name: v.name, phone: v.phone, tags: v.tags },
			visits: visits.map((x) => ({ number: x.number, checkedInAt: new Date(x.checked_in_at).toISOString(), stage: x.stage }))
		});
	});
