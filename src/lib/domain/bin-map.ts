/**
 * The parts room drawn as a plan, from the bins an admin keeps (zone → rack → shelf → position):
 * zones side by side in their order, each zone's racks as columns left to right, each rack's
 * shelves stacked with shelf 1 at the floor (the bottom), a shelf's bins side by side by
 * position. Every shelf of a rack is as wide as the rack, so a shelf of two bins has two wide
 * cells. Units are abstract (an SVG's viewBox); shelf 1 lines up across the whole room.
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
	rackGap: number;
	zoneGap: number;
	/** Inside a zone's frame, around its racks. */
	zonePad: number;
	/** The band at the top of a zone for its name. */
	header: number;
	/** The band under the racks for their numbers. */
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
	/** The most shelves any rack has: every rack is drawn this tall. */
	shelves: number;
	zones: ZoneBox[];
	racks: RackBox[];
	bins: BinCell[];
}

const byNumber = (a: number, b: number) => a - b;

/** Lays out the plan. Bins of a zone not in `zones` are left out; zones come in their `sort`, then code. */
export function layoutBinMap(zones: readonly MapZone[], bins: readonly MapBin[], geometry: Partial<BinMapGeometry> = {}): BinMapLayout {
	const g = { ...defaultGeometry, ...geometry };
	const ordered = [...zones].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.code.localeCompare(b.code));
	const known = new Set(ordered.map((z) => z.id));
	const placed = bins.filter((b) => known.has(b.zoneId));
	const shelves = Math.max(1, ...placed.map((b) => b.shelf));
	const racksTop = g.header;
	const racksH = shelves * g.cellH;
	const height = g.header + racksH + g.footer;

	const out: BinMapLayout = { width: 0, height, shelves, zones: [], racks: [], bins: [] };
	let x = 0;
	for (const zone of ordered) {
		const mine = placed.filter((b) => b.zoneId === zone.id);
		const rackNumbers = [...new Set(mine.map((b) => b.rack))].sort(byNumber);
		let rx = x + g.zonePad;
		for (const rack of rackNumbers) {
			const inRack = mine.filter((b) => b.rack === rack);
			const byShelf = new Map<number, MapBin[]>();
			for (const b of inRack) byShelf.set(b.shelf, [...(byShelf.get(b.shelf) ?? []), b]);
			const slots = Math.max(...[...byShelf.values()].map((list) => list.length));
			const w = slots * g.cellW;
			out.racks.push({ zoneId: zone.id, rack, x: rx, y: racksTop, w, h: racksH });
			for (const [shelf, list] of byShelf) {
				list.sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
				const cellW = w / list.length;
				const y = racksTop + (shelves - shelf) * g.cellH;
				list.forEach((b, i) => out.bins.push({ id: b.id, zoneId: zone.id, code: b.code, rack, shelf, x: rx + i * cellW, y, w: cellW, h: g.cellH }));
			}
			rx += w + g.rackGap;
		}
		const inner = rackNumbers.length ? rx - g.rackGap - (x + g.zonePad) : g.cellW;
		const w = inner + 2 * g.zonePad;
		out.zones.push({ id: zone.id, code: zone.code, nameZh: zone.nameZh, nameEn: zone.nameEn, x, y: 0, w, h: height });
		x += w + g.zoneGap;
	}
	out.width = ordered.length ? x - g.zoneGap : g.cellW;
	return out;
}

/**
 * A label's font size that fits `text` in a box (`widthPerChar` of a character's width per unit
 * of font size: ~0.6 for Latin capitals and digits), at most `share` of the box's height.
 */
export function fitText(text: string, box: Pick<Box, 'w' | 'h'>, share = 0.42, widthPerChar = 0.62, margin = 0.88): number {
	const chars = Math.max(1, [...text].length);
	return Math.max(1, Math.min(box.h * share, (box.w * margin) / (chars * widthPerChar)));
}

/** A zone's frame on the plan (to point at the part's zone). */
export function zoneOf(layout: BinMapLayout, zoneId: number): ZoneBox | undefined {
	return layout.zones.find((z) => z.id === zoneId);
}
