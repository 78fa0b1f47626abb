import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveChannel, type LiveSocket } from '$lib/live/channel';
import type { JoinReply } from '$lib/live/protocol';

/** A socket the test drives: it records each join and answers when told to. */
class FakeSocket implements LiveSocket {
	connected = true;
	joins: ((reply: JoinReply) => void)[] = [];
	readonly #handlers = new Map<string, ((...args: unknown[]) => void)[]>();
	on(event: string, listener: (...args: unknown[]) => void) {
		this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), listener]);
	}
	off(event: string, listener?: (...args: unknown[]) => void) {
		this.#handlers.set(event, (this.#handlers.get(event) ?? []).filter((l) => l !== listener));
	}
	emit(event: string, ...args: unknown[]) {
		if (event === 'join:v1') this.joins.push(args[1] as (reply: JoinReply) => void);
		// time:v1 is never answered here: the clock is not what these tests look at.
	}
	fire(event: string, ...args: unknown[]) {
		for (const l of this.#handlers.get(event) ?? []) l(...args);
	}
}

const snapshot = (seq: number): JoinReply => ({ ok: true, mode: 'snapshot', snapshot: { channel: 'bays', epoch: 'e1', seq, serverTime: 1000, entities: {} } });

describe('LiveChannel', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('joins again as soon as the socket is back when the connection dropped with a join unanswered', async () => {
		const socket = new FakeSocket();
		const channel = new LiveChannel(socket, 'bays', { heartbeatMs: 100 });
		expect(socket.joins).toHaveLength(1);
		socket.joins[0](snapshot(5));
		await vi.waitFor(() => expect(channel.state.status).toBe('live'));

		// A heartbeat says the server is ahead: the screen asks to catch up…
		socket.fire('heartbeat:v1', { epoch: 'e1', seq: 7, serverTime: 2000 });
		expect(socket.joins).toHaveLength(2);
		// …and the network drops before the answer. That answer went to a connection that is gone.
		socket.connected = false;
		socket.fire('disconnect');
		await Promise.resolve();
		expect(channel.state.status).toBe('offline');
		socket.connected = true;
		socket.fire('connect');
		// Joined again at once, not after the unanswered join's 10 s timeout.
		await vi.waitFor(() => expect(socket.joins).toHaveLength(3));
		socket.joins[2](snapshot(7));
		await vi.waitFor(() => expect(channel.state).toMatchObject({ status: 'live', seq: 7 }));
		channel.close();
	});

	it('a heartbeat during a join asks for another only when the join fell short of its seq', async () => {
		const socket = new FakeSocket();
		const channel = new LiveChannel(socket, 'bays', { heartbeatMs: 100 });
		// The beat names seq 5 while the first join is in flight; the join brings 5: one join, not two.
		socket.fire('heartbeat:v1', { epoch: 'e1', seq: 5, serverTime: 1000 });
		socket.joins[0](snapshot(5));
		await vi.waitFor(() => expect(channel.state).toMatchObject({ status: 'live', seq: 5 }));
		expect(socket.joins).toHaveLength(1);
		// Now a beat names 8 and, during the join it starts, 9; the join brings only 8: once more.
		socket.fire('heartbeat:v1', { epoch: 'e1', seq: 8, serverTime: 2000 });
		socket.fire('heartbeat:v1', { epoch: 'e1', seq: 9, serverTime: 2100 });
		socket.joins[1](snapshot(8));
		await vi.waitFor(() => expect(socket.joins).toHaveLength(3));
		socket.joins[2](snapshot(9));
		await vi.waitFor(() => expect(channel.state).toMatchObject({ status: 'live', seq: 9 }));
		channel.close();
	});

	it('an answer that does come after a drop is not taken for the new connection', async () => {
		const socket = new FakeSocket();
		const channel = new LiveChannel(socket, 'bays', { heartbeatMs: 100 });
		socket.joins[0](snapshot(5));
		await vi.waitFor(() => expect(channel.state.status).toBe('live'));
		socket.fire('heartbeat:v1', { epoch: 'e1', seq: 9, serverTime: 2000 });
		socket.connected = false;
		socket.fire('disconnect');
		socket.connected = true;
		socket.fire('connect');
		await vi.waitFor(() => expect(socket.joins).toHaveLength(3));
		// The old join's late answer changes nothing; the new join's does.
		socket.joins[1](snapshot(8));
		expect(channel.state.seq).toBe(5);
		socket.joins[2](snapshot(9));
		await vi.waitFor(() => expect(channel.state).toMatchObject({ status: 'live', seq: 9 }));
		channel.close();
	});
});
