import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startCluster } from '../tools/with-postgres.js';
import { nginxConfig } from '../tools/nginx';

/**
 * Issue 20, "a real deployment": PostgreSQL, two Pitwall servers and nginx in front, as
 * docs/deploy.md sets them up, on loopback ports. A bay board opened through nginx stays live while
 * cars move through the API of the OTHER server; then the board's own server is killed with SIGKILL,
 * and the board, on the surviving server, converges without a reload, every acknowledged command kept.
 */
const ports = { nginx: 4194, a: 4195, b: 4196 };
const base = `http://localhost:${ports.nginx}`;
const work = mkdtempSync(join(tmpdir(), 'pitwall-cluster-e2e-'));
const procs: ChildProcess[] = [];
let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;

interface Started {
	proc: ChildProcess;
	output: string;
}

function startPitwall(name: string, port: number, databaseUrl: string): Promise<Started> {
	const proc = spawn(process.execPath, ['src/serve.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			PITWALL_DATABASE_URL: databaseUrl,
			PITWALL_DATA_DIR: join(work, name),
			PITWALL_PHOTO_DIR: join(work, 'photos'),
			PITWALL_HEARTBEAT_SECONDS: '1',
			PITWALL_HISTORY_DAYS: '0',
			PITWALL_SKIP_BUILD: '1',
			ORIGIN: base,
			ADDRESS_HEADER: 'x-real-ip'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	procs.push(proc);
	let output = '';
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Pitwall is running')) setTimeout(() => resolve({ proc, get output() { return output; } }), 300);
		};
		proc.stdout!.on('data', onData);
		proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		proc.on('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${output}`)));
	});
}

async function health(port: number): Promise<{ live: { clients: number } } | null> {
	try {
		const res = await fetch(`http://127.0.0.1:${port}/healthz`);
		return res.ok ? await res.json() : null;
	} catch {
		return null;
	}
}

test.afterAll(async () => {
	// nginx's master stops its workers on SIGTERM (killed, it would leave them holding the port).
	for (const p of procs) p.kill(p.spawnfile.endsWith('nginx') ? 'SIGTERM' : 'SIGKILL');
	await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => p.once('exit', r)))));
	cluster?.remove();
	rmSync(work, { recursive: true, force: true });
});

test('two servers on PostgreSQL behind nginx: a board follows commands on the other server, and survives its own server killed', async ({ page, request }) => {
	test.setTimeout(180_000);
	cluster = await startCluster();
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query('create database pitwall');
	await admin.end();
	const databaseUrl = cluster.url.replace(/\/postgres$/, '/pitwall');

	// The first server loads the demo into the empty database, the second finds it there.
	const a = await startPitwall('a', ports.a, databaseUrl);
	const b = await startPitwall('b', ports.b, databaseUrl);
	const token = /Demo API token \(write\): (\S+)/.exec(a.output)![1];
	const boardPath = /https?:\/\/[^/\s]+(\/board\/bays\?key=\S+)/.exec(a.output)![1];
	// Both servers print the same demo credentials: they read them from the one database.
	expect(b.output).toContain(token);

	const conf = nginxConfig({ dir: work, listen: ports.nginx, servers: [ports.a, ports.b] });
	writeFileSync(join(work, 'nginx.conf'), conf);
	const nginx = spawn(existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx', ['-c', join(work, 'nginx.conf'), '-p', work, '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
	procs.push(nginx);
	await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status ?? 0, { timeout: 15_000 }).toBe(200);

	await page.goto(`${base}${boardPath}`);
	await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
	await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

	// The board's socket is on one of the two servers; the API calls go to the other, directly.
	await expect.poll(async () => ((await health(ports.a))?.live.clients ?? 0) + ((await health(ports.b))?.live.clients ?? 0)).toBeGreaterThan(0);
	const onA = ((await health(ports.a))?.live.clients ?? 0) > 0;
	const [boardServer, other] = onA ? [a, ports.b] : [b, ports.a];
	const otherBase = `http://127.0.0.1:${other}`;
	const headers = { authorization: `Bearer ${token}` };

	const { items } = await (await request.get(`${otherBase}/api/v1/repair-orders?stage=in_progress`, { headers })).json();
	const order = (items as { id: number; version: number; plate: string; bayId: number | null }[]).find((o) => o.bayId !== null)!;
	expect(order).toBeTruthy();
	let version = order.version;
	let stage = 'in_progress';
	const acknowledged: number[] = [];
	const send = async (url: string) => {
		const action = stage === 'in_progress' ? { action: 'pause', reason: 'parts' } : { action: 'resume' };
		const res = await request.post(`${url}/api/v1/repair-orders/${order.id}/transitions`, { data: { ...action, expectedVersion: version }, headers });
		expect(res.status()).toBe(200);
		const body = await res.json();
		acknowledged.push(body.seq);
		version = body.version;
		stage = body.stage;
	};
	const bay = page.locator('[data-bay]', { hasText: order.plate });

	// A car moved on the other server shows on the board at once.
	await send(otherBase);
	await expect(bay).toHaveAttribute('data-stage', 'paused');
	for (let i = 0; i < 4; i++) await send(otherBase);
	await expect(bay).toHaveAttribute('data-stage', stage);

	// The board's own server dies without a word; the board goes to the survivor through nginx.
	boardServer.proc.kill('SIGKILL');
	await new Promise((r) => boardServer.proc.once('exit', r));
	for (let i = 0; i < 3; i++) await send(otherBase);
	await expect(page.locator('.board')).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
	await expect(bay).toHaveAttribute('data-stage', stage, { timeout: 15_000 });
	await expect.poll(async () => (await health(other))?.live.clients ?? 0).toBeGreaterThan(0);
	expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(7);

	// PostgreSQL restarts under the survivor: a command meanwhile is refused with 503 and a retry hint,
	// nothing half-written; its retry with the same Idempotency-Key, once the database is back, does it once.
	cluster.stop('immediate');
	const key = `restart-${Date.now()}`;
	const body = { ...(stage === 'in_progress' ? { action: 'pause', reason: 'parts' } : { action: 'resume' }), expectedVersion: version };
	const retry = () => request.post(`${otherBase}/api/v1/repair-orders/${order.id}/transitions`, { data: body, headers: { ...headers, 'idempotency-key': key } });
	const during = await retry();
	expect(during.status()).toBe(503);
	expect(during.headers()['retry-after']).toBeTruthy();
	expect((await during.json()).error).toBe('database_unavailable');
	cluster.start();
	let after = await retry();
	for (let i = 0; i < 10 && after.status() === 503; i++) {
		await new Promise((r) => setTimeout(r, 500));
		after = await retry();
	}
	expect(after.status()).toBe(200);
	const done = await after.json();
	acknowledged.push(done.seq);
	stage = done.stage;
	version = done.version;
	// Sent again (the answer was lost on the way): the first answer, not a second change.
	const replay = await retry();
	expect(replay.status()).toBe(200);
	expect((await replay.json()).seq).toBe(done.seq);
	await expect(bay).toHaveAttribute('data-stage', stage, { timeout: 15_000 });
	await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');

	// No acknowledged command lost.
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	const { rows } = await client.query('select seq from events where subject_id = $1 and seq >= $2', [order.id, acknowledged[0]]);
	await client.end();
	const stored = rows.map((r: { seq: string | number }) => Number(r.seq));
	for (const seq of acknowledged) expect(stored).toContain(seq);
});

test('a database that does not answer: npm start says so in one line and exits non-zero', async () => {
	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
	const proc = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: '4197', PITWALL_DATABASE_URL: `postgres://pitwall:secret@127.0.0.1:${port}/pitwall`, PITWALL_DATA_DIR: join(work, 'down'), PITWALL_SKIP_BUILD: '1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
	expect(code).toBe(1);
	const lines = stderr.trim().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^Pitwall could not start: PostgreSQL at postgres:\/\/pitwall:\*\*\*@127\.0\.0\.1:\d+\/pitwall does not answer: .*ECONNREFUSED/);
	expect(stderr).not.toContain('secret');
});
