import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie, startServer, waitFor, call as jsonCall } from './harness';
import { LiveChannel } from '$lib/live/channel';
import { execute, type Actor } from '$lib/server/core/commands';
import { raiseCall } from '$lib/server/features/calls/commands';
import { watchCalls } from '$lib/server/features/calls/watch';
import { transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { systemPrincipal } from '$lib/server/features/access/principal';
import type { CallView } from '$lib/live/protocol';

/** Calls over the API: raised, merged, answered, escalated, closed with the job, and every refusal (nothing written). */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown> };
const call = (url: string, method: string, path: string, cookie: string, body?: unknown): Promise<Answer> => jsonCall<Answer['body']>(url, method, path, cookie, body, { origin: true });

async function setUp(clock?: { now: number }) {
	server = await startServer(clock ? { now: () => clock.now } : {});
	const s = server;
	const { db } = s.app;
	const job = await db
		.selectFrom('repair_orders as r')
		.innerJoin('bays as b', 'b.id', 'r.bay_id')
		.select(['r.id', 'r.version', 'r.stage', 'b.code', 'b.id as bayId'])
		.where('r.stage', '=', 'in_progress')
		.orderBy('r.id')
		.executeTakeFirstOrThrow();
	const busy = (await db.selectFrom('repair_orders').select('bay_id').where('stage', 'in', ['dispatched', 'in_progress', 'paused', 'team_check']).execute()).map((r) => r.bay_id);
	const idle = await db.selectFrom('bays').select('code').where('id', 'not in', busy.filter((b): b is number => b !== null)).orderBy('id').executeTakeFirstOrThrow();
	const cookies = {
		technician: await sessionCookie(s.app, 'technician'),
		parts: await sessionCookie(s.app, 'parts'),
		qc: await sessionCookie(s.app, 'qc_inspector'),
		dispatcher: await sessionCookie(s.app, 'dispatcher'),
		manager: await sessionCookie(s.app, 'manager')
	};
	const count = async () => Number((await db.selectFrom('calls').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return { s, db, job, idle: idle.code, cookies, count };
}

describe('calls', () => {
	it('raises a parts call from a bay, merges a second press, and is answered by the parts room', async () => {
		const { s, job, cookies, count } = await setUp();
		const raised = await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'parts', reason: 'parts_needed', from: 'tablet' });
		expect(raised.status).toBe(201);
		const first = (raised.body as { call: CallView }).call;
		expect(first).toMatchObject({ bayCode: job.code, repairOrderId: job.id, target: 'parts', reason: 'parts_needed', status: 'open', urgent: false, repeats: 1, raisedFrom: 'tablet' });
		expect(first.escalatesAt - first.raisedAt).toBe(120_000);
		// Pressed again: the same call, asked for twice.
		const again = await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'parts', reason: 'parts_needed', note: '机滤' });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ merged: true, call: { id: first.id, repeats: 2, note: '机滤' } });
		expect(await count()).toBe(1);
		// Another reason from the same bay is another call; a safety call is urgent and escalates after 30 s.
		const safety = await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'supervisor', reason: 'safety' });
		expect(safety.status).toBe(201);
		const safe = (safety.body as { call: CallView }).call;
		expect(safe.urgent).toBe(true);
		expect(safe.escalatesAt - safe.raisedAt).toBe(30_000);
		// QC may not take a call to parts; the parts room may.
		const wrong = await call(s.url, 'POST', `/api/v1/calls/${first.id}/acknowledge`, cookies.qc, {});
		expect(wrong.status).toBe(403);
		expect(wrong.body.field).toBe('action');
		const ack = await call(s.url, 'POST', `/api/v1/calls/${first.id}/acknowledge`, cookies.parts, {});
		expect(ack.status).toBe(200);
		expect(ack.body).toMatchObject({ status: 'acknowledged', ackedByName: '周敏' });
		// Taken once: a second "on my way" is refused, nothing changes.
		const twice = await call(s.url, 'POST', `/api/v1/calls/${first.id}/acknowledge`, cookies.parts, {});
		expect(twice.status).toBe(409);
		expect(twice.body).toMatchObject({ error: 'call_finished', field: 'action' });
		const done = await call(s.url, 'POST', `/api/v1/calls/${first.id}/done`, cookies.parts, {});
		expect(done.body).toMatchObject({ status: 'done', doneByName: '周敏' });
		// Acknowledging a finished call: refused.
		const late = await call(s.url, 'POST', `/api/v1/calls/${first.id}/acknowledge`, cookies.dispatcher, {});
		expect(late.status).toBe(409);
		// The record: today's calls, with their times.
		const list = await call(s.url, 'GET', '/api/v1/calls', cookies.dispatcher);
		expect((list.body.items as CallView[]).map((c) => [c.id, c.status])).toEqual([
			[first.id, 'done'],
			[safe.id, 'open']
		]);
		const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
		const stats = await call(s.url, 'GET', `/api/v1/calls/stats?from=${today}&to=${today}`, cookies.manager);
		expect(stats.status).toBe(200);
		expect((stats.body.rows as { target: string; count: number }[]).map((r) => [r.target, r.count])).toEqual([
			['parts', 1],
			['supervisor', 1]
		]);
		expect((await call(s.url, 'GET', `/api/v1/calls/stats?from=${today}&to=${today}`, cookies.technician)).status).toBe(403);
	});

	it('refuses a bay with no job, an unknown bay or person, a role nobody holds, a display, and bad input, writing nothing', async () => {
		const { s, db, job, idle, cookies, count } = await setUp();
		const refusals: [unknown, number, string, string][] = [
			[{ bay: idle, target: 'parts', reason: 'parts_needed' }, 409, 'bay', 'bay_has_no_job'],
			[{ bay: 'Z99', target: 'parts', reason: 'parts_needed' }, 404, 'bay', 'not_found'],
			[{ bay: job.code, target: 'parts', reason: 'parts_needed', person: 9999 }, 404, 'person', 'not_found'],
			[{ bay: job.code, target: 'tea', reason: 'parts_needed' }, 400, 'target', 'invalid_input'],
			[{ bay: job.code, target: 'parts', reason: 'boredom' }, 400, 'reason', 'invalid_input'],
			[{ bay: job.code, target: 'parts', reason: 'help', note: 'x'.repeat(201) }, 400, 'note', 'invalid_input']
		];
		for (const [body, status, field, error] of refusals) {
			const answer = await call(s.url, 'POST', '/api/v1/calls', cookies.technician, body);
			expect(answer.status, JSON.stringify(body)).toBe(status);
			expect(answer.body, JSON.stringify(body)).toMatchObject({ field, error });
		}
		// Nobody holds QC in the store (all QC inspectors left): the call would ring nowhere.
		await db.updateTable('users').set({ active: 0 }).where('role', '=', 'qc_inspector').execute();
		const nobody = await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'qc', reason: 'inspection_ready' });
		expect(nobody.status).toBe(409);
		expect(nobody.body).toMatchObject({ error: 'nobody_to_call', field: 'target' });
		// A wall screen shows calls; it cannot raise one.
		const display: Actor = { kind: 'display', storeId: 1, id: 1, name: 'Workshop TV', board: 'bays', language: 'zh-CN' };
		await expect(execute(s.app.commands, raiseCall, { bay: job.code, target: 'parts', reason: 'help' }, { actor: display })).rejects.toMatchObject({ status: 403 });
		expect(await count()).toBe(0);
		// A stale version of a call is refused too.
		const raised = (await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'parts', reason: 'help' })).body as { call: CallView };
		const stale = await call(s.url, 'POST', `/api/v1/calls/${raised.call.id}/acknowledge`, cookies.parts, { expectedVersion: 99 });
		expect(stale.status).toBe(409);
		// Only whoever raised it, the supervisor or the manager closes a call without an answer.
		expect((await call(s.url, 'POST', `/api/v1/calls/${raised.call.id}/close`, cookies.parts, { reason: 'not needed' })).status).toBe(403);
		const closed = await call(s.url, 'POST', `/api/v1/calls/${raised.call.id}/close`, cookies.technician, { reason: 'found it' });
		expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'found it' });
	});

	it('escalates a call nobody acknowledges, once, and closes the calls of a job that leaves its bay', async () => {
		const clock = { now: Date.now() };
		const { s, job, cookies } = await setUp(clock);
		// The store lets a call wait a minute (not the default two); a few seconds is refused.
		const admin = await sessionCookie(s.app, 'admin');
		const version = (await s.app.db.selectFrom('stores').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version;
		const tooShort = await call(s.url, 'POST', '/api/v1/store', admin, { expectedVersion: version, callAckSeconds: 5 });
		expect(tooShort.status).toBe(400);
		expect(tooShort.body.field).toBe('callAckSeconds');
		expect((await call(s.url, 'POST', '/api/v1/store', admin, { expectedVersion: version, callAckSeconds: 60 })).body).toMatchObject({ callAckSeconds: 60, callSafetySeconds: 30 });
		const raised = ((await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'parts', reason: 'parts_needed' })).body as { call: CallView }).call;
		expect(await watchCalls(s.app.commands, clock.now + 59_000)).toBe(0);
		expect(await watchCalls(s.app.commands, clock.now + 60_000)).toBe(1);
		expect(await watchCalls(s.app.commands, clock.now + 300_000)).toBe(0);
		const escalated = await s.app.db.selectFrom('calls').select(['escalated_at', 'status']).where('id', '=', raised.id).executeTakeFirstOrThrow();
		expect(escalated).toEqual({ escalated_at: clock.now + 60_000, status: 'open' });
		// The supervisor may take an escalated call.
		expect((await call(s.url, 'POST', `/api/v1/calls/${raised.id}/acknowledge`, cookies.dispatcher, {})).status).toBe(200);
		// The job goes on to its team check (still in the bay: the call stays), then to QC (it leaves the bay).
		let orderVersion = job.version;
		for (const action of ['finish', 'team_check_pass'] as const) {
			const moved = await execute(s.app.commands, transitionRepairOrder, { id: job.id, expectedVersion: orderVersion, action }, { actor: systemPrincipal });
			orderVersion = moved.result.version;
			const row = await s.app.db.selectFrom('calls').select(['status', 'closed_reason']).where('id', '=', raised.id).executeTakeFirstOrThrow();
			expect(row, action).toEqual(action === 'finish' ? { status: 'acknowledged', closed_reason: null } : { status: 'closed', closed_reason: 'job_left_bay' });
		}
		// The closing went out with the order's move (the event lists the call).
		const last = await s.app.db.selectFrom('events').select('payload').orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(last.payload).entities).toContainEqual({ kind: 'call', id: raised.id });
	});

	it('reaches a wall screen paired to the parts board (channel parts, board-safe), calls to parts only', async () => {
		const { s, job, cookies } = await setUp();
		const key = s.app.demoScreens.find((d) => d.board === 'parts')!.path.split('key=')[1];
		const socket = s.connect({ cookie: `pw_display=${key}` });
		const parts = new LiveChannel(socket, 'parts');
		await waitFor(() => parts.state.status === 'live');
		// The display joins its board only: not the staff's calls channel.
		const reply = await new Promise<{ ok: boolean }>((resolve) => socket.emit('join:v1', { channel: 'calls' }, resolve));
		expect(reply.ok).toBe(false);
		const raised = ((await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'parts', reason: 'parts_needed', note: '机滤 客户电话 138' })).body as { call: CallView }).call;
		await call(s.url, 'POST', '/api/v1/calls', cookies.technician, { bay: job.code, target: 'supervisor', reason: 'help' });
		const seen = () => (parts.state.entities.call ?? {}) as Record<string, Record<string, unknown>>;
		await waitFor(() => seen()[raised.id] !== undefined, 3000, 'the parts call on the parts display');
		const shown = seen()[raised.id];
		expect(shown).toMatchObject({ id: raised.id, bayCode: job.code, target: 'parts', reason: 'parts_needed', status: 'open' });
		// Board-safe: no note, no plate, no order number, nobody's phone.
		for (const hidden of ['note', 'plate', 'roNumber', 'raisedByName']) expect(shown, hidden).not.toHaveProperty(hidden);
		// "On my way" reaches it too; the supervisor's call never does.
		await call(s.url, 'POST', `/api/v1/calls/${raised.id}/acknowledge`, cookies.parts, {});
		await waitFor(() => seen()[raised.id]?.status === 'acknowledged', 3000, 'the answer on the parts display');
		expect(Object.values(seen()).map((c) => c.target)).toEqual(['parts']);
		// A fresh join (snapshot) has it as well.
		const again = new LiveChannel(s.connect({ cookie: `pw_display=${key}` }), 'parts');
		await waitFor(() => again.state.status === 'live');
		expect(Object.keys(again.state.entities.call ?? {})).toEqual([String(raised.id)]);
		parts.close();
		again.close();
	});

	it('offers the bays with a job and the people to call; the caller or the supervisor withdraws a call, nobody else', async () => {
		const { s, db, job, idle, cookies } = await setUp();
		const advisor = await sessionCookie(s.app, 'service_advisor');
		const choices = await call(s.url, 'GET', '/api/v1/calls/choices', advisor);
		expect(choices.status).toBe(200);
		const bays = choices.body.bays as { code: string; roNumber: string; plate: string }[];
		expect(bays.map((b) => b.code)).toContain(job.code);
		expect(bays.map((b) => b.code)).not.toContain(idle);
		const people = choices.body.people as { id: number; name: string; role: string }[];
		expect(new Set(people.map((p) => p.role))).toEqual(new Set(['parts', 'qc_inspector', 'dispatcher', 'service_advisor']));
		// From the desk, to a named person (the parts room's 周敏).
		const zhou = people.find((p) => p.name === '周敏')!;
		const named = await call(s.url, 'POST', '/api/v1/calls', advisor, { bay: job.code, target: 'parts', person: zhou.id, reason: 'parts_needed', from: 'desk' });
		expect(named.status).toBe(201);
		const c = (named.body as { call: CallView }).call;
		expect(c).toMatchObject({ targetUserId: zhou.id, targetName: '周敏', raisedFrom: 'desk' });
		// From the kiosk: the parts room calls the advisor to the bay.
		const fromKiosk = await call(s.url, 'POST', '/api/v1/calls', cookies.parts, { bay: job.code, target: 'advisor', reason: 'approval_needed', from: 'kiosk' });
		expect(fromKiosk.status).toBe(201);
		const k = (fromKiosk.body as { call: CallView }).call;
		expect(k.raisedFrom).toBe('kiosk');
		// Withdrawn: not by the technician (not theirs), by whoever raised it; then nothing more.
		const notTheirs = await call(s.url, 'POST', `/api/v1/calls/${c.id}/close`, cookies.technician, { reason: 'withdrawn' });
		expect(notTheirs.status).toBe(403);
		expect(notTheirs.body.field).toBe('action');
		expect((await db.selectFrom('calls').select('status').where('id', '=', c.id).executeTakeFirstOrThrow()).status).toBe('open');
		const withdrawn = await call(s.url, 'POST', `/api/v1/calls/${c.id}/close`, advisor, { reason: 'withdrawn' });
		expect(withdrawn.body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
		expect((await call(s.url, 'POST', `/api/v1/calls/${c.id}/close`, advisor, { reason: 'withdrawn' })).status).toBe(409);
		// The supervisor may withdraw anyone's.
		const bySupervisor = await call(s.url, 'POST', `/api/v1/calls/${k.id}/close`, cookies.dispatcher, {});
		expect(bySupervisor.body).toMatchObject({ status: 'closed', closedReason: 'withdrawn' });
		// A display or a customer gets no choices.
		expect((await call(s.url, 'GET', '/api/v1/calls/choices', '')).status).toBe(401);
	});

	it('refuses a call from QC for a car at QC: it holds no bay any more (raise it for a bay with a job)', async () => {
		const { s, db, job, cookies, count } = await setUp();
		let v = job.version;
		for (const action of ['finish', 'team_check_pass'] as const) v = (await execute(s.app.commands, transitionRepairOrder, { id: job.id, expectedVersion: v, action }, { actor: systemPrincipal })).result.version;
		expect((await db.selectFrom('repair_orders').select('stage').where('id', '=', job.id).executeTakeFirstOrThrow()).stage).toBe('final_qc');
		const before = await count();
		const refused = await call(s.url, 'POST', '/api/v1/calls', cookies.qc, { bay: job.code, target: 'advisor', reason: 'approval_needed', from: 'qc' });
		expect(refused.status).toBe(409);
		expect(refused.body).toMatchObject({ error: 'bay_has_no_job', field: 'bay' });
		expect(await count()).toBe(before);
		// Nor is the bay among the choices; a bay still working is, and QC may call for it.
		const choices = await call(s.url, 'GET', '/api/v1/calls/choices', cookies.qc);
		const codes = (choices.body.bays as { code: string }[]).map((b) => b.code);
		expect(codes).not.toContain(job.code);
		const other = codes[0];
		const ok = await call(s.url, 'POST', '/api/v1/calls', cookies.qc, { bay: other, target: 'supervisor', reason: 'help', from: 'qc' });
		expect(ok.status).toBe(201);
		expect((ok.body as { call: CallView }).call.raisedFrom).toBe('qc');
	});

	it('lets the admin switch a bay board display to speak calls (off by default), with its event; refuses others and bad input', async () => {
		const { s, db, cookies } = await setUp();
		const admin = await sessionCookie(s.app, 'admin');
		const bays = await db.selectFrom('displays').select(['id', 'speech']).where('board', '=', 'bays').orderBy('id').executeTakeFirstOrThrow();
		const parts = await db.selectFrom('displays').select('id').where('board', '=', 'parts').executeTakeFirstOrThrow();
		expect(bays.speech).toBe(0);
		const events = async () => Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('type', '=', 'display.speechSet').executeTakeFirstOrThrow()).n);
		const refusals: [string, string, unknown, number, string][] = [
			[cookies.manager, `/api/v1/displays/${bays.id}/speech`, { speech: true }, 403, 'forbidden'],
			[cookies.dispatcher, `/api/v1/displays/${bays.id}/speech`, { speech: true }, 403, 'forbidden'],
			[admin, `/api/v1/displays/${bays.id}/speech`, { speech: 'yes' }, 400, 'invalid_input'],
			[admin, `/api/v1/displays/9999/speech`, { speech: true }, 404, 'not_found'],
			[admin, `/api/v1/displays/${parts.id}/speech`, { speech: true }, 409, 'not_a_bay_board']
		];
		for (const [cookie, path, body, status, error] of refusals) {
			const answer = await call(s.url, 'POST', path, cookie, body);
			expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(status);
			expect(answer.body.error).toBe(error);
		}
		expect(await events()).toBe(0);
		expect((await db.selectFrom('displays').select('speech').where('id', '=', bays.id).executeTakeFirstOrThrow()).speech).toBe(0);
		const on = await call(s.url, 'POST', `/api/v1/displays/${bays.id}/speech`, admin, { speech: true });
		expect(on.status).toBe(200);
		expect(on.body).toMatchObject({ displayId: bays.id, speech: true });
		expect((await db.selectFrom('displays').select('speech').where('id', '=', bays.id).executeTakeFirstOrThrow()).speech).toBe(1);
		const event = await db.selectFrom('events').select(['type', 'actor_kind', 'payload']).where('type', '=', 'display.speechSet').executeTakeFirstOrThrow();
		expect(event).toMatchObject({ type: 'display.speechSet', actor_kind: 'user' });
		expect(JSON.parse(event.payload).data).toMatchObject({ speech: true });
		const off = await call(s.url, 'POST', `/api/v1/displays/${bays.id}/speech`, admin, { speech: false });
		expect(off.body).toMatchObject({ speech: false });
		expect(await events()).toBe(2);
	});
});
