/** Standard times (工时标准): minutes for one technician and for two. */
export interface TimedOperation {
	minutes1: number;
	minutes2: number;
	status?: 'active' | 'pending' | 'declined';
}

/** Minutes for a crew: two or more technicians work to the two-person time. */
export function operationMinutes(op: TimedOperation, crewSize: number | null): number {
	return (crewSize ?? 1) >= 2 ? op.minutes2 : op.minutes1;
}

/** A job's standard time is the sum of its active operations for its crew size. */
export function standardMinutes(ops: readonly TimedOperation[], crewSize: number | null): number {
	return ops
		.filter((op) => (op.status ?? 'active') === 'active')
		.reduce((sum, op) => sum + operationMinutes(op, crewSize), 0);
}

/** Working milliseconds so far: closed segments plus the running one. */
export function workedMs(worked: number, runningSince: number | null, now: number): number {
	return worked + (runningSince === null ? 0 : Math.max(0, now - runningSince));
}
