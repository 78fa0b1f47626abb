import { m } from '$lib/paraglide/messages';
import type { BayHold } from '$lib/domain/equipment';
import type { BayView } from '$lib/live/protocol';

/** Why the desk cannot send a car to this bay: "M4：举升机 LIFT-M4 停用 — 举升机液压泄漏…". */
export function holdText(bay: BayView, hold: BayHold, en: boolean): string {
	if (hold.reason === 'out_of_service') {
		return hold.detail ? m.eqb_desk_hold_oos({ bay: bay.code, lift: hold.code, reason: hold.detail }) : m.eqb_desk_hold_oos_plain({ bay: bay.code, lift: hold.code });
	}
	const lift = bay.lifts.find((l) => l.id === hold.liftId);
	const task = lift?.safetyTasks.find((t) => t.nameZh === hold.detail);
	return m.eqb_desk_hold_safety({ bay: bay.code, lift: hold.code, task: (en ? task?.nameEn : task?.nameZh) ?? hold.detail ?? '' });
}
