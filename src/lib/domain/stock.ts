/**
 * The parts room's stock rules: what to reorder, what is slow, what a count changes, and which
 * quantities make sense at all. Plain functions: the commands, the API and the screens use the
 * same ones. Quantities are whole units of the part's own unit; money is integer fen.
 */

/** The most of one part a receipt, a count or a request may name (more is a typing slip). */
export const MAX_QTY = 100_000;

/** A part's price, fen: at most 100,000 yuan a unit. */
export const MAX_PRICE_FEN = 10_000_000;

/** Days without an issue after which stock counts as slow-moving. */
export const SLOW_DAYS = 90;

const DAY_MS = 24 * 3600_000;

/**
 * Why `value` is not a quantity between `min` and `max` (whole units), or null when it is.
 * Strings, fractions, NaN and infinities are refused as well as numbers out of range.
 */
export function quantityProblem(value: unknown, min = 1, max = MAX_QTY): string | null {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 'a number of units is needed';
	if (!Number.isInteger(value)) return 'whole units only';
	if (value < min) return min === 0 ? 'cannot be negative' : `at least ${min}`;
	if (value > max) return `at most ${max.toLocaleString('en')}`;
	return null;
}

export function isQuantity(value: unknown, min = 1, max = MAX_QTY): value is number {
	return quantityProblem(value, min, max) === null;
}

/** Below its threshold (a threshold of 0 means the part is never reordered). */
export function isLow(onHand: number, minQty: number): boolean {
	return minQty > 0 && onHand < minQty;
}

/**
 * How many to order for a part below its threshold: enough to bring it up to twice the
 * threshold (one threshold of cover plus the threshold itself), 0 when it is not low.
 */
export function reorderSuggestion(onHand: number, minQty: number): number {
	if (!isLow(onHand, minQty)) return 0;
	return 2 * minQty - Math.max(0, onHand);
}

/** The signed change a stock count makes: counted 7 where the system said 10 is -3. */
export function adjustDelta(onHand: number, counted: number): number {
	return counted - onHand;
}

/** What a quantity on the shelf is worth, fen. */
export function stockValue(onHand: number, price: number): number {
	return Math.max(0, onHand) * Math.max(0, price);
}

export interface StockRow {
	onHand: number;
	/** fen a unit */
	price: number;
	/** The last time any of it left on an issue slip (null: never). */
	lastIssuedAt: number | null;
	/** When the part entered the catalogue: a part never issued is slow only once it has been held this long. */
	createdAt: number;
}

/**
 * Is this stock slow-moving at `now`: units on the shelf and no issue within `days`
 * (a part never issued counts from when it entered the catalogue).
 */
export function isSlow(row: StockRow, now: number, days = SLOW_DAYS): boolean {
	if (row.onHand <= 0) return false;
	const since = row.lastIssuedAt ?? row.createdAt;
	return since <= now - days * DAY_MS;
}

export interface SlowReport<R extends StockRow> {
	/** The slow parts with their value (on hand × price), most valuable first. */
	items: (R & { value: number })[];
	/** Value of all the slow stock, fen. */
	slowValue: number;
	/** Value of all the stock, fen. */
	stockValue: number;
	/** slowValue / stockValue (0 when there is no stock). */
	slowShare: number;
}

/**
 * The slow movers of a store and what they are worth against all its stock (one store in the
 * notes carried 80k of 350k yuan slow-moving). `rows` are all the store's parts.
 */
export function slowMovers<R extends StockRow>(rows: readonly R[], now: number, days = SLOW_DAYS): SlowReport<R> {
	let total = 0;
	let slowTotal = 0;
	const items: (R & { value: number })[] = [];
	for (const row of rows) {
		const value = stockValue(row.onHand, row.price);
		total += value;
		if (!isSlow(row, now, days)) continue;
		slowTotal += value;
		items.push({ ...row, value });
	}
	items.sort((a, b) => b.value - a.value || (a.lastIssuedAt ?? a.createdAt) - (b.lastIssuedAt ?? b.createdAt));
	return { items, slowValue: slowTotal, stockValue: total, slowShare: total === 0 ? 0 : slowTotal / total };
}
