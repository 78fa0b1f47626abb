import { describe, expect, it } from 'vitest';
import { arrivalGapMinutes, chance, nextStep, workFactor, type SimOrder } from '$lib/domain/simulation';

const MIN = 60_000;
const order = (o: Partial<SimOrder>): SimOrder => ({ id: 7, kind: 'maintenance', stage: 'checked_in', stageSince: 0, reworkCount: 0, wash: false, workedMs: 0, runningSince: null, standardMs: 45 * MIN, pausedForParts: false, deliveredAt: null, ...o });

describe('simulated day', () => {
	it('is deterministic per order and spread over [0, 1)', () => {
		expect(chance(7, 'x')).toBe(chance(7, 'x'));
		const xs = Array.from({ length: 2000 }, (_, i) => chance(i, 'qc'));
		expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...xs)).toBeLessThan(1);
		expect(xs.filter((x) => x < 0.1).length).toBeGreaterThan(120);
		expect(xs.filter((x) => x < 0.1).length).toBeLessThan(280);
	});
	it('overruns about a quarter of jobs, and rework is short', () => {
		const over = Array.from({ length: 1000 }, (_, i) => workFactor(i, 0)).filter((f) => f > 1).length;
		expect(over).toBeGreaterThan(250);
		expect(over).toBeLessThan(500);
		expect(workFactor(3, 1)).toBeLessThan(0.5);
	});
	it('walks an order through its day', () => {
		expect(nextStep(order({}), 1 * MIN)).toBeNull();
		expect(nextStep(order({}), 11 * MIN)).toEqual({ action: 'submit' });
		expect(nextStep(order({ stage: 'waiting_dispatch' }), 0)).toEqual({ action: 'dispatch' });
		const running = order({ stage: 'in_progress', runningSince: 0 });
		const f = workFactor(7, 0);
		expect(nextStep(running, 45 * MIN * f - 1000)?.action ?? null).not.toBe('finish');
		expect(nextStep({ ...running, pausedForParts: true }, 45 * MIN * f + 1000)).toEqual({ action: 'finish' });
		expect(nextStep(order({ stage: 'ready' }), 200 * MIN)).toEqual({ action: 'deliver' });
		expect(nextStep(order({ stage: 'delivered', deliveredAt: 0 }), 27 * 60 * MIN)).toEqual({ action: 'follow_up', outcome: 'satisfied' });
		expect(nextStep(order({ stage: 'cancelled' }), 999 * MIN)).toBeNull();
	});
	it('brings cars in opening hours only, more in the morning', () => {
		expect(arrivalGapMinutes(7, 0.5)).toBeNull();
		expect(arrivalGapMinutes(18, 0.5)).toBeNull();
		expect(arrivalGapMinutes(9, 0.5)!).toBeLessThan(arrivalGapMinutes(15, 0.5)!);
	});
});
