/** Customer care on the screens (issue 18): labels, days and the API's refusals as the booking specialist reads them. */
import { m } from '$lib/paraglide/messages';
import { toStoreLocal } from '$lib/domain/time';
import { addDaysToDay, daysFromTo } from '$lib/domain/care';
import { storeTimeZone } from '$lib/live/zone';
import type { ApiError } from '$lib/api/types';
import type { CareList, CareRow, TagRef } from '$lib/server/features/care/views';
import { errorText } from '$lib/components/desk/errors';
import { isEn } from '$lib/components/desk/format';

export type { AppointmentView, CareRow, TagRef, TagView, CareList } from '$lib/server/features/care/views';

export const lists: readonly CareList[] = ['due_soon', 'overdue', 'at_risk', 'lost', 'follow_up'];
export const listLabel: Record<CareList, () => string> = {
	due_soon: m.care_list_due_soon,
	overdue: m.care_list_overdue,
	at_risk: m.care_list_at_risk,
	lost: m.care_list_lost,
	follow_up: m.care_list_follow_up
};

export const outcomes = ['reached', 'no_answer', 'booked', 'declined', 'wrong_number', 'do_not_contact'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeLabel: Record<Outcome, () => string> = {
	reached: m.care_outcome_reached,
	no_answer: m.care_outcome_no_answer,
	booked: m.care_outcome_booked,
	declined: m.care_outcome_declined,
	wrong_number: m.care_outcome_wrong_number,
	do_not_contact: m.care_outcome_do_not_contact
};
export const outcomeText = (o: string) => (o in outcomeLabel ? outcomeLabel[o as Outcome]() : o);

/** Why the call is made, as the server records it. */
export function reasonOf(row: CareRow): 'first_service' | 'second_service' | 'at_risk' | 'lost' | 'follow_up' {
	if (row.list === 'due_soon' || row.list === 'overdue') return row.service?.service === 'second' ? 'second_service' : 'first_service';
	return row.list;
}

export const colours = ['green', 'red', 'amber', 'blue', 'grey'] as const;
export const colourLabel: Record<(typeof colours)[number], () => string> = {
	green: m.care_colour_green,
	red: m.care_colour_red,
	amber: m.care_colour_amber,
	blue: m.care_colour_blue,
	grey: m.care_colour_grey
};
export const meaning = (t: Pick<TagRef, 'meaningZh' | 'meaningEn'>) => (isEn() ? t.meaningEn : t.meaningZh);

/** Today as a store day. */
export const today = (now = Date.now()) => toStoreLocal(now, storeTimeZone()).slice(0, 10);
export const tomorrow = (now = Date.now()) => addDaysToDay(today(now), 1);

/** Whole calendar months from `day` to today. */
export function monthsSince(day: string, todayDay: string): number {
	const [y1, m1, d1] = day.split('-').map(Number);
	const [y2, m2, d2] = todayDay.split('-').map(Number);
	return Math.max(0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0));
}
export { daysFromTo };

/** 12月5日 / 5 Dec (a store day; shown without converting zones). */
export function showDay(day: string): string {
	const [y, mo, d] = day.split('-').map(Number);
	const sameYear = y === Number(today().slice(0, 4));
	if (isEn()) return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]}${sameYear ? '' : ` ${y}`}`;
	return `${sameYear ? '' : `${y}年`}${mo}月${d}日`;
}

/** The time slots of a day: from opening to the last start that still ends by closing, in steps of the booking length. */
export function slots(opensAt: string, closesAt: string, minutes: number): string[] {
	const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
	const out: string[] = [];
	for (let t = toMin(opensAt); t + minutes <= toMin(closesAt); t += minutes) out.push(`${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`);
	return out;
}

/** A refusal of a booking, in words, with the field it is about. */
export function bookingError(e: ApiError): { field: string | null; text: string } {
	const text =
		e.error === 'in_the_past'
			? m.care_err_in_the_past()
			: e.error === 'outside_opening_hours'
				? m.care_err_outside_hours()
				: e.error === 'slot_full'
					? m.care_err_slot_full()
					: e.error === 'already_booked'
						? m.care_err_already_booked()
						: e.field === 'operations'
							? m.care_err_operations()
							: e.field === 'advisorId'
								? m.care_err_advisor()
								: errorText(e);
	return { field: e.field ?? null, text };
}
