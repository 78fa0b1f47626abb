import { databaseUnavailable } from '$lib/server/db/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '$lib/server/app';
import type { Principal } from '$lib/server/features/access/principal';
import { clientAddress, type Settings } from '$lib/server/settings';
import { principalOf } from '$lib/server/features/access/who';
import { CommandError } from '$lib/server/core/commands';

/**
 * The JSON API's own HTTP layer, on plain Node requests.
 *
 * The API is what the dealer's management system and the staff screens' buttons call, and a
 * command's answer and its broadcast to every wall screen wait on it. Served through
 * SvelteKit, each call paid for turning the Node request into a Fetch `Request` and the
 * `Response` back into a Node response, about a millisecond of a ~3 ms command on this
 * machine (measured with `npm run bench:live`). Pages stay with SvelteKit; the one server
 * hands every `/api/` request here first (`src/serve.js`, and `vite.config.ts` in dev).
 *
 * Each endpoint is a plain async function of an `ApiRequest` (endpoints.ts); this module
 * does routing, who is asking, the JSON body, the origin check, and the answer.
 */

export const API_PREFIX = '/api/';
/** Larger bodies are refused with 413 (a command is a few hundred bytes). */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface ApiRequest {
	app: App;
	method: string;
	url: URL;
	/** The path's named parts, e.g. `id` in /repair-orders/:id. */
	params: Record<string, string>;
	header(name: string): string | undefined;
	/** The caller's network address (ADDRESS_HEADER's behind a proxy, else the connection's, as SvelteKit's getClientAddress): the PIN and bad-link counters use it. */
	address(): string;
	/** A token or a signed-in person, with their store; wall screens and strangers get 401. */
	caller(): Promise<Caller>;
	/** A state change: refuses a browser's cross-site request (403), then the same as caller(). */
	changer(): Promise<Caller>;
	/** The body as a JSON object (a command's fields), or 400 saying what is wrong with it. */
	object(): Promise<Record<string, unknown>>;
	/** The body as any JSON value, or 400. */
	json(): Promise<unknown>;
	/** The body's bytes as sent (a CSV file), within the same size limit, or `limit` bytes (a large import). */
	raw(limit?: number): Promise<Buffer>;
}

/** An answer that is not JSON: a CSV download, or an image shown in the page (`inline`, with its own caching). */
export class FileAnswer {
	constructor(
		readonly contentType: string,
		readonly filename: string,
		readonly body: Buffer | string,
		readonly options: { inline?: boolean; cacheControl?: string; headers?: Record<string, string> } = {}
	) {}
}

/** Who may call the API: a person or an integration (never a wall screen or Pitwall itself). */
export type Caller = Extract<Principal, { kind: 'user' | 'token' | 'customer' }>;

export interface ApiAnswer {
	status?: number;
	body: unknown;
}

export type Endpoint = (request: ApiRequest) => Promise<ApiAnswer>;

/** A route's entry in the OpenAPI document (src/lib/server/core/openapi.ts): every route has one. */
export interface RouteDoc {
	summary: string;
	parameters?: unknown[];
	requestBody?: unknown;
	responses: Record<string, unknown>;
}

export interface Route {
	method: 'GET' | 'POST';
	/** e.g. `/api/v1/repair-orders/:id/transitions` */
	path: string;
	handle: Endpoint;
	doc: RouteDoc;
}

interface CompiledRoute extends Route {
	pattern: RegExp;
	names: string[];
}

function compile(route: Route): CompiledRoute {
	const names: string[] = [];
	const source = route.path
		.split('/')
		.map((part) => {
			if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(part.slice(1));
			return '([^/]+)';
		})
		.join('/');
	return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

/** Where the request was sent, as the browser sees it (the settings' origin rules, as adapter-node's). */
export function requestOrigin(req: IncomingMessage, settings: Pick<Settings, 'origin' | 'protocolHeader' | 'hostHeader'>): string {
	if (settings.origin) return settings.origin;
	const header = (name: string | null) => {
		const value = name ? req.headers[name] : undefined;
		return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim() || undefined;
	};
	const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
	const protocol = header(settings.protocolHeader) ?? (encrypted ? 'https' : 'http');
	const host = header(settings.hostHeader) ?? header('host') ?? 'localhost';
	return `${protocol}://${host}`;
}

function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		const tooLarge = () => new CommandError(413, 'body_too_large', `body: at most ${limit / 1024} KB`, 'body');
		// Past the limit nothing more is read: the answer says so and the connection closes.
		if (declared > limit) {
			reject(tooLarge());
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) return void chunks.push(chunk);
			chunks.length = 0;
			req.off('data', onData);
			req.pause();
			reject(tooLarge());
		};
		req.on('data', onData);
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(text)),
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		...headers
	});
	res.end(text);
}

/**
 * A request listener for the API: answers every request under /api/ (true), and leaves
 * anything else to the caller (false). `app` opens the running app (or a test's).
 */
export function apiHandler(routes: readonly Route[], app: App): (req: IncomingMessage, res: ServerResponse) => boolean {
	const compiled = routes.map(compile);
	return (req, res) => {
		const path = (req.url ?? '/').split('?', 1)[0];
		if (!path.startsWith(API_PREFIX)) return false;
		void answer(compiled, app, req, res, path).catch((error) => {
			if (databaseUnavailable(error)) {
				console.error(`API request failed: the database is unavailable (${(error as Error).message})`, req.method, path);
				if (!res.headersSent) send(res, 503, { error: 'database_unavailable', message: 'The database is not answering; nothing was changed. Retry shortly with the same Idempotency-Key' }, { 'retry-after': '2' });
				else res.destroy();
				return;
			}
			console.error('API request failed', req.method, path, error);
			if (!res.headersSent) send(res, 500, { error: 'server_error', message: 'Something went wrong on the server; nothing was changed unless the answer said so' });
			else res.destroy();
		});
		return true;
	};
}

async function answer(routes: CompiledRoute[], app: App, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
	const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
	let match: RegExpExecArray | null = null;
	let route: CompiledRoute | undefined;
	const allowed: string[] = [];
	for (const r of routes) {
		const m = r.pattern.exec(path);
		if (!m) continue;
		allowed.push(r.method);
		if (r.method === method) {
			route = r;
			match = m;
			break;
		}
	}
	if (!route || !match) {
		if (allowed.length) {
			req.resume();
			send(res, 405, { error: 'method_not_allowed', message: `${req.method} ${path}: use ${allowed.join(' or ')}` }, { allow: allowed.join(', ') });
		} else {
			req.resume();
			send(res, 404, { error: 'not_found', message: `no API endpoint at ${path} (see /api/v1/openapi.json)` });
		}
		return;
	}
	const origin = requestOrigin(req, app.settings);
	const url = new URL(req.url ?? '/', origin);
	const params: Record<string, string> = {};
	route.names.forEach((name, i) => {
		try {
			params[name] = decodeURIComponent(match[i + 1]);
		} catch {
			params[name] = match[i + 1];
		}
	});
	let principal: Promise<Principal | null> | undefined;
	const who = () => (principal ??= principalOf(app, { cookie: req.headers.cookie, authorization: req.headers.authorization }));
	const caller = async (): Promise<Caller> => {
		const p = await who();
		if (!p || p.kind === 'display' || p.kind === 'system') {
			throw new CommandError(401, 'unauthorized', 'Send an API token (Authorization: Bearer …) or sign in', 'Authorization');
		}
		return p;
	};
	let body: Promise<unknown> | undefined;
	const json = () =>
		(body ??= (async () => {
			const type = req.headers['content-type'] ?? '';
			if (!type.includes('application/json')) {
				req.resume();
				throw new CommandError(400, 'invalid_input', 'body: send JSON with Content-Type: application/json', 'body');
			}
			const raw = await readBody(req);
			try {
				return JSON.parse(raw.toString('utf8')) as unknown;
			} catch {
				throw new CommandError(400, 'invalid_input', 'body: not valid JSON', 'body');
			}
		})());
	const request: ApiRequest = {
		app,
		method,
		url,
		params,
		header: (name) => {
			const value = req.headers[name.toLowerCase()];
			return Array.isArray(value) ? value[0] : value;
		},
		address: () => clientAddress(req.headers, req.socket?.remoteAddress, app.settings),
		caller,
		changer: async () => {
			// Browsers send Origin on cross-site requests; integrations without one pass through.
			const from = req.headers.origin;
			if (from && from !== url.origin) {
				throw new CommandError(403, 'forbidden_origin', `requests from ${from} may not change Pitwall's data`, 'Origin');
			}
			return caller();
		},
		json,
		raw: (limit) => readBody(req, limit),
		object: async () => {
			const value = await json();
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				throw new CommandError(400, 'invalid_input', 'body: send a JSON object', 'body');
			}
			return value as Record<string, unknown>;
		}
	};
	try {
		const { status = 200, body: out } = await route.handle(request);
		if (out instanceof FileAnswer) {
			res.writeHead(status, {
				'content-type': out.contentType,
				'content-disposition': `${out.options.inline ? 'inline' : 'attachment'}; filename="${out.filename}"`,
				'content-length': String(Buffer.byteLength(out.body)),
				'cache-control': out.options.cacheControl ?? 'no-store',
				'x-content-type-options': 'nosniff',
				...out.options.headers
			});
			res.end(out.body);
			return;
		}
		send(res, status, out);
	} catch (error) {
		if (!(error instanceof CommandError)) throw error;
		if (error.status === 413) {
			// An oversized body is not read to its end: answer, then close the connection.
			res.once('finish', () => req.destroy());
			send(res, 413, error.toJSON(), { connection: 'close' });
			return;
		}
		// A refused request leaves its unread body behind (a few KB at most); the connection stays usable.
		if (!req.readableEnded) req.resume();
		const retryAfter = error.details.retryAfterSeconds;
		send(res, error.status, error.toJSON(), typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {});
	}
}
