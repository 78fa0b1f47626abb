import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { sharedDatabase, startServer, testEngine, waitFor, type ClientSocket } from './harness';
import { defineCommand, execute } from '$lib/server/core/commands';
import { revokeDisplay } from '$lib/server/features/access/commands';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { LiveChannel } from '$lib/live/channel';
import { systemPrincipal } from '$lib/server/features/access/principal';
import type { Delta, JoinReply, Snapshot } from '$lib/live/protocol';

/**
 * Issue 20, item 2: a store's events reach every screen on every server once each, in the order
 * of their seq, however many commands commit at once on however many servers. On PostgreSQL
 * transactions may commit out of seq order unless something orders them (each write transaction
 * takes one advisory lock at BEGIN, src/lib/server/db/postgres.ts); a hub that sent `seq > last`
 * would then pass over a row that committed late, and its screens would miss it for good.
 */
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

/** A command that only records an event, so the test is about order and nothing else. */
const tick = defineCommand({
	type: 'test.tick',
	schema: z.object({ writer: z.number().int(), n: z.number().int() }),
	permission: () => 'audit.record',
	async handle(tx, input, env) {
		// A read and a write between BEGIN and the event, as real commands do, so commits interleave.
		await tx.selectFrom('repair_orders').select('id').where('store_id', '=', env.storeId).limit(5).execute();
		const value = `${input.writer}:${input.n}`;
		await tx.insertInto('meta').values({ key: 'test.tick', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
		return { result: { ok: true }, event: { type: 'test.tick', subjectKind: 'test', subjectId: input.writer * 1000 + input.n, data: input, images: [] } };
	}
});

interface Screen {
	socket: ClientSocket;
	start: number;
	seqs: number[];
}

function join(socket: ClientSocket, request: { channel: 'bays'; since?: { epoch: string; seq: number } }): Promise<JoinReply> {
	return new Promise((resolve) => socket.emit('join:v1', request as never, resolve as never));
}

async function screen(server: Awaited<ReturnType<typeof startServer>>): Promise<Screen> {
	const socket = server.connect();
	const seqs: number[] = [];
	socket.on('delta:v1', (delta: Delta) => {
		if (delta.channel === 'bays') seqs.push(delta.seq);
	});
	const reply = await join(socket, { channel: 'bays' });
	if (!reply.ok || reply.mode !== 'snapshot') throw new Error('join failed');
	return { socket, start: (reply.snapshot as Snapshot).seq, seqs };
}

/** A command that shows one order to the screens as it stands, with `pad` characters more (to pass a notification's limit). */
const show = defineCommand({
	type: 'test.show',
	schema: z.object({ id: z.number().int(), pad: z.number().int() }),
	permission: () => 'audit.record',
	async handle(tx, input) {
		const value = { ...(await repairOrderView(tx, input.id)), pad: '车'.repeat(input.pad) };
		return { result: { ok: true }, event: { type: 'test.show', subjectKind: 'repairOrder', subjectId: input.id, data: {}, images: [{ kind: 'repairOrder' as const, id: input.id, value }] } };
	}
});

/** Two servers on one new database (removed after the test). */
async function twoServers(options: { heartbeatSeconds?: number; jobs?: boolean } = {}) {
	const where = await sharedDatabase();
	closers.push(() => where.drop());
	const a = await startServer({ ...where, heartbeatSeconds: 0.2, ...options });
	closers.push(() => a.close());
	const b = await startServer({ ...where, heartbeatSeconds: 0.2, ...options });
	closers.push(() => b.close());
	return { a, b };
}

describe(`several servers on one database (${testEngine})`, () => {
	it('8 writers on two servers: every screen on both gets every seq once, in order; a screen moving to the other server resumes from its seq', async () => {
		const { a, b } = await twoServers();
		const screens = [await screen(a), await screen(a), await screen(b), await screen(b)];
		const first = Math.max(...screens.map((s) => s.start));

		// 8 writers, 12 commands each, all at once: on PostgreSQL 4 on each server. Two SQLite "servers" in
		// this one test process would block each other (better-sqlite3 waits for a lock synchronously, so
		// the holder in the same thread never gets to commit); on SQLite the 8 write through server A, and
		// server B, like a second process, only reads what they commit.
		const perWriter = 12;
		const seqs = (
			await Promise.all(
				Array.from({ length: 8 }, async (_, writer) => {
					const server = testEngine === 'postgres' && writer % 2 === 1 ? b : a;
					const mine: number[] = [];
					for (let n = 0; n < perWriter; n++) mine.push((await execute(server.app.commands, tick, { writer, n }, { actor: systemPrincipal })).seq);
					return mine;
				})
			)
		).flat();
		expect(new Set(seqs).size).toBe(8 * perWriter);
		const last = Math.max(...seqs);

		// The events table holds them in commit order with no gap: each seq is one more than the last.
		const rows = await a.app.db.selectFrom('events').select('seq').where('seq', '>', first).orderBy('seq').execute();
		expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => first + 1 + i));

		await waitFor(() => screens.every((s) => s.seqs.at(-1) === last), 10_000, 'every screen at the last seq');
		for (const s of screens) {
			// Every seq after its snapshot, once, in order (other writers' seqs too: one sequence for the database).
			const expected = rows.map((r) => r.seq).filter((seq) => seq > s.start);
			expect(s.seqs).toEqual(expected);
		}

		// A screen of server A goes to server B with its seq and gets what it missed as one replay.
		const moved = screens[0];
		moved.socket.disconnect();
		for (let n = 0; n < 3; n++) await execute(a.app.commands, tick, { writer: 9, n }, { actor: systemPrincipal });
		const epoch = (await a.app.db.selectFrom('meta').select('value').where('key', '=', 'epoch').executeTakeFirstOrThrow()).value;
		// Server B has sent them too (at once on PostgreSQL; at its next heartbeat on SQLite, reading the file).
		await waitFor(() => b.app.live!.lastSent === last + 3, 5000, 'B at the last seq');
		const again = b.connect();
		const reply = await join(again, { channel: 'bays', since: { epoch, seq: last } });
		expect(reply.ok).toBe(true);
		if (!reply.ok) return;
		expect(reply.mode).toBe('replay');
		if (reply.mode !== 'replay') return;
		expect(reply.seq).toBe(last + 3);
	});

	it.runIf(testEngine === 'postgres')("a command on one server reaches the other's screens from its notification, without reading it back; one too large for a notification is read back", async () => {
		// No heartbeat and no jobs in the window: only the notification can bring B the event.
		const { a, b } = await twoServers({ heartbeatSeconds: 600, jobs: false });
		const order = await a.app.db.selectFrom('repair_orders').select('id').where('store_id', '=', a.app.storeId).orderBy('id').executeTakeFirstOrThrow();
		const onA = await screen(a);
		const onB = await screen(b);
		const deltas = new Map<number, Delta>();
		onB.socket.on('delta:v1', (delta: Delta) => void (delta.channel === 'bays' && deltas.set(delta.seq, delta)));
		const fromA = new Map<number, Delta>();
		onA.socket.on('delta:v1', (delta: Delta) => void (delta.channel === 'bays' && fromA.set(delta.seq, delta)));
		// Once B has sent one of A's commands, B is listening; its flush waits out whatever B had queued (its first read as it began to listen).
		const warmUp = await execute(a.app.commands, show, { id: order.id, pad: 0 }, { actor: systemPrincipal });
		await waitFor(() => deltas.has(warmUp.seq), 10_000, 'B listening');
		await b.app.live!.flush();
		const reads = vi.spyOn(b.app.db, 'selectFrom');

		const { seq } = await execute(a.app.commands, show, { id: order.id, pad: 0 }, { actor: systemPrincipal });
		await waitFor(() => deltas.has(seq) && fromA.has(seq), 5000, "the order on both servers' screens");
		// B sent what A's command left, as A did, and read nothing: no events row, no order.
		expect(reads).not.toHaveBeenCalled();
		expect(deltas.get(seq)!.patches).toEqual(fromA.get(seq)!.patches);
		expect(deltas.get(seq)!.patches.map((p) => [p.kind, p.id])).toEqual([['repairOrder', order.id]]);

		// Past PostgreSQL's 8000 bytes: the notification names the seq, and B reads the event and the order back.
		const large = await execute(a.app.commands, show, { id: order.id, pad: 3000 }, { actor: systemPrincipal });
		await waitFor(() => deltas.has(large.seq), 5000, 'the large one on B');
		expect(reads.mock.calls.map(([table]) => table)).toContain('events');
		expect(b.app.live!.lastSent).toBe(large.seq);
		reads.mockRestore();
		onA.socket.disconnect();
		onB.socket.disconnect();
	});

	it('revoking a wall screen on one server cuts it off on the other; the screens online count every server (PostgreSQL)', async () => {
		const { a, b } = await twoServers();
		const screenOnB = b.app.demoScreens[0];
		const display = await b.app.db.selectFrom('displays').select('id').where('name', '=', screenOnB.name).executeTakeFirstOrThrow();
		const socket = b.connect({ cookie: `pw_display=${screenOnB.path.split('key=')[1]}` });
		const bays = new LiveChannel(socket, 'bays');
		await waitFor(() => bays.state.status === 'live');
		if (testEngine === 'postgres') {
			// Server A's /admin counts the screen connected to server B (Socket.IO's PostgreSQL adapter).
			await waitFor(async () => (await a.app.live!.onlineDisplays()).has(display.id), 10_000, 'A sees the screen on B online');
		}
		let told: string | null = null;
		socket.on('revoked:v1', (why) => (told = why.reason));
		socket.io.reconnection(false);
		const adminId = (await a.app.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow()).id;
		await execute(a.app.commands, revokeDisplay, { displayId: display.id }, { actor: { kind: 'user', storeId: a.app.storeId, id: adminId, name: 'admin', role: 'admin', teamId: null, technicianId: null, deviceKind: 'desk', sessionHash: 'x' } });
		// Revoked on A, cut off on B, where the screen is.
		await waitFor(() => told !== null && !socket.connected, 5000, 'the screen on B cut off');
		expect(told).toBe('display_revoked');
		if (testEngine === 'postgres') await waitFor(async () => !(await a.app.live!.onlineDisplays()).has(display.id), 10_000, 'no longer online');
		bays.close();
	});
});
