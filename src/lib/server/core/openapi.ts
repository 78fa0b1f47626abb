import { z } from 'zod';
import { announceReadyTimeBody, createRepairOrderInput, decideAddonBody, partsRequestBody, raiseAddonBody, transitionInput } from '$lib/server/features/repair-orders/commands';
import { stages } from '$lib/domain/repair-order';

/**
 * The OpenAPI 3.1 document, built from the very zod schemas that validate the requests, so the
 * document cannot drift from what the server accepts.
 */
function schema(s: z.ZodType) {
	return z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
}

const error = {
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

const errors = (...codes: number[]) =>
	Object.fromEntries(
		codes.map((c) => [
			String(c),
			{
				description: { 400: 'bad input (names the field)', 401: 'no token or session', 403: 'not allowed for this caller', 404: 'unknown repair order', 409: 'stage does not allow it, or stale expectedVersion', 413: 'body over 256 KB', 422: 'Idempotency-Key reused for another command' }[c],
				content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
			}
		])
	);

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const idempotency = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'a retried request with the same key returns the first result and changes nothing' };
const order = { description: 'the repair order as it now stands, with the event seq', content: { 'application/json': { schema: { $ref: '#/components/schemas/RepairOrder' } } } };
const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });

export function openApiDocument(serverUrl: string) {
	return {
		openapi: '3.1.0',
		info: { title: 'Pitwall API', version: '1', description: 'Repair orders for the dealer management system. Authenticate with an API token: `Authorization: Bearer pw_…`.' },
		servers: [{ url: `${serverUrl}/api/v1` }],
		security: [{ bearer: [] }],
		paths: {
			'/repair-orders': {
				get: {
					summary: 'List repair orders, newest first',
					parameters: [
						{ name: 'stage', in: 'query', schema: { type: 'string', enum: [...stages] } },
						{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
						{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }
					],
					responses: { 200: { description: 'orders', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/RepairOrder' } } } } } } }, ...errors(400, 401) }
				},
				post: {
					summary: 'Check a car in: create a repair order',
					parameters: [idempotency],
					requestBody: body('CreateRepairOrder'),
					responses: { 201: order, 200: order, ...errors(400, 401, 403, 409, 413, 422) }
				}
			},
			'/repair-orders/{id}': {
				get: { summary: 'One repair order', parameters: [idParam], responses: { 200: order, ...errors(401, 404) } }
			},
			'/repair-orders/{id}/transitions': {
				post: {
					summary: 'Move a repair order along its life (dispatch, start, pause, finish, QC, deliver…)',
					parameters: [idParam, idempotency],
					requestBody: body('Transition'),
					responses: { 200: order, ...errors(400, 401, 403, 404, 409, 413, 422) }
				}
			},
			'/repair-orders/{id}/addons': {
				post: { summary: 'Raise an add-on (增项): a finding and the operations it needs', parameters: [idParam, idempotency], requestBody: body('RaiseAddon'), responses: { 201: order, ...errors(400, 401, 403, 404, 409, 413) } }
			},
			'/repair-orders/{id}/addons/{addonId}/decision': {
				post: {
					summary: "Record the customer's yes or no to an add-on",
					parameters: [idParam, { name: 'addonId', in: 'path', required: true, schema: { type: 'integer' } }, idempotency],
					requestBody: body('DecideAddon'),
					responses: { 200: order, ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/repair-orders/{id}/ready-time': {
				post: {
					summary: 'Confirm a later ready time to the customer (the lounge and the customer link show it instead of the promise)',
					parameters: [idParam, idempotency],
					requestBody: body('AnnounceReadyTime'),
					responses: { 200: order, ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/repair-orders/{id}/parts-requests': {
				post: { summary: 'Request parts for the job (appears in the parts room)', parameters: [idParam, idempotency], requestBody: body('PartsRequest'), responses: { 201: order, ...errors(400, 401, 403, 404, 409, 413) } }
			}
		},
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
			schemas: {
				CreateRepairOrder: schema(createRepairOrderInput),
				Transition: schema(transitionInput),
				RaiseAddon: schema(raiseAddonBody),
				DecideAddon: schema(decideAddonBody),
				PartsRequest: schema(partsRequestBody),
				AnnounceReadyTime: schema(announceReadyTimeBody),
				Error: error,
				RepairOrder: {
					type: 'object',
					required: ['id', 'number', 'stage', 'version', 'plate', 'operations'],
					properties: {
						id: { type: 'integer' },
						number: { type: 'string', examples: ['RO20261127-001'] },
						stage: { type: 'string', enum: [...stages] },
						version: { type: 'integer', description: 'send as expectedVersion with the next transition' },
						plate: { type: 'string', examples: ['粤B·D12345'] },
						seq: { type: 'integer', description: 'the event this change was recorded as' }
					},
					additionalProperties: true
				}
			}
		}
	};
}
