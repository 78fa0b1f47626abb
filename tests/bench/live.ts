/**
 * `npm run bench:live`: live fan-out of a running production Pitwall, against a floor.
 *
 * For each size N (200 and 1000):
 *   1. Pitwall: starts `node src/serve.js` (fresh temp data dir, demo shop, a free port),
 *      connects N Socket.IO clients (websocket transport, one connection each) to the bay
 *      board channel, then sends commands through the JSON API (pause / resume of one
 *      in_progress repair order, a 20-50 ms random gap between them). For each command:
 *      t0 just before the POST, and the time the LAST of the N clients has the delta with
 *      the seq that the response names. The first commands are warm-up and dropped.
 *   2. The floor: a bare `ws` server in its own process (tests/bench/floor-server.ts) with
 *      N `ws` clients; an HTTP POST makes it write one prebuilt frame of the same size as a
 *      real delta to every client. Measured the same way.
 *   Server memory: VmRSS of the server process after warm-up and a quiet spell, and again
 *   after all N clients joined (median of several samples); (after - before) / N.
 *
 * Targets (the issue): p95 at most 1.5x the floor at both sizes; at most 40 KB of server
 * memory per connection.
 *
 * Settings (environment):
 *   BENCH_SIZES=200,1000   BENCH_COMMANDS=110   BENCH_WARMUP=10   BENCH_WORKERS=1
 *   BENCH_CPU_PROF=<dir>   start Pitwall with --cpu-prof, profiles written to <dir>
 *   BENCH_TOKEN=<token>    sent as `Authorization: Bearer` and as the socket's auth token
 *
 * Clients live in this process, in BENCH_WORKERS worker threads (the same for Pitwall and the
 * floor, so both pay the same client-side cost). The machine this targets has 2 cores: the
 * server under test takes one, the clients the other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { FromWorker, Kind, ToWorker } from './clients';
import type { Delta } from '../../src/lib/live/protocol';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(import.meta.url);

const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map((s) => Number(s.trim()));
const commandCount = Number(process.env.BENCH_COMMANDS ?? 110);
const warmupCount = Number(process.env.BENCH_WARMUP ?? 10);
const workerCount = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));
const cpuProfDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
const token = process.env.BENCH_TOKEN || undefined;
const DELTA_TIMEOUT_MS = 10_000;
const CONNECT_CONCURRENCY = 50;
const TARGET_RATIO = 1.5;
const TARGET_KB_PER_CONN = 40;

if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_SIZES: whole numbers, got "${process.env.BENCH_SIZES}"`);
if (commandCount - warmupCount < 50) throw new Error('BENCH_COMMANDS - BENCH_WARMUP must leave at least 50 measured commands');

/** Milliseconds on the process-wide monotonic clock, shared with the worker threads. */
const base = process.hrtime.bigint();
const now = () => Number(process.hrtime.bigint() - base) / 1e6;

// ---------------------------------------------------------------- child processes and cleanup

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const workers = new Set<Worker>();

function cleanup(): void {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	children.clear();
	for (const worker of workers) void worker.terminate();
	workers.clear();
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanup();
		process.exit(130);
	});
}

class Server {
	readonly proc: ChildProcess;
	readonly output: string[] = [];
	/** The inspector's address (every server starts with --inspect, to force a GC before measuring RSS). */
	inspector: string | null = null;
	#exited: Promise<void>;

	constructor(
		readonly name: string,
		args: string[],
		env: Record<string, string>
	) {
		this.proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		children.add(this.proc);
		this.#exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
		for (const stream of [this.proc.stdout, this.proc.stderr]) {
			let rest = '';
			stream?.setEncoding('utf8');
			stream?.on('data', (chunk: string) => {
				const lines = (rest + chunk).split('\n');
				rest = lines.pop() ?? '';
				for (const line of lines) {
					this.inspector ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1] ?? null;
					if (/^(Debugger listening|For help, see: https:\/\/nodejs.org\/en\/docs\/inspector|Debugger attached|Waiting for the debugger)/.test(line)) continue;
					this.output.push(line);
					if (this.output.length > 300) this.output.shift();
					// Anything the server complains about while under load is worth seeing.
					if (/error|failed|warn/i.test(line) && !/PLUGIN|callbacks?|chunk/i.test(line)) console.log(`    [${this.name}] ${line}`);
				}
			});
		}
	}

	get pid(): number {
		return this.proc.pid ?? 0;
	}

	/** Waits for a line matching `pattern`; returns its first capture group. */
	async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let seen = 0;
		for (;;) {
			for (; seen < this.output.length; seen++) {
				const match = pattern.exec(this.output[seen]);
				if (match) return match[1];
			}
			if (this.proc.exitCode !== null || this.proc.signalCode !== null) break;
			if (Date.now() > deadline) break;
			if (this.output.length > 250) seen = Math.min(seen, this.output.length);
			await sleep(50);
		}
		throw new Error(`${this.name} did not start (${pattern}); last output:\n${this.output.slice(-30).join('\n')}`);
	}

	/** Resident set size in KB, from /proc. */
	/** Throws, with the server's last words, when it is no longer running. */
	alive(): void {
		if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
			throw new Error(`${this.name} exited (${this.proc.exitCode ?? this.proc.signalCode}); last output:\n${this.output.slice(-40).join('\n')}`);
		}
	}

	rssKb(): number {
		this.alive();
		const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
	}

	/** User + system CPU time in ms, from /proc. */
	cpuMs(): number {
		this.alive();
		const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// After "pid (comm) ": state is field 0, utime field 11, stime field 12 (clock ticks).
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	}

	/** A full, forced garbage collection in the server, through the inspector. */
	async collectGarbage(): Promise<void> {
		if (!this.inspector) throw new Error(`${this.name}: no inspector address`);
		const ws = new WebSocket(this.inspector, { perMessageDeflate: false });
		try {
			await new Promise<void>((resolve, reject) => {
				ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
				ws.on('message', (data: Buffer) => {
					if ((JSON.parse(data.toString('utf8')) as { id?: number }).id === 1) resolve();
				});
				ws.once('error', reject);
				setTimeout(() => reject(new Error(`${this.name}: no GC answer from the inspector in 30 s`)), 30_000).unref();
			});
		} finally {
			ws.close();
		}
	}

	async stop(): Promise<void> {
		if (this.proc.exitCode === null && this.proc.signalCode === null) {
			this.proc.kill('SIGTERM');
			const killed = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
			await this.#exited;
			clearTimeout(killed);
		}
		children.delete(this.proc);
	}
}

/** RSS after two forced full GCs and a quiet second after each (median of a few samples). */
async function rssAfterGcKb(server: Server): Promise<number> {
	for (let i = 0; i < 2; i++) {
		await server.collectGarbage();
		await sleep(1000);
	}
	return rssMedianKb(server);
}

async function rssMedianKb(server: Server, samples = 5, gapMs = 300): Promise<number> {
	const values: number[] = [];
	for (let i = 0; i < samples; i++) {
		if (i > 0) await sleep(gapMs);
		values.push(server.rssKb());
	}
	return median(values);
}

// ---------------------------------------------------------------- HTTP

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function http(
	method: 'GET' | 'POST',
	url: string,
	body?: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = request(
			url,
			{
				method,
				agent,
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...(token ? { authorization: `Bearer ${token}` } : {})
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					try {
						resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
					} catch {
						reject(new Error(`${method} ${url}: ${res.statusCode}, not JSON: ${text.slice(0, 200)}`));
					}
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url}: no answer in 30 s`)));
		req.end(payload);
	});
}

// ---------------------------------------------------------------- client workers

/** Client sockets spread over worker threads; collects per-seq arrival reports. */
class Clients {
	readonly #workers: Worker[] = [];
	readonly #reports = new Map<number, { first: number; last: number; count: number; workers: number }>();
	readonly #waiters = new Map<number, () => void>();
	#messages: ((message: FromWorker, index: number) => void)[] = [];
	sample: { delta: Delta; bytes: number } | null = null;
	lost = 0;
	lostReasons = new Map<string, number>();

	constructor(count: number) {
		// tsx's ESM hooks do not reach worker threads on Node 20; its CommonJS hook does.
		const tsxCjs = require.resolve('tsx/cjs/api');
		const file = join(here, 'clients.ts');
		for (let i = 0; i < count; i++) {
			const worker = new Worker(`require(${JSON.stringify(tsxCjs)}).register(); require(${JSON.stringify(file)});`, {
				eval: true,
				workerData: { base }
			});
			workers.add(worker);
			worker.on('error', (error) => console.error(`  client worker ${i} failed:`, error));
			worker.on('message', (message: FromWorker) => this.#onMessage(message, i));
			this.#workers.push(worker);
		}
	}

	#onMessage(message: FromWorker, index: number): void {
		if (message.type === 'done') {
			const report = this.#reports.get(message.seq) ?? { first: Infinity, last: -Infinity, count: 0, workers: 0 };
			report.first = Math.min(report.first, message.first);
			report.last = Math.max(report.last, message.last);
			report.count += message.count;
			report.workers++;
			this.#reports.set(message.seq, report);
			if (report.workers === this.#workers.length) this.#waiters.get(message.seq)?.();
		} else if (message.type === 'sample') {
			this.sample ??= { delta: message.delta, bytes: message.bytes };
		} else if (message.type === 'lost') {
			this.lost++;
			this.lostReasons.set(message.reason, (this.lostReasons.get(message.reason) ?? 0) + 1);
		}
		for (const listener of this.#messages) listener(message, index);
	}

	#collect<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>[]> {
		return new Promise((resolve) => {
			const got: Extract<FromWorker, { type: T }>[] = [];
			const listener = (message: FromWorker) => {
				if (message.type !== type) return;
				got.push(message as Extract<FromWorker, { type: T }>);
				if (got.length === this.#workers.length) {
					this.#messages = this.#messages.filter((l) => l !== listener);
					resolve(got);
				}
			};
			this.#messages.push(listener);
		});
	}

	async open(kind: Kind, url: string, total: number): Promise<{ opened: number; failed: number; errors: string[] }> {
		const done = this.#collect('opened');
		this.#workers.forEach((worker, i) => {
			const count = Math.floor(total / this.#workers.length) + (i < total % this.#workers.length ? 1 : 0);
			const message: ToWorker = { type: 'open', kind, url, count, channel: 'bays', concurrency: CONNECT_CONCURRENCY, token };
			worker.postMessage(message);
		});
		const results = await done;
		return {
			opened: results.reduce((sum, r) => sum + r.opened, 0),
			failed: results.reduce((sum, r) => sum + r.failed, 0),
			errors: results.flatMap((r) => r.errors)
		};
	}

	/** Resolves with the time the last client had `seq`, or null after the timeout. */
	async lastArrival(seq: number, timeoutMs: number): Promise<{ first: number; last: number } | null> {
		const ready = () => {
			const report = this.#reports.get(seq);
			return report && report.workers === this.#workers.length ? report : null;
		};
		if (!ready()) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, timeoutMs);
				this.#waiters.set(seq, () => {
					clearTimeout(timer);
					resolve();
				});
			});
			this.#waiters.delete(seq);
		}
		const report = ready();
		this.#reports.delete(seq);
		return report ? { first: report.first, last: report.last } : null;
	}

	async close(): Promise<void> {
		const done = this.#collect('closed');
		for (const worker of this.#workers) worker.postMessage({ type: 'close' } satisfies ToWorker);
		await Promise.race([done, sleep(15_000)]);
		for (const worker of this.#workers) {
			await worker.terminate();
			workers.delete(worker);
		}
	}
}

// ---------------------------------------------------------------- statistics

function median(values: number[]): number {
	return percentile(values, 50);
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const randomGap = () => sleep(20 + Math.random() * 30);

// ---------------------------------------------------------------- one run

interface RunResult {
	kind: Kind;
	n: number;
	/** POST sent to the last client having the delta, per measured command (ms). */
	latencies: number[];
	/** POST sent to the first client having it. */
	firsts: number[];
	/** POST sent to its HTTP response. */
	responses: number[];
	failures: number;
	/** Server RSS (KB): before the clients (after GC), after they joined as it stands, and after GC. */
	rss: { baseKb: number; rawKb: number; gcKb: number };
	kbPerConnRaw: number;
	kbPerConnGc: number;
	serverCpuMsPerCommand: number;
	clientCpuMsPerCommand: number;
	/** CPU used by processes other than the server and this bench, in % of one core, during the commands. */
	otherCpuPercent: number;
	frameBytes: number | null;
}

/** Busy CPU time of the whole machine (ms), from /proc/stat. */
function machineBusyMs(): number {
	const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	// user nice system idle iowait irq softirq steal
	return ((f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) * 1000) / 100;
}

/** CPU time of this process, all threads (ms). */
function benchCpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

/** What differs between Pitwall and the floor: how to start, warm up and send one command. */
interface Target {
	kind: Kind;
	server: Server;
	socketUrl: string;
	warmup(): Promise<void>;
	/** Sends one command; returns its seq, or null when it has to be retried. */
	command(): Promise<number | null>;
}

async function startPitwall(): Promise<Target> {
	const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-'));
	tempDirs.add(dataDir);
	const args = ['--inspect=127.0.0.1:0', ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), 'src/serve.js'];
	const server = new Server('pitwall', args, { PORT: '0', HOST: '127.0.0.1', PITWALL_DATA_DIR: dataDir, PITWALL_DEMO: '1' });
	// serve.js builds first when the build is older than the sources: allow for that.
	const port = await server.waitFor(/Pitwall is running on http:\/\/localhost:(\d+)/, 300_000);
	const origin = `http://127.0.0.1:${port}`;

	const list = await http('GET', `${origin}/api/v1/repair-orders?stage=in_progress`);
	const items = list.json.items as { id: number; version: number; stage: string }[] | undefined;
	if (list.status !== 200 || !items?.length) throw new Error(`no in_progress repair order to pause and resume: ${list.status} ${JSON.stringify(list.json).slice(0, 300)}`);
	const order = { id: items[0].id, version: items[0].version, paused: false };

	const command = async (): Promise<number | null> => {
		const body = order.paused
			? { action: 'resume', expectedVersion: order.version }
			: { action: 'pause', reason: 'other', expectedVersion: order.version };
		const res = await http('POST', `${origin}/api/v1/repair-orders/${order.id}/transitions`, body);
		if (res.status === 200 && typeof res.json.seq === 'number' && typeof res.json.version === 'number') {
			order.version = res.json.version;
			order.paused = res.json.stage === 'paused';
			return res.json.seq;
		}
		if (res.status === 409) {
			// Someone else moved the order: take its state as it is now, and try again.
			const current = await http('GET', `${origin}/api/v1/repair-orders/${order.id}`);
			const view = (current.json.item ?? current.json) as { version?: number; stage?: string };
			if (typeof view.version !== 'number' || (view.stage !== 'in_progress' && view.stage !== 'paused')) {
				throw new Error(`repair order ${order.id} is no longer in progress or paused: ${JSON.stringify(current.json).slice(0, 200)}`);
			}
			order.version = view.version;
			order.paused = view.stage === 'paused';
			return null;
		}
		throw new Error(`POST transition: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
	};

	const warmup = async () => {
		// Load the code paths that the measurement uses before the baseline RSS: a socket that
		// joins (snapshot), and a pause and a resume.
		await new Promise<void>((resolve, reject) => {
			const socket = io(origin, { transports: ['websocket'], forceNew: true, reconnection: false, ...(token ? { auth: { token } } : {}) });
			socket.once('connect_error', reject);
			socket.once('connect', () =>
				socket.emit('join:v1', { channel: 'bays' }, (reply: { ok: boolean; error?: string }) => {
					socket.disconnect();
					if (reply.ok) resolve();
					else reject(new Error(`join refused: ${reply.error}`));
				})
			);
		});
		for (let i = 0; i < 2; i++) while ((await command()) === null);
	};

	return { kind: 'pitwall', server, socketUrl: origin, warmup, command };
}

async function startFloor(template: Delta): Promise<Target> {
	const server = new Server('floor', ['--inspect=127.0.0.1:0', '--import', 'tsx', join(here, 'floor-server.ts')], { PORT: '0' });
	const port = await server.waitFor(/floor listening on (\d+)/, 60_000);
	const origin = `http://127.0.0.1:${port}`;
	const set = await http('POST', `${origin}/template`, template);
	if (set.status !== 200) throw new Error(`floor /template: ${set.status}`);
	let seq = 0;
	const command = async (): Promise<number | null> => {
		const res = await http('POST', `${origin}/send`, { seq: ++seq });
		if (res.status !== 200) throw new Error(`floor /send: ${res.status}`);
		return seq;
	};
	const warmup = async () => {
		await command();
		await command();
	};
	return { kind: 'floor', server, socketUrl: `ws://127.0.0.1:${port}/`, warmup, command };
}

async function run(target: Target, n: number): Promise<{ result: RunResult; sample: Clients['sample'] }> {
	const { server, kind } = target;
	let clients: Clients | null = null;
	try {
		await target.warmup();
		// The baseline: code loaded, start-up garbage collected.
		const baseKb = await rssAfterGcKb(server);

		clients = new Clients(workerCount);
		const connectStart = now();
		const opened = await clients.open(kind, target.socketUrl, n);
		if (opened.failed > 0) throw new Error(`${kind}: ${opened.failed} of ${n} clients failed to connect: ${opened.errors.join('; ')}`);
		console.log(`  ${kind}: ${n} clients connected${kind === 'pitwall' ? ' and joined "bays"' : ''} in ${((now() - connectStart) / 1000).toFixed(1)} s`);
		await sleep(2500);
		// As it stands (what the machine sees), then what the connections keep after a full GC.
		const rawKb = await rssMedianKb(server);
		const gcKb = await rssAfterGcKb(server);

		const latencies: number[] = [];
		const responses: number[] = [];
		const firsts: number[] = [];
		let failures = 0;
		let consecutiveFailures = 0;
		let start = { server: 0, bench: 0, machine: 0, wall: 0 };
		for (let i = 0; i < commandCount; i++) {
			if (i === warmupCount) start = { server: server.cpuMs(), bench: benchCpuMs(), machine: machineBusyMs(), wall: now() };
			await randomGap();
			const t0 = now();
			const seq = await target.command();
			const tResponse = now();
			if (seq === null) {
				i--;
				continue;
			}
			const arrival = await clients.lastArrival(seq, DELTA_TIMEOUT_MS);
			if (!arrival) {
				failures++;
				consecutiveFailures++;
				console.log(`  ${kind}: command ${i} (seq ${seq}) not at all ${n} clients within ${DELTA_TIMEOUT_MS} ms`);
				if (consecutiveFailures >= 3) throw new Error(`${kind}: three commands in a row never reached every client (lost sockets: ${clients.lost})`);
				continue;
			}
			consecutiveFailures = 0;
			if (i < warmupCount) continue;
			latencies.push(arrival.last - t0);
			firsts.push(arrival.first - t0);
			responses.push(tResponse - t0);
		}
		const measured = commandCount - warmupCount;
		const serverCpu = server.cpuMs() - start.server;
		const benchCpu = benchCpuMs() - start.bench;
		const otherCpu = machineBusyMs() - start.machine - serverCpu - benchCpu;
		if (clients.lost > 0) console.log(`  ${kind}: ${clients.lost} sockets lost during the run: ${JSON.stringify(Object.fromEntries(clients.lostReasons))}`);
		const sample = clients.sample;
		return {
			sample,
			result: {
				kind,
				n,
				latencies,
				firsts,
				responses,
				failures,
				rss: { baseKb, rawKb, gcKb },
				kbPerConnRaw: (rawKb - baseKb) / n,
				kbPerConnGc: (gcKb - baseKb) / n,
				serverCpuMsPerCommand: serverCpu / measured,
				clientCpuMsPerCommand: benchCpu / measured,
				otherCpuPercent: Math.max(0, (otherCpu / (now() - start.wall)) * 100),
				frameBytes: sample?.bytes ?? null
			}
		};
	} finally {
		await clients?.close();
		await server.stop();
	}
}

// ---------------------------------------------------------------- report

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');

function describe(r: RunResult): string {
	const mb = (kb: number) => (kb / 1024).toFixed(1);
	return (
		`p50 ${ms(percentile(r.latencies, 50))}  p95 ${ms(percentile(r.latencies, 95))}  p99 ${ms(percentile(r.latencies, 99))}  ` +
		`max ${ms(Math.max(...r.latencies))} ms` +
		(r.failures ? `;  ${r.failures} FAILED` : '') +
		`\n           RSS ${mb(r.rss.baseKb)} MB before the clients; with them ${mb(r.rss.rawKb)} MB as it stands = ${r.kbPerConnRaw.toFixed(1)} KB/conn, ` +
		`${mb(r.rss.gcKb)} MB after a forced GC = ${r.kbPerConnGc.toFixed(1)} KB/conn` +
		`\n           CPU per command: server ${r.serverCpuMsPerCommand.toFixed(2)} ms, clients ${r.clientCpuMsPerCommand.toFixed(2)} ms; ` +
		`other processes ${r.otherCpuPercent.toFixed(0)}% of a core`
	);
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
	const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
	return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function openFilesLimit(): number {
	try {
		const limits = readFileSync('/proc/self/limits', 'utf8');
		return Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? NaN);
	} catch {
		return NaN;
	}
}

async function main(): Promise<void> {
	const limit = openFilesLimit();
	const needed = 2 * Math.max(...sizes) + 200;
	console.log(`bench:live  sizes ${sizes.join(', ')}; ${commandCount} commands (first ${warmupCount} warm-up); ${workerCount} client worker thread(s); open-file limit ${limit}`);
	if (limit < needed) {
		console.log(`  WARNING: the open-file limit (${limit}) is below the ~${needed} descriptors needed (a client and a server socket per connection). Raise it with \`ulimit -n ${needed}\`.`);
	}

	const idleStart = machineBusyMs();
	await sleep(1000);
	const busyNow = (machineBusyMs() - idleStart) / 10;
	if (busyNow >= 20) console.log(`  WARNING: the machine is already busy (${busyNow.toFixed(0)}% of a core used by other processes); the figures will be disturbed.`);

	const results: { n: number; pitwall: RunResult; floor: RunResult }[] = [];
	let template: Delta | null = null;
	for (const n of sizes) {
		console.log(`\nN = ${n}`);
		const pitwallRun = await run(await startPitwall(), n);
		console.log(`  pitwall: ${describe(pitwallRun.result)}`);
		template ??= pitwallRun.sample?.delta ?? null;
		if (!template) throw new Error('no delta with patches was captured from Pitwall to size the floor frame');
		const floorRun = await run(await startFloor(template), n);
		console.log(`  floor:   ${describe(floorRun.result)}`);
		results.push({ n, pitwall: pitwallRun.result, floor: floorRun.result });
	}

	const rows: string[][] = [['N', 'figure', 'pitwall', 'floor', 'ratio', 'target', 'verdict']];
	for (const { n, pitwall, floor } of results) {
		for (const p of [50, 95, 99]) {
			const a = percentile(pitwall.latencies, p);
			const b = percentile(floor.latencies, p);
			const isTarget = p === 95;
			rows.push([
				String(n),
				`p${p} last client (ms)`,
				ms(a),
				ms(b),
				`${(a / b).toFixed(2)}x`,
				isTarget ? `<= ${TARGET_RATIO}x floor` : '',
				isTarget ? (a / b <= TARGET_RATIO && pitwall.failures === 0 ? 'PASS' : 'MISS') : ''
			]);
		}
		rows.push([String(n), 'max last client (ms)', ms(Math.max(...pitwall.latencies)), ms(Math.max(...floor.latencies)), '', '', '']);
		rows.push([String(n), 'p50 first client (ms)', ms(percentile(pitwall.firsts, 50)), ms(percentile(floor.firsts, 50)), '', '', '']);
		rows.push([String(n), 'p50 HTTP response (ms)', ms(percentile(pitwall.responses, 50)), ms(percentile(floor.responses, 50)), '', '', '']);
		const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
		rows.push([String(n), 'server CPU / command (ms)', pitwall.serverCpuMsPerCommand.toFixed(2), floor.serverCpuMsPerCommand.toFixed(2), ratio(pitwall.serverCpuMsPerCommand, floor.serverCpuMsPerCommand), '', '']);
		rows.push([String(n), 'client CPU / command (ms)', pitwall.clientCpuMsPerCommand.toFixed(2), floor.clientCpuMsPerCommand.toFixed(2), ratio(pitwall.clientCpuMsPerCommand, floor.clientCpuMsPerCommand), '', '']);
		rows.push([String(n), 'server RSS / conn, as is (KB)', pitwall.kbPerConnRaw.toFixed(1), floor.kbPerConnRaw.toFixed(1), ratio(pitwall.kbPerConnRaw, floor.kbPerConnRaw), '', '']);
		rows.push([
			String(n),
			'server RSS / conn, after GC (KB)',
			pitwall.kbPerConnGc.toFixed(1),
			floor.kbPerConnGc.toFixed(1),
			ratio(pitwall.kbPerConnGc, floor.kbPerConnGc),
			`<= ${TARGET_KB_PER_CONN} KB`,
			pitwall.kbPerConnGc <= TARGET_KB_PER_CONN ? 'PASS' : 'MISS'
		]);
		rows.push([String(n), 'commands timed out', String(pitwall.failures), String(floor.failures), '', '0', pitwall.failures === 0 ? 'PASS' : 'MISS']);
	}
	const frame = results[0]?.pitwall.frameBytes;
	console.log(`\nResults (${commandCount - warmupCount} measured commands per run; delta frame ${frame ?? '?'} bytes, the floor sends the same delta)\n`);
	console.log(table(rows));
	const busy = results.flatMap((r) => [r.pitwall, r.floor]).filter((r) => r.otherCpuPercent >= 10);
	if (busy.length) {
		console.log(`\nNote: other processes used CPU during ${busy.map((r) => `${r.kind} N=${r.n} (${r.otherCpuPercent.toFixed(0)}% of a core)`).join(', ')}; on 2 cores that disturbs the figures. Rerun on a quiet machine.`);
	}
	const missed = rows.filter((row) => row[6] === 'MISS').length;
	console.log(`\n${missed === 0 ? 'All targets met.' : `${missed} target(s) missed.`}`);
	if (cpuProfDir) console.log(`Pitwall CPU profiles: ${cpuProfDir}`);
	process.exitCode = missed === 0 ? 0 : 1;
}

try {
	await main();
} catch (error) {
	console.error('\nbench:live failed:', error instanceof Error ? error.message : error);
	process.exitCode = 2;
} finally {
	cleanup();
	agent.destroy();
}
