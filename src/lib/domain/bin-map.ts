/**
 * The parts room drawn as a plan, from the bins an admin keeps (zone → rack → shelf → position):
 * zones side by side in their order, each zone's racks as columns left to right, each rack's
 * shelves stacked with shelf 1 at the floor (the bottom, level across zones side by side), a
 * shelf's bins side by side by position. Every shelf of a rack is as wide as the rack, so a shelf
 * of two bins has two wide cells; a zone's racks are as tall as its most shelves. Units are
 * abstract (an SVG's viewBox).
 *
 * A real room is much wider than a screen (the demo's 12 racks of 3–4 bins a shelf, a big store's
 * 60 racks): given a width to keep to, zones flow onto further rows and a zone wider than that
 * puts its racks on further rows inside its frame, in reading order. `fitBinMap` chooses the
 * width that draws the room largest in a given box.
 */

export interface MapZone {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	sort?: number;
}

export interface MapBin {
	id: number;
	zoneId: number;
	code: string;
	rack: number;
	shelf: number;
	position: number;
}

export interface BinMapGeometry {
	/** A bin cell when its shelf is full (the widest shelf of its rack). */
	cellW: number;
	cellH: number;
	/** Between racks side by side, and between rows of racks in a zone. */
	rackGap: number;
	/** Between zones side by side, and between rows of zones. */
	zoneGap: number;
	/** Inside a zone's frame, around its racks. */
	zonePad: number;
	/** The band at the top of a zone for its name. */
	header: number;
	/** The band under each row of racks for their numbers. */
	footer: number;
}

export const defaultGeometry: BinMapGeometry = { cellW: 120, cellH: 64, rackGap: 22, zoneGap: 40, zonePad: 16, header: 72, footer: 40 };

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface ZoneBox extends Box {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
}
export interface RackBox extends Box {
	zoneId: number;
	rack: number;
}
export interface BinCell extends Box {
	id: number;
	zoneId: number;
	code: string;
	rack: number;
	shelf: number;
}

export interface BinMapLayout {
	width: number;
	height: number;
	/** The most shelves any rack has. */
	shelves: number;
	zones: ZoneBox[];
	racks: RackBox[];
	bins: BinCell[];
}

interface PreparedRack {
	rack: number;
	slots: number;
	shelves: { shelf: number; bins: MapBin[] }[];
}
interface PreparedZone {
	zone: MapZone;
	/** The most shelves of its racks: the zone's racks are drawn this tall. */
	shelves: number;
	racks: PreparedRack[];
}
interface Prepared {
	zones: PreparedZone[];
	shelves: number;
}

/** Zones in their order with their racks and shelves sorted; bins of a zone not given are left out. */
function prepare(zones: readonly MapZone[], bins: readonly MapBin[]): Prepared {
	const ordered = [...zones].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.code.localeCompare(b.code));
	const byZone = new Map<number, Map<number, Map<number, MapBin[]>>>(ordered.map((z) => [z.id, new Map()]));
	let shelves = 1;
	for (const b of bins) {
		const racks = byZone.get(b.zoneId);
		if (!racks) continue;
		shelves = Math.max(shelves, b.shelf);
		let rack = racks.get(b.rack);
		if (!rack) racks.set(b.rack, (rack = new Map()));
		rack.set(b.shelf, [...(rack.get(b.shelf) ?? []), b]);
	}
	return {
		shelves,
		zones: ordered.map((zone) => ({
			zone,
			shelves: Math.max(1, ...[...byZone.get(zone.id)!.values()].flatMap((rack) => [...rack.keys()])),
			racks: [...byZone.get(zone.id)!.entries()]
				.sort(([a], [b]) => a - b)
				.map(([rack, byShelf]) => {
					const list = [...byShelf.entries()].map(([shelf, inShelf]) => ({ shelf, bins: [...inShelf].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code)) }));
					return { rack, slots: Math.max(...list.map((s) => s.bins.length)), shelves: list };
				})
		}))
	};
}

/** Splits racks (by width) into rows no wider than `max` (a rack wider than that has a row alone). */
function rows<T>(items: readonly T[], width: (t: T) => number, gap: number, max: number): T[][] {
	const out: T[][] = [];
	let row: T[] = [];
	let w = 0;
	for (const item of items) {
		const add = (row.length ? gap : 0) + width(item);
		if (row.length && w + add > max) {
			out.push(row);
			row = [];
			w = 0;
		}
		w += row.length ? gap + width(item) : width(item);
		row.push(item);
	}
	if (row.length) out.push(row);
	return out;
}

function place(p: Prepared, g: BinMapGeometry, maxWidth: number): BinMapLayout {
	const rackW = (r: PreparedRack) => r.slots * g.cellW;
	// Each zone's frame: its racks (as tall as its most shelves) in rows that fit the width.
	const blocks = p.zones.map((z) => {
		const rackRows = rows(z.racks, rackW, g.rackGap, maxWidth - 2 * g.zonePad);
		const inner = Math.max(g.cellW, ...rackRows.map((row) => row.reduce((s, r) => s + rackW(r), 0) + (row.length - 1) * g.rackGap));
		const n = Math.max(1, rackRows.length);
		const rackH = z.shelves * g.cellH;
		return { z, rackRows, rackH, w: inner + 2 * g.zonePad, h: g.header + n * (rackH + g.footer) + (n - 1) * g.rackGap + g.zonePad / 2 };
	});
	const out: BinMapLayout = { width: 0, height: 0, shelves: p.shelves, zones: [], racks: [], bins: [] };
	let y = 0;
	for (const line of rows(blocks, (b) => b.w, g.zoneGap, maxWidth)) {
		const lineH = Math.max(...line.map((b) => b.h));
		let x = 0;
		for (const { z, rackRows, rackH, w, h } of line) {
			out.zones.push({ id: z.zone.id, code: z.zone.code, nameZh: z.zone.nameZh, nameEn: z.zone.nameEn, x, y, w, h: lineH });
			// Racks stand on the floor: a lower zone's racks at the bottom of its frame, shelf 1 level with its neighbours'.
			const floor = lineH - h;
			rackRows.forEach((row, i) => {
				const top = y + floor + g.header + i * (rackH + g.footer + g.rackGap);
				let rx = x + g.zonePad;
				for (const r of row) {
					const w = rackW(r);
					out.racks.push({ zoneId: z.zone.id, rack: r.rack, x: rx, y: top, w, h: rackH });
					for (const { shelf, bins } of r.shelves) {
						const cellW = w / bins.length;
						const by = top + (z.shelves - shelf) * g.cellH;
						bins.forEach((b, k) => out.bins.push({ id: b.id, zoneId: z.zone.id, code: b.code, rack: r.rack, shelf, x: rx + k * cellW, y: by, w: cellW, h: g.cellH }));
					}
					rx += w + g.rackGap;
				}
			});
			x += w + g.zoneGap;
			out.width = Math.max(out.width, x - g.zoneGap);
		}
		y += lineH + g.zoneGap;
	}
	out.height = Math.max(g.header + g.cellH + g.footer, y - g.zoneGap);
	out.width = Math.max(out.width, g.cellW);
	return out;
}

/** Lays out the plan, keeping to `maxWidth` (default: everything on one row). */
export function layoutBinMap(zones: readonly MapZone[], bins: readonly MapBin[], geometry: Partial<BinMapGeometry> = {}, maxWidth = Infinity): BinMapLayout {
	return place(prepare(zones, bins), { ...defaultGeometry, ...geometry }, maxWidth);
}

/** How large a layout is drawn in a box (px per unit). */
export function scaleIn(layout: Pick<BinMapLayout, 'width' | 'height'>, box: { w: number; h: number }): number {
	return Math.min(box.w / layout.width, box.h / layout.height);
}

/**
 * The layout that draws the room largest in `box` (its width and height in any unit, only their
 * ratio matters): tries row widths from the widest rack to everything on one row.
 */
export function fitBinMap(zones: readonly MapZone[], bins: readonly MapBin[], box: { w: number; h: number }, geometry: Partial<BinMapGeometry> = {}): BinMapLayout {
	const g = { ...defaultGeometry, ...geometry };
	const p = prepare(zones, bins);
	const single = place(p, g, Infinity);
	const narrowest = Math.max(g.cellW, ...p.zones.flatMap((z) => z.racks.map((r) => r.slots * g.cellW))) + 2 * g.zonePad;
	let best = single;
	let bestScale = scaleIn(single, box);
	const steps = 48;
	for (let i = 0; i < steps; i++) {
		const maxWidth = narrowest + ((single.width - narrowest) * i) / steps;
		const layout = place(p, g, maxWidth);
		const scale = scaleIn(layout, box);
		if (scale > bestScale * 1.0001) {
			best = layout;
			bestScale = scale;
		}
	}
	return best;
}

/**
 * A label's font size that fits `text` in a box (`widthPerChar` of a character's width per unit
 * of font size: ~0.6 for Latin capitals and digits), at most `share` of the box's height.
 */
export function fitText(text: string, box: Pick<Box, 'w' | 'h'>, share = 0.42, widthPerChar = 0.62, margin = 0.88): number {
	const chars = Math.max(1, [...text].length);
	return Math.max(1, Math.min(box.h * share, (box.w * margin) / (chars * widthPerChar)));
}
