/**
 * How the manager's figures read: shares as percentages, hours, money in yuan, the change
 * against the previous period (and whether it is better or worse), and the names of stage
 * groups, overrun buckets and special-order steps in the screen's language. "—" for no data.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { yuan } from '$lib/domain/money';
import type { StageGroup } from '$lib/domain/kpi-facts';
import type { OverrunBucket } from '$lib/domain/kpi-breakdowns';
import { specialOrderStepText } from '$lib/ui/special-order-steps';
import { storeClock } from '$lib/ui/store-clock';

export const NONE = '—';

/** 0.873 → "87.3%"; null → "—". */
export const pct = (share: number | null | undefined): string => (share === null || share === undefined || !Number.isFinite(share) ? NONE : `${(share * 100).toFixed(1)}%`);

/** A number with at most one decimal; null → "—". */
export const num1 = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? NONE : String(Math.round(n * 10) / 10));

/** Money in fen as yuan; null → "—". */
export const money = (fen: number | null | undefined): string => (fen === null || fen === undefined || !Number.isFinite(fen) ? NONE : yuan(fen));

/** Hours with one decimal and the unit; null → "—". */
export const hours = (h: number | null | undefined): string => (h === null || h === undefined ? NONE : m.mgr_hours({ value: num1(h) }));

/** The kind of value a figure is (how it reads and how its change reads). */
export type FigureKind = 'count' | 'money' | 'share' | 'hours';

export function formatFigure(kind: FigureKind, value: number | null): string {
	if (value === null || !Number.isFinite(value)) return NONE;
	switch (kind) {
		case 'money':
			return money(value);
		case 'share':
			return pct(value);
		case 'hours':
			return hours(value);
		default:
			return String(value);
	}
}

export interface Change {
	/** The change as words: "+3", "+¥1,200", "+4.5 pts"; "—" when either side has no data. */
	text: string;
	direction: 'up' | 'down' | 'flat' | null;
	/** good / bad by the figure's sense (null: neither, or no data). */
	tone: 'good' | 'bad' | null;
}

/**
 * The change from `previous` to `current`. `better`: which way is good ('up', 'down'), or null
 * for a figure that is neither (the accident share). Shares change in percentage points.
 */
export function change(kind: FigureKind, current: number | null, previous: number | null, better: 'up' | 'down' | null): Change {
	if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return { text: NONE, direction: null, tone: null };
	const diff = current - previous;
	const small = kind === 'share' ? Math.abs(diff) < 0.0005 : kind === 'hours' ? Math.abs(diff) < 0.05 : diff === 0;
	if (small) return { text: m.mgr_no_change(), direction: 'flat', tone: null };
	const sign = diff > 0 ? '+' : '−';
	const abs = Math.abs(diff);
	const text =
		kind === 'share'
			? `${sign}${m.mgr_pts({ value: (abs * 100).toFixed(1) })}`
			: kind === 'money'
				? `${sign}${yuan(Math.round(abs))}`
				: kind === 'hours'
					? `${sign}${m.mgr_hours({ value: num1(abs) })}`
					: `${sign}${abs}`;
	const direction = diff > 0 ? 'up' : 'down';
	return { text, direction, tone: better === null ? null : better === direction ? 'good' : 'bad' };
}

const en = () => getLocale() === 'en';

/** A name in the screen's language. */
export const nameOf = (x: { nameZh: string; nameEn: string }): string => (en() ? x.nameEn || x.nameZh : x.nameZh || x.nameEn);

/** A stage group's name: the stage's own words where it is one stage, the manager's words for the groups. */
export const stageGroupLabel: Record<StageGroup, () => string> = {
	to_dispatch: m.mgr_g_to_dispatch,
	dispatched: m.stage_dispatched,
	in_progress: m.stage_in_progress,
	paused_parts: m.mgr_g_paused_parts,
	paused_approval: m.mgr_g_paused_approval,
	paused_other: m.mgr_g_paused_other,
	team_check: m.stage_team_check,
	qc: m.mgr_g_qc,
	wash: m.stage_wash,
	ready: m.stage_ready
};

export const bucketLabel: Record<OverrunBucket, () => string> = {
	within: m.mgr_b_within,
	up_to_10: m.mgr_b_up_to_10,
	up_to_20: m.mgr_b_up_to_20,
	up_to_30: m.mgr_b_up_to_30,
	up_to_60: m.mgr_b_up_to_60,
	over_60: m.mgr_b_over_60
};

/** A special order's step in words (its code when unknown). */
export const stepLabel = specialOrderStepText;

/** 'YYYY-MM-DD' → 'MM-DD' (a chart's axis). */
export const shortDay = (day: string): string => day.slice(5);

/** HH:mm of an instant in the store's zone. */
export const clock = storeClock;
