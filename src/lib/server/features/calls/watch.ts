import { CommandError, execute, type CommandContext } from '$lib/server/core/commands';
import type { Job } from '$lib/server/core/module';
import { systemPrincipal } from '$lib/server/features/access/principal';
import { needsEscalation } from '$lib/domain/calls';
import { escalateCall } from './commands';
import { activeCalls } from './repository';
import { storeIds } from '$lib/server/core/stores';

/** Escalates every unanswered call past its time (once each); returns how many. */
export async function watchCalls(ctx: CommandContext, now: number): Promise<number> {
	let escalated = 0;
	for (const call of await activeCalls(ctx.db, ctx.storeId)) {
		if (!needsEscalation(call, now)) continue;
		try {
			await execute({ ...ctx, now: () => now }, escalateCall, { id: call.id }, { actor: { ...systemPrincipal, name: 'Pitwall call watch' } });
			escalated++;
		} catch (e) {
			if (!(e instanceof CommandError && e.code === 'nothing_to_record')) throw e;
		}
	}
	return escalated;
}

/** While the server runs: every 5 s (a safety call escalates after 30 s, so within 35 s at worst). */
export const callWatch: Job = (app) => {
	let busy = false;
	const timer = setInterval(() => {
		if (busy) return;
		busy = true;
		// Every store on this deployment (a dealer group's), each in its own.
		storeIds(app.db)
			.then(async (ids) => {
				for (const storeId of ids) await watchCalls({ ...app.commands, storeId }, app.now());
			})
			.catch((error) => console.error('call watch failed', error))
			.finally(() => (busy = false));
	}, 5_000);
	timer.unref();
	return () => clearInterval(timer);
};
