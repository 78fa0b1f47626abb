import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { eventFrame, fanOut } from '$lib/server/fanout';
import { waitFor } from './harness';

let http: HttpServer | undefined;
let server: Server | undefined;
const clients: ClientSocket[] = [];
const raws: WebSocket[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.disconnect();
	for (const r of raws.splice(0)) r.terminate();
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	server = undefined;
	http = undefined;
});

async function start(): Promise<{ url: string; sockets: () => Socket[] }> {
	http = createServer();
	server = new Server(http, { serveClient: false, perMessageDeflate: false });
	await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
	const io = server;
	return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, sockets: () => [...io.sockets.sockets.values()] };
}

/** A socket.io-client that records every event it gets, in order. */
function client(url: string, transports: ('websocket' | 'polling')[]): { socket: ClientSocket; seen: unknown[][] } {
	const socket = connect(url, { transports, forceNew: true, reconnection: false });
	const seen: unknown[][] = [];
	socket.onAny((event: string, ...args: unknown[]) => seen.push([event, ...args]));
	clients.push(socket);
	return { socket, seen };
}

const delta = { channel: 'bays', seq: 7, serverTime: 1, patches: [{ kind: 'bay', id: 1, value: { code: 'M1', note: '举升机 ✓' } }] };

describe('fan-out of one prebuilt frame', () => {
	it('writes the bytes Socket.IO itself would write for the event', async () => {
		const { url, sockets } = await start();
		// A bare WebSocket speaking Engine.IO / Socket.IO, to see the frames as they are.
		const raw = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
		raws.push(raw);
		const frames: string[] = [];
		raw.on('message', (data: Buffer) => {
			const text = data.toString('utf8');
			if (text.startsWith('0{')) raw.send('40');
			else frames.push(text);
		});
		await waitFor(() => sockets().length === 1 && frames.some((f) => f.startsWith('40')), 5000, 'connected');
		const socket = sockets()[0];
		await waitFor(() => (socket.conn as unknown as { transport: { writable: boolean } }).transport.writable, 2000, 'writable');
		socket.emit('delta:v1', delta); // through Socket.IO
		await waitFor(() => frames.length === 2, 2000, 'emit');
		await waitFor(() => (socket.conn as unknown as { transport: { writable: boolean } }).transport.writable, 2000, 'writable again');
		expect(fanOut([socket], 'delta:v1', delta)).toEqual({ direct: 1, fallback: 0 });
		await waitFor(() => frames.length === 3, 2000, 'fan-out');
		expect(frames[2]).toBe(frames[1]);
		// The frame is a WebSocket header and then exactly those bytes.
		const frame = Buffer.concat(eventFrame('delta:v1', delta)!);
		const data = Buffer.from(frames[1]);
		expect(frame.subarray(frame.length - data.length).equals(data)).toBe(true);
		expect(frame.length - data.length).toBeLessThanOrEqual(4);
	});

	it('keeps each connection’s order: a busy or long-polling connection gets the event through Socket.IO', async () => {
		const { url, sockets } = await start();
		const ws = client(url, ['websocket']);
		const polling = client(url, ['polling']);
		await waitFor(() => ws.socket.connected && polling.socket.connected && sockets().length === 2, 5000, 'connected');
		await new Promise((resolve) => setTimeout(resolve, 100)); // every handshake write has finished

		const idle = fanOut(sockets(), 'delta:v1', { ...delta, seq: 1 });
		expect(idle).toEqual({ direct: 1, fallback: 1 }); // the websocket one directly; polling cannot

		// An event still being written makes the connection busy: the next one queues behind it.
		for (const s of sockets()) s.emit('note', 'a');
		expect(fanOut(sockets(), 'delta:v1', { ...delta, seq: 2 })).toEqual({ direct: 0, fallback: 2 });
		for (const s of sockets()) s.emit('note', 'b');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(fanOut(sockets(), 'delta:v1', { ...delta, seq: 3 })).toEqual({ direct: 1, fallback: 1 });

		const expected = [
			['delta:v1', { ...delta, seq: 1 }],
			['note', 'a'],
			['delta:v1', { ...delta, seq: 2 }],
			['note', 'b'],
			['delta:v1', { ...delta, seq: 3 }]
		];
		await waitFor(() => ws.seen.length === 5 && polling.seen.length === 5, 5000, 'all events');
		expect(ws.seen).toEqual(expected);
		expect(polling.seen).toEqual(expected);
	});

	it('skips nobody and sends nothing twice to many websocket screens', async () => {
		const { url, sockets } = await start();
		const screens = Array.from({ length: 30 }, () => client(url, ['websocket']));
		await waitFor(() => sockets().length === 30 && screens.every((s) => s.socket.connected), 5000, 'connected');
		await new Promise((resolve) => setTimeout(resolve, 100));
		for (let seq = 1; seq <= 20; seq++) fanOut(sockets(), 'delta:v1', { ...delta, seq });
		await waitFor(() => screens.every((s) => s.seen.length === 20), 5000, 'every delta');
		for (const s of screens) expect(s.seen.map(([, d]) => (d as { seq: number }).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});
});
