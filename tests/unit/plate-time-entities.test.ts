import { describe, expect, it } from 'vitest';
import { normalizePlate } from '$lib/domain/plate';
import { startOfStoreDay } from '$lib/domain/time';
import { applyPatches } from '$lib/live/entities';

describe('plates', () => {
	it.each([
		['粤B·D12345', '粤B·D12345'],
		['粤bd12345', '粤B·D12345'],
		['粤A 5K8Q2', '粤A·5K8Q2'],
		['京A-12345', '京A·12345']
	])('%s → %s', (input, out) => expect(normalizePlate(input)).toBe(out));
	it.each(['', 'ABC123', '粤1·12345', '粤B·123', 'XX·D12345'])('refuses %j', (input) => expect(normalizePlate(input)).toBeNull());
});

describe('store day', () => {
	it('starts at midnight in Shanghai whatever the server zone', () => {
		const at = Date.parse('2026-11-27T01:30:00+08:00');
		expect(startOfStoreDay(at, 'Asia/Shanghai')).toBe(Date.parse('2026-11-27T00:00:00+08:00'));
		expect(startOfStoreDay(Date.parse('2026-11-27T23:59:59+08:00'), 'Asia/Shanghai')).toBe(Date.parse('2026-11-27T00:00:00+08:00'));
	});
	it('handles zones with daylight saving', () => {
		const at = Date.parse('2026-07-01T12:00:00-04:00');
		expect(startOfStoreDay(at, 'America/New_York')).toBe(Date.parse('2026-07-01T00:00:00-04:00'));
	});
});

describe('applyPatches', () => {
	it('sets and removes without touching the input', () => {
		const before = { repairOrder: { 1: { a: 1 } }, bay: { 9: { b: 1 } } };
		const after = applyPatches(before, [
			{ kind: 'repairOrder', id: 2, value: { a: 2 } },
			{ kind: 'repairOrder', id: 1, value: null }
		]);
		expect(after).toEqual({ repairOrder: { 2: { a: 2 } }, bay: { 9: { b: 1 } } });
		expect(before.repairOrder).toEqual({ 1: { a: 1 } });
		expect(after.bay).toBe(before.bay);
	});
});

import { msUntilStoreHour } from '$lib/domain/time';
describe('nightly reload hour', () => {
	it('is later today, or tomorrow once passed', () => {
		const h = 3_600_000;
		expect(msUntilStoreHour(Date.parse('2026-11-27T01:00:00+08:00'), 'Asia/Shanghai', 3)).toBe(2 * h);
		expect(msUntilStoreHour(Date.parse('2026-11-27T14:00:00+08:00'), 'Asia/Shanghai', 3)).toBe(13 * h);
	});
});
