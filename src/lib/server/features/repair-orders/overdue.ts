import { z } from 'zod';
import { CommandError, defineCommand, execute, type CommandContext } from '$lib/server/core/commands';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { overdueChange } from '$lib/domain/overdue';
import { systemPrincipal } from '$lib/server/features/access/principal';
import type { Job } from '$lib/server/core/module';
import { storeIds } from '$lib/server/core/stores';

/** Pitwall records that a job went red, was escalated, or is no longer late. */
export const recordOverdue = defineCommand({
	type: 'repairOrder.overdueWatch',
	permission: () => 'audit.record',
	schema: z.object({ id: z.number().int().positive() }),
	async handle(tx, input, env) {
		const ro = await repairOrderView(tx, input.id, env.storeId);
		if (!ro) throw new CommandError(404, 'not_found', `repair order ${input.id} does not exist`, 'id');
		// Decided again inside the transaction: two watchers (two app nodes) record it once.
		const change = overdueChange(ro, env.now);
		if (change === null) throw new CommandError(409, 'nothing_to_record', 'no change');
		const set =
			change === 'overdue'
				? { overdue_at: env.now, escalated_at: null }
				: change === 'escalated'
					? { escalated_at: env.now }
					: { overdue_at: null, escalated_at: null };
		await tx.updateTable('repair_orders').set(set).where('id', '=', ro.id).execute();
		const view = (await repairOrderView(tx, ro.id))!;
		const type = { overdue: 'repairOrder.overdue', escalated: 'repairOrder.escalated', cleared: 'repairOrder.overdueCleared' }[change];
		return {
			result: change,
			event: { type, subjectKind: 'repairOrder', subjectId: ro.id, data: { number: ro.number, plate: ro.plate }, images: [{ kind: 'repairOrder', id: ro.id, value: view }] }
		};
	}
});

/** Looks at the running jobs and records each change; returns how many it recorded. */
export async function watchOverdue(ctx: CommandContext, now: number): Promise<number> {
	const jobs = await ctx.db
		.selectFrom('repair_orders')
		.select('id')
		.where('store_id', '=', ctx.storeId)
		.where((eb) => eb.or([eb('stage', 'in', ['in_progress', 'paused']), eb('overdue_at', 'is not', null)]))
		.execute();
	let recorded = 0;
	for (const { id } of jobs) {
		const ro = await repairOrderView(ctx.db, id, ctx.storeId);
		if (!ro || overdueChange(ro, now) === null) continue;
		try {
			await execute({ ...ctx, now: () => now }, recordOverdue, { id }, { actor: { ...systemPrincipal, name: 'Pitwall overdue watch' } });
			recorded++;
		} catch (e) {
			if (!(e instanceof CommandError && e.code === 'nothing_to_record')) throw e;
		}
	}
	return recorded;
}

/** While the server runs: every 10 s, record the jobs that went red in each store (the dispatcher's alerts). */
export const overdueWatch: Job = (app) => {
	let watching = false;
	const timer = setInterval(() => {
		if (watching) return;
		watching = true;
		// Every store on this deployment (a dealer group's), each in its own.
		storeIds(app.db)
			.then(async (ids) => {
				for (const storeId of ids) await watchOverdue({ ...app.commands, storeId }, app.now());
			})
			.catch((error) => console.error('overdue watch failed', error))
			.finally(() => (watching = false));
	}, 10_000);
	timer.unref();
	return () => clearInterval(timer);
};
