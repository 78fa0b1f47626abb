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
}

/** Amber from 80% of the standard time, red past 100%. */
export const AMBER_AT = 0.8;

export function countdown(job: CountdownInput, now: number): Countdown {
	const standardMs = standardMinutes(job.operations, job.crewSize) * 60_000;
	const worked = workedMs(job.workedMs, job.runningSince, now);
	const remainingMs = standardMs - worked;
	const level: CountdownLevel = remainingMs < 0 ? 'red' : worked >= standardMs * AMBER_AT ? 'amber' : 'ok';
	const running = job.runningSince !== null;
	return {
		standardMs,
		workedMs: worked,
		remainingMs,
		running,
		level,
		deadline: running ? now + remainingMs : null
	};
}

/** 45:00, 3:07:12, or +02:15 once overdue: the overrun counts up. */
export function formatCountdown(remainingMs: number): string {
	const over = remainingMs < 0;
	// Round toward the deadline so the display never shows 0:00 while time remains.
	const total = over ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
	const h = Math.floor(total / 3600);
	const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
	const ss = String(total % 60).padStart(2, '0');
	const body = h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
	return over ? `+${body}` : body;
}
