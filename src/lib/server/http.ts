import { json, type RequestEvent } from '@sveltejs/kit';
import { CommandError } from './commands/core';

/** Reads a JSON body, or answers 400 saying what is wrong with it. */
export async function readJson(event: RequestEvent): Promise<unknown> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) {
		throw new CommandError(400, 'invalid_input', 'body: send JSON with Content-Type: application/json', 'body');
	}
	try {
		return await event.request.json();
	} catch {
		throw new CommandError(400, 'invalid_input', 'body: not valid JSON', 'body');
	}
}

/** A JSON object body (the fields of a command), or 400. */
export async function readObject(event: RequestEvent): Promise<Record<string, unknown>> {
	const body = await readJson(event);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new CommandError(400, 'invalid_input', 'body: send a JSON object', 'body');
	}
	return body as Record<string, unknown>;
}

/**
 * Browsers send Origin on cross-site POSTs; SvelteKit checks it for forms only, so JSON
 * endpoints that change state check it here. Integrations without an Origin pass through.
 */
export function checkOrigin(event: RequestEvent): void {
	const origin = event.request.headers.get('origin');
	if (origin && origin !== event.url.origin) {
		throw new CommandError(403, 'forbidden_origin', `requests from ${origin} may not change Pitwall's data`, 'Origin');
	}
}

/** Runs an endpoint body; a CommandError becomes its status with a JSON message. */
export async function api(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof CommandError) return json(error.toJSON(), { status: error.status });
		throw error;
	}
}
