import { describe, expect, it } from 'vitest';
import { MAX_QTY, adjustDelta, isLow, isQuantity, isSlow, quantityProblem, reorderSuggestion, slowMovers, stockValue } from '$lib/domain/stock';

const DAY = 24 * 3600_000;
const now = Date.UTC(2026, 11, 1, 2, 0);

describe('reorder', () => {
	it('a part is low below its threshold, never with a threshold of 0', () => {
		expect(isLow(3, 5)).toBe(true);
		expect(isLow(5, 5)).toBe(false);
		expect(isLow(0, 0)).toBe(false);
		expect(isLow(0, 1)).toBe(true);
	});
	it('suggests enough to bring the part up to twice its threshold', () => {
		expect(reorderSuggestion(3, 5)).toBe(7);
		expect(reorderSuggestion(0, 4)).toBe(8);
		expect(reorderSuggestion(5, 5)).toBe(0);
		expect(reorderSuggestion(9, 5)).toBe(0);
		expect(reorderSuggestion(0, 0)).toBe(0);
	});
});

describe('a stock count', () => {
	it('records the signed difference from what the system held', () => {
		expect(adjustDelta(10, 7)).toBe(-3);
		expect(adjustDelta(0, 4)).toBe(4);
		expect(adjustDelta(6, 6)).toBe(0);
	});
});

describe('quantities', () => {
	it('takes whole units within bounds', () => {
		expect(isQuantity(1)).toBe(true);
		expect(isQuantity(MAX_QTY)).toBe(true);
		expect(isQuantity(0, 0)).toBe(true);
	});
	it('refuses negatives, fractions, strings, absurd sizes and non-numbers, saying why', () => {
		expect(quantityProblem(0)).toBe('at least 1');
		expect(quantityProblem(-1, 0)).toBe('cannot be negative');
		expect(quantityProblem(1.5)).toBe('whole units only');
		expect(quantityProblem('5')).toBe('a number of units is needed');
		expect(quantityProblem(NaN)).toBe('a number of units is needed');
		expect(quantityProblem(Infinity)).toBe('a number of units is needed');
		expect(quantityProblem(MAX_QTY + 1)).toBe('at most 100,000');
		expect(quantityProblem(null)).toBe('a number of units is needed');
	});
});

describe('slow movers', () => {
	const part = (onHand: number, price: number, lastIssuedDaysAgo: number | null, createdDaysAgo = 400) => ({
		onHand,
		price,
		lastIssuedAt: lastIssuedDaysAgo === null ? null : now - lastIssuedDaysAgo * DAY,
		createdAt: now - createdDaysAgo * DAY
	});

	it('stock with no issue in 90 days is slow; a part never issued counts from when it was added', () => {
		expect(isSlow(part(2, 100, 91), now)).toBe(true);
		expect(isSlow(part(2, 100, 90), now)).toBe(true);
		expect(isSlow(part(2, 100, 89), now)).toBe(false);
		expect(isSlow(part(2, 100, null, 200), now)).toBe(true);
		expect(isSlow(part(2, 100, null, 10), now)).toBe(false);
		// Nothing on the shelf: nothing slow.
		expect(isSlow(part(0, 100, 300), now)).toBe(false);
		// Another window.
		expect(isSlow(part(2, 100, 40), now, 30)).toBe(true);
	});

	it('values the slow stock against all the stock, most valuable first', () => {
		// The store in the notes: 80k of 350k yuan slow-moving (in fen).
		const rows = [
			{ id: 1, ...part(10, 500_000, 200) }, // 50k yuan, slow
			{ id: 2, ...part(30, 100_000, null) }, // 30k yuan, never issued in 400 days: slow
			{ id: 3, ...part(100, 270_000, 5) }, // 270k yuan, moving
			{ id: 4, ...part(0, 999_999, 500) } // nothing on hand
		];
		const report = slowMovers(rows, now);
		expect(report.items.map((r) => [r.id, r.value])).toEqual([
			[1, 5_000_000],
			[2, 3_000_000]
		]);
		expect(report.slowValue).toBe(8_000_000);
		expect(report.stockValue).toBe(35_000_000);
		expect(report.slowShare).toBeCloseTo(80 / 350);
	});

	it('an empty store has nothing slow and no share', () => {
		expect(slowMovers([], now)).toEqual({ items: [], slowValue: 0, stockValue: 0, slowShare: 0 });
		expect(stockValue(3, 1250)).toBe(3750);
	});
});
