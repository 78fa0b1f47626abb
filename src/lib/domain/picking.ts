/**
 * The parts room's picking rules, as plain functions: the walking order through the room, which
 * line a scanned code is, what is short at the counter, and the issue slip's number and value.
 */

/** Where a part lives, as the walk through the room meets it (null: the part has no bin). */
export interface BinPlace {
	zoneSort: number;
	zoneCode: string;
	rack: number;
	shelf: number;
	position: number;
}

/**
 * The walk through the parts room: zone by zone (the zones' order, then their code), rack by
 * rack, shelf from the floor up, left to right; the same order as the bin map's list. Parts
 * without a bin come last, in the order they were asked for.
 */
export function compareWalk(a: BinPlace | null, b: BinPlace | null): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	return (
		a.zoneSort - b.zoneSort ||
		(a.zoneCode < b.zoneCode ? -1 : a.zoneCode > b.zoneCode ? 1 : 0) ||
		a.rack - b.rack ||
		a.shelf - b.shelf ||
		a.position - b.position
	);
}

/** Lines in walking order (stable: two lines at one bin keep the order they were asked for). */
export function walkingOrder<L extends { id: number; place: BinPlace | null }>(lines: readonly L[]): L[] {
	return [...lines].sort((a, b) => compareWalk(a.place, b.place) || a.id - b.id);
}

/** A code as a scanner or a person types it, compared without case, spaces or dashes: 04152-YZZA1 = 04152yzza1. */
export function normalizeCode(code: string): string {
	return code.trim().toLowerCase().replace(/[\s\-_./]/g, '');
}

/** Whether `code` names this part (its number or its barcode). */
export function codeMatches(part: { number: string; barcode: string | null }, code: string): boolean {
	const key = normalizeCode(code);
	if (!key) return false;
	return normalizeCode(part.number) === key || (part.barcode !== null && normalizeCode(part.barcode) === key);
}

/**
 * The line a scan or a typed code confirms: the first line (in the order given, the walking
 * order) of that part that is not yet confirmed, else an already confirmed one (a second scan
 * of the same part changes nothing); undefined when the part is not on the list.
 */
export function lineForCode<L extends { number: string; barcode: string | null; confirmedAt: number | null }>(lines: readonly L[], code: string): L | undefined {
	const matching = lines.filter((l) => codeMatches(l, code));
	return matching.find((l) => l.confirmedAt === null) ?? matching[0];
}

/** The next line the picker should take (the first unconfirmed in walking order), if any. */
export function nextToPick<L extends { confirmedAt: number | null }>(lines: readonly L[]): L | undefined {
	return lines.find((l) => l.confirmedAt === null);
}

/** Duplicate parts in a request are one line with the quantities added. */
export function mergeLines(lines: readonly { partId: number; qty: number }[]): { partId: number; qty: number; index: number }[] {
	const out = new Map<number, { partId: number; qty: number; index: number }>();
	lines.forEach((l, index) => {
		const seen = out.get(l.partId);
		if (seen) seen.qty += l.qty;
		else out.set(l.partId, { partId: l.partId, qty: l.qty, index });
	});
	return [...out.values()];
}

export interface ShortLine {
	partId: number;
	want: number;
	onHand: number;
}

/** The lines the shelf cannot fill (on hand below what is asked). */
export function shortages<L extends { partId: number; qty: number; onHand: number }>(lines: readonly L[]): (L & ShortLine)[] {
	return lines.filter((l) => l.onHand < l.qty).map((l) => ({ ...l, want: l.qty, onHand: Math.max(0, l.onHand) }));
}

/** What can be handed over of one line now, and what is still missing (for a special order). */
export function issuable(line: { qty: number; onHand: number }): { issue: number; missing: number } {
	const issue = Math.max(0, Math.min(line.qty, line.onHand));
	return { issue, missing: line.qty - issue };
}

/**
 * The issue slip's number (出库单号): CK, the store's day (YYYY-MM-DD or YYYYMMDD), a dash and the
 * day's counter in at least three digits: CK20261130-003.
 */
export function slipNumber(storeDay: string, counter: number): string {
	if (!Number.isInteger(counter) || counter < 1) throw new RangeError(`slip counter must be a positive integer, got ${counter}`);
	const day = storeDay.replaceAll('-', '');
	if (!/^\d{8}$/.test(day)) throw new RangeError(`store day must be YYYY-MM-DD, got ${storeDay}`);
	return `CK${day}-${String(counter).padStart(3, '0')}`;
}

/** The counter of a slip number of that day (0 when the number is of another day or not a slip number). */
export function slipCounter(number: string, storeDay: string): number {
	const prefix = `CK${storeDay.replaceAll('-', '')}-`;
	if (!number.startsWith(prefix)) return 0;
	const n = Number(number.slice(prefix.length));
	return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The slip's value in fen: each line's quantity at its unit price. */
export function slipTotal(lines: readonly { qty: number; unitPrice: number }[]): number {
	return lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0);
}
