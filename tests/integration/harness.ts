import { afterAll, beforeAll } from 'vitest';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratedThrowaway } from '$lib/server/db/database';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/live/protocol';
import { keepConnecting } from '$lib/live/refused';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { SESSION_COOKIE } from '$lib/server/features/access/service';
import type { Role } from '$lib/domain/permissions';
import { CommandError } from '$lib/server/core/commands';
import { composeServer, type Composed, type Pages } from '$lib/server/core/http';

/** Signs a demo person of `role` in on a desk, as the sign-in page would; returns the cookie. */
export async function sessionCookie(app: App, role: Role): Promise<string> {
	const user = await app.db.selectFrom('users').select('id').where('role', '=', role).orderBy('id').executeTakeFirstOrThrow();
	const token = randomToken(32);
	const now = Date.now();
	await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: user.id, device_kind: 'desk', created_at: now, last_seen_at: now, ended_at: null }).execute();
	return `${SESSION_COOKIE}=${token}`;
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One JSON API call with a session cookie (or none), as a browser on that session would make it: no
 * Origin unless `origin` (a same-site page's request), never a cross-site one.
 */
export function call<B = Record<string, unknown>>(url: string, method: string, path: string, cookie: string | null, body?: unknown, options: { origin?: boolean } = {}): Promise<{ status: number; body: B }> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = {};
		if (cookie) headers.cookie = cookie;
		if (options.origin) headers.origin = url;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
		});
		req.on('error', reject);
		req.end(body === undefined ? undefined : JSON.stringify(body));
	});
}

/**
 * For a test file whose checks need the demo's 90 days of generated history (the manager's figures,
 * the care lists): `npm run test:pg` loads the demo without it (PITWALL_HISTORY_DAYS=0; a demo shop
 * takes three times as long to load on PostgreSQL, most of it the history), and this puts it back
 * for the file's tests. SQLite runs load it always.
 */
export function withDemoHistory(days = 90): void {
	let before: string | undefined;
	beforeAll(() => {
		before = process.env.PITWALL_HISTORY_DAYS;
		process.env.PITWALL_HISTORY_DAYS = String(days);
	});
	afterAll(() => {
		if (before === undefined) delete process.env.PITWALL_HISTORY_DAYS;
		else process.env.PITWALL_HISTORY_DAYS = before;
	});
}

/** The engine the integration tests run on: PostgreSQL when PITWALL_TEST_DATABASE_URL names a server (npm run test:pg), else SQLite. */
export const testEngine: 'sqlite' | 'postgres' = process.env.PITWALL_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A test's own time limit, three times as long on PostgreSQL (where a demo shop takes that much longer to load). */
export const limit = (ms: number): number => (testEngine === 'postgres' ? ms * 3 : ms);

/**
 * One database for several test servers: a SQLite file in a new folder, or a new PostgreSQL
 * database. Pass its `dataDir` and `databaseUrl` to each server; `drop()` removes it.
 */
export async function sharedDatabase(): Promise<{ dataDir: string; databaseUrl: string | null; drop(): Promise<void> }> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-shared-'));
	const removeDir = async () => rmSync(dataDir, { recursive: true, force: true });
	const server = process.env.PITWALL_TEST_DATABASE_URL;
	if (!server) return { dataDir, databaseUrl: null, drop: removeDir };
	const database = await migratedThrowaway(server);
	return {
		dataDir,
		databaseUrl: database.url,
		async drop() {
			await database.drop();
			await removeDir();
		}
	};
}

/** A real HTTP server with Socket.IO and the JSON API on an ephemeral port, over an in-memory SQLite database (or a throwaway PostgreSQL one). */
export async function startServer(options: { demo?: boolean; demoStores?: number; heartbeatSeconds?: number; now?: () => number; dataDir?: string; databaseUrl?: string | null; jobs?: boolean } = {}) {
	let composed: Composed | undefined;
	const notFound: Pages = (_req, res) => {
		res.statusCode = 404;
		res.end();
	};
	const httpServer = createServer((req, res) => composed!.serve(req, res, notFound));
	const settings = { ...readSettings({}), dataDir: options.dataDir ?? ':memory:', databaseUrl: options.databaseUrl ?? null, demo: options.demo ?? true, demoStores: options.demoStores ?? 1, heartbeatSeconds: options.heartbeatSeconds ?? 0.2 };
	// The server as npm start composes it (core/http.ts), with a page handler that knows no pages.
	const app: App = await openApp(settings, { now: options.now, jobs: options.jobs });
	composed = await composeServer(httpServer, app);
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	const sockets: ClientSocket[] = [];
	// The manager sees every shared channel (the figures' kpi channel too).
	const manager = await sessionCookie(app, 'manager');
	return {
		app,
		url,
		/** A socket signed in as the manager (sees every shared channel), or with the given headers/auth. */
		connect(options: { cookie?: string | null; origin?: string; token?: string } = {}): ClientSocket {
			const headers: Record<string, string> = {};
			const cookie = options.cookie === undefined ? manager : options.cookie;
			if (cookie) headers.cookie = cookie;
			if (options.origin) headers.origin = options.origin;
			const s: ClientSocket = io(url, {
				transports: ['websocket'],
				forceNew: true,
				reconnectionDelay: 50,
				reconnectionDelayMax: 200,
				extraHeaders: headers,
				auth: options.token ? { token: options.token } : undefined
			});
			// As a screen does: a handshake the server failed (not "unauthorized") is tried again.
			keepConnecting(s, { delayMs: () => 50 });
			sockets.push(s);
			return s;
		},
		async close() {
			for (const s of sockets) s.disconnect();
			await app.close();
			httpServer.closeAllConnections();
			await new Promise((resolve) => httpServer.close(resolve));
		}
	};
}

/** Awaits a command that must be refused, and returns the refusal. */
export async function refused(p: Promise<unknown>): Promise<CommandError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof CommandError) return e;
		throw e;
	}
	throw new Error('expected the command to be refused');
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
