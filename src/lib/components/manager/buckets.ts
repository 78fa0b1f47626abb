/**
 * Days in blocks for a long range's chart: one bar a day up to two months, a week (seven days
 * from the range's first day) up to about a year, thirty days beyond. The previous period is cut
 * the same way from its own first day, so block i of each stands side by side.
 */
import type { KpiDay } from '$lib/domain/kpi';

export interface DayBlock {
	/** The block's first and last store day. */
	from: string;
	to: string;
	carsIn: number;
	delivered: number;
}

/** Days in each block for a range of `count` days. */
export const blockSize = (count: number): number => (count <= 62 ? 1 : count <= 400 ? 7 : 30);

/** The days summed in blocks of `size` (the last block may be shorter). */
export function blocks(days: readonly KpiDay[], size: number): DayBlock[] {
	const out: DayBlock[] = [];
	for (let i = 0; i < days.length; i += size) {
		const part = days.slice(i, i + size);
		out.push({
			from: part[0].date,
			to: part[part.length - 1].date,
			carsIn: part.reduce((s, d) => s + d.carsIn, 0),
			delivered: part.reduce((s, d) => s + d.delivered, 0)
		});
	}
	return out;
}
