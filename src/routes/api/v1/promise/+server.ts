import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { CommandError, validationError } from '$lib/server/commands/core';
import { standardMinutes } from '$lib/domain/standard-time';
import { suggestPromiseFor } from '$lib/server/workshop';

const promiseQuery = z.object({
	operations: z.string().default('').describe('catalogue codes, comma-separated'),
	extraMinutes: z.coerce.number().int().min(0).max(24 * 60).default(0).describe('free-text operations, minutes for one technician')
});

/** The suggested promised completion for a car checked in now, from its standard times and the shop's load. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		requireApiCaller(event);
		const app = await getApp();
		const q = promiseQuery.safeParse(Object.fromEntries(event.url.searchParams));
		if (!q.success) throw validationError(q.error);
		const codes = q.data.operations.split(',').map((c) => c.trim()).filter(Boolean);
		const found = codes.length
			? await app.db.selectFrom('standard_times').select(['code', 'minutes_1 as minutes1', 'minutes_2 as minutes2']).where('store_id', '=', app.storeId).where('code', 'in', codes).execute()
			: [];
		const missing = codes.find((c) => !found.some((f) => f.code === c));
		if (missing) throw new CommandError(400, 'invalid_input', `operations: no operation with code "${missing}"`, 'operations');
		const minutes = standardMinutes(found, 1) + q.data.extraMinutes;
		if (minutes === 0) throw new CommandError(400, 'invalid_input', 'operations: pick at least one operation', 'operations');
		const s = await suggestPromiseFor(app.db, app.storeId, minutes, Date.now());
		return json({ standardMinutes: minutes, queueAhead: s.queueAhead, startAt: new Date(s.startAt).toISOString(), promisedAt: new Date(s.readyAt).toISOString() });
	});
