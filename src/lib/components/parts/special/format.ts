/**
 * Words and times for the special-order screens (desk, kiosk, wall): each step, action and
 * staleness rule in the screen's language, and times in the store's zone (given, never the
 * computer's own).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { BAD_TIME, formatTime, isShowableTime, startOfStoreDay } from '$lib/domain/time';
import type { SpecialOrderAction, StalenessCode, Step, stepOwner } from '$lib/domain/special-orders';
import type { ApiError } from '$lib/api/types';
import { specialOrderStepLabel } from '$lib/ui/special-order-steps';
import { storeClock } from '$lib/ui/store-clock';

export const stepLabel = specialOrderStepLabel;

export const actionLabel: Record<SpecialOrderAction, () => string> = {
	register: m.so_act_register,
	review: m.so_act_review,
	order: m.so_act_order,
	arrive: m.so_act_arrive,
	notify_advisor: m.so_act_notify_advisor,
	inform_customer: m.so_act_inform_customer,
	agree_visit: m.so_act_agree_visit,
	fit: m.so_act_fit,
	cancel: m.so_act_cancel
};

/** The rule that sets a step's due time (shown as the reason when it is late). */
export const whyLabel: Record<StalenessCode, () => string> = {
	register_within_hour: m.so_why_register_within_hour,
	review_by_batch: m.so_why_review_by_batch,
	review_by_next_batch: m.so_why_review_by_next_batch,
	order_by_close: m.so_why_order_by_close,
	expected_date: m.so_why_expected_date,
	expected_next_day: m.so_why_expected_next_day,
	notify_within_hour: m.so_why_notify_within_hour,
	inform_within_4h: m.so_why_inform_within_4h,
	agree_within_day: m.so_why_agree_within_day,
	visit_date: m.so_why_visit_date,
	closed: () => ''
};

export const ownerLabel: Record<NonNullable<ReturnType<typeof stepOwner>>, () => string> = {
	desk: m.so_owner_desk,
	parts: m.so_owner_parts,
	advisor: m.so_owner_advisor
};

const DAY = 86_400_000;
const en = () => getLocale() === 'en';
const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const k = `${getLocale()}|${timeZone}|${key}`;
	let f = cache.get(k);
	if (!f) cache.set(k, (f = new Intl.DateTimeFormat(en() ? 'en-GB' : 'zh-CN', { ...options, timeZone })));
	return f;
}

/** 15:30 in the store's zone. */
export const hm = (at: number, timeZone: string): string => storeClock(at, timeZone);

/**
 * A moment as a card says it: 15:30 today; 明天 15:30 / Tomorrow; 周一 10:00 / Mon 10:00 within
 * the week either side; 12月7日 10:00 / 7 Dec 10:00 further away.
 */
export function when(at: number | null, now: number, timeZone: string): string {
	if (at === null || !isShowableTime(at)) return BAD_TIME;
	const today = startOfStoreDay(now, timeZone);
	const time = hm(at, timeZone);
	if (at >= today && at < today + DAY) return time;
	if (at >= today + DAY && at < today + 2 * DAY) return `${m.so_tomorrow()} ${time}`;
	if (at >= today - DAY && at < today) return `${m.so_yesterday()} ${time}`;
	if (Math.abs(at - now) < 6 * DAY) return `${formatTime(fmt(timeZone, 'wd', { weekday: 'short' }), at)} ${time}`;
	return `${formatTime(fmt(timeZone, 'md', { month: 'short', day: 'numeric' }), at)} ${time}`;
}

/** A store day ('YYYY-MM-DD') as words: 12月7日 周一 / Mon 7 Dec. */
export function dayText(day: string | null): string {
	if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return BAD_TIME;
	const at = Date.parse(`${day}T12:00:00Z`);
	return formatTime(fmt('UTC', 'day', { month: 'short', day: 'numeric', weekday: 'short' }), at);
}

/** How long ago or ahead, roughly: 25 min, 3 h, 2 d. */
export function span(ms: number): string {
	const min = Math.max(0, Math.round(Math.abs(ms) / 60_000));
	if (min < 60) return m.so_span_min({ n: min });
	if (min < 48 * 60) return m.so_span_h({ n: Math.round(min / 60) });
	return m.so_span_d({ n: Math.round(min / 1440) });
}

/** A refusal from the special-order API, in the screen's language where Pitwall knows the case. */
export function refusalText(e: ApiError, fieldLabel?: (field: string) => string | undefined): string {
	switch (e.error) {
		case 'version_conflict':
			return m.so_err_conflict();
		case 'transition_refused':
			return m.so_err_refused({ step: typeof e.currentStep === 'string' && e.currentStep in stepLabel ? stepLabel[e.currentStep as Step]() : String(e.currentStep ?? '') });
		case 'forbidden':
			return m.so_err_forbidden();
		case 'network':
			return m.so_err_network();
		case 'unauthorized':
			return m.so_err_signed_out();
		default: {
			const label = e.field ? fieldLabel?.(e.field) : undefined;
			const detail = e.field ? e.message.replace(new RegExp(`^${e.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`), '') : e.message;
			return label ? `${label}: ${detail}` : detail;
		}
	}
}
