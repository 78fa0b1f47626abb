/**
 * Calls that replace the walkie-talkies (对讲机, issue 17): a bay calls parts, QC, the supervisor,
 * the car's advisor or the wash, or a named person, for a reason; someone of the called role
 * answers "on my way", then "done". Pure rules: no database, no clock (server time is passed in).
 */
import type { Role } from './permissions';
import { median, p90 } from './kpi';

export const callTargets = ['parts', 'qc', 'supervisor', 'advisor', 'wash'] as const;
export type CallTarget = (typeof callTargets)[number];

export const callReasons = ['parts_needed', 'approval_needed', 'inspection_ready', 'help', 'safety'] as const;
export type CallReason = (typeof callReasons)[number];

/** open → acknowledged ("on my way") → done; or closed without an answer (the job left the bay, the caller took it back). */
export const callStatuses = ['open', 'acknowledged', 'done', 'closed'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** Who answers a call to each target: the roles that do that work in the shop. */
export const targetRoles: Record<CallTarget, readonly Role[]> = {
	parts: ['parts'],
	qc: ['qc_inspector'],
	// The workshop supervisor (车间主管) is the dispatcher's seat.
	supervisor: ['dispatcher'],
	advisor: ['service_advisor'],
	// The wash is signed off by the advisor or the supervisor (repairOrder.wash_done).
	wash: ['service_advisor', 'dispatcher']
};

/** A safety call is urgent: it escalates after 30 s rather than the store's usual wait. */
export const isUrgent = (reason: CallReason): boolean => reason === 'safety';

export interface CallTimes {
	/** Seconds a call may wait for "on my way" before it escalates to the supervisor (2 min by default). */
	ackSeconds: number;
	/** The same for a safety call (30 s by default). */
	safetySeconds: number;
}
export const defaultCallTimes: CallTimes = { ackSeconds: 120, safetySeconds: 30 };

/** When an unanswered call escalates (epoch ms). */
export function escalatesAt(raisedAt: number, reason: CallReason, times: CallTimes = defaultCallTimes): number {
	return raisedAt + (isUrgent(reason) ? times.safetySeconds : times.ackSeconds) * 1000;
}

export interface CallLike {
	id: number;
	bayId: number;
	target: CallTarget;
	targetUserId: number | null;
	reason: CallReason;
	status: CallStatus;
	raisedAt: number;
	escalatesAt: number;
	escalatedAt: number | null;
	ackedAt: number | null;
	doneAt: number | null;
	closedAt: number | null;
}

/** Still waiting or being answered. */
export const isActive = (c: Pick<CallLike, 'status'>): boolean => c.status === 'open' || c.status === 'acknowledged';

/** Nobody said "on my way" in time and it has not been escalated yet. */
export function needsEscalation(c: CallLike, now: number): boolean {
	return c.status === 'open' && c.escalatedAt === null && now >= c.escalatesAt;
}

/**
 * The call a new one merges into: an active call from the same bay to the same target (role or
 * person) for the same reason. Pressing twice, or two technicians of one bay both pressing, is one
 * call that has been asked for again, not two.
 */
export function mergeInto<C extends CallLike>(active: readonly C[], call: Pick<CallLike, 'bayId' | 'target' | 'targetUserId' | 'reason'>): C | undefined {
	return active.find((c) => isActive(c) && c.bayId === call.bayId && c.target === call.target && c.targetUserId === call.targetUserId && c.reason === call.reason);
}

export type CallAction = 'acknowledge' | 'done' | 'close';

/** Which actions each status allows: "on my way" only while open; "done" once answered (or straight away); closing while active. */
export const callActions: Record<CallStatus, readonly CallAction[]> = {
	open: ['acknowledge', 'done', 'close'],
	acknowledged: ['done', 'close'],
	done: [],
	closed: []
};

export class CallRefused extends Error {
	constructor(
		readonly status: CallStatus,
		readonly action: CallAction
	) {
		super(`the call is ${status}: it cannot be ${{ acknowledge: 'acknowledged', done: 'marked done', close: 'closed' }[action]} any more`);
	}
}

/** The status after an action, or CallRefused. */
export function nextStatus(status: CallStatus, action: CallAction): CallStatus {
	if (!callActions[status].includes(action)) throw new CallRefused(status, action);
	return action === 'acknowledge' ? 'acknowledged' : action === 'done' ? 'done' : 'closed';
}

/**
 * May a person answer (acknowledge or mark done) a call? Anyone of the called role, the named
 * person of a call to a person, the supervisor (an escalated call is theirs) and the manager.
 */
export function mayAnswer(call: Pick<CallLike, 'target' | 'targetUserId'>, person: { role: Role; userId: number | null }): boolean {
	if (person.role === 'dispatcher' || person.role === 'manager') return true;
	if (call.targetUserId !== null) return person.userId === call.targetUserId;
	return targetRoles[call.target].includes(person.role);
}

/**
 * May a person take back (close, 'withdrawn') an active call? Whoever raised it, the supervisor
 * and the manager.
 */
export function mayWithdraw(call: { raisedById: number | null }, person: { role: Role; userId: number | null }): boolean {
	if (person.role === 'dispatcher' || person.role === 'manager') return true;
	return person.userId !== null && call.raisedById === person.userId;
}

/** The roles whose people may be called by name (they answer calls of some target). */
export const callableRoles: readonly Role[] = [...new Set(Object.values(targetRoles).flat())];

export type SpeechLanguage = 'zh-CN' | 'en';

const spokenTarget: Record<SpeechLanguage, Record<CallTarget, string>> = {
	'zh-CN': { parts: '备件', qc: '质检', supervisor: '车间主管', advisor: '服务顾问', wash: '洗车' },
	en: { parts: 'parts', qc: 'QC', supervisor: 'the supervisor', advisor: 'the advisor', wash: 'the wash' }
};

/**
 * What a workshop TV says for a new call, in the display's language: "M3 工位 呼叫 备件" /
 * "Bay M3 calls parts"; a named person by name; a safety call starts with "安全" / "Safety:".
 */
export function callPhrase(call: { bayCode: string; target: CallTarget; targetName?: string | null; urgent?: boolean }, lang: SpeechLanguage): string {
	const who = call.targetName?.trim() || spokenTarget[lang][call.target];
	if (lang === 'zh-CN') return `${call.urgent ? '安全！' : ''}${call.bayCode} 工位 呼叫 ${who}`;
	return `${call.urgent ? 'Safety! ' : ''}Bay ${call.bayCode} calls ${who}`;
}

/** The phrases a display speaks for its language setting (both: Chinese, then English). */
export function speechLanguages(display: string): SpeechLanguage[] {
	return display === 'en' ? ['en'] : display === 'both' ? ['zh-CN', 'en'] : ['zh-CN'];
}

/**
 * The calls a board should speak now: open, first seen (not in `spoken`), raised since the page
 * loaded (`since`, server time). Marks every call it saw in `spoken` (so a reconnect's snapshot
 * repeats nothing), whether spoken or not.
 */
export function callsToSpeak<C extends { id: number; status: CallStatus; raisedAt: number }>(calls: readonly C[], spoken: Set<number>, since: number): C[] {
	const out: C[] = [];
	for (const c of calls) {
		if (spoken.has(c.id)) continue;
		spoken.add(c.id);
		if (c.status === 'open' && c.raisedAt >= since) out.push(c);
	}
	return out;
}

export interface CallStat {
	count: number;
	/** Seconds from the call to "on my way" (median, 90th percentile), over the calls acknowledged. */
	ackMedianS: number | null;
	ackP90S: number | null;
	/** Seconds from the call to done, over the calls done. */
	doneMedianS: number | null;
	doneP90S: number | null;
}

export interface CallStatsRow extends CallStat {
	target: CallTarget;
	/** By the hour of day the call was raised (store time, 0..23), hours with calls only. */
	byHour: (CallStat & { hour: number })[];
}

function stat(calls: readonly CallLike[]): CallStat {
	const ack = calls.filter((c) => c.ackedAt !== null).map((c) => (c.ackedAt! - c.raisedAt) / 1000);
	const done = calls.filter((c) => c.doneAt !== null).map((c) => (c.doneAt! - c.raisedAt) / 1000);
	const r = (n: number | null) => (n === null ? null : Math.round(n));
	return { count: calls.length, ackMedianS: r(median(ack)), ackP90S: r(p90(ack)), doneMedianS: r(median(done)), doneP90S: r(p90(done)) };
}

/**
 * Per target: how many calls, and the median and 90th percentile time to acknowledge and to
 * close (seconds, nearest rank), overall and by the hour of day they were raised. `hourOf` gives
 * the store hour of a moment. A call marked done without an acknowledgement counts for done only.
 */
export function callStats(calls: readonly CallLike[], hourOf: (at: number) => number): CallStatsRow[] {
	return callTargets
		.map((target) => {
			const mine = calls.filter((c) => c.target === target);
			const hours = new Map<number, CallLike[]>();
			for (const c of mine) hours.set(hourOf(c.raisedAt), [...(hours.get(hourOf(c.raisedAt)) ?? []), c]);
			return {
				target,
				...stat(mine),
				byHour: [...hours.entries()].sort(([a], [b]) => a - b).map(([hour, list]) => ({ hour, ...stat(list) }))
			};
		})
		.filter((row) => row.count > 0);
}
