/**
 * The floor for `npm run bench:live`: a bare `ws` server, no Socket.IO, no database. It runs
 * in its own process (so its RSS and CPU are its own, like Pitwall's) and, on
 * `POST /send {seq}`, answers the request and then writes ONE prebuilt WebSocket frame to
 * every connected client: the same bytes Socket.IO puts on the wire for a delta
 * (`42["delta:v1",{...}]`), built once with `Sender.frame` and written with
 * `sendFrame`, which is exactly what Socket.IO's broadcast does when per-message compression
 * is off. What Pitwall spends beyond this is the cost of Socket.IO, SvelteKit, SQLite and
 * the projections.
 *
 *   POST /template  body: a real delta captured from Pitwall (only its size and shape matter)
 *   POST /send      body: {"seq": n}  answers {"seq", "clients"} and then fans out
 *   GET  /clients   answers {"clients": n}
 *
 * Prints `floor listening on <port>` once listening (PORT=0 picks a free port).
 */
import { createServer, type IncomingMessage } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';

interface SenderStatic {
	frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[];
}
interface WithSender {
	_sender?: { sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void };
}

const Sender = (WebSocket as unknown as { Sender?: SenderStatic }).Sender;
let template: Record<string, unknown> = { channel: 'bays', seq: 0, serverTime: 0, patches: [] };

function body(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const noop = () => {};

const server = createServer((req, res) => {
	void (async () => {
		try {
			if (req.method === 'POST' && req.url === '/send') {
				const { seq } = JSON.parse(await body(req)) as { seq: number };
				// Built once per command, like Socket.IO's broadcast encodes once per emit.
				const data = Buffer.from('42' + JSON.stringify(['delta:v1', { ...template, seq, serverTime: Date.now() }]));
				const frame = Sender?.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ seq, clients: wss.clients.size }));
				for (const ws of wss.clients) {
					const sender = (ws as unknown as WithSender)._sender;
					if (frame && sender?.sendFrame) sender.sendFrame(frame, noop);
					else ws.send(data, { binary: false });
				}
				return;
			}
			if (req.method === 'POST' && req.url === '/template') {
				template = JSON.parse(await body(req)) as Record<string, unknown>;
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ ok: true }));
				return;
			}
			if (req.method === 'GET' && req.url === '/clients') {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ clients: wss.clients.size }));
				return;
			}
			res.statusCode = 404;
			res.end();
		} catch (error) {
			res.statusCode = 500;
			res.end(String(error));
		}
	})();
});

const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
	ws.on('error', noop);
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const address = server.address();
	console.log(`floor listening on ${typeof address === 'object' && address ? address.port : address}`);
	if (!Sender) console.log('floor: ws Sender.frame unavailable, falling back to ws.send');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
