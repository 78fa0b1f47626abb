/**
 * `npm run bench:cluster` (issue 20): several Pitwall servers on PostgreSQL against one server on
 * SQLite, in the same run.
 *
 *   - A throwaway PostgreSQL cluster (tests/tools/with-postgres.js), BENCH_SERVERS (3) production
 *     servers (`node src/serve.js`, the demo shop loaded once) on it, and one server on SQLite.
 *   - BENCH_SCREENS (600) wall screens (Socket.IO over websocket, the bay board, each with the demo
 *     TV's cookie) spread evenly over the PostgreSQL servers, and as many on the SQLite server.
 *   - Latency: commands (pause / resume of a job on a bay through the JSON API) go to the FIRST
 *     PostgreSQL server only; each is timed from just before its POST to the moment the LAST screen
 *     on EVERY server has the delta with the seq the answer names. PostgreSQL and SQLite commands take
 *     turns with a 20-50 ms gap, so whatever else the machine does falls on both alike.
 *     Target: PostgreSQL's p95 at most 2x SQLite's.
 *   - Throughput: commands at a rising rate (BENCH_RATES, per second) for BENCH_RATE_SECONDS each,
 *     over every job on a bay at once (one order's commands one after another); the highest
 *     rate sustained with p95 (command → last screen on every server) under 250 ms.
 *     The issue's reference: a group of 100 stores makes about 1 command/s on average, 20 at peak.
 *
 * All of it on one machine: PostgreSQL, every server and the client threads share its cores, so
 * the figures are an upper bound of what separate machines would see.
 *
 * Settings: BENCH_SCREENS=600 BENCH_SERVERS=3 BENCH_COMMANDS=200 BENCH_WARMUP=10
 *           BENCH_RATES=5,10,20,40,80,160 BENCH_RATE_SECONDS=8
 * Exit code: 0 the target met, 1 missed, 2 error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { FromWorker, ToWorker } from './clients';
import { freePort, startCluster } from '../tools/with-postgres.js';
import { benchBuild } from './build';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(import.meta.url);

const screens = Number(process.env.BENCH_SCREENS ?? 600);
const serverCount = Math.max(2, Number(process.env.BENCH_SERVERS ?? 3));
const commandCount = Number(process.env.BENCH_COMMANDS ?? 200);
const warmupCount = Number(process.env.BENCH_WARMUP ?? 10);
const rates = (process.env.BENCH_RATES ?? '5,10,20,40,80,160').split(',').map(Number);
const rateSeconds = Number(process.env.BENCH_RATE_SECONDS ?? 8);
const LIMIT_MS = 250;
const TARGET_RATIO = 2;

const base = process.hrtime.bigint();
const now = () => Number(process.hrtime.bigint() - base) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const children = new Set<ChildProcess>();
const workers = new Set<Worker>();
const cleanups: (() => void)[] = [];
function cleanup(): void {
	for (const child of children) child.kill('SIGKILL');
	for (const worker of workers) void worker.terminate();
	for (const c of cleanups.splice(0).reverse()) {
		try {
			c();
		} catch {
			// best effort
		}
	}
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(2));

/** The production build, served from a copy (build.ts), removed at the end. */
function prepareBuild(): string {
	const copy = benchBuild('cluster');
	cleanups.push(() => rmSync(copy, { recursive: true, force: true }));
	return copy;
}

class Server {
	readonly output: string[] = [];
	readonly proc: ChildProcess;
	url = '';
	constructor(
		readonly name: string,
		env: Record<string, string>
	) {
		this.proc = spawn(process.execPath, ['--min-semi-space-size=16', 'src/serve.js'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		children.add(this.proc);
		for (const stream of [this.proc.stdout, this.proc.stderr]) {
			stream?.setEncoding('utf8');
			stream?.on('data', (chunk: string) => {
				for (const line of chunk.split('\n')) {
					if (!line) continue;
					this.output.push(line);
					if (/error|failed/i.test(line)) console.log(`    [${this.name}] ${line}`);
				}
			});
		}
	}
	async started(): Promise<void> {
		const deadline = Date.now() + 180_000;
		for (;;) {
			const port = this.output.map((l) => /Pitwall is running on http:\/\/localhost:(\d+)/.exec(l)?.[1]).find(Boolean);
			if (port) {
				this.url = `http://127.0.0.1:${port}`;
				await sleep(300);
				return;
			}
			if (this.proc.exitCode !== null || Date.now() > deadline) throw new Error(`${this.name} did not start:\n${this.output.slice(-20).join('\n')}`);
			await sleep(100);
		}
	}
	printed(pattern: RegExp): string | undefined {
		return pattern.exec(this.output.join('\n'))?.[1];
	}
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function http(method: 'GET' | 'POST', url: string, body: unknown, bearer: string): Promise<{ status: number; json: Record<string, unknown> }> {
	return new Promise((resolvePromise, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = request(
			url,
			{ method, agent, headers: { accept: 'application/json', authorization: `Bearer ${bearer}`, ...(payload ? { 'content-type': 'application/json' } : {}) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

function cookiesFrom(url: string): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const req = request(url, { agent }, (res) => {
			res.resume();
			res.on('end', () => resolvePromise((res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')));
		});
		req.on('error', reject);
		req.end();
	});
}

/** One client thread per server, holding that server's screens; reports when all of them have a seq. */
class Screens {
	readonly worker: Worker;
	readonly #reports = new Map<number, number>();
	readonly #waiters = new Map<number, (last: number) => void>();
	#opened: ((m: Extract<FromWorker, { type: 'opened' }>) => void) | null = null;
	lost = 0;
	constructor() {
		const tsxCjs = require.resolve('tsx/cjs/api');
		this.worker = new Worker(`require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(join(here, 'clients.ts'))});`, { eval: true, workerData: { base } });
		workers.add(this.worker);
		this.worker.on('message', (m: FromWorker) => {
			if (m.type === 'done') {
				const waiter = this.#waiters.get(m.seq);
				if (waiter) {
					this.#waiters.delete(m.seq);
					waiter(m.last);
				} else this.#reports.set(m.seq, m.last);
			} else if (m.type === 'opened') this.#opened?.(m);
			else if (m.type === 'lost') this.lost++;
		});
	}
	open(url: string, count: number, cookie: string): Promise<Extract<FromWorker, { type: 'opened' }>> {
		return new Promise((resolvePromise) => {
			this.#opened = resolvePromise;
			this.worker.postMessage({ type: 'open', kind: 'pitwall', client: 'light', url, count, channel: 'bays', concurrency: 50, auth: { cookie } } satisfies ToWorker);
		});
	}
	/** When the last of this thread's screens had `seq` (null after 15 s). */
	last(seq: number): Promise<number | null> {
		const got = this.#reports.get(seq);
		if (got !== undefined) {
			this.#reports.delete(seq);
			return Promise.resolve(got);
		}
		return new Promise((resolvePromise) => {
			const timer = setTimeout(() => {
				this.#waiters.delete(seq);
				resolvePromise(null);
			}, 15_000);
			this.#waiters.set(seq, (last) => {
				clearTimeout(timer);
				resolvePromise(last);
			});
		});
	}
}

interface Order {
	id: number;
	version: number;
	paused: boolean;
	busy: boolean;
}

/** Pause or resume `order` on `url`; the event's seq, or null on a conflict (the order is re-read). */
async function toggle(url: string, bearer: string, order: Order): Promise<number | null> {
	const body = order.paused ? { action: 'resume', expectedVersion: order.version } : { action: 'pause', reason: 'other', expectedVersion: order.version };
	const res = await http('POST', `${url}/api/v1/repair-orders/${order.id}/transitions`, body, bearer);
	if (res.status === 200 && typeof res.json.seq === 'number') {
		order.version = res.json.version as number;
		order.paused = res.json.stage === 'paused';
		return res.json.seq;
	}
	if (res.status === 409) {
		const current = await http('GET', `${url}/api/v1/repair-orders/${order.id}`, undefined, bearer);
		const view = (current.json.item ?? current.json) as { version: number; stage: string };
		order.version = view.version;
		order.paused = view.stage === 'paused';
		return null;
	}
	throw new Error(`POST transition: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
}

/**
 * Every job on a bay that pause and resume can take turns on: those in progress, those paused, and
 * those dispatched but not yet started, started now (the demo shop has 4–9 at any hour).
 */
async function inProgress(url: string, bearer: string): Promise<Order[]> {
	const listed = async (stage: string) => ((await http('GET', `${url}/api/v1/repair-orders?stage=${stage}`, undefined, bearer)).json.items ?? []) as { id: number; version: number }[];
	const orders = [...(await listed('in_progress')).map((i) => ({ id: i.id, version: i.version, paused: false, busy: false })), ...(await listed('paused')).map((i) => ({ id: i.id, version: i.version, paused: true, busy: false }))];
	for (const waiting of await listed('dispatched')) {
		const res = await http('POST', `${url}/api/v1/repair-orders/${waiting.id}/transitions`, { action: 'start', expectedVersion: waiting.version }, bearer);
		if (res.status === 200) orders.push({ id: waiting.id, version: res.json.version as number, paused: false, busy: false });
	}
	if (!orders.length) throw new Error(`no job on a bay to pause and resume on ${url}`);
	return orders;
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

interface Side {
	name: string;
	url: string;
	bearer: string;
	screens: Screens[];
	orders: Order[];
}

/** Where one command's time went: its answer, each server's last screen, and the last of them all. */
interface Timing {
	total: number;
	answered: number;
	servers: number[];
}

/** One command on `side`: from just before its POST to the last screen on every server. */
async function timed(side: Side, order: Order): Promise<Timing | null> {
	order.busy = true;
	try {
		const t0 = now();
		const seq = await toggle(side.url, side.bearer, order);
		if (seq === null) return null;
		const answered = now() - t0;
		const lasts = await Promise.all(side.screens.map((s) => s.last(seq)));
		if (lasts.some((l) => l === null)) throw new Error(`${side.name}: seq ${seq} did not reach every screen in 15 s`);
		const servers = (lasts as number[]).map((l) => l - t0);
		return { total: Math.max(...servers), answered, servers };
	} finally {
		order.busy = false;
	}
}

/** Commands at `rate` per second for `seconds`, over the side's orders; the latencies and the rate achieved. */
async function atRate(side: Side, rate: number, seconds: number): Promise<{ latencies: number[]; achieved: number }> {
	const latencies: number[] = [];
	const pending: Promise<void>[] = [];
	const start = now();
	let sent = 0;
	while (now() - start < seconds * 1000) {
		const due = start + (sent * 1000) / rate;
		if (now() < due) await sleep(Math.max(0, due - now()));
		const order = side.orders.find((o) => !o.busy);
		if (!order) {
			await sleep(1);
			continue;
		}
		sent++;
		pending.push(
			timed(side, order).then((timing) => {
				if (timing !== null) latencies.push(timing.total);
			})
		);
	}
	await Promise.all(pending);
	return { latencies, achieved: sent / ((now() - start) / 1000) };
}

async function main(): Promise<number> {
	const buildDir = prepareBuild();
	console.log(`bench:cluster: ${serverCount} servers on PostgreSQL vs 1 on SQLite, ${screens} screens each side, commands to the first server`);
	const cluster = await startCluster({ maxConnections: 300 });
	cleanups.push(() => cluster.remove());
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query('create database pitwall');
	await admin.query('revoke connect, temporary on database pitwall from public');
	await admin.end();
	const databaseUrl = cluster.url.replace(/\/postgres$/, '/pitwall');
	const common = { HOST: '127.0.0.1', PITWALL_DEMO: '1', PITWALL_BUILD_DIR: buildDir, PITWALL_SKIP_BUILD: '1', PITWALL_HISTORY_DAYS: '0' };
	const dir = (name: string) => {
		const d = mkdtempSync(join(tmpdir(), `pitwall-cluster-${name}-`));
		cleanups.push(() => rmSync(d, { recursive: true, force: true }));
		return d;
	};

	// The first server loads the demo into the empty database; the others find it there.
	const pgServers: Server[] = [];
	for (let i = 0; i < serverCount; i++) {
		const server = new Server(`pg-${i + 1}`, { ...common, PORT: String(await freePort()), PITWALL_DATABASE_URL: databaseUrl, PITWALL_DATA_DIR: dir(`pg${i}`) });
		await server.started();
		pgServers.push(server);
	}
	const sqlite = new Server('sqlite', { ...common, PORT: String(await freePort()), PITWALL_DATA_DIR: dir('sqlite') });
	await sqlite.started();

	const sides: Side[] = [];
	for (const [name, servers] of [
		['PostgreSQL', pgServers],
		['SQLite', [sqlite]]
	] as const) {
		const first = servers[0];
		const bearer = first.printed(/Demo API token \(write\): (\S+)/);
		const board = first.printed(/https?:\/\/[^/\s]+(\/board\/bays\?key=\S+)/);
		if (!bearer || !board) throw new Error(`${name}: the demo token or board link was not printed`);
		const side: Side = { name, url: first.url, bearer, screens: [], orders: await inProgress(first.url, bearer) };
		for (const [i, server] of servers.entries()) {
			const count = Math.floor(screens / servers.length) + (i < screens % servers.length ? 1 : 0);
			const s = new Screens();
			const opened = await s.open(server.url, count, await cookiesFrom(`${server.url}${board}`));
			if (opened.failed) throw new Error(`${name} ${server.name}: ${opened.failed} screens failed to join: ${opened.errors.slice(0, 3).join('; ')}`);
			side.screens.push(s);
		}
		sides.push(side);
		console.log(`  ${name}: ${servers.length} server(s), ${screens} screens joined, ${side.orders.length} jobs on bays to pause and resume`);
	}

	// Latency, taking turns.
	const lat: Record<string, Timing[]> = { PostgreSQL: [], SQLite: [] };
	for (let i = 0; i < commandCount + warmupCount; i++) {
		for (const side of sides) {
			const timing = await timed(side, side.orders[0]);
			if (timing !== null && i >= warmupCount) lat[side.name].push(timing);
			await sleep(20 + Math.random() * 30);
		}
	}
	const p95Of = (name: string, pick: (t: Timing) => number) => percentile(lat[name].map(pick), 95);
	console.log('\nCommand → last screen on every server (one command at a time, taking turns):');
	console.log('| Side | servers | screens | commands | p50 | p95 | max |');
	console.log('|---|---|---|---|---|---|---|');
	for (const side of sides) {
		const v = lat[side.name].map((t) => t.total);
		console.log(`| ${side.name} | ${side.screens.length} | ${screens} | ${v.length} | ${ms(percentile(v, 50))} | ${ms(percentile(v, 95))} | ${ms(Math.max(...v))} |`);
	}
	const ratio = p95Of('PostgreSQL', (t) => t.total) / p95Of('SQLite', (t) => t.total);
	console.log(`PostgreSQL p95 / SQLite p95 = ${ratio.toFixed(2)}x (target at most ${TARGET_RATIO}x)`);
	// Where the time goes: the command's answer (its transaction), then each server's last screen.
	console.log('\nWhere it goes (p95 from the POST):');
	console.log('| Side | answered | last screen, per server |');
	console.log('|---|---|---|');
	for (const side of sides) {
		const per = side.screens.map((_, i) => `${i === 0 ? 'commanded' : `#${i + 1}`} ${ms(p95Of(side.name, (t) => t.servers[i]))}`);
		console.log(`| ${side.name} | ${ms(p95Of(side.name, (t) => t.answered))} | ${per.join(', ')} |`);
	}

	console.log(`\nSustained rate (commands to one server, several orders at once, ${rateSeconds} s per step):`);
	console.log('| Side | asked /s | achieved /s | p50 | p95 |');
	console.log('|---|---|---|---|---|');
	const best: Record<string, number> = { PostgreSQL: 0, SQLite: 0 };
	const ceiling: Record<string, boolean> = { PostgreSQL: false, SQLite: false };
	for (const side of sides) {
		for (const rate of rates) {
			const { latencies, achieved } = await atRate(side, rate, rateSeconds);
			const p95 = percentile(latencies, 95);
			console.log(`| ${side.name} | ${rate} | ${achieved.toFixed(1)} | ${ms(percentile(latencies, 50))} | ${ms(p95)} |`);
			if (p95 > LIMIT_MS) break;
			// Under the limit, what it achieved counts even when short of what was asked.
			best[side.name] = Math.max(best[side.name], achieved);
			// Short of it: the side's orders are all busy (one command at a time each), the driver's ceiling.
			if (achieved < rate * 0.9) {
				ceiling[side.name] = true;
				break;
			}
		}
	}
	for (const side of sides) {
		// Every job busy: each waits for its last command, so the rate is the jobs over the latency, whichever limits.
		const why = ceiling[side.name] ? ` (every one of its ${side.orders.length} jobs busy, one command at a time each)` : '';
		console.log(`${side.name}: sustained ${best[side.name].toFixed(0)} commands/s with p95 under ${LIMIT_MS} ms${why}`);
	}
	const lost = sides.flatMap((s) => s.screens).reduce((n, s) => n + s.lost, 0);
	if (lost) console.log(`warning: ${lost} screens lost their connection during the run`);
	return ratio <= TARGET_RATIO ? 0 : 1;
}

main()
	.then((code) => {
		cleanup();
		process.exit(code);
	})
	.catch((error) => {
		console.error('bench:cluster failed:', error);
		cleanup();
		process.exit(2);
	});
