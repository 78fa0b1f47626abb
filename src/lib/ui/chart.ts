/**
 * Chart.js, tree-shaken: only the pieces Pitwall's charts use are registered (bars, lines, a
 * doughnut, category and linear axes, tooltips, the legend). Import `Chart` from here, never
 * 'chart.js/auto'.
 */
import {
	ArcElement,
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	DoughnutController,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartConfiguration,
	type ChartData,
	type ChartOptions,
	type ChartType
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export { Chart };
export type { ChartConfiguration, ChartData, ChartOptions, ChartType };

/** Colours that read on the dark boards and the light desk alike (and apart for the colour-blind: blue, orange, grey, teal). */
export const chartColours = {
	current: '#2f7de1',
	previous: '#9aa4b2',
	good: '#1f9d63',
	bad: '#d64545',
	accent: '#e08a1e',
	teal: '#14a3a3'
} as const;
