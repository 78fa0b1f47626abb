import { m } from '$lib/paraglide/messages';
import type { CallReason, CallTarget } from '$lib/domain/calls';
import type { ApiError } from '$lib/api/client';

export const targetLabel: Record<CallTarget, () => string> = {
	parts: m.call_target_parts,
	qc: m.call_target_qc,
	supervisor: m.call_target_supervisor,
	advisor: m.call_target_advisor,
	wash: m.call_target_wash
};

export const reasonLabel: Record<CallReason, () => string> = {
	parts_needed: m.call_reason_parts_needed,
	approval_needed: m.call_reason_approval_needed,
	inspection_ready: m.call_reason_inspection_ready,
	help: m.call_reason_help,
	safety: m.call_reason_safety
};

/** Whole minutes from `from` to `to` (server time), never negative. */
export const minutesBetween = (from: number, to: number): number => Math.max(0, Math.floor((to - from) / 60_000));

/** A duration as m:ss (a call's time to "on my way" or to done). */
export function duration(ms: number | null): string {
	if (ms === null) return '—';
	const s = Math.max(0, Math.round(ms / 1000));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A refusal of a call's command in the screen's words. */
export function callErrorText(e: ApiError): string {
	switch (e.error) {
		case 'bay_has_no_job':
			return m.call_err_no_job();
		case 'nobody_to_call':
			return m.call_err_nobody();
		case 'call_finished':
			return m.call_err_finished();
		case 'not_called':
			return m.call_err_not_called();
		default:
			return m.call_err_other({ message: e.message });
	}
}
