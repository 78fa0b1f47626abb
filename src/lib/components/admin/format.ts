import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { storeTimeZone } from '$lib/live/zone';

const fmt = () =>
	new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'zh-CN', {
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		timeZone: storeTimeZone()
	});

/** A moment in the admin screen's lists, to the second, in the store's time zone; "never" for none. */
export const when = (t: number | null): string => (t ? fmt().format(t) : m.admin_never());

/** The board names as the admin screen says them. */
export const boards: Record<string, () => string> = { bays: m.board_bays_name, lounge: m.lounge_board_name, parts: m.screens_parts_board, equipment: m.eq_board_title, kpi: m.screens_kpi_board };

/** The refusal of one form's action, or null. */
export interface FormAnswer {
	action: string;
	ok: boolean;
	message?: string;
	result?: unknown;
}
export const refusal = (form: FormAnswer | null | undefined, action: string): string | null => (form && !form.ok && form.action === action ? (form.message ?? '') : null);
