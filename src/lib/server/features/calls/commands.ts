import { z } from 'zod';
import { CommandError, checkVersion, defineCommand, type CommandEnv } from '$lib/server/core/commands';
import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { CallRefused, callReasons, callTargets, escalatesAt, isUrgent, mayAnswer, mayWithdraw, mergeInto, needsEscalation, nextStatus, targetRoles } from '$lib/domain/calls';
import { activeCalls, activePerson, advisorOfOrder, bayByRef, callTimes, callView, jobInBay, peopleWithRoles } from './repository';
import type { CallView } from './views';

const image = (view: CallView): EntityImage => ({ kind: 'call', id: view.id, value: view });

export const callSources = ['tablet', 'desk', 'qc', 'kiosk', 'api'] as const;

export const raiseCallInput = z.object({
	bay: z.string().trim().min(1).max(40).describe('the bay, by code (M3) or id'),
	target: z.enum(callTargets).describe('who is called: parts, qc, supervisor, advisor (the car’s own advisor when there is one), wash'),
	person: z.number().int().positive().optional().describe('a named person (user id) to call instead of anyone of the role'),
	reason: z.enum(callReasons).describe('parts_needed, approval_needed, inspection_ready, help, safety (urgent)'),
	note: z.string().trim().max(200).default(''),
	from: z.enum(callSources).optional().describe('the screen it was raised from (api when by a token)')
});

/**
 * A bay calls a role or a person. The bay must hold a job; someone must hold the role in the store
 * (or the person be an active member of staff). A second identical active call from the same bay
 * is merged into the first (asked for again: `repeats` counts it), never duplicated.
 */
export const raiseCall = defineCommand({
	type: 'call.raise',
	schema: raiseCallInput,
	permission: () => 'call.raise',
	async handle(tx, input, env) {
		const bay = await bayByRef(tx, env.storeId, input.bay);
		if (!bay) throw new CommandError(404, 'not_found', `bay: no bay "${input.bay}" in this store`, 'bay');
		const job = await jobInBay(tx, env.storeId, bay.id);
		if (!job) throw new CommandError(409, 'bay_has_no_job', `bay: ${bay.code} has no job in it to call for`, 'bay');
		let targetUserId: number | null = null;
		let targetName: string | null = null;
		if (input.person !== undefined) {
			const person = await activePerson(tx, env.storeId, input.person);
			if (!person) throw new CommandError(404, 'not_found', `person: no active member of staff with id ${input.person} in this store`, 'person');
			targetUserId = person.id;
			targetName = person.name;
		} else {
			const advisor = input.target === 'advisor' ? await advisorOfOrder(tx, env.storeId, job.id) : undefined;
			if (advisor) {
				targetUserId = advisor.id;
				targetName = advisor.name;
			} else if ((await peopleWithRoles(tx, env.storeId, targetRoles[input.target])).length === 0) {
				throw new CommandError(409, 'nobody_to_call', `target: nobody in this store answers calls to ${input.target}`, 'target');
			}
		}
		const active = await activeCalls(tx, env.storeId, { bayId: bay.id });
		const same = mergeInto(active, { bayId: bay.id, target: input.target, targetUserId, reason: input.reason });
		if (same) {
			await tx
				.updateTable('calls')
				.set({ repeats: same.repeats + 1, note: input.note || same.note, version: same.version + 1 })
				.where('id', '=', same.id)
				.execute();
			const view = (await callView(tx, env.storeId, same.id))!;
			return {
				result: { call: view, merged: true },
				event: { type: 'call.repeated', subjectKind: 'call', subjectId: view.id, data: { bay: bay.code, target: input.target, reason: input.reason, repeats: view.repeats }, images: [image(view)] }
			};
		}
		const times = await callTimes(tx, env.storeId);
		const actor = env.actor;
		const { id } = await tx
			.insertInto('calls')
			.values({
				store_id: env.storeId,
				bay_id: bay.id,
				repair_order_id: job.id,
				target: input.target,
				target_user_id: targetUserId,
				target_name: targetName,
				reason: input.reason,
				note: input.note,
				urgent: isUrgent(input.reason) ? 1 : 0,
				raised_by_id: actor.kind === 'user' ? actor.id : null,
				raised_by_name: actor.name,
				raised_from: actor.kind === 'token' ? 'api' : (input.from ?? 'desk'),
				raised_at: env.now,
				escalates_at: escalatesAt(env.now, input.reason, times)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = (await callView(tx, env.storeId, id))!;
		return {
			result: { call: view, merged: false },
			event: { type: 'call.raised', subjectKind: 'call', subjectId: id, data: { bay: bay.code, number: job.number, target: input.target, person: targetUserId, reason: input.reason }, images: [image(view)] }
		};
	}
});

export const answerCallInput = z.object({
	id: z.number().int().positive(),
	action: z.enum(['acknowledge', 'done', 'close']),
	expectedVersion: z.number().int().min(1).optional(),
	reason: z.string().trim().max(200).optional().describe('why a call is closed without an answer (close)')
});

async function loadCall(tx: Db, env: CommandEnv, id: number): Promise<CallView> {
	const call = await callView(tx, env.storeId, id);
	if (!call) throw new CommandError(404, 'not_found', `call ${id} does not exist`, 'id');
	return call;
}

/**
 * "On my way" (acknowledge), "done", or closing a call without an answer. Anyone of the called
 * role (or the named person, or the supervisor or manager) acknowledges and finishes; whoever
 * raised it, the supervisor or the manager may close it. A finished call refuses every action.
 */
export const answerCall = defineCommand({
	type: 'call.answer',
	schema: answerCallInput,
	permission: () => 'call.answer',
	async handle(tx, input, env) {
		const call = await loadCall(tx, env, input.id);
		if (input.expectedVersion !== undefined) checkVersion(call.version, input.expectedVersion, `call ${call.id}`);
		const actor = env.actor;
		if (actor.kind !== 'user') throw new CommandError(403, 'forbidden', 'a call is answered by a person signed in');
		const person = { role: actor.role, userId: actor.id };
		if (input.action === 'close') {
			if (!mayWithdraw(call, person)) {
				throw new CommandError(403, 'forbidden', 'action: only whoever raised the call, the supervisor or the manager may close it', 'action');
			}
		} else if (!mayAnswer(call, person) && !(input.action === 'done' && call.ackedById === actor.id)) {
			throw new CommandError(403, 'not_called', `action: this call is for ${call.targetName ?? call.target}, not for you`, 'action');
		}
		let status;
		try {
			status = nextStatus(call.status, input.action);
		} catch (e) {
			if (e instanceof CallRefused) throw new CommandError(409, 'call_finished', `action: ${e.message}`, 'action', { status: call.status });
			throw e;
		}
		const set =
			input.action === 'acknowledge'
				? { acked_by_id: actor.id, acked_by_name: actor.name, acked_at: env.now }
				: input.action === 'done'
					? { done_by_name: actor.name, done_at: env.now }
					: { closed_reason: input.reason || 'withdrawn', closed_at: env.now };
		await tx
			.updateTable('calls')
			.set({ ...set, status, version: call.version + 1 })
			.where('id', '=', call.id)
			.execute();
		const view = (await callView(tx, env.storeId, call.id))!;
		const type = { acknowledge: 'call.acknowledged', done: 'call.done', close: 'call.closed' }[input.action];
		return { result: view, event: { type, subjectKind: 'call', subjectId: call.id, data: { bay: call.bayCode, target: call.target, status }, images: [image(view)] } };
	}
});

/** Pitwall records that nobody answered in time: the call goes to the supervisor and turns red. */
export const escalateCall = defineCommand({
	type: 'call.escalate',
	schema: z.object({ id: z.number().int().positive() }),
	permission: () => 'audit.record',
	async handle(tx, input, env) {
		const call = await loadCall(tx, env, input.id);
		// Decided again inside the transaction: two watchers record it once.
		if (!needsEscalation(call, env.now)) throw new CommandError(409, 'nothing_to_record', 'no change');
		await tx
			.updateTable('calls')
			.set({ escalated_at: env.now, version: call.version + 1 })
			.where('id', '=', call.id)
			.execute();
		const view = (await callView(tx, env.storeId, call.id))!;
		return { result: view, event: { type: 'call.escalated', subjectKind: 'call', subjectId: call.id, data: { bay: call.bayCode, target: call.target }, images: [image(view)] } };
	}
});

/** Closes the active calls of a job that left its bay (in the transaction that moved it); returns their images. */
export async function closeCallsOfOrder(tx: Db, storeId: number, repairOrderId: number, reason: string, now: number): Promise<EntityImage[]> {
	const open = await activeCalls(tx, storeId, { repairOrderId });
	const images: EntityImage[] = [];
	for (const call of open) {
		await tx
			.updateTable('calls')
			.set({ status: 'closed', closed_reason: reason, closed_at: now, version: call.version + 1 })
			.where('id', '=', call.id)
			.execute();
		images.push(image((await callView(tx, storeId, call.id))!));
	}
	return images;
}
