import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { repairOrderFor } from '$lib/server/projections';
import { api } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';
import { CommandError } from '$lib/server/commands/core';
import { repairOrderView } from '$lib/server/views';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const caller = requireApiCaller(event);
		const app = await getApp();
		const id = Number(event.params.id);
		const view = Number.isInteger(id) ? await repairOrderView(app.db, id) : undefined;
		if (!view) throw new CommandError(404, 'not_found', `repair order ${event.params.id} does not exist`, 'id');
		return json(repairOrderFor(caller, view));
	});
