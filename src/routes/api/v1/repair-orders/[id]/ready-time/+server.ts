import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { repairOrderFor } from '$lib/server/projections';
import { api, checkOrigin, readObject } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { execute } from '$lib/server/commands/core';
import { announceReadyTime } from '$lib/server/commands/repair-orders';

/** The advisor confirms a later ready time after calling the customer; public screens show it. */
export const POST: RequestHandler = (event) =>
	api(async () => {
		checkOrigin(event);
		const actor = requireApiCaller(event);
		const app = await getApp();
		const body = await readObject(event);
		const { result, seq, replayed } = await execute(app.commands, announceReadyTime, { ...body, id: Number(event.params.id) }, { actor, idempotencyKey: event.request.headers.get('idempotency-key') });
		return json({ ...repairOrderFor(actor, result), seq, replayed });
	});
