import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/live/protocol';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real HTTP server with Socket.IO on an ephemeral port, over an in-memory SQLite database. */
export async function startServer(options: { demo?: boolean; heartbeatSeconds?: number; now?: () => number } = {}) {
	const httpServer = createServer();
	const settings = { ...readSettings({}), dataDir: ':memory:', demo: options.demo ?? true, heartbeatSeconds: options.heartbeatSeconds ?? 0.2 };
	const app: App = await openApp(settings, { httpServer, now: options.now });
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	const sockets: ClientSocket[] = [];
	return {
		app,
		url,
		connect(): ClientSocket {
			const s: ClientSocket = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200 });
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

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}
