import { describe, expect, it } from 'vitest';
import { bayGrid } from '$lib/components/board/bay-grid';

describe('the bay board for any number of bays', () => {
	it('draws up to ten in rows of five at full size, as before', () => {
		expect(bayGrid(0)).toEqual({ columns: 5, rows: 1, scale: 1 });
		expect(bayGrid(5)).toEqual({ columns: 5, rows: 1, scale: 1 });
		expect(bayGrid(10)).toEqual({ columns: 5, rows: 2, scale: 1 });
	});

	it('puts more in three or four rows, every card smaller by the same step, never clipped', () => {
		expect(bayGrid(12)).toMatchObject({ columns: 4, rows: 3 });
		expect(bayGrid(15)).toMatchObject({ columns: 5, rows: 3 });
		expect(bayGrid(20)).toMatchObject({ columns: 5, rows: 4 });
		expect(bayGrid(24)).toMatchObject({ columns: 6, rows: 4 });
		for (let n = 11; n <= 40; n++) {
			const g = bayGrid(n);
			expect(g.columns * g.rows).toBeGreaterThanOrEqual(n);
			expect(g.scale).toBeLessThan(1);
			// More bays never make the cards larger.
			expect(g.scale).toBeLessThanOrEqual(bayGrid(n - 1).scale);
		}
		expect(bayGrid(15).scale).toBeGreaterThanOrEqual(0.8);
		expect(bayGrid(20).scale).toBeGreaterThan(0.55);
	});
});
