import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { ApiError } from '$lib/api/types';
import { storeTimeZone } from '$lib/live/zone';
import { formatTime } from '$lib/domain/time';

import { pauseLabel, stageLabel } from '$lib/stage-labels';
export { pauseLabel, stageLabel };

export const en = (): boolean => getLocale() === 'en';

/** A name in the screen's language. */
export const localName = (x: { nameZh: string; nameEn: string }): string => (en() ? x.nameEn : x.nameZh);

/** HH:MM in the store's time zone (server time in, never the tablet's wall clock); '—' for a stored time out of range. */
export function clockTime(at: number): string {
	return formatTime(new Intl.DateTimeFormat(en() ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: storeTimeZone() }), at);
}

/** What to tell the person at the car when the server said no, or never answered. */
export function errorText(e: ApiError): string {
	switch (e.error) {
		case 'network':
		case 'aborted':
			return m.tech_err_network();
		case 'version_conflict':
			return e.changedBy ? m.tech_err_conflict({ name: e.changedBy }) : m.tech_err_conflict_someone();
		case 'transition_refused':
			return e.stage ? m.tech_err_refused({ stage: stageLabel[e.stage]() }) : m.tech_err_other({ message: e.message });
		case 'forbidden':
			return m.tech_err_forbidden();
		case 'not_found':
			return m.tech_err_not_found();
		case 'invalid_input':
			return m.tech_err_input();
		default:
			return m.tech_err_other({ message: e.message });
	}
}
