/**
 * The demo shop's day, decided without memory: each order's next step and when it happens
 * follow from the order's own state and a hash of its id, so a restarted simulation carries
 * on where it was. Pure; the server turns the decisions into the same commands people use.
 */
export interface SimOrder {
	id: number;
	kind: 'maintenance' | 'repair' | 'accident';
	stage: string;
	stageSince: number;
	reworkCount: number;
	wash: boolean;
	workedMs: number;
	runningSince: number | null;
	standardMs: number;
	pausedForParts: boolean;
	deliveredAt: number | null;
}

export type SimStep =
	| { action: 'submit' | 'start' | 'resume' | 'finish' | 'team_check_pass' | 'qc_pass' | 'advisor_check_pass' | 'wash_done' }
	| { action: 'dispatch' }
	| { action: 'pause'; reason: 'parts'; note: string }
	| { action: 'qc_fail'; reason: string }
	| { action: 'deliver' }
	| { action: 'follow_up'; outcome: 'satisfied' };

const MIN = 60_000;

/** A stable number in [0, 1) for this order and this question. */
export function chance(id: number, salt: string): number {
	let h = 2166136261 ^ id;
	for (const c of salt) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
	h = Math.imul(h ^ (h >>> 15), 2246822507);
	return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

/** How long this job really takes against its standard: mostly near it, a quarter over. */
export function workFactor(id: number, rework: number): number {
	const x = chance(id, `work${rework}`);
	if (rework > 0) return 0.2 + x * 0.2;
	// Three in four on time (70-100%), most of the rest a little over, a few far over.
	if (x < 0.75) return 0.7 + (x / 0.75) * 0.3;
	if (x < 0.92) return 1 + ((x - 0.75) / 0.17) * 0.15;
	return 1.15 + ((x - 0.92) / 0.08) * 0.45;
}

export function nextStep(o: SimOrder, now: number): SimStep | null {
	const waited = now - o.stageSince;
	const worked = o.workedMs + (o.runningSince === null ? 0 : now - o.runningSince);
	switch (o.stage) {
		case 'checked_in':
			return waited > (3 + 7 * chance(o.id, 'submit')) * MIN ? { action: 'submit' } : null;
		case 'waiting_dispatch':
			return { action: 'dispatch' };
		case 'dispatched':
			return waited > (2 + 6 * chance(o.id, 'start')) * MIN ? { action: 'start' } : null;
		case 'in_progress': {
			const target = o.standardMs * workFactor(o.id, o.reworkCount);
			if (!o.pausedForParts && o.reworkCount === 0 && chance(o.id, 'parts') < 0.15 && worked > target * 0.4) {
				return { action: 'pause', reason: 'parts', note: '配件缺货，已向备件申请 / part out of stock, requested' };
			}
			return worked >= target ? { action: 'finish' } : null;
		}
		case 'paused':
			return waited > (15 + 30 * chance(o.id, 'resume')) * MIN ? { action: 'resume' } : null;
		case 'team_check':
			return waited > 5 * MIN ? { action: 'team_check_pass' } : null;
		case 'final_qc':
			if (waited < 8 * MIN) return null;
			return o.reworkCount === 0 && chance(o.id, 'qc') < 0.1 ? { action: 'qc_fail', reason: '复检发现异响未消除 / noise still present' } : { action: 'qc_pass' };
		case 'advisor_check':
			return waited > 6 * MIN ? { action: 'advisor_check_pass' } : null;
		case 'wash':
			return waited > 20 * MIN ? { action: 'wash_done' } : null;
		case 'ready':
			return waited > (25 + 100 * chance(o.id, 'pickup')) * MIN ? { action: 'deliver' } : null;
		case 'delivered':
			return o.deliveredAt !== null && now - o.deliveredAt > 26 * 60 * MIN ? { action: 'follow_up', outcome: 'satisfied' } : null;
		default:
			return null;
	}
}

/** Minutes until the next car arrives, by the hour of the store's day (busy mornings). */
export function arrivalGapMinutes(hour: number, x: number): number | null {
	if (hour < 8 || hour >= 18) return null;
	const perHour = hour < 11 ? 4.5 : hour < 14 ? 2.5 : 2;
	return (-Math.log(1 - x) * 60) / perHour;
}
