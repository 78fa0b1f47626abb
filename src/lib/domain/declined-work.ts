/**
 * Work a customer declined (an add-on they said no to) comes back when the car does: the advisor
 * sees it at check-in and can ask again, so a worn brake pad is not forgotten until it fails. A
 * decision counts for a year; the same finding declined on two visits is shown once, as last
 * declined; safety items first, then the newest; a handful at most, to fit beside the plate.
 */
const DAY = 86_400_000;
export const RECALL_DAYS = 365;
export const RECALL_MAX = 5;

export interface DeclinedWork {
	finding: string;
	safety: boolean;
	/** When the customer declined (ms). */
	decidedAt: number;
}

/** One finding however it was typed: spaces and case do not make it another. */
const sameFinding = (finding: string) => finding.trim().replace(/\s+/g, ' ').toLowerCase();

export function workToRaiseAgain<T extends DeclinedWork>(declined: readonly T[], now: number): T[] {
	const newest = new Map<string, T>();
	for (const d of declined) {
		if (d.decidedAt > now || now - d.decidedAt > RECALL_DAYS * DAY) continue;
		const key = sameFinding(d.finding);
		const kept = newest.get(key);
		if (!kept || d.decidedAt > kept.decidedAt) newest.set(key, d);
	}
	return [...newest.values()].sort((a, b) => Number(b.safety) - Number(a.safety) || b.decidedAt - a.decidedAt).slice(0, RECALL_MAX);
}
