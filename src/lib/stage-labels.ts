import { m } from '$lib/paraglide/messages';
import type { PauseReason, Stage } from '$lib/domain/repair-order';

/** The stage and pause names every screen shows: one place, so the shop's words stay the same everywhere. */
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
