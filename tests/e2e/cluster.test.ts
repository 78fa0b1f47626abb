import { expect, test } from './fixtures';
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
/** What the first test leaves for the group's test: the demo API token (the first store's). */
let demoToken = '';

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
			// A dealer group's demo: two stores and the group's people (item 4 of issue 20).
			PITWALL_DEMO_STORES: '2',
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
	await admin.query('revoke connect, temporary on database pitwall from public');
	await admin.end();
	const databaseUrl = cluster.url.replace(/\/postgres$/, '/pitwall');

	// The first server loads the demo into the empty database, the second finds it there.
	const a = await startPitwall('a', ports.a, databaseUrl);
	const b = await startPitwall('b', ports.b, databaseUrl);
	const token = /Demo API token \(write\): (\S+)/.exec(a.output)![1];
	demoToken = token;
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

test("a dealer group through nginx: the group manager signs in at the second store, switches to the first from the staff bar; the group admin opens a store from /admin", async ({ browser, request }) => {
	test.setTimeout(120_000);
	test.skip(!demoToken, 'needs the servers of the first test');
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: base });
	const page = await context.newPage();
	// A car only the first store has (both demo stores start with the same day).
	const plate = `粤B·G${String(Date.now()).slice(-5)}`;
	const created = await request.post(`${base}/api/v1/repair-orders`, {
		headers: { authorization: `Bearer ${demoToken}` },
		data: { vehicle: { plate, model: '卡罗拉 Corolla' }, customer: { name: '集团测试', phone: '13900001111' }, operations: ['MNT-STD'] }
	});
	expect(created.status()).toBe(201);

	async function signInAt(store: string, name: string, pin: string) {
		await page.goto('/signin?device=desk');
		await page.locator(`[data-store="${store}"]`).click();
		await expect(page.locator('[data-signin-store]')).toHaveAttribute('data-signin-store', store);
		await expect(async () => {
			await page.locator('.tile', { hasText: name }).first().click();
			await expect(page.locator('form.pad .dots')).toBeVisible({ timeout: 500 });
		}).toPass({ timeout: 20_000 });
		await page.keyboard.type(pin);
		await page.getByRole('button', { name: /登录|Sign in/ }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	}

	// The sign-in screen of a deployment with two stores: the device picks the store, the group's people are on both.
	await signInAt('sz-nanshan', '黄总', '8080');
	// The device keeps the store someone signed in to; a link alone (anyone can send one to a shared tablet) does not change it.
	expect((await context.cookies()).find((c) => c.name === 'pw_store')?.value).toBe('sz-nanshan');
	const passerby = await browser.newContext({ baseURL: base });
	const shared = await passerby.newPage();
	await shared.goto('/signin?store=sz-nanshan');
	await expect(shared.locator('[data-signin-store]')).toHaveAttribute('data-signin-store', 'sz-nanshan');
	expect((await passerby.cookies()).some((c) => c.name === 'pw_store')).toBe(false);
	await passerby.close();
	await page.goto('/desk');
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');
	const switcher = page.locator('[data-store-switch] select');
	await expect(switcher.locator('option:checked')).toHaveText(/南山/);
	await expect(page.locator('[data-ro]').first()).toBeVisible();
	await expect(page.locator('[data-ro]', { hasText: plate })).toHaveCount(0);

	// The staff bar's switcher: the desk reloads into the first store, with its car.
	await switcher.selectOption({ label: (await switcher.locator('option', { hasText: '天河' }).textContent())! });
	await expect(switcher.locator('option:checked')).toHaveText(/天河/, { timeout: 15_000 });
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');
	await expect(page.locator('[data-ro]', { hasText: plate })).toBeVisible();

	// The group overview: both stores in a row each, counted in each store's day; the first has the extra car.
	await page.locator('[data-group-overview]').click();
	await expect(page.locator('[data-group-row]')).toHaveCount(2);
	const inShop = async (code: string) => Number(await page.locator(`[data-group-row="${code}"] [data-col="inShop"]`).textContent());
	expect(await inShop('gz-tianhe')).toBe((await inShop('sz-nanshan')) + 1);
	expect(await page.locator('[data-total="inShop"]').textContent()).toBe(String((await inShop('gz-tianhe')) + (await inShop('sz-nanshan'))));
	// From it, straight into the other store's desk.
	await page.locator('[data-enter-desk="sz-nanshan"]').click();
	await page.waitForURL((u) => u.pathname === '/desk');
	await expect(page.locator('[data-store-switch] select option:checked')).toHaveText(/南山/);

	// The group admin opens a third store from /admin and enters it: an empty store to set up.
	await page.locator('form[action="/signout"] button').click();
	await page.waitForURL((u) => u.pathname.startsWith('/signin'));
	await signInAt('gz-tianhe', '集团IT 高工', '9090');
	await page.goto('/admin#group');
	const form = page.locator('[data-form="new-store"]');
	await form.locator('input[name="code"]').fill('Bad Code');
	await form.locator('input[name="nameZh"]').fill('广汽丰田禅城店');
	await form.locator('input[name="nameEn"]').fill('GAC Toyota Chancheng');
	await form.locator('[data-submit="new-store"]').click();
	// Refused at the field, nothing made.
	await expect(form.locator('.ui-field__error')).toContainText(/lower-case/);
	await expect(page.locator('[data-group-store]')).toHaveCount(2);
	await form.locator('input[name="code"]').fill('fs-chancheng');
	await form.locator('[data-submit="new-store"]').click();
	await expect(page.locator('[data-group-store="fs-chancheng"]')).toBeVisible();
	await page.locator('[data-enter-store="fs-chancheng"]').click();
	await expect(page.locator('[data-group-store="fs-chancheng"]')).toHaveAttribute('aria-current', 'true', { timeout: 15_000 });
	await expect(page.locator('[data-store-switch] select option:checked')).toHaveText(/禅城/);
	// Its own settings, and no staff, bays or catalogue yet.
	await expect(page.locator('[data-form="store"] input[name="nameZh"]')).toHaveValue('广汽丰田禅城店');
	await expect(page.locator('nav a[href="#staff"] [data-count]')).toHaveAttribute('data-count', '0');
	await context.close();
});
