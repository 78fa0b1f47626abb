/**
 * How the bay board lays out a store's bays on a 16:9 wall screen (the board's 1em is 1% of its
 * width): up to ten in rows of five at full size, as the board was drawn for; more in three or four
 * rows, and every card's contents scaled down together so that a busy card (plate, car, work, crew,
 * stage and countdown) still fits whole. Smaller is readable from fewer metres; clipped is not
 * readable at all, and the countdown is the card's last line.
 */

/** The bays' area in em: the screen's height less the header and the board's padding; its width less the lanes. */
const AREA_HEIGHT = 50;
const AREA_WIDTH = 75.4;
const GAP = 0.8;
/** What a busy card needs at full size (measured at 1920×1080: 363 px high, 265 px wide; a little more, for rounding at 4K). */
const CARD_HEIGHT = 20;
const CARD_WIDTH = 13.8;

export interface BayGrid {
	columns: number;
	rows: number;
	/** The cards' font size as a fraction of the board's (1: as drawn). */
	scale: number;
}

export function bayGrid(count: number): BayGrid {
	const n = Math.max(1, count);
	const rows = n <= 10 ? Math.ceil(n / 5) : n <= 15 ? 3 : 4;
	const columns = n <= 10 ? 5 : Math.ceil(n / rows);
	const height = (AREA_HEIGHT - (rows - 1) * GAP) / rows;
	const width = (AREA_WIDTH - (columns - 1) * GAP) / columns;
	return { columns, rows, scale: Math.floor(Math.min(1, height / CARD_HEIGHT, width / CARD_WIDTH) * 100) / 100 };
}
