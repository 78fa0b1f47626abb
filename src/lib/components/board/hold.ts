import type { BayHold } from '$lib/domain/equipment';
import type { BayLiftView } from '$lib/live/protocol';

/** The overdue safety task's name in the screen's language (the hold carries the Chinese name). */
export function holdTaskName(hold: BayHold, lifts: readonly BayLiftView[], en: boolean): string | null {
	if (hold.reason !== 'safety_overdue' || !en) return hold.detail;
	const task = lifts.find((l) => l.id === hold.liftId)?.safetyTasks.find((t) => t.nameZh === hold.detail);
	return task?.nameEn ?? hold.detail;
}
