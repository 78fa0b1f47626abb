// @ts-check
/**
 * The floor for `npm run bench:live`: a bare `ws` server, no Socket.IO, no database. It runs
 * in its own process (so its RSS and CPU are its own, like Pitwall's), as plain JavaScript
 * under plain `node` like Pitwall's production server (no TypeScript loader in the process
 * whose memory is measured). On `POST /send {seq}` it answers the request and then writes
 * ONE prebuilt WebSocket frame to every connected client: the same bytes Socket.IO puts on
 * the wire for a delta (`42["delta:v1",{...}]`), framed once with `Sender.frame` and written
 * with `sendFrame`, which is what Socket.IO's broadcast does when per-message compression is
 * off. What Pitwall spends beyond this is Socket.IO, SvelteKit, SQLite and the projections.
 *
 *   POST /template  body: a real delta captured from Pitwall (its size and shape are what count)
 *   POST /send      body: {"seq": n}; answers {"seq", "clients"}, then fans out
 *   GET  /clients   answers {"clients": n}
 *
 * Prints `floor listening on <port>` once listening (PORT=0 picks a free port).
 */
import { createServer } from 'node:http';
import * as wsModule from 'ws';
import { WebSocketServer } from 'ws';

/**
 * @typedef {{ frame(data: Buffer, options: { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean }): Buffer[] }} SenderStatic
 * @typedef {{ _sender?: { sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void } }} WithSender
 */

/** `ws` exports the class Socket.IO uses to prebuild frames (its ESM entry), but its types do not. */
const Sender = /** @type {{ Sender?: SenderStatic }} */ (/** @type {unknown} */ (wsModule)).Sender;
/** @type {Record<string, unknown>} */
let template = { channel: 'bays', seq: 0, serverTime: 0, patches: [] };

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function body(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const noop = () => {};

const server = createServer((req, res) => {
	void (async () => {
		try {
			if (req.method === 'POST' && req.url === '/send') {
				const { seq } = /** @type {{ seq: number }} */ (JSON.parse(await body(req)));
				// Encoded and framed once per command, like Socket.IO's broadcast does per emit.
				const data = Buffer.from('42' + JSON.stringify(['delta:v1', { ...template, seq, serverTime: Date.now() }]));
				const frame = Sender?.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ seq, clients: wss.clients.size }));
				for (const ws of wss.clients) {
					const sender = /** @type {WithSender} */ (/** @type {unknown} */ (ws))._sender;
					if (frame && sender?.sendFrame) sender.sendFrame(frame, noop);
					else ws.send(data, { binary: false });
				}
				return;
			}
			if (req.method === 'POST' && req.url === '/template') {
				template = /** @type {Record<string, unknown>} */ (JSON.parse(await body(req)));
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
	if (!Sender) console.log('WARNING: ws Sender.frame is unavailable, the floor falls back to ws.send');
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
