/**
 * A USB barcode scanner is a keyboard that types very fast and ends with Enter. This tells its
 * burst of keys from a person typing, from nothing but each key and the moment it came: a pure
 * state machine, no timers, no DOM (the kiosk feeds it every keydown).
 *
 * A scan is at least `minLength` characters, each within `maxGapMs` of the one before, and an
 * Enter within `maxGapMs` of the last. A slower key starts a new candidate burst, so a person's
 * typing followed by a scan still reads the scan alone. Modifier keys (a scanner sends Shift for
 * capitals) are neither characters nor pauses.
 */

export interface ScannerOptions {
	/** Most milliseconds between two keys of one scan (scanners send 2–15 ms; people rarely under 30 ms twice in a row). */
	maxGapMs: number;
	/** Fewest characters a scan has (bin and part codes are longer; a person's quick "ab⏎" is not a scan). */
	minLength: number;
}

export const defaultScannerOptions: ScannerOptions = { maxGapMs: 30, minLength: 4 };

export interface ScannerState {
	/** The characters of the burst now running (may be a person's typing: only Enter decides). */
	buffer: string;
	/** When the last character came (ms), or -Infinity. */
	lastAt: number;
}

export const initialScannerState: ScannerState = { buffer: '', lastAt: -Infinity };

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
	const fast = at - state.lastAt <= options.maxGapMs && at >= state.lastAt;
	if (isCharacterKey(key)) {
		const buffer = fast && state.buffer ? state.buffer + key : key;
		return { state: { buffer, lastAt: at }, step: { kind: 'typing' } };
	}
	if (key === 'Enter') {
		const scanned = fast && [...state.buffer].length >= options.minLength;
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
