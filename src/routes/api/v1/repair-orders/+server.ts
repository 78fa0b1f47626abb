import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getApp } from '$lib/server/app';
import { repairOrderFor } from '$lib/server/projections';
import { api, checkOrigin, readJson } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { execute, validationError } from '$lib/server/commands/core';
import { createRepairOrder } from '$lib/server/commands/repair-orders';
import { listRepairOrderViews } from '$lib/server/views';
import { stages } from '$lib/domain/repair-order';

const listQuery = z.object({
	stage: z.enum(stages).optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
	offset: z.coerce.number().int().min(0).default(0)
});

export const GET: RequestHandler = (event) =>
	api(async () => {
		const caller = requireApiCaller(event);
		const app = await getApp();
		const query = listQuery.safeParse(Object.fromEntries(event.url.searchParams));
		if (!query.success) throw validationError(query.error);
		const items = await listRepairOrderViews(app.db, app.storeId, query.data);
		return json({ items: items.map((ro) => repairOrderFor(caller, ro)) });
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		checkOrigin(event);
		const actor = requireApiCaller(event);
		const app = await getApp();
		const body = await readJson(event);
		const { result, seq, replayed } = await execute(app.commands, createRepairOrder, body, {
			actor,
			idempotencyKey: event.request.headers.get('idempotency-key')
		});
		return json({ ...repairOrderFor(actor, result), seq, replayed }, { status: replayed ? 200 : 201 });
	});
