import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { repairOrderFor } from '$lib/server/projections';
import { api, checkOrigin, readObject } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { CommandError, execute } from '$lib/server/commands/core';
import { transitionRepairOrder } from '$lib/server/commands/repair-orders';

export const POST: RequestHandler = (event) =>
	api(async () => {
		checkOrigin(event);
		const actor = requireApiCaller(event);
		const app = await getApp();
		const id = Number(event.params.id);
		if (!Number.isInteger(id) || id < 1) throw new CommandError(404, 'not_found', `repair order ${event.params.id} does not exist`, 'id');
		const body = await readObject(event);
		const { result, seq, replayed } = await execute(app.commands, transitionRepairOrder, { ...body, id }, {
			actor,
			idempotencyKey: event.request.headers.get('idempotency-key')
		});
		return json({ ...repairOrderFor(actor, result), seq, replayed });
	});
