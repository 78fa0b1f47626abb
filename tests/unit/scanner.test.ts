import { describe, expect, it } from 'vitest';
import { ScanDetector, cleanCode, feedKey, initialScannerState, isCharacterKey, routeScan, type ScanStep } from '../../src/lib/domain/scanner';

/** Feeds `keys` at the given gaps (ms) and returns every step. */
function run(detector: ScanDetector, keys: string[], gap: number | number[], start = 1000): ScanStep[] {
	let at = start;
	return keys.map((k, i) => {
		if (i > 0) at += Array.isArray(gap) ? gap[i - 1] : gap;
		return detector.feed(k, at);
	});
}
const chars = (s: string) => [...s];

describe('telling a scanner from typing', () => {
	it('a fast burst ending in Enter is a scan with its code', () => {
		const steps = run(new ScanDetector(), [...chars('90915-YZZD4'), 'Enter'], 5);
		expect(steps.slice(0, -1).every((s) => s.kind === 'typing')).toBe(true);
		expect(steps.at(-1)).toEqual({ kind: 'scan', code: '90915-YZZD4' });
	});

	it('typing at a person pace then Enter is an Enter, not a scan', () => {
		const steps = run(new ScanDetector(), [...chars('jlq1'), 'Enter'], 120);
		expect(steps.at(-1)).toEqual({ kind: 'enter' });
	});

	it('one slow gap inside the code breaks the burst: what follows is read alone', () => {
		// "ab" typed, a pause, then a scanner's burst: the scan is only the burst
		const steps = run(new ScanDetector(), [...chars('ab'), ...chars('A-1-3'), 'Enter'], [150, 400, 4, 4, 4, 4, 4]);
		expect(steps.at(-1)).toEqual({ kind: 'scan', code: 'A-1-3' });
	});

	it('a key held back a little by a busy computer does not break a scan', () => {
		const gaps = [5, 5, 80, 5, 5, 5, 5, 5, 5, 5, 5];
		const steps = run(new ScanDetector(), [...chars('90915-YZZD4'), 'Enter'], gaps);
		expect(steps.at(-1)).toEqual({ kind: 'scan', code: '90915-YZZD4' });
	});

	it('a person typing fast, however fast, is mostly slower than a scanner: Enter, not a scan', () => {
		expect(run(new ScanDetector(), [...chars('04152yzz'), 'Enter'], 60).at(-1)).toEqual({ kind: 'enter' });
		// key rollover makes some gaps tiny, not most of them
		expect(run(new ScanDetector(), [...chars('04152yzz'), 'Enter'], [10, 70, 12, 80, 65, 9, 90, 70]).at(-1)).toEqual({ kind: 'enter' });
	});

	it('a slow Enter after a fast burst is a person pressing Enter', () => {
		const steps = run(new ScanDetector(), [...chars('ABCD'), 'Enter'], [5, 5, 5, 300]);
		expect(steps.at(-1)).toEqual({ kind: 'enter' });
	});

	it('a burst shorter than the minimum is not a scan (a quick "ab⏎")', () => {
		const steps = run(new ScanDetector(), ['a', 'b', 'Enter'], 5);
		expect(steps.at(-1)).toEqual({ kind: 'enter' });
	});

	it('the gap limit is inclusive and configurable', () => {
		expect(run(new ScanDetector(), [...chars('ABCD'), 'Enter'], 30).at(-1)).toEqual({ kind: 'scan', code: 'ABCD' });
		expect(run(new ScanDetector(), [...chars('ABCD'), 'Enter'], 31).at(-1)).toEqual({ kind: 'enter' });
		expect(run(new ScanDetector({ maxGapMs: 50 }), [...chars('ABCD'), 'Enter'], 45).at(-1)).toEqual({ kind: 'scan', code: 'ABCD' });
		expect(run(new ScanDetector({ minLength: 2 }), ['A', 'B', 'Enter'], 5).at(-1)).toEqual({ kind: 'scan', code: 'AB' });
	});

	it('Shift between characters (capitals from a scanner) neither counts nor breaks the burst', () => {
		const steps = run(new ScanDetector(), ['Shift', 'A', '-', 'Shift', 'B', '1', '2', 'Enter'], 4);
		expect(steps[0]).toEqual({ kind: 'ignore' });
		expect(steps.at(-1)).toEqual({ kind: 'scan', code: 'A-B12' });
	});

	it('Backspace inside a burst starts over (a scanner never sends one)', () => {
		const steps = run(new ScanDetector(), [...chars('ABCD'), 'Backspace', 'E', 'F', 'Enter'], 5);
		expect(steps[4]).toEqual({ kind: 'typing' });
		expect(steps.at(-1)).toEqual({ kind: 'enter' });
	});

	it('two scans in a row are read one after the other', () => {
		const d = new ScanDetector();
		expect(run(d, [...chars('CODE1'), 'Enter'], 5, 0).at(-1)).toEqual({ kind: 'scan', code: 'CODE1' });
		expect(run(d, [...chars('CODE2'), 'Enter'], 5, 500).at(-1)).toEqual({ kind: 'scan', code: 'CODE2' });
	});

	it('a clock going backwards never makes a scan', () => {
		const d = new ScanDetector();
		d.feed('A', 1000);
		d.feed('B', 1005);
		d.feed('C', 1010);
		d.feed('D', 900);
		expect(d.feed('Enter', 905)).toEqual({ kind: 'enter' });
	});

	it('keys the kiosk has no use for are ignored and end a burst', () => {
		const steps = run(new ScanDetector(), [...chars('ABCD'), 'ArrowLeft', 'Enter'], 5);
		expect(steps[4]).toEqual({ kind: 'ignore' });
		expect(steps.at(-1)).toEqual({ kind: 'enter' });
	});

	it('the pure function leaves the state it was given alone', () => {
		const { state } = feedKey(initialScannerState, 'A', 10);
		expect(initialScannerState).toEqual({ buffer: '', lastAt: -Infinity, fast: 0, slow: 0 });
		expect(state).toEqual({ buffer: 'A', lastAt: 10, fast: 0, slow: 0 });
		const d = new ScanDetector();
		d.feed('X', 1);
		d.feed('Y', 3);
		expect(d.pending).toBe('XY');
		d.reset();
		expect(d.pending).toBe('');
	});

	it('Chinese characters and symbols count as characters; Space and named keys do not', () => {
		expect(isCharacterKey('机')).toBe(true);
		expect(isCharacterKey('-')).toBe(true);
		expect(isCharacterKey(' ')).toBe(false);
		expect(isCharacterKey('Enter')).toBe(false);
		expect(isCharacterKey('F1')).toBe(false);
	});
});

describe('where a scan goes', () => {
	it('confirms a pick while a pick list is open', () => {
		expect(routeScan({ pickListOpen: true, addingLine: false, dialogOpen: false })).toBe('confirm');
	});
	it('searches otherwise, and while the picker adds a part to a note-only request', () => {
		expect(routeScan({ pickListOpen: false, addingLine: false, dialogOpen: false })).toBe('search');
		expect(routeScan({ pickListOpen: true, addingLine: true, dialogOpen: false })).toBe('search');
	});
	it('goes nowhere while the issue dialog takes a PIN', () => {
		expect(routeScan({ pickListOpen: true, addingLine: false, dialogOpen: true })).toBe('none');
	});
	it('codes are trimmed of control characters', () => {
		expect(cleanCode(' A-1-3\u0000\r')).toBe('A-1-3');
	});
});
