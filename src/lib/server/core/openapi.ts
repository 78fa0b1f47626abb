import { z } from 'zod';
import type { Route } from './router';

/**
 * The OpenAPI 3.1 document, from every module's routes (each carries its `doc`) and the very
 * zod schemas that validate the requests, so the document cannot drift from what the server
 * accepts. Helpers below keep the modules' docs short.
 */

export function jsonSchema(s: z.ZodType) {
	return z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
}

const errorSchema = {
	type: 'object',
	required: ['error', 'message'],
	properties: {
		error: { type: 'string', description: 'machine-readable code, e.g. invalid_input, version_conflict, transition_refused' },
		message: { type: 'string', description: 'what is wrong, for a person' },
		field: { type: 'string', description: 'the field at fault' },
		allowedActions: { type: 'array', items: { type: 'string' } },
		currentVersion: { type: 'integer' },
		changedBy: { type: 'string' }
	}
};

const errorText: Record<number, string> = {
	400: 'bad input (names the field)',
	401: 'no token or session',
	403: 'not allowed for this caller',
	404: 'not found',
	409: 'stage does not allow it, or stale expectedVersion',
	413: 'body over 256 KB (a photo: over 20 MB, or over 50 megapixels)',
	415: 'not an image: a photo is checked by its content, not its name',
	422: 'Idempotency-Key already used for another request',
	429: 'too many bad links from this address',
	503: 'busy: send again shortly (Retry-After)'
};

/** The refusals a route can answer, each with the Error schema. */
export const errors = (...codes: number[]) =>
	Object.fromEntries(codes.map((c) => [String(c), { description: errorText[c], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

export const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
export const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	schema: { type: 'string', maxLength: 200 },
	description:
		'Your own key for this request (IETF Idempotency-Key draft). A retry with the same key and the same body returns the first answer and changes nothing; the same key with another body or on another endpoint answers 422; a retry while the first is still running answers 409. Keys are per caller and kept 24 hours.'
};
/** Query parameters from the zod object that validates them. */
export function queryParams(schema: z.ZodObject) {
	const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: jsonSchema(schema) } } });
/** A body described by one of the document's named schemas (a module's `schemas`). */
export const namedBody = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
export const jsonAnswer = (description: string, schema: unknown = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });

/** `/api/v1/repair-orders/:id` → `/repair-orders/{id}` */
export function openApiPath(path: string): string {
	return path.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}');
}

export function openApiDocument(serverUrl: string, routes: readonly Route[], schemas: Record<string, unknown>) {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = route.doc;
	return {
		openapi: '3.1.0',
		info: {
			title: 'Pitwall API',
			version: '1',
			description: 'The shop floor for the dealer management system. Authenticate with an API token: `Authorization: Bearer pw_…`.'
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		security: [{ bearer: [] }],
		paths,
		components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Error: errorSchema, ...schemas } }
	};
}
