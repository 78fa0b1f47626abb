/**
 * A worker thread of `npm run bench:live` holding a share of the client sockets, for Pitwall
 * (websocket transport, one connection each) or for the floor (bare `ws`).
 *
 * Two kinds of client (BENCH_CLIENT):
 *  - `light` (default): a `ws` socket speaking the Engine.IO 4 / Socket.IO 5 wire protocol
 *    itself (handshake, namespace connect, `join:v1` with its ack, pong), which reads only
 *    the first bytes of each frame to find the seq. The floor's clients read their frames
 *    the same way. On the server's side this is the same traffic as socket.io-client over
 *    websocket; on this side it costs little, so with 1000 sockets on one core the figure is
 *    the server's fan-out, not the time this process takes to decode 1000 deltas (on a shop
 *    floor each screen decodes its own, in parallel).
 *  - `socket.io`: the real socket.io-client (`transports: ['websocket']`, a Manager per
 *    socket), which decodes every delta fully; the floor's clients then JSON.parse every frame.
 *
 * Every arrival is timestamped on the process-wide monotonic clock (hrtime, minus the base
 * the main thread passes in), so times from all workers and the main thread compare
 * directly. When every socket of this worker has a given seq, the worker reports the first
 * and the last arrival time for it.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, Delta, JoinReply, ServerToClientEvents } from '../../src/lib/live/protocol';

export type Kind = 'pitwall' | 'floor';
export type ClientKind = 'light' | 'socket.io';

/** How a socket proves who it is: a wall screen's cookie (its display key), or a token in `auth`. */
export interface SocketAuth {
	cookie?: string;
	token?: string;
}

export type ToWorker =
	| { type: 'open'; kind: Kind; client: ClientKind; url: string; count: number; channel: 'bays'; concurrency: number; auth: SocketAuth }
	| { type: 'cpu' }
	| { type: 'close' };

export type FromWorker =
	| { type: 'opened'; opened: number; failed: number; errors: string[] }
	| { type: 'done'; seq: number; first: number; last: number; count: number }
	| { type: 'sample'; delta: Delta; bytes: number }
	| { type: 'lost'; reason: string }
	| { type: 'cpu'; ms: number }
	| { type: 'closed' };

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const port = parentPort;
if (!port) throw new Error('clients.ts runs as a worker thread of tests/bench/live.ts');
const base = (workerData as { base: bigint }).base;
const now = () => Number(process.hrtime.bigint() - base) / 1e6;
const post = (message: FromWorker) => port.postMessage(message);

let expected = 0;
let closing = false;
let sampled = false;
const arrivals = new Map<number, { count: number; first: number; last: number }>();
const pitwallSockets: LiveSocket[] = [];
const rawSockets: WebSocket[] = [];

const DELTA_PREFIX = '42["delta:v1",';
const SEQ = /"seq":(\d+)/;

/**
 * The seq of a delta frame (`42["delta:v1",{"channel":"bays","seq":n,...}]`) read from its
 * first bytes, or null for any other frame.
 */
function deltaSeq(data: Buffer): number | null {
	const head = data.toString('latin1', 0, 64);
	if (!head.startsWith(DELTA_PREFIX)) return null;
	const match = SEQ.exec(head);
	return match ? Number(match[1]) : null;
}

function sampleOnce(text: string): void {
	if (sampled) return;
	const [, delta] = JSON.parse(text.slice(2)) as [string, Delta];
	if (delta.patches.length === 0) return;
	sampled = true;
	post({ type: 'sample', delta, bytes: Buffer.byteLength(text) });
}

function arrive(seq: number, t: number): void {
	let entry = arrivals.get(seq);
	if (!entry) {
		entry = { count: 0, first: t, last: t };
		arrivals.set(seq, entry);
	}
	entry.count++;
	entry.last = t;
	if (entry.count === expected) {
		arrivals.delete(seq);
		post({ type: 'done', seq, first: entry.first, last: entry.last, count: entry.count });
	}
}

function lost(reason: string): void {
	if (!closing) post({ type: 'lost', reason });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}

function openPitwall(url: string, channel: 'bays', auth: SocketAuth): Promise<void> {
	const socket: LiveSocket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		timeout: 20_000,
		...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
		...(auth.token ? { auth: { token: auth.token } } : {})
	});
	pitwallSockets.push(socket);
	socket.on('delta:v1', (delta) => {
		const t = now();
		if (!sampled && delta.patches.length > 0) {
			sampled = true;
			post({ type: 'sample', delta, bytes: Buffer.byteLength('42' + JSON.stringify(['delta:v1', delta])) });
		}
		arrive(delta.seq, t);
	});
	socket.on('disconnect', (reason) => lost(`socket.io disconnect: ${reason}`));
	const joined = new Promise<void>((resolve, reject) => {
		socket.once('connect_error', (error) => reject(error));
		socket.once('connect', () => {
			socket.emit('join:v1', { channel }, (reply: JoinReply) => {
				if (reply.ok) resolve();
				else reject(new Error(`join refused: ${reply.error}`));
			});
		});
	});
	return withTimeout(joined, 30_000, 'connect + join');
}

/** Socket.IO over a bare `ws`: the protocol by hand, each frame read only as far as its seq. */
function openLight(url: string, channel: 'bays', auth: SocketAuth): Promise<void> {
	const endpoint = new URL('/socket.io/?EIO=4&transport=websocket', url.replace(/^http/, 'ws'));
	const ws = new WebSocket(endpoint, { perMessageDeflate: false, ...(auth.cookie ? { headers: { cookie: auth.cookie } } : {}) });
	rawSockets.push(ws);
	let joined: () => void = () => {};
	let refused: (error: Error) => void = () => {};
	const ready = new Promise<void>((resolve, reject) => {
		joined = resolve;
		refused = reject;
	});
	let state: 'handshake' | 'connect' | 'join' | 'live' = 'handshake';
	ws.on('message', (data: Buffer) => {
		const t = now();
		if (state === 'live') {
			const seq = deltaSeq(data);
			if (seq !== null) {
				if (!sampled) sampleOnce(data.toString('utf8'));
				arrive(seq, t);
			} else if (data.length === 1 && data[0] === 0x32) ws.send('3'); // Engine.IO ping -> pong
			return;
		}
		const text = data.toString('utf8');
		if (text === '2') return ws.send('3');
		if (state === 'handshake' && text.startsWith('0{')) {
			state = 'connect';
			ws.send(auth.token ? `40${JSON.stringify({ token: auth.token })}` : '40');
		} else if (state === 'connect' && text.startsWith('40')) {
			state = 'join';
			ws.send(`420${JSON.stringify(['join:v1', { channel }])}`);
		} else if (state === 'connect' && text.startsWith('44')) {
			refused(new Error(`namespace connect refused: ${text.slice(2, 200)}`));
		} else if (state === 'join' && text.startsWith('430')) {
			const [reply] = JSON.parse(text.slice(3)) as [JoinReply];
			if (reply.ok) {
				state = 'live';
				joined();
			} else refused(new Error(`join refused: ${reply.error}`));
		}
	});
	ws.on('close', () => lost('ws closed'));
	ws.on('error', (error) => refused(error));
	return withTimeout(ready, 30_000, 'connect + join');
}

function openFloor(url: string, client: ClientKind): Promise<void> {
	const ws = new WebSocket(url, { perMessageDeflate: false });
	rawSockets.push(ws);
	ws.on('message', (data: Buffer) => {
		const t = now();
		if (client === 'light') {
			const seq = deltaSeq(data);
			if (seq !== null) arrive(seq, t);
			return;
		}
		// As socket.io-client does with each frame: decode it whole.
		const text = data.toString('utf8');
		if (!text.startsWith('42')) return;
		const [, delta] = JSON.parse(text.slice(2)) as [string, Delta];
		arrive(delta.seq, t);
	});
	ws.on('close', () => lost('ws closed'));
	ws.on('error', () => {});
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	return withTimeout(opened, 30_000, 'ws open');
}

async function open(message: Extract<ToWorker, { type: 'open' }>): Promise<void> {
	expected = message.count;
	let opened = 0;
	let failed = 0;
	const errors: string[] = [];
	for (let start = 0; start < message.count; start += message.concurrency) {
		const batch: Promise<void>[] = [];
		for (let i = start; i < Math.min(message.count, start + message.concurrency); i++) {
			batch.push(
				message.kind === 'floor'
					? openFloor(message.url, message.client)
					: message.client === 'light'
						? openLight(message.url, message.channel, message.auth)
						: openPitwall(message.url, message.channel, message.auth)
			);
		}
		for (const result of await Promise.allSettled(batch)) {
			if (result.status === 'fulfilled') opened++;
			else {
				failed++;
				if (errors.length < 5) errors.push(String(result.reason));
			}
		}
	}
	post({ type: 'opened', opened, failed, errors });
}

async function close(): Promise<void> {
	closing = true;
	for (const socket of pitwallSockets) socket.disconnect();
	await Promise.all(
		rawSockets.map(
			(ws) =>
				new Promise<void>((resolve) => {
					if (ws.readyState === WebSocket.CLOSED) return resolve();
					ws.once('close', () => resolve());
					ws.close();
					setTimeout(() => {
						ws.terminate();
						resolve();
					}, 2000).unref();
				})
		)
	);
	post({ type: 'closed' });
}

/** This thread's user + system CPU (ms), from /proc/thread-self/stat (clock ticks of 10 ms). */
function threadCpuMs(): number {
	const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

port.on('message', (message: ToWorker) => {
	if (message.type === 'open') void open(message);
	else if (message.type === 'cpu') post({ type: 'cpu', ms: threadCpuMs() });
	else if (message.type === 'close') void close();
});
