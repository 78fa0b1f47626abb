import { describe, expect, it } from 'vitest';
import { ESCALATE_AFTER_MS, overdueChange, type OverdueState } from '$lib/domain/overdue';

const MIN = 60_000;
const job = (o: Partial<OverdueState>): OverdueState => ({ stage: 'in_progress', operations: [{ minutes1: 45, minutes2: 30 }], crewSize: 1, workedMs: 0, runningSince: 0, overdueAt: null, escalatedAt: null, ...o });

describe('overdue watcher', () => {
	it('alerts once when a running job passes its standard time', () => {
		expect(overdueChange(job({}), 45 * MIN)).toBeNull();
		expect(overdueChange(job({}), 45 * MIN + 1000)).toBe('overdue');
		expect(overdueChange(job({ overdueAt: 45 * MIN }), 50 * MIN)).toBeNull();
	});
	it('escalates after 15 minutes in red, once', () => {
		const red = job({ overdueAt: 45 * MIN });
		expect(overdueChange(red, 45 * MIN + ESCALATE_AFTER_MS - 1)).toBeNull();
		expect(overdueChange(red, 45 * MIN + ESCALATE_AFTER_MS)).toBe('escalated');
		expect(overdueChange({ ...red, escalatedAt: 61 * MIN }, 90 * MIN)).toBeNull();
	});
	it('clears when the job is no longer late (a second technician joined)', () => {
		expect(overdueChange(job({ overdueAt: 45 * MIN, crewSize: 2, operations: [{ minutes1: 45, minutes2: 60 }] }), 50 * MIN)).toBe('cleared');
	});
	it('leaves finished jobs and paused jobs that were never red alone', () => {
		expect(overdueChange(job({ stage: 'team_check', runningSince: null, workedMs: 90 * MIN }), 100 * MIN)).toBeNull();
		expect(overdueChange(job({ stage: 'paused', runningSince: null, workedMs: 90 * MIN }), 100 * MIN)).toBeNull();
	});
});
