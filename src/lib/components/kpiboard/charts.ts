/**
 * The KPI board's charts: data and options for ChartCanvas from the board's figures, sized for a
 * wall read from six metres (`px` is one hundredth of the screen's width, the board's em).
 * The numbers that matter are in the labels too (no hover on a TV).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { chartColours, type ChartData, type ChartOptions } from '$lib/ui/chart';
import { stageGroups, type StageGroup } from '$lib/domain/kpi-facts';
import { dayLabels, percent, type BoardFigures } from './figures';
import { wrapLabel } from '$lib/ui/wrap-label';

export const stageGroupLabel: Record<StageGroup, () => string> = {
	to_dispatch: m.kb_stage_to_dispatch,
	dispatched: m.kb_stage_dispatched,
	in_progress: m.kb_stage_in_progress,
	paused_parts: m.kb_stage_paused_parts,
	paused_approval: m.kb_stage_paused_approval,
	paused_other: m.kb_stage_paused_other,
	team_check: m.kb_stage_team_check,
	qc: m.kb_stage_qc,
	wash: m.kb_stage_wash,
	ready: m.kb_stage_ready
};

const TEXT = '#e8edf5';
/** The board's own type (tokens.css --font-sans): Chart.js draws on a canvas and does not inherit it. */
const FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";
const GRID = '#2a3446';

/** Axes, legend and fonts of a board chart (`px`: 1vw in CSS pixels). */
function base(px: number, horizontal = false, legend = true): ChartOptions<'bar'> {
	const font = { size: Math.round(1.35 * px), weight: 'bold' as const, family: FAMILY };
	return {
		indexAxis: horizontal ? 'y' : 'x',
		layout: { padding: { top: Math.round(0.5 * px), right: Math.round(1.5 * px) } },
		plugins: {
			legend: { display: legend, position: 'top', align: 'end', labels: { color: TEXT, font, boxWidth: Math.round(1.6 * px), boxHeight: Math.round(1.2 * px), padding: Math.round(1.2 * px) } },
			tooltip: { enabled: false }
		},
		scales: {
			x: { ticks: { color: TEXT, font, maxRotation: 0, autoSkip: !horizontal ? false : true }, grid: { color: horizontal ? GRID : 'transparent' }, border: { color: GRID } },
			y: { ticks: { color: TEXT, font, precision: 0 }, grid: { color: horizontal ? 'transparent' : GRID }, border: { color: GRID }, beginAtZero: true }
		}
	};
}

/** (b) This month: cars in and delivered per day, today's bars full colour and the days to come empty. */
export function monthChart(f: BoardFigures, px: number): { data: ChartData<'bar'>; options: ChartOptions<'bar'> } {
	const labels = dayLabels(f.monthFrom, f.monthTo);
	const past = f.month.days.map((d) => d.date <= f.today);
	const o = base(px);
	return {
		data: {
			labels,
			datasets: [
				{ label: m.kb_legend_in(), data: f.month.days.map((d, i) => (past[i] ? d.carsIn : null)), backgroundColor: chartColours.current, borderRadius: 3 },
				{ label: m.kb_legend_out(), data: f.month.days.map((d, i) => (past[i] ? d.delivered : null)), backgroundColor: chartColours.teal, borderRadius: 3 }
			]
		},
		options: { ...o, scales: { ...o.scales, x: { ...o.scales!.x, ticks: { ...o.scales!.x!.ticks, font: { size: Math.round(1.05 * px), weight: 'bold', family: FAMILY } } } } }
	};
}

/** (c) Today's deliveries: median and p90 minutes per stage group (groups nobody spent time in left out). */
export function stagesChart(f: BoardFigures, px: number): { data: ChartData<'bar'>; options: ChartOptions<'bar'> } {
	const shown = f.stages.filter((s) => s.jobs > 0);
	const groups = shown.length ? shown : stageGroups.map((group) => ({ group, jobs: 0, medianMin: null, p90Min: null }));
	return {
		data: {
			labels: groups.map((s) => [stageGroupLabel[s.group](), s.medianMin === null ? '' : `${Math.round(s.medianMin)}′`]),
			datasets: [
				{ label: m.kb_median(), data: groups.map((s) => (s.medianMin === null ? null : Math.round(s.medianMin))), backgroundColor: chartColours.current, borderRadius: 3 },
				{ label: m.kb_p90(), data: groups.map((s) => (s.p90Min === null ? null : Math.round(s.p90Min))), backgroundColor: chartColours.previous, borderRadius: 3 }
			]
		},
		options: base(px)
	};
}

/** (d) This month: share of jobs within standard time by team (horizontal), its count in the label. */
export function teamsChart(f: BoardFigures, px: number): { data: ChartData<'bar'>; options: ChartOptions<'bar'> } {
	const en = getLocale() === 'en';
	const o = base(px, true, false);
	return {
		data: {
			// A long name wraps (it ran off the left edge); the share and the count on the line under it.
			labels: f.teams.map((t) => [...wrapLabel(en ? t.nameEn : t.nameZh, 24), `${percent(t.share) ?? '—'}%  ${m.kb_team_jobs({ onTime: t.onTime, jobs: t.jobs })}`]),
			datasets: [
				{
					label: m.kb_on_time_std(),
					data: f.teams.map((t) => percent(t.share)),
					backgroundColor: f.teams.map((t) => ((t.share ?? 0) >= 0.8 ? chartColours.good : (t.share ?? 0) >= 0.6 ? chartColours.accent : chartColours.bad)),
					borderRadius: 4,
					maxBarThickness: Math.round(5 * px)
				}
			]
		},
		options: {
			...o,
			scales: {
				...o.scales,
				x: { ...o.scales!.x, min: 0, max: 100, ticks: { ...o.scales!.x!.ticks, callback: (v) => `${v}%` } },
				y: { ...o.scales!.y, ticks: { ...o.scales!.y!.ticks, font: { size: Math.round(1.6 * px), weight: 'bold', family: FAMILY } } }
			}
		}
	};
}
