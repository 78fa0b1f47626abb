import { describe, expect, it } from 'vitest';
import { countdown, formatCountdown } from '$lib/domain/countdown';
import { standardMinutes } from '$lib/domain/standard-time';

const MIN = 60_000;
const maintenance = { minutes1: 45, minutes2: 30 };
const brakes = { minutes1: 40, minutes2: 20 };

describe('standard time', () => {
	it('uses the crew size: routine maintenance 45 min alone, 30 for two', () => {
		expect(standardMinutes([maintenance], 1)).toBe(45);
		expect(standardMinutes([maintenance], 2)).toBe(30);
		expect(standardMinutes([maintenance, brakes], 2)).toBe(50);
		expect(standardMinutes([maintenance, brakes], null)).toBe(85);
	});
	it('counts only active operations (not add-ons waiting for approval or declined)', () => {
		expect(standardMinutes([maintenance, { ...brakes, status: 'pending' }, { ...brakes, status: 'declined' }], 1)).toBe(45);
	});
});

describe('countdown', () => {
	const job = { operations: [maintenance], crewSize: 1, workedMs: 0, runningSince: 0 };
	it('counts down from the standard time while running', () => {
		const c = countdown(job, 10 * MIN);
		expect(c).toMatchObject({ standardMs: 45 * MIN, remainingMs: 35 * MIN, level: 'ok', running: true, deadline: 45 * MIN });
	});
	it('turns amber at 80% and red past 100%', () => {
		expect(countdown(job, 36 * MIN - 1).level).toBe('ok');
		expect(countdown(job, 36 * MIN).level).toBe('amber');
		expect(countdown(job, 45 * MIN).level).toBe('amber');
		expect(countdown(job, 45 * MIN + 1000)).toMatchObject({ level: 'red', remainingMs: -1000 });
	});
	it('stops while paused and has no deadline', () => {
		const paused = { ...job, workedMs: 20 * MIN, runningSince: null };
		expect(countdown(paused, 99 * MIN)).toMatchObject({ remainingMs: 25 * MIN, running: false, deadline: null });
	});
	it('follows a crew-size change', () => {
		expect(countdown({ ...job, crewSize: 2 }, 10 * MIN).remainingMs).toBe(20 * MIN);
	});
	it('formats remaining time and overruns', () => {
		expect(formatCountdown(45 * MIN)).toBe('45:00');
		expect(formatCountdown(1)).toBe('00:01');
		expect(formatCountdown(0)).toBe('00:00');
		expect(formatCountdown(-135_000)).toBe('+02:15');
		expect(formatCountdown(3 * 3600_000 + 7 * MIN + 12_000)).toBe('3:07:12');
	});
});
