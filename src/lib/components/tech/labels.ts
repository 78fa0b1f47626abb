import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PauseReason, Stage } from '$lib/domain/repair-order';
import type { ApiError } from './api';

export const stageLabel: Record<Stage, () => string> = {
	checked_in: m.stage_checked_in,
	waiting_dispatch: m.stage_waiting_dispatch,
	dispatched: m.stage_dispatched,
	in_progress: m.stage_in_progress,
	paused: m.stage_paused,
	team_check: m.stage_team_check,
	final_qc: m.stage_final_qc,
	advisor_check: m.stage_advisor_check,
	wash: m.stage_wash,
	ready: m.stage_ready,
	delivered: m.stage_delivered,
	followed_up: m.stage_followed_up,
	cancelled: m.stage_cancelled
};

export const pauseLabel: Record<PauseReason, () => string> = {
	parts: m.pause_parts,
	approval: m.pause_approval,
	other: m.pause_other
};

export const en = (): boolean => getLocale() === 'en';

/** A name in the screen's language. */
export const localName = (x: { nameZh: string; nameEn: string }): string => (en() ? x.nameEn : x.nameZh);

/** HH:MM in the store's time zone (server time in, never the tablet's wall clock). */
export function clockTime(at: number): string {
	return new Intl.DateTimeFormat(en() ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }).format(at);
}

/** What to tell the person at the car when the server said no (null: the request never arrived). */
export function errorText(e: ApiError | null): string {
	if (!e) return m.tech_err_network();
	switch (e.error) {
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
