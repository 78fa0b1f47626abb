import { mayRun, type CommandName } from '$lib/domain/permissions';
import { CommandError, execute, type CommandDefinition } from './commands';
import type { ApiAnswer, ApiRequest, Caller } from './router';
import type { z } from 'zod';

/** Helpers that keep the modules' endpoints to a few lines each. */

/** The caller, if they may run `command` (reading what only they manage); 403 otherwise. */
export async function callerWho(request: ApiRequest, command: CommandName): Promise<Caller> {
	const caller = await request.caller();
	if (caller.kind === 'user' && !mayRun(caller, command)) throw new CommandError(403, 'forbidden', `${caller.name} (${caller.role}) may not ${command}`);
	if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', `a customer's link may not ${command}`);
	return caller;
}

/** One command from an API request: its answer, with the event's seq; 201 when it created something. */
export async function runCommand<S extends z.ZodType, R>(request: ApiRequest, def: CommandDefinition<S, R>, input: unknown, created = false): Promise<ApiAnswer> {
	const actor = await request.changer();
	const { result, seq, replayed } = await execute(request.app.commands, def, input, { actor, idempotencyKey: request.header('idempotency-key') });
	return { status: created && !replayed ? 201 : 200, body: { ...(result as object), seq, replayed } };
}

/** A path's numeric id, or 404. */
export function pathId(request: ApiRequest, name = 'id', what = 'record'): number {
	const id = Number(request.params[name]);
	if (!Number.isInteger(id) || id < 1) throw new CommandError(404, 'not_found', `${what} ${request.params[name]} does not exist`, name);
	return id;
}
