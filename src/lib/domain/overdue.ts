import { countdown, type CountdownInput } from './countdown';

/** Red for this long and the supervisor is told as well. */
export const ESCALATE_AFTER_MS = 15 * 60_000;

export interface OverdueState extends CountdownInput {
	stage: string;
	overdueAt: number | null;
	escalatedAt: number | null;
}

export type OverdueChange = 'overdue' | 'escalated' | 'cleared' | null;

/**
 * What the watcher must record for one job now: it went red (alert the dispatcher), it has been
 * red for 15 minutes (escalate), or it is no longer red (crew added, add-on approved: clear).
 */
export function overdueChange(job: OverdueState, now: number): OverdueChange {
	const working = job.stage === 'in_progress' || job.stage === 'paused';
	const red = working && countdown(job, now).level === 'red';
	if (job.overdueAt === null) return red && job.stage === 'in_progress' ? 'overdue' : null;
	if (!red) return working ? 'cleared' : null;
	if (job.escalatedAt === null && now - job.overdueAt >= ESCALATE_AFTER_MS) return 'escalated';
	return null;
}
