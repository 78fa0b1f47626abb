import type { Route } from '$lib/server/core/router';
import { errors, idempotencyHeader, jsonAnswer, jsonBody } from '$lib/server/core/openapi';
import { callerWho, runCommand } from '$lib/server/core/endpoints';
import { storeSettings } from '$lib/server/core/stores';
import { createStore, updateStore } from './commands';

export const storeRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/store',
		doc: { summary: "The store's settings: names, time zone, opening hours, labour rate, language", responses: { 200: jsonAnswer('the store'), ...errors(401) } },
		handle: async (request) => {
			const { storeId } = await request.caller();
			return { body: await storeSettings(request.app.db, storeId) };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/store',
		doc: {
			summary: "Change the store's settings (admin, service manager)",
			parameters: [idempotencyHeader],
			requestBody: jsonBody(updateStore.schema),
			responses: { 200: jsonAnswer('the store'), ...errors(400, 401, 403, 409) }
		},
		handle: async (request) => {
			await callerWho(request, 'store.manage');
			return runCommand(request, updateStore, await request.object());
		}
	},
	{
		method: 'POST',
		path: '/api/v1/stores',
		doc: {
			summary: 'Open a new store on this deployment (group admin): it starts empty; enter it to set it up',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(createStore.schema),
			responses: { 201: jsonAnswer('the store'), ...errors(400, 401, 403, 409) }
		},
		handle: async (request) => {
			await callerWho(request, 'store.create');
			return runCommand(request, createStore, await request.object(), true);
		}
	}
];
