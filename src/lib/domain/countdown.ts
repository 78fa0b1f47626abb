import { standardMinutes, workedMs, type TimedOperation } from './standard-time';

export type CountdownLevel = 'ok' | 'amber' | 'red';

export interface CountdownInput {
	operations: readonly TimedOperation[];
	crewSize: number | null;
	workedMs: number;
	runningSince: number | null;
}

export interface Countdown {
	standardMs: number;
	workedMs: number;
	/** Negative once the job is past its standard time. */
	remainingMs: number;
	running: boolean;
	level: CountdownLevel;
	/** Server time at which the job reaches its standard time; null while paused. */
	deadline: number | null;
	/**
	 * The stored clock start or worked time was out of range (a bad row: NaN, or a year or more
	 * from now, as 0 or year 9999 are): it counts as nothing, so the figures stay finite, and a
	 * screen may mark them as unsure.
	 */
	badTime: boolean;
}

/** More work than this on one job, or a clock started this far from now, is no real figure. */
const MAX_WORKED_MS = 366 * 86_400_000;

/** Amber from 80% of the standard time, red past 100%. */
export const AMBER_AT = 0.8;

export function countdown(job: CountdownInput, now: number): Countdown {
	const standardMs = standardMinutes(job.operations, job.crewSize) * 60_000;
	const badSince = job.runningSince !== null && !(Number.isFinite(job.runningSince) && Math.abs(now - job.runningSince) <= MAX_WORKED_MS);
	const badWorked = !(Number.isFinite(job.workedMs) && job.workedMs >= 0 && job.workedMs <= MAX_WORKED_MS);
	const worked = workedMs(badWorked ? 0 : job.workedMs, badSince ? null : job.runningSince, now);
	const remainingMs = standardMs - worked;
	const level: CountdownLevel = remainingMs < 0 ? 'red' : worked >= standardMs * AMBER_AT ? 'amber' : 'ok';
	const running = job.runningSince !== null;
	return {
		standardMs,
		workedMs: worked,
		remainingMs,
		running,
		level,
		deadline: running ? now + remainingMs : null,
		badTime: badSince || badWorked
	};
}

/** 45:00, 3:07:12, or +02:15 once overdue: the overrun counts up; --:-- for no figure (NaN, Infinity). */
export function formatCountdown(remainingMs: number): string {
	if (!Number.isFinite(remainingMs)) return '--:--';
	const over = remainingMs < 0;
	// Round toward the deadline so the display never shows 0:00 while time remains.
	const total = over ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
	const h = Math.floor(total / 3600);
	const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
	const ss = String(total % 60).padStart(2, '0');
	const body = h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
	return over ? `+${body}` : body;
}
