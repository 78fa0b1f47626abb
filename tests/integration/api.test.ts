import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { sessionCookie, startServer, waitFor } from './harness';
import { DISPLAY_COOKIE } from '$lib/server/features/access/service';
import { apiRoutes } from '$lib/server/core/api';
import { requestOrigin } from '$lib/server/core/router';
import { readSettings } from '$lib/server/settings';
import type { Delta } from '$lib/live/protocol';
import type { IncomingMessage } from 'node:http';

/**
 * The JSON API over real HTTP (src/lib/server/api): the same listener the production server
 * offers every /api/ request to, on an ephemeral port over an in-memory demo shop.
 */

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
}

/** One request with node:http (no fetch: a browser-like client would add its own Origin rules). */
function call(url: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}${path}`, { method, headers: options.headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
			});
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

async function start() {
	server = await startServer();
	const { app, url } = server;
	const token = app.demoToken!;
	const bearer = { authorization: `Bearer ${token}` };
	const jsonHeaders = { ...bearer, 'content-type': 'application/json' };
	const inProgress = await app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
	const eventCount = async () => Number((await app.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const versionOf = async (id: number) => (await app.db.selectFrom('repair_orders').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
	return { app, url, token, bearer, jsonHeaders, order: inProgress, eventCount, versionOf };
}

describe('JSON API over HTTP', () => {
	it('runs a command: the answer carries the new version and seq, the event is stored, and wall screens get the delta', async () => {
		const { url, jsonHeaders, order, app, versionOf } = await start();
		const board = server!.connect();
		const joined = await new Promise<{ ok: boolean }>((resolve) => board.emit('join:v1', { channel: 'bays' }, resolve as never));
		expect(joined.ok).toBe(true);
		const deltas: Delta[] = [];
		board.on('delta:v1', (d) => deltas.push(d));

		const answer = await call(url, 'POST', `/api/v1/repair-orders/${order.id}/transitions`, {
			headers: jsonHeaders,
			body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version })
		});
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json');
		expect(answer.body).toMatchObject({ id: order.id, stage: 'paused', version: order.version + 1, replayed: false });
		const seq = answer.body.seq as number;
		expect(await versionOf(order.id)).toBe(order.version + 1);
		const event = await app.db.selectFrom('events').select(['type', 'actor_kind']).where('seq', '=', seq).executeTakeFirstOrThrow();
		expect(event).toEqual({ type: 'repairOrder.pause', actor_kind: 'token' });
		await waitFor(() => deltas.some((d) => d.seq === seq), 2000, 'the delta on the bay board');
		const patch = deltas.find((d) => d.seq === seq)!.patches.find((p) => p.kind === 'repairOrder' && p.id === order.id);
		expect(patch?.value).toMatchObject({ stage: 'paused' });
	});

	it('applies a retried command with the same Idempotency-Key once', async () => {
		const { url, jsonHeaders, order, eventCount } = await start();
		const send = () =>
			call(url, 'POST', `/api/v1/repair-orders/${order.id}/transitions`, {
				headers: { ...jsonHeaders, 'idempotency-key': 'dms-retry-1' },
				body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version })
			});
		const first = await send();
		const before = await eventCount();
		const again = await send();
		expect(first.status).toBe(200);
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ seq: first.body.seq, version: first.body.version, replayed: true });
		expect(await eventCount()).toBe(before);
	});

	it('refuses bad requests with the field and the reason, and changes nothing', async () => {
		const { url, bearer, jsonHeaders, order, eventCount, versionOf } = await start();
		const events = await eventCount();
		const path = `/api/v1/repair-orders/${order.id}/transitions`;
		const cases: [string, Promise<Answer>, number, string, string][] = [
			['no credentials', call(url, 'POST', path, { headers: { 'content-type': 'application/json' }, body: '{}' }), 401, 'unauthorized', 'Authorization'],
			['a made-up token', call(url, 'POST', path, { headers: { authorization: 'Bearer pw_nope', 'content-type': 'application/json' }, body: '{}' }), 401, 'unauthorized', 'Authorization'],
			['not JSON', call(url, 'POST', path, { headers: { ...bearer, 'content-type': 'text/plain' }, body: 'pause' }), 400, 'invalid_input', 'body'],
			['broken JSON', call(url, 'POST', path, { headers: jsonHeaders, body: '{"action":' }), 400, 'invalid_input', 'body'],
			['an array', call(url, 'POST', path, { headers: jsonHeaders, body: '[]' }), 400, 'invalid_input', 'body'],
			['an unknown action', call(url, 'POST', path, { headers: jsonHeaders, body: JSON.stringify({ action: 'teleport', expectedVersion: order.version }) }), 400, 'invalid_input', 'action'],
			['a stale version', call(url, 'POST', path, { headers: jsonHeaders, body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version - 1 }) }), 409, 'version_conflict', 'expectedVersion'],
			['an unknown order', call(url, 'POST', '/api/v1/repair-orders/999999/transitions', { headers: jsonHeaders, body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: 1 }) }), 404, 'not_found', 'id'],
			['a non-numeric id', call(url, 'POST', '/api/v1/repair-orders/abc/transitions', { headers: jsonHeaders, body: '{}' }), 404, 'not_found', 'id'],
			['a body over 256 KB', call(url, 'POST', path, { headers: jsonHeaders, body: JSON.stringify({ action: 'pause', note: 'x'.repeat(300 * 1024) }) }), 413, 'body_too_large', 'body'],
			[
				'a long Idempotency-Key',
				call(url, 'POST', path, { headers: { ...jsonHeaders, 'idempotency-key': 'k'.repeat(201) }, body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version }) }),
				400,
				'invalid_input',
				'Idempotency-Key'
			]
		];
		for (const [what, pending, status, error, field] of cases) {
			const answer = await pending;
			expect({ what, status: answer.status, error: answer.body.error, field: answer.body.field }).toEqual({ what, status, error, field });
			expect(typeof answer.body.message, what).toBe('string');
		}
		expect(await eventCount()).toBe(events);
		expect(await versionOf(order.id)).toBe(order.version);
	});

	it('takes times as ISO 8601 within a sane window, answers them as ISO 8601, and refuses the rest by field', async () => {
		const { url, jsonHeaders, eventCount, app } = await start();
		const events = await eventCount();
		const order = (promisedAt: unknown, plate = '粤B·T0001') =>
			call(url, 'POST', '/api/v1/repair-orders', {
				headers: jsonHeaders,
				body: JSON.stringify({ vehicle: { plate, model: '凯美瑞 Camry' }, customer: { name: '陈先生', phone: '13800000000' }, operations: ['MNT-STD'], promisedAt })
			});
		// Out of range: past JavaScript's last date, year 9999, 1970, two years ahead, yesterday.
		for (const bad of [8_700_000_000_000_000, '9999-12-31T23:59:59+08:00', '1970-01-01T00:00:00Z', new Date(Date.now() + 800 * 86_400_000).toISOString(), new Date(Date.now() - 86_400_000).toISOString()]) {
			const answer = await order(bad);
			expect({ bad, status: answer.status, field: answer.body.field }).toEqual({ bad, status: 400, field: 'promisedAt' });
		}
		expect(await eventCount()).toBe(events);
		// In range, with the store's offset: taken, and every moment answered as ISO 8601.
		const promise = new Date(Date.now() + 3 * 3600_000);
		const created = await order(promise.toISOString().replace('Z', '+00:00'));
		expect(created.status).toBe(201);
		expect(created.body.promisedAt).toBe(promise.toISOString());
		expect(created.body.checkedInAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const id = created.body.id as number;
		const version = created.body.version as number;
		const ready = await call(url, 'POST', `/api/v1/repair-orders/${id}/ready-time`, { headers: jsonHeaders, body: JSON.stringify({ expectedVersion: version, readyAt: 8_700_000_000_000_000 }) });
		expect([ready.status, ready.body.field]).toEqual([400, 'readyAt']);
		const pickup = await call(url, 'POST', `/api/v1/repair-orders/${id}/transitions`, { headers: jsonHeaders, body: JSON.stringify({ action: 'set_pickup', expectedVersion: version, pickupAt: '9999-01-01T00:00:00Z' }) });
		expect([pickup.status, pickup.body.field]).toEqual([400, 'pickupAt']);
		expect((await app.db.selectFrom('repair_orders').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version).toBe(version);
	});

	it('answers an order whose stored time is out of range (an old row) instead of failing', async () => {
		const { url, bearer, app, order } = await start();
		await app.db.updateTable('repair_orders').set({ promised_at: 8_700_000_000_000_000, stage_since: 0 }).where('id', '=', order.id).execute();
		const one = await call(url, 'GET', `/api/v1/repair-orders/${order.id}`, { headers: bearer });
		expect(one.status).toBe(200);
		expect(one.body).toMatchObject({ promisedAt: null, stageSince: null });
		expect((await call(url, 'GET', '/api/v1/repair-orders?limit=500', { headers: bearer })).status).toBe(200);
	});

	it('refuses a cross-site browser request made with a staff cookie, and takes the same request from its own origin', async () => {
		const { url, app, order, eventCount } = await start();
		const cookie = await sessionCookie(app, 'dispatcher');
		const body = JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version });
		const path = `/api/v1/repair-orders/${order.id}/transitions`;
		const events = await eventCount();
		const forged = await call(url, 'POST', path, { headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, body });
		expect(forged.status).toBe(403);
		expect(forged.body).toMatchObject({ error: 'forbidden_origin', field: 'Origin' });
		expect(await eventCount()).toBe(events);
		const own = await call(url, 'POST', path, { headers: { cookie, origin: url, 'content-type': 'application/json' }, body });
		expect(own.status).toBe(200);
		expect(own.body).toMatchObject({ stage: 'paused', customerName: expect.any(String) });
	});

	it('shows a technician the order without the customer’s name and phone, and refuses a wall screen', async () => {
		const { url, app, order } = await start();
		const tech = await call(url, 'GET', `/api/v1/repair-orders/${order.id}`, { headers: { cookie: await sessionCookie(app, 'technician') } });
		expect(tech.status).toBe(200);
		expect(tech.body.id).toBe(order.id);
		expect(tech.body).not.toHaveProperty('customerName');
		expect(tech.body).not.toHaveProperty('customerPhone');
		const key = app.demoScreens[0].path.split('key=')[1];
		expect(key).toBeTruthy();
		const screen = await call(url, 'GET', `/api/v1/repair-orders/${order.id}`, { headers: { cookie: `${DISPLAY_COOKIE}=${key}` } });
		expect(screen.status).toBe(401);
	});

	it('answers an unknown path with 404 and a wrong method with 405 naming the allowed one', async () => {
		const { url, bearer } = await start();
		const unknown = await call(url, 'GET', '/api/v1/parking-lot', { headers: bearer });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toBe('not_found');
		const wrong = await call(url, 'DELETE', '/api/v1/repair-orders', { headers: bearer });
		expect(wrong.status).toBe(405);
		expect(wrong.headers.allow).toBe('GET, POST');
		const list = await call(url, 'GET', '/api/v1/repair-orders?stage=in_progress&limit=2', { headers: bearer });
		expect(list.status).toBe(200);
		expect((list.body.items as { stage: string }[]).map((o) => o.stage)).toEqual(['in_progress', 'in_progress']);
		const badQuery = await call(url, 'GET', '/api/v1/repair-orders?limit=9999', { headers: bearer });
		expect(badQuery).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'limit' } });
	});

	it('stops reading an oversized body: 413, then the connection closes', async () => {
		const { url, jsonHeaders } = await start();
		const { hostname, port } = new URL(url);
		const socket = connect(Number(port), hostname);
		let answer = '';
		let closed = false;
		socket.on('data', (d) => (answer += d.toString('latin1')));
		socket.on('close', () => (closed = true));
		socket.on('error', () => (closed = true));
		await new Promise((resolve) => socket.once('connect', resolve));
		const head = Object.entries({ ...jsonHeaders, host: `${hostname}:${port}`, 'content-length': String(64 * 1024 * 1024) }).map(([k, v]) => `${k}: ${v}`);
		socket.write(`POST /api/v1/repair-orders HTTP/1.1\r\n${head.join('\r\n')}\r\n\r\n`);
		const chunk = Buffer.alloc(64 * 1024, 'x');
		let sent = 0;
		// Up to 64 MB, as fast as the server takes it; a server that reads to the end takes it all.
		while (!closed && sent < 64 * 1024 * 1024) {
			const ok = socket.write(chunk);
			sent += chunk.length;
			if (!ok) await Promise.race([new Promise((r) => socket.once('drain', r)), new Promise((r) => setTimeout(r, 200))]);
		}
		await waitFor(() => closed, 5000, 'the server closes the connection');
		expect(answer).toMatch(/^HTTP\/1\.1 413/);
		expect(sent).toBeLessThan(32 * 1024 * 1024);
	});

	it('documents every route of every module in OpenAPI, and serves every path it names, at the origin it was asked on', async () => {
		const { url } = await start();
		const doc = await call(url, 'GET', '/api/v1/openapi.json');
		expect(doc.status).toBe(200);
		expect((doc.body.servers as { url: string }[])[0].url).toBe(`${url}/api/v1`);
		const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
			Object.keys(methods).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`)
		);
		// Both ways: every documented path is served, and every route of every module is documented.
		const served = apiRoutes.map((r) => `${r.method} ${r.path}`);
		expect(served.length).toBeGreaterThan(10);
		expect(documented.sort()).toEqual(served.sort());
		for (const r of apiRoutes) expect(r.doc.summary.length).toBeGreaterThan(5);
		// Every reference names a schema the document has.
		const schemas = Object.keys((doc.body.components as { schemas: object }).schemas);
		const refs = [...JSON.stringify(doc.body).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(10);
		for (const ref of refs) expect(schemas).toContain(ref);
	});

	it('takes the origin from ORIGIN, else from the trusted protocol header and Host', () => {
		const req = (headers: Record<string, string>) => ({ headers, socket: {} }) as unknown as IncomingMessage;
		expect(requestOrigin(req({ host: 'pitwall.local:3000' }), readSettings({}))).toBe('http://pitwall.local:3000');
		expect(requestOrigin(req({ host: 'pitwall.local', 'x-forwarded-proto': 'https' }), readSettings({ PROTOCOL_HEADER: 'X-Forwarded-Proto' }))).toBe('https://pitwall.local');
		// An untrusted header changes nothing.
		expect(requestOrigin(req({ host: 'pitwall.local', 'x-forwarded-proto': 'https' }), readSettings({}))).toBe('http://pitwall.local');
		expect(requestOrigin(req({ host: 'evil.example' }), readSettings({ ORIGIN: 'https://service.dealer.cn/' }))).toBe('https://service.dealer.cn');
	});
});
