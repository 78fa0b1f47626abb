import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepConnecting, type RefusableSocket } from '$lib/live/refused';

/** A socket as Socket.IO leaves it after a refused handshake: inactive until `connect()`. */
function refusedSocket() {
	const listeners = new Map<string, ((arg?: unknown) => void)[]>();
	const socket = {
		active: false,
		connects: 0,
		connect() {
			this.connects++;
			this.active = true;
		},
		on(event: string, listener: (arg: never) => void) {
			listeners.set(event, [...(listeners.get(event) ?? []), listener as (arg?: unknown) => void]);
		},
		fire(event: string, arg?: unknown) {
			for (const l of listeners.get(event) ?? []) l(arg);
		},
		refuse(message: string) {
			this.active = false;
			this.fire('connect_error', new Error(message));
		}
	};
	return socket;
}

afterEach(() => {
	vi.useRealTimers();
});

describe('keepConnecting', () => {
	it('tries a refused handshake again after a growing wait, and starts over once connected', () => {
		vi.useFakeTimers();
		const socket = refusedSocket();
		const waits: number[] = [];
		keepConnecting(socket as unknown as RefusableSocket, { delayMs: (n) => (waits.push(n), 100 * 2 ** n) });
		socket.refuse('unavailable');
		vi.advanceTimersByTime(99);
		expect(socket.connects).toBe(0);
		vi.advanceTimersByTime(1);
		expect(socket.connects).toBe(1);
		socket.refuse('unavailable');
		vi.advanceTimersByTime(200);
		expect(socket.connects).toBe(2);
		socket.fire('connect');
		socket.refuse('unavailable');
		vi.advanceTimersByTime(100);
		expect(socket.connects).toBe(3);
		expect(waits).toEqual([0, 1, 0]);
	});

	it('leaves a network failure to Socket.IO, and "unauthorized" to the caller', () => {
		vi.useFakeTimers();
		const socket = refusedSocket();
		const onUnauthorized = vi.fn();
		keepConnecting(socket as unknown as RefusableSocket, { onUnauthorized, delayMs: () => 10 });
		socket.active = true; // still reconnecting by itself
		socket.fire('connect_error', new Error('websocket error'));
		socket.refuse('unauthorized');
		vi.advanceTimersByTime(1000);
		expect(socket.connects).toBe(0);
		expect(onUnauthorized).toHaveBeenCalledOnce();
	});

	it('stops trying once stopped (the screen closed)', () => {
		vi.useFakeTimers();
		const socket = refusedSocket();
		const stop = keepConnecting(socket as unknown as RefusableSocket, { delayMs: () => 10 });
		socket.refuse('unavailable');
		stop();
		vi.advanceTimersByTime(1000);
		expect(socket.connects).toBe(0);
	});
});
