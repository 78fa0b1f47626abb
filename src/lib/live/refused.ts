/** What `keepConnecting` needs of a socket: Socket.IO's client fits. */
export interface RefusableSocket {
	readonly active: boolean;
	connect(): unknown;
	on(event: 'connect', listener: () => void): unknown;
	on(event: 'connect_error', listener: (error: Error) => void): unknown;
}

export interface KeepConnectingOptions {
	/** The server said no to who is asking (signed out, revoked): the caller decides what then. */
	onUnauthorized?: () => void;
	/** The wait before the n-th retry (from 0); by default 1 s doubling to 30 s, with jitter. */
	delayMs?: (attempt: number) => number;
}

export const UNAUTHORIZED = 'unauthorized';

const defaultDelay = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

/**
 * Socket.IO reconnects by itself after a dropped network, but never after its server refused the
 * handshake (a middleware error): the socket is then left inactive for good. A refusal that is not
 * "unauthorized" is the server failing to answer who is asking (its database restarting, a pool
 * queue timing out), so a wall screen must try again rather than stay offline until someone
 * reloads it. Answers a function that stops the retries.
 */
export function keepConnecting(socket: RefusableSocket, options: KeepConnectingOptions = {}): () => void {
	const delay = options.delayMs ?? defaultDelay;
	let attempt = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	socket.on('connect', () => {
		attempt = 0;
	});
	socket.on('connect_error', (error) => {
		if (stopped) return;
		if (error.message === UNAUTHORIZED) {
			options.onUnauthorized?.();
			return;
		}
		// Still active: a network failure, which Socket.IO's own reconnection handles.
		if (socket.active || timer) return;
		timer = setTimeout(() => {
			timer = null;
			if (!stopped && !socket.active) socket.connect();
		}, delay(attempt++));
	});
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
		timer = null;
	};
}
