/**
 * A USB barcode scanner is a keyboard that types very fast and ends with Enter. This tells its
 * burst of keys from a person typing, from nothing but each key and the moment it came: a pure
 * state machine, no timers, no DOM (the kiosk feeds it every keydown).
 *
 * A scan is at least `minLength` characters ending with Enter, nearly every gap between its keys
 * (and before its Enter) within `maxGapMs`: a busy computer may hold one key back a little
 * (up to `hiccupMs`), but a person's typing is never mostly that fast. A pause longer than
 * `hiccupMs` starts a new candidate burst, so a person's typing followed by a scan reads the
 * scan alone. Modifier keys (a scanner sends Shift for capitals) are neither characters nor pauses.
 */

export interface ScannerOptions {
	/** A scanner's gap between two keys, at most (they send 2–15 ms; a person rarely under 30 ms). */
	maxGapMs: number;
	/** A longer gap, up to this, is a key held back inside a burst; longer still, a new burst. */
	hiccupMs: number;
	/** Of a scan's gaps (Enter's too), at least this share within `maxGapMs`. */
	minFastShare: number;
	/** Fewest characters a scan has (bin and part codes are longer; a person's quick "ab⏎" is not a scan). */
	minLength: number;
}

export const defaultScannerOptions: ScannerOptions = { maxGapMs: 30, hiccupMs: 100, minFastShare: 0.75, minLength: 4 };

export interface ScannerState {
	/** The characters of the burst now running (may be a person's typing: only Enter decides). */
	buffer: string;
	/** When the last character came (ms), or -Infinity. */
	lastAt: number;
	/** Gaps inside the burst within `maxGapMs`, and those longer (up to `hiccupMs`). */
	fast: number;
	slow: number;
}

export const initialScannerState: ScannerState = { buffer: '', lastAt: -Infinity, fast: 0, slow: 0 };

/**
 * What one key is:
 * - `typing`: a character, or a key that edits (Backspace): let it do what typing does.
 * - `enter`: Enter after typing at a person's pace (the box's text is what they mean).
 * - `scan`: Enter closing a scanner's burst: `code` is what it read (its characters were also
 *   reported as `typing`, one by one, before it could be known).
 * - `ignore`: a modifier, or a key the kiosk has no use for.
 */
export type ScanStep = { kind: 'typing' } | { kind: 'enter' } | { kind: 'scan'; code: string } | { kind: 'ignore' };

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'Unidentified', 'Dead', 'Process']);

/** A key that types one visible character (not Space: no code holds one). */
export function isCharacterKey(key: string): boolean {
	return [...key].length === 1 && key !== ' ' && key >= ' ';
}

/** Feeds one keydown (`key` as KeyboardEvent.key, `at` in ms of any monotonic clock). */
export function feedKey(state: ScannerState, key: string, at: number, options: ScannerOptions = defaultScannerOptions): { state: ScannerState; step: ScanStep } {
	if (MODIFIERS.has(key)) return { state, step: { kind: 'ignore' } };
	const gap = at - state.lastAt;
	const kind = !state.buffer || !(gap >= 0) ? 'break' : gap <= options.maxGapMs ? 'fast' : gap <= options.hiccupMs ? 'slow' : 'break';
	if (isCharacterKey(key)) {
		if (kind === 'break') return { state: { buffer: key, lastAt: at, fast: 0, slow: 0 }, step: { kind: 'typing' } };
		return { state: { buffer: state.buffer + key, lastAt: at, fast: state.fast + Number(kind === 'fast'), slow: state.slow + Number(kind === 'slow') }, step: { kind: 'typing' } };
	}
	if (key === 'Enter') {
		const fast = state.fast + Number(kind === 'fast');
		const slow = state.slow + Number(kind === 'slow');
		const scanned = kind !== 'break' && [...state.buffer].length >= options.minLength && fast >= options.minFastShare * (fast + slow);
		return { state: initialScannerState, step: scanned ? { kind: 'scan', code: state.buffer } : { kind: 'enter' } };
	}
	// Backspace, Tab, arrows, Escape…: a scanner sends none of them mid-code.
	return { state: initialScannerState, step: key === 'Backspace' || key === 'Delete' ? { kind: 'typing' } : { kind: 'ignore' } };
}

/** The same machine with its state kept: `feed` each keydown, in order. */
export class ScanDetector {
	#state: ScannerState = initialScannerState;
	readonly #options: ScannerOptions;

	constructor(options: Partial<ScannerOptions> = {}) {
		this.#options = { ...defaultScannerOptions, ...options };
	}

	feed(key: string, at: number): ScanStep {
		const { state, step } = feedKey(this.#state, key, at, this.#options);
		this.#state = state;
		return step;
	}

	/** The burst so far (for a screen that wants to hide a scan's characters as they come). */
	get pending(): string {
		return this.#state.buffer;
	}

	reset(): void {
		this.#state = initialScannerState;
	}
}

/** Where a finished scan goes on the kiosk. */
export type ScanRoute = 'confirm' | 'search' | 'none';

/**
 * A scan confirms a pick while a pick list is open (unless the picker is searching a part to add
 * to it), goes nowhere while a dialog takes the PIN, and otherwise looks the code up.
 */
export function routeScan(screen: { pickListOpen: boolean; addingLine: boolean; dialogOpen: boolean }): ScanRoute {
	if (screen.dialogOpen) return 'none';
	if (screen.pickListOpen && !screen.addingLine) return 'confirm';
	return 'search';
}

/** What a scanner read, as a code to look up: trimmed, no control characters. */
export function cleanCode(code: string): string {
	// eslint-disable-next-line no-control-regex
	return code.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}
