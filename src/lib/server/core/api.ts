import type { Route } from './router';
import { openApiDocument } from './openapi';
import { modules } from '$lib/server/modules';

/** Every module's routes, and the OpenAPI document that describes them all. */
export const apiRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/openapi.json',
		doc: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
		handle: async (request) => ({ body: openApiDocument(request.url.origin, apiRoutes, Object.assign({}, ...modules.map((m) => m.schemas ?? {}))) })
	},
	...modules.flatMap((m) => m.routes)
];
