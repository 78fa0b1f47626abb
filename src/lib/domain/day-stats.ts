import { standardMinutes, type TimedOperation } from './standard-time';

/** The header figures of the workshop board: cars in and out today, and work done on time. */
export interface DayOrder {
	stage: string;
	checkedInAt: number;
	stageSince: number;
	crewSize: number | null;
	workedMs: number;
	runningSince: number | null;
	operations: readonly TimedOperation[];
}

const workDone = new Set(['team_check', 'final_qc', 'advisor_check', 'wash', 'ready', 'delivered', 'followed_up']);
const out = new Set(['delivered', 'followed_up']);

export interface DayStats {
	carsIn: number;
	carsOut: number;
	/** Jobs whose work is finished, and how many of them within their standard time. */
	finished: number;
	onTime: number;
	/** 0..1, or null before the first finished job. */
	onTimeRate: number | null;
}

export function dayStats(orders: readonly DayOrder[], dayStart: number): DayStats {
	const carsIn = orders.filter((o) => o.checkedInAt >= dayStart && o.stage !== 'cancelled').length;
	const carsOut = orders.filter((o) => out.has(o.stage) && o.stageSince >= dayStart).length;
	const finishedJobs = orders.filter((o) => workDone.has(o.stage) && o.runningSince === null && o.stageSince >= dayStart);
	const onTime = finishedJobs.filter((o) => o.workedMs <= standardMinutes(o.operations, o.crewSize) * 60_000).length;
	return { carsIn, carsOut, finished: finishedJobs.length, onTime, onTimeRate: finishedJobs.length ? onTime / finishedJobs.length : null };
}
