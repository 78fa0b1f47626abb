/**
 * The manager's date range (store days 'YYYY-MM-DD', inclusive): the presets (today, this store
 * week Monday–Sunday, this month), the range a link's ?from=&to= asks for, and whether the live
 * channel carries all of it. Plain calendar arithmetic on store days: no time zone here.
 */
export type Preset = 'today' | 'week' | 'month' | 'custom';
export interface DayRange {
	from: string;
	to: string;
}

const DAY = 86_400_000;
const isDay = (d: string | null | undefined): d is string =>
	typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** A store day moved by `delta` days. */
export function addDays(day: string, delta: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY).toISOString().slice(0, 10);
}

/** The range of a preset around `today` (custom: today). */
export function presetRange(preset: Preset, today: string): DayRange {
	if (preset === 'week') {
		// getUTCDay: 0 Sunday … 6 Saturday; the store's week starts on Monday.
		const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
		const monday = addDays(today, -weekday);
		return { from: monday, to: addDays(monday, 6) };
	}
	if (preset === 'month') {
		const first = `${today.slice(0, 8)}01`;
		const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
		const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
		return { from: first, to: last };
	}
	return { from: today, to: today };
}

/** Which preset a range is (custom when none). */
export function presetOf(range: DayRange, today: string): Preset {
	for (const p of ['today', 'week', 'month'] as const) {
		const r = presetRange(p, today);
		if (r.from === range.from && r.to === range.to) return p;
	}
	return 'custom';
}

/** The most days a range may span (the API's limit: five years). */
export const MAX_DAYS = 5 * 365 + 2;

/** The range a link asks for (?from=&to=), or today when it asks for none or for a wrong one. */
export function rangeFromQuery(params: URLSearchParams, today: string): DayRange {
	const from = params.get('from');
	const to = params.get('to');
	if (!isDay(from) || !isDay(to) || to < from) return presetRange('today', today);
	if ((Date.parse(to) - Date.parse(from)) / DAY + 1 > MAX_DAYS) return presetRange('today', today);
	return { from, to };
}

/** A custom range from two date inputs: null while it is not one (empty, reversed, too long). */
export function customRange(from: string, to: string): DayRange | null {
	if (!isDay(from) || !isDay(to) || to < from) return null;
	if ((Date.parse(to) - Date.parse(from)) / DAY + 1 > MAX_DAYS) return null;
	return { from, to };
}

/**
 * The first store day the kpi channel carries: the 1st of this month, or 7 days back if that is
 * earlier (the same rule as `liveSinceDay` in src/lib/server/features/kpi/live.ts).
 */
export function liveSince(today: string): string {
	const weekAgo = addDays(today, -7);
	const monthStart = `${today.slice(0, 8)}01`;
	return weekAgo < monthStart ? weekAgo : monthStart;
}

/** The range includes today and lies wholly inside what the live channel carries. */
export function liveCovers(range: DayRange, today: string): boolean {
	return range.from <= today && today <= range.to && range.from >= liveSince(today);
}

/** The number of store days in a range. */
export const dayCount = (r: DayRange): number => Math.round((Date.parse(r.to) - Date.parse(r.from)) / DAY) + 1;
