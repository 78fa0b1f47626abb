import { describe, expect, it } from 'vitest';
import { defaultGeometry as g, fitBinMap, fitText, layoutBinMap, scaleIn, type BinMapLayout, type Box, type MapBin, type MapZone } from '../../src/lib/domain/bin-map';

const zones: MapZone[] = [
	{ id: 2, code: 'B', nameZh: '钣金件', nameEn: 'Sheet metal', sort: 2 },
	{ id: 1, code: 'A', nameZh: '常用件', nameEn: 'Common parts', sort: 1 }
];
let nextId = 1;
function bin(zoneId: number, zone: string, rack: number, shelf: number, position = 1): MapBin {
	return { id: nextId++, zoneId, code: `${zone}-${rack}-${shelf}${position > 1 ? `-${position}` : ''}`, rack, shelf, position };
}
/** Zone A: racks 1 and 2, three shelves, rack 2's second shelf has two bins; zone B: one rack of two shelves. */
const bins: MapBin[] = [
	bin(1, 'A', 1, 1),
	bin(1, 'A', 1, 2),
	bin(1, 'A', 1, 3),
	bin(1, 'A', 2, 1),
	bin(1, 'A', 2, 2, 2),
	bin(1, 'A', 2, 2, 1),
	bin(2, 'B', 1, 1),
	bin(2, 'B', 1, 2)
];
const inside = (inner: Box, outer: Box) => inner.x >= outer.x - 1e-9 && inner.y >= outer.y - 1e-9 && inner.x + inner.w <= outer.x + outer.w + 1e-9 && inner.y + inner.h <= outer.y + outer.h + 1e-9;
const overlap = (a: Box, b: Box) => a.x < b.x + b.w - 1e-9 && b.x < a.x + a.w - 1e-9 && a.y < b.y + b.h - 1e-9 && b.y < a.y + a.h - 1e-9;

describe('the bin map', () => {
	const layout = layoutBinMap(zones, bins);
	const cell = (code: string) => layout.bins.find((b) => b.code === code)!;

	it('draws zones side by side in their order, named', () => {
		expect(layout.zones.map((z) => z.code)).toEqual(['A', 'B']);
		const [a, b] = layout.zones;
		expect(a.x).toBe(0);
		expect(b.x).toBeGreaterThanOrEqual(a.x + a.w);
		expect(a.nameZh).toBe('常用件');
		expect(layout.width).toBe(b.x + b.w);
	});

	it('every bin is drawn, once, inside its zone and its rack, and no two overlap', () => {
		expect(layout.bins).toHaveLength(bins.length);
		for (const c of layout.bins) {
			expect(inside(c, layout.zones.find((z) => z.id === c.zoneId)!)).toBe(true);
			expect(inside(c, layout.racks.find((r) => r.zoneId === c.zoneId && r.rack === c.rack)!)).toBe(true);
		}
		for (const a of layout.bins) for (const b of layout.bins) if (a !== b) expect(overlap(a, b)).toBe(false);
		expect(inside({ x: 0, y: 0, w: layout.width, h: layout.height }, { x: 0, y: 0, w: layout.width, h: layout.height })).toBe(true);
	});

	it('racks are columns left to right; shelf 1 is at the bottom', () => {
		expect(cell('A-1-1').x).toBeLessThan(cell('A-2-1').x);
		expect(cell('A-1-1').y).toBeGreaterThan(cell('A-1-2').y);
		expect(cell('A-1-2').y).toBeGreaterThan(cell('A-1-3').y);
		expect(cell('A-1-3').y).toBe(g.header);
		expect(cell('A-1-1').y + g.cellH).toBe(g.header + 3 * g.cellH);
	});

	it('shelf 1 lines up across zones, whatever their number of shelves', () => {
		expect(layout.shelves).toBe(3);
		expect(cell('B-1-1').y).toBe(cell('A-1-1').y);
		expect(cell('B-1-2').y).toBe(cell('A-1-2').y);
		expect(new Set(layout.zones.map((z) => z.h)).size).toBe(1);
		// zone B's racks are as tall as its two shelves, standing on the same floor
		const rackB = layout.racks.find((r) => r.zoneId === 2)!;
		const rackA = layout.racks.find((r) => r.zoneId === 1)!;
		expect(rackB.h).toBe(2 * g.cellH);
		expect(rackB.y + rackB.h).toBe(rackA.y + rackA.h);
	});

	it("a shelf's bins sit side by side by position and share the rack's width", () => {
		const rack2 = layout.racks.find((r) => r.zoneId === 1 && r.rack === 2)!;
		expect(rack2.w).toBe(2 * g.cellW);
		const [p1, p2] = [cell('A-2-2'), cell('A-2-2-2')];
		expect(p1.x).toBeLessThan(p2.x);
		expect(p1.w).toBe(g.cellW);
		// a shelf with one bin fills the rack
		expect(cell('A-2-1').w).toBe(2 * g.cellW);
	});

	it('a zone with no bins still shows, and bins of an unknown zone are left out', () => {
		const l = layoutBinMap([...zones, { id: 3, code: 'C', nameZh: '油液', nameEn: 'Fluids', sort: 3 }], [...bins, { id: 99, zoneId: 42, code: 'X-1-1', rack: 1, shelf: 1, position: 1 }]);
		expect(l.zones.map((z) => z.code)).toEqual(['A', 'B', 'C']);
		expect(l.zones[2].w).toBeGreaterThan(0);
		expect(l.bins.find((b) => b.code === 'X-1-1')).toBeUndefined();
	});

	it('gaps in rack, shelf and position numbers leave no holes between columns', () => {
		const l = layoutBinMap([zones[1]], [bin(1, 'A', 1, 1), bin(1, 'A', 5, 1), bin(1, 'A', 5, 1, 7)]);
		expect(l.racks.map((r) => r.rack)).toEqual([1, 5]);
		expect(l.racks[1].x).toBe(l.racks[0].x + l.racks[0].w + g.rackGap);
		expect(l.racks[1].w).toBe(2 * g.cellW);
	});

	it('an empty room is a valid, small plan', () => {
		const l = layoutBinMap([], []);
		expect(l.bins).toEqual([]);
		expect(l.width).toBeGreaterThan(0);
		expect(l.height).toBeGreaterThan(0);
	});

	it('a label fits its cell: longer codes get smaller type, never taller than the share of the cell', () => {
		const box = { w: 120, h: 64 };
		expect(fitText('A-1', box)).toBeCloseTo(64 * 0.42);
		expect(fitText('A-10-10-10', box)).toBeLessThan(fitText('A-1-1', box));
		expect(fitText('A-10-10-10', box) * 10 * 0.62).toBeLessThanOrEqual(120);
	});

});

/** A room like the demo's: zone A 6 racks × 5 shelves × 4 bins, B 4 × 3 × 3, C 2 × 3 × 3. */
function room(spec: [string, number, number, number][]): { zones: MapZone[]; bins: MapBin[] } {
	const zones: MapZone[] = [];
	const bins: MapBin[] = [];
	spec.forEach(([code, racks, shelves, positions], z) => {
		zones.push({ id: z + 1, code, nameZh: code, nameEn: code, sort: z });
		for (let r = 1; r <= racks; r++)
			for (let s = 1; s <= shelves; s++) for (let p = 1; p <= positions; p++) bins.push({ id: bins.length + 1, zoneId: z + 1, code: `${code}-${r}-${s}-${p}`, rack: r, shelf: s, position: p });
	});
	return { zones, bins };
}
const demo = room([
	['A', 6, 5, 4],
	['B', 4, 3, 3],
	['C', 2, 3, 3]
]);

function sound(layout: BinMapLayout, count: number) {
	expect(layout.bins).toHaveLength(count);
	const all = { x: 0, y: 0, w: layout.width, h: layout.height };
	for (const c of layout.bins) {
		expect(inside(c, layout.zones.find((z) => z.id === c.zoneId)!)).toBe(true);
		expect(inside(c, layout.racks.find((r) => r.zoneId === c.zoneId && r.rack === c.rack)!)).toBe(true);
		expect(inside(c, all)).toBe(true);
	}
	for (let i = 0; i < layout.zones.length; i++) for (let j = i + 1; j < layout.zones.length; j++) expect(overlap(layout.zones[i], layout.zones[j])).toBe(false);
	for (let i = 0; i < layout.racks.length; i++) for (let j = i + 1; j < layout.racks.length; j++) expect(overlap(layout.racks[i], layout.racks[j])).toBe(false);
}

describe('a room wider than the screen', () => {
	it('zones flow onto further rows when a width is given, none overlapping', () => {
		const single = layoutBinMap(demo.zones, demo.bins);
		const wrapped = layoutBinMap(demo.zones, demo.bins, {}, single.width / 2);
		sound(wrapped, demo.bins.length);
		expect(wrapped.width).toBeLessThanOrEqual(single.width / 2);
		expect(wrapped.height).toBeGreaterThan(single.height);
		expect(new Set(wrapped.zones.map((z) => z.y)).size).toBeGreaterThan(1);
	});

	it("a zone wider than the width puts its racks on rows inside its frame, in reading order, shelf 1 at the bottom of each", () => {
		const a = room([['A', 6, 5, 4]]);
		const rackW = 4 * g.cellW;
		const l = layoutBinMap(a.zones, a.bins, {}, 3 * rackW + 2 * g.rackGap + 2 * g.zonePad);
		sound(l, a.bins.length);
		const rack = (n: number) => l.racks.find((r) => r.rack === n)!;
		expect(rack(1).y).toBe(rack(3).y);
		expect(rack(4).y).toBeGreaterThan(rack(3).y);
		expect(rack(4).x).toBe(rack(1).x);
		const cell = (code: string) => l.bins.find((b) => b.code === code)!;
		expect(cell('A-4-1-1').y).toBeGreaterThan(cell('A-4-5-1').y);
		expect(cell('A-4-1-1').y + g.cellH).toBe(rack(4).y + rack(4).h);
	});

	it('the best fit draws the demo room far larger in a kiosk-sized box than one long row', () => {
		const box = { w: 800, h: 560 };
		const single = layoutBinMap(demo.zones, demo.bins);
		const best = fitBinMap(demo.zones, demo.bins, box);
		sound(best, demo.bins.length);
		expect(scaleIn(best, box)).toBeGreaterThan(2 * scaleIn(single, box));
		// a cell is big enough to see on a 1280x800 screen
		expect(g.cellW * scaleIn(best, box)).toBeGreaterThan(35);
	});

	it('in a very wide box everything stays on one row', () => {
		const single = layoutBinMap(demo.zones, demo.bins);
		const best = fitBinMap(demo.zones, demo.bins, { w: single.width * 2, h: single.height });
		expect(best.width).toBe(single.width);
		expect(new Set(best.zones.map((z) => z.y)).size).toBe(1);
	});

	it("a big store's room (2,880 bins) is laid out whole", () => {
		const big = room([
			['A', 40, 6, 10],
			['B', 20, 4, 6]
		]);
		const best = fitBinMap(big.zones, big.bins, { w: 1400, h: 800 });
		expect(best.bins).toHaveLength(big.bins.length);
		expect(best.width / best.height).toBeLessThan(4);
	});
});

