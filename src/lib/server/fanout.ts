import * as wsModule from 'ws';
import type { Socket } from 'socket.io';

/**
 * One event to every socket of a room, written as one prebuilt WebSocket frame.
 *
 * A delta goes to every wall screen at once, and with hundreds of screens the broadcast is
 * the server's hot path. Socket.IO's own broadcast already encodes the packet and frames it
 * once (`wsPreEncodedFrame`), then hands it to each connection through Engine.IO, whose
 * per-connection bookkeeping (packet objects, events, write callbacks) costs about as much
 * again as the write itself. Here the same frame goes straight to the WebSocket of each
 * connection that is idle on the websocket transport: nothing queued in Engine.IO, not
 * upgrading, no compression, the socket open. That is exactly when Engine.IO itself would
 * write the frame at once, so the order of frames on every connection is unchanged. Any other
 * connection (long-polling, mid-upgrade, a backlog, a library version without these fields)
 * gets the event through Socket.IO as usual.
 */

/** What this relies on of Engine.IO's connection and its WebSocket transport, all checked. */
interface EngineConnection {
	readyState?: string;
	upgrading?: boolean;
	writeBuffer?: unknown[];
	transport?: {
		name?: string;
		writable?: boolean;
		perMessageDeflate?: unknown;
		socket?: { readyState?: number; _sender?: { sendFrame?: (frame: Buffer[], callback: (error?: Error) => void) => void } };
	};
}

type FrameOptions = { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean };
/** `ws` exports the class that frames messages (its ESM entry does; its types do not). */
const frameOf = (wsModule as unknown as { Sender?: { frame?: (data: Buffer, options: FrameOptions) => Buffer[] } }).Sender?.frame;
const OPEN = 1; // WebSocket.OPEN

const ignore = () => {};

/**
 * The frame Socket.IO would put on the wire for `emit(event, data)` on the main namespace:
 * Engine.IO message ("4"), Socket.IO event ("2"), then the JSON array. Null when this `ws`
 * cannot prebuild frames (then everything goes through Socket.IO).
 */
export function eventFrame(event: string, data: unknown): Buffer[] | null {
	if (typeof frameOf !== 'function') return null;
	const packet = Buffer.from('42' + JSON.stringify([event, data]));
	return frameOf(packet, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
}

/** Writes the frame straight to the connection's WebSocket when that keeps the order; else false. */
export function writeFrame(socket: Socket, frame: Buffer[]): boolean {
	const conn = socket.conn as unknown as EngineConnection;
	const transport = conn.transport;
	const ws = transport?.socket;
	const sender = ws?._sender;
	if (
		conn.readyState !== 'open' ||
		conn.upgrading !== false ||
		conn.writeBuffer?.length !== 0 ||
		transport?.name !== 'websocket' ||
		transport.writable !== true ||
		transport.perMessageDeflate ||
		ws?.readyState !== OPEN ||
		typeof sender?.sendFrame !== 'function'
	) {
		return false;
	}
	sender.sendFrame(frame, ignore);
	return true;
}

export interface FanOutCount {
	/** Written straight to the WebSocket. */
	direct: number;
	/** Sent through Socket.IO (not idle on the websocket transport). */
	fallback: number;
}

/**
 * Sends `event` with `data` to each socket: the prebuilt frame where `writeFrame` may, else
 * `socket.emit`. `data` must be JSON (no binary, no acknowledgement).
 */
export function fanOut(sockets: Iterable<Socket>, event: string, data: unknown): FanOutCount {
	const count: FanOutCount = { direct: 0, fallback: 0 };
	let frame: Buffer[] | null | undefined;
	for (const socket of sockets) {
		frame ??= eventFrame(event, data);
		if (frame && writeFrame(socket, frame)) {
			count.direct++;
		} else {
			socket.emit(event as never, data as never);
			count.fallback++;
		}
	}
	return count;
}
