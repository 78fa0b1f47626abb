/**
 * Shop times and labels for the service desk. Times always show in the store's zone (the
 * store's setting, from the server), whatever the zone of the computer at the desk. A stored time
 * out of range (see $lib/domain/time) shows as BAD_TIME, never throws.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { BAD_TIME, formatTime, fromStoreLocal, isShowableTime, startOfStoreDay, toStoreLocal } from '$lib/domain/time';
import { storeTimeZone } from '$lib/live/zone';
import type { FollowUpOutcome, RepairKind } from '$lib/domain/repair-order';

const DAY = 86_400_000;

export const isEn = (): boolean => getLocale() === 'en';
const intlLocale = () => (isEn() ? 'en-GB' : 'zh-CN');

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const timeZone = storeTimeZone();
	const k = `${intlLocale()}|${timeZone}|${key}`;
	let f = fmtCache.get(k);
	if (!f) {
		f = new Intl.DateTimeFormat(intlLocale(), { ...options, timeZone });
		fmtCache.set(k, f);
	}
	return f;
}

export const shopDayStart = (now: number): number => startOfStoreDay(now, storeTimeZone());

/** 15:30 */
export const hm = (t: number): string => formatTime(fmt('hm', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), t);

/** 11月28日 / 28 Nov */
export const dayMonth = (t: number): string => formatTime(fmt('dm', { month: 'short', day: 'numeric' }), t);

/** 11月28日 周五 / Fri 28 Nov */
export const dayLong = (t: number): string => formatTime(fmt('dl', { month: 'short', day: 'numeric', weekday: 'short' }), t);

/** 15:30 today; "明天 15:30" tomorrow; "11月28日 15:30" otherwise. */
export function when(t: number, now: number): string {
	if (!isShowableTime(t)) return BAD_TIME;
	const today = shopDayStart(now);
	if (t >= today && t < today + DAY) return hm(t);
	if (t >= today + DAY && t < today + 2 * DAY) return `${m.desk_tomorrow()} ${hm(t)}`;
	if (t >= today - DAY && t < today) return `${m.desk_yesterday()} ${hm(t)}`;
	return `${dayMonth(t)} ${hm(t)}`;
}

/** For cards: the time, and the day only when it is not today (11/30 or 30 Nov). */
export function whenParts(t: number, now: number): { day: string; time: string } {
	if (!isShowableTime(t)) return { day: '', time: BAD_TIME };
	const today = shopDayStart(now);
	if (t >= today && t < today + DAY) return { day: '', time: hm(t) };
	if (t >= today + DAY && t < today + 2 * DAY) return { day: m.desk_tomorrow(), time: hm(t) };
	if (t >= today - DAY && t < today) return { day: m.desk_yesterday(), time: hm(t) };
	return { day: isEn() ? dayMonth(t) : formatTime(fmt('md', { month: 'numeric', day: 'numeric' }), t), time: hm(t) };
}

/** 'YYYY-MM-DDTHH:mm' in shop time, for <input type="datetime-local"> ('' for a time out of range). */
export function toLocalInput(t: number): string {
	return toStoreLocal(t, storeTimeZone());
}

/** The instant a shop-time 'YYYY-MM-DDTHH:mm' stands for, or null. */
export function fromLocalInput(s: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return null;
	const t = fromStoreLocal(s, storeTimeZone());
	return Number.isNaN(t) ? null : t;
}

/** 'YYYY-MM-DD' in shop time ('' for a time out of range). */
export function shopDate(t: number): string {
	return toStoreLocal(t, storeTimeZone()).slice(0, 10);
}

/** The same calendar day `months` later (clamped to the month's end). */
export function addMonths(date: string, months: number): string {
	const [y, mo, d] = date.split('-').map(Number);
	const target = new Date(Date.UTC(y, mo - 1 + months, 1));
	const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(d, last));
	return target.toISOString().slice(0, 10);
}

/** Whole minutes, never negative; null when `t` is a time out of range (show BAD_TIME). */
export const minutesSince = (t: number, now: number): number | null => (isShowableTime(t) ? Math.max(0, Math.floor((now - t) / 60_000)) : null);

/** 138 0000 1101: mobile numbers read aloud in groups of 3-4-4. */
export function phoneGroups(phone: string): string {
	const digits = phone.replace(/[\s-]/g, '');
	if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
	return phone;
}

export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

import { pauseLabel, stageLabel } from '$lib/stage-labels';
export { pauseLabel, stageLabel };

export const kindLabel: Record<RepairKind, () => string> = {
	maintenance: m.desk_kind_maintenance,
	repair: m.desk_kind_repair,
	accident: m.desk_kind_accident
};

export const paymentMethods = ['cash', 'card', 'wechat', 'alipay', 'insurance', 'warranty'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const paymentLabel: Record<PaymentMethod, () => string> = {
	cash: m.desk_pay_cash,
	card: m.desk_pay_card,
	wechat: m.desk_pay_wechat,
	alipay: m.desk_pay_alipay,
	insurance: m.desk_pay_insurance,
	warranty: m.desk_pay_warranty
};
export const paymentText = (p: string): string => (p in paymentLabel ? paymentLabel[p as PaymentMethod]() : p);

export const outcomeLabel: Record<FollowUpOutcome, () => string> = {
	satisfied: m.desk_outcome_satisfied,
	issue: m.desk_outcome_issue,
	no_answer: m.desk_outcome_no_answer
};

/** An operation's name in the screen's language. */
export const opName = (op: { nameZh: string; nameEn: string }): string => (isEn() ? op.nameEn : op.nameZh);
