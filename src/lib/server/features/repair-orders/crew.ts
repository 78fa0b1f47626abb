import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { CommandError, type CommandEnv } from '$lib/server/core/commands';
import { bayHoldingStages } from '$lib/domain/repair-order';

/**
 * The technicians actually on each job, and each one's time on it. Dispatch names them (or takes
 * the team's free members, as many as the crew); a technician who starts or resumes the job on
 * the tablet is on it from then; the clock of each runs while the job runs.
 */

/** Technician ids for a dispatch: those named (in the team, active), else the team's free members first. */
export async function crewFor(tx: Db, env: CommandEnv, orderId: number, teamId: number, crewSize: number, named?: number[]): Promise<number[]> {
	const members = await tx
		.selectFrom('technicians')
		.select(['id', 'is_leader'])
		.where('store_id', '=', env.storeId)
		.where('team_id', '=', teamId)
		.where('active', '=', 1)
		.orderBy('is_leader')
		.orderBy('id')
		.execute();
	if (named) {
		if (named.length !== crewSize) throw new CommandError(400, 'invalid_input', `technicians: name ${crewSize} technician${crewSize > 1 ? 's' : ''} for a crew of ${crewSize}`, 'technicians');
		for (const id of named) {
			if (!members.some((m) => m.id === id)) throw new CommandError(400, 'invalid_input', `technicians: ${id} is not an active technician of this team`, 'technicians');
		}
		return named;
	}
	const busy = new Set(
		(
			await tx
				.selectFrom('job_technicians as j')
				.innerJoin('repair_orders as r', 'r.id', 'j.repair_order_id')
				.select('j.technician_id')
				.where('r.store_id', '=', env.storeId)
				.where('r.id', '!=', orderId)
				.where('r.stage', 'in', [...bayHoldingStages])
				.execute()
		).map((r) => r.technician_id)
	);
	const free = members.filter((m) => !busy.has(m.id));
	const rest = members.filter((m) => busy.has(m.id));
	return [...free, ...rest].slice(0, crewSize).map((m) => m.id);
}

export async function assignCrew(tx: Db, orderId: number, technicianIds: number[], now: number): Promise<void> {
	await tx.deleteFrom('job_technicians').where('repair_order_id', '=', orderId).execute();
	if (technicianIds.length) {
		await tx.insertInto('job_technicians').values(technicianIds.map((id) => ({ repair_order_id: orderId, technician_id: id, assigned_at: now }))).execute();
	}
}

/** The job's clock started (start, resume): every technician on it is on the clock; `joining` joins it. */
export async function crewClockOn(tx: Db, orderId: number, now: number, joining: number | null): Promise<void> {
	if (joining !== null) {
		await tx
			.insertInto('job_technicians')
			.values({ repair_order_id: orderId, technician_id: joining, assigned_at: now })
			.onConflict((oc) => oc.columns(['repair_order_id', 'technician_id']).doNothing())
			.execute();
	}
	await tx.updateTable('job_technicians').set({ running_since: now }).where('repair_order_id', '=', orderId).where('running_since', 'is', null).execute();
}

/** The job's clock stopped (pause, finish): each technician's time so far is kept. */
export async function crewClockOff(tx: Db, orderId: number, now: number): Promise<void> {
	// One statement for the whole crew (it runs in every pause): a clock that started "after" now (a
	// clock set back) adds nothing.
	await tx
		.updateTable('job_technicians')
		.set((eb) => ({
			worked_ms: eb
				.case()
				.when('running_since', '<', now)
				.then(sql<number>`worked_ms + (${now} - running_since)`)
				.else(eb.ref('worked_ms'))
				.end(),
			running_since: null
		}))
		.where('repair_order_id', '=', orderId)
		.where('running_since', 'is not', null)
		.execute();
}
