import { describe, expect, it } from 'vitest';
import { codeMatches, compareWalk, issuable, lineForCode, mergeLines, nextToPick, normalizeCode, shortages, slipCounter, slipNumber, slipTotal, walkingOrder, type BinPlace } from '$lib/domain/picking';

const at = (zoneCode: string, rack: number, shelf: number, position = 1, zoneSort = 0): BinPlace => ({ zoneSort, zoneCode, rack, shelf, position });

describe('walking order', () => {
	it('goes zone by zone, rack by rack, shelf from the floor up, left to right; parts without a bin last', () => {
		const lines = [
			{ id: 1, place: null },
			{ id: 2, place: at('B', 1, 1) },
			{ id: 3, place: at('A', 2, 1) },
			{ id: 4, place: at('A', 1, 3) },
			{ id: 5, place: at('A', 1, 1, 2) },
			{ id: 6, place: at('A', 1, 1, 1) },
			{ id: 7, place: null }
		];
		expect(walkingOrder(lines).map((l) => l.id)).toEqual([6, 5, 4, 3, 2, 1, 7]);
	});

	it("follows the zones' own order before their codes", () => {
		const lines = [
			{ id: 1, place: at('A', 1, 1, 1, 2) },
			{ id: 2, place: at('B', 1, 1, 1, 1) }
		];
		expect(walkingOrder(lines).map((l) => l.id)).toEqual([2, 1]);
	});

	it('keeps the asked order for two lines at one bin, and does not change its input', () => {
		const lines = [
			{ id: 9, place: at('A', 1, 1) },
			{ id: 3, place: at('A', 1, 1) }
		];
		expect(walkingOrder(lines).map((l) => l.id)).toEqual([3, 9]);
		expect(lines.map((l) => l.id)).toEqual([9, 3]);
		expect(compareWalk(null, null)).toBe(0);
		expect(compareWalk(at('A', 1, 1), null)).toBeLessThan(0);
	});
});

describe('matching a scanned code', () => {
	const lines = [
		{ id: 1, number: '04152-YZZA1', barcode: '6901234567892', confirmedAt: null },
		{ id: 2, number: '90915-YZZE1', barcode: null, confirmedAt: 100 },
		{ id: 3, number: '04465-02220', barcode: null, confirmedAt: null }
	];

	it('finds a line by number or barcode, ignoring case, spaces and dashes', () => {
		expect(normalizeCode(' 04152-yzza1 ')).toBe('04152yzza1');
		expect(lineForCode(lines, '04152YZZA1')?.id).toBe(1);
		expect(lineForCode(lines, '04152-yzza1')?.id).toBe(1);
		expect(lineForCode(lines, '6901234567892')?.id).toBe(1);
		expect(lineForCode(lines, '0446502220')?.id).toBe(3);
		expect(codeMatches({ number: 'A-1', barcode: null }, '')).toBe(false);
	});

	it('answers an already confirmed line again (a double scan), and nothing for a part not on the list', () => {
		expect(lineForCode(lines, '90915YZZE1')?.id).toBe(2);
		expect(lineForCode(lines, '12345')).toBeUndefined();
	});

	it('names the next part to pick: the first unconfirmed in walking order', () => {
		expect(nextToPick(lines)?.id).toBe(1);
		expect(nextToPick(lines.map((l) => ({ ...l, confirmedAt: 1 })))).toBeUndefined();
	});
});

describe('lines and shortages', () => {
	it('adds up duplicate parts, keeping where each first appeared', () => {
		expect(
			mergeLines([
				{ partId: 5, qty: 1 },
				{ partId: 7, qty: 2 },
				{ partId: 5, qty: 3 }
			])
		).toEqual([
			{ partId: 5, qty: 4, index: 0 },
			{ partId: 7, qty: 2, index: 1 }
		]);
	});

	it('finds the lines the shelf cannot fill, and what can be handed over of each', () => {
		const lines = [
			{ partId: 1, qty: 2, onHand: 5 },
			{ partId: 2, qty: 4, onHand: 1 },
			{ partId: 3, qty: 1, onHand: 0 },
			{ partId: 4, qty: 3, onHand: 3 }
		];
		expect(shortages(lines).map((l) => [l.partId, l.want, l.onHand])).toEqual([
			[2, 4, 1],
			[3, 1, 0]
		]);
		expect(lines.map(issuable)).toEqual([
			{ issue: 2, missing: 0 },
			{ issue: 1, missing: 3 },
			{ issue: 0, missing: 1 },
			{ issue: 3, missing: 0 }
		]);
	});
});

describe('the issue slip', () => {
	it('is numbered CK, the store day and a counter of at least three digits', () => {
		expect(slipNumber('2026-11-30', 3)).toBe('CK20261130-003');
		expect(slipNumber('20261130', 1234)).toBe('CK20261130-1234');
		expect(() => slipNumber('2026-11-30', 0)).toThrow(RangeError);
		expect(() => slipNumber('30/11/2026', 1)).toThrow(RangeError);
		expect(slipCounter('CK20261130-012', '2026-11-30')).toBe(12);
		expect(slipCounter('CK20261129-012', '2026-11-30')).toBe(0);
		expect(slipCounter('CK20261130-x', '2026-11-30')).toBe(0);
	});

	it('is worth its lines at their prices, in fen', () => {
		expect(
			slipTotal([
				{ qty: 2, unitPrice: 4500 },
				{ qty: 1, unitPrice: 12_800 }
			])
		).toBe(21_800);
		expect(slipTotal([])).toBe(0);
	});
});
