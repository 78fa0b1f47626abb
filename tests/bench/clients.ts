/**
 * A worker thread of `npm run bench:live` holding a share of the client sockets, for Pitwall
 * (socket.io-client, websocket transport, one connection each) or for the floor (bare `ws`).
 * Every arrival is timestamped on the process-wide monotonic clock (hrtime, minus the base
 * the main thread passes in), so times from all workers and the main thread compare
 * directly. When every socket of this worker has a given seq, the worker reports the first
 * and the last arrival time for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientToServerEvents, Delta, JoinReply, ServerToClientEvents } from '../../src/lib/live/protocol';

export type Kind = 'pitwall' | 'floor';

export type ToWorker =
	| { type: 'open'; kind: Kind; url: string; count: number; channel: 'bays'; concurrency: number; token?: string }
	| { type: 'close' };

export type FromWorker =
	| { type: 'opened'; opened: number; failed: number; errors: string[] }
	| { type: 'done'; seq: number; first: number; last: number; count: number }
	| { type: 'sample'; delta: Delta; bytes: number }
	| { type: 'lost'; reason: string }
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
const floorSockets: WebSocket[] = [];

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

function openPitwall(url: string, channel: 'bays', token: string | undefined): Promise<void> {
	const socket: LiveSocket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		timeout: 20_000,
		...(token ? { auth: { token } } : {})
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

function openFloor(url: string): Promise<void> {
	const ws = new WebSocket(url, { perMessageDeflate: false });
	floorSockets.push(ws);
	ws.on('message', (data: Buffer, isBinary: boolean) => {
		const t = now();
		// The same work a screen does with a frame: decode it and read the delta.
		const text = isBinary ? '' : data.toString('utf8');
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
			batch.push(message.kind === 'pitwall' ? openPitwall(message.url, message.channel, message.token) : openFloor(message.url));
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
		floorSockets.map(
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

port.on('message', (message: ToWorker) => {
	if (message.type === 'open') void open(message);
	else if (message.type === 'close') void close();
});
