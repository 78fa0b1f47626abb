/** Chart.js options for the manager's charts on the dark desk: muted ticks, faint grid, legend on top. */
import type { ChartOptions } from '$lib/ui/chart';

const tick = '#9aa7bb';
const grid = '#2a3446';

/** A bar chart's options; `horizontal` for bars along x (names down the side); `percent` for an axis of shares 0..100. */
export function barOptions(o: { horizontal?: boolean; percent?: boolean; stacked?: boolean; legend?: boolean } = {}): ChartOptions<'bar'> {
	const value = {
		beginAtZero: true,
		stacked: o.stacked,
		max: o.percent ? 100 : undefined,
		ticks: { color: tick, precision: 0, callback: o.percent ? (v: string | number) => `${v}%` : undefined },
		grid: { color: grid }
	};
	const category = { stacked: o.stacked, ticks: { color: tick, autoSkip: !o.horizontal }, grid: { display: false } };
	return {
		indexAxis: o.horizontal ? 'y' : 'x',
		scales: o.horizontal ? { x: value, y: category } : { x: category, y: value },
		plugins: {
			legend: { display: o.legend ?? true, position: 'top', labels: { color: tick, boxWidth: 14 } },
			tooltip: { enabled: true }
		}
	} as ChartOptions<'bar'>;
}

/** A share 0..1 as a bar's percentage (null stays a gap). */
export const asPercent = (share: number | null): number | null => (share === null ? null : Math.round(share * 1000) / 10);
