import { describe, expect, it } from 'vitest';
import { CallRefused, callPhrase, callStats, callsToSpeak, escalatesAt, mayAnswer, mayWithdraw, mergeInto, needsEscalation, nextStatus, speechLanguages, type CallLike } from '$lib/domain/calls';

const T0 = Date.UTC(2026, 11, 1, 1, 0); // 09:00 in Shanghai
const s = 1000;

function call(c: Partial<CallLike> & Pick<CallLike, 'id'>): CallLike {
	const reason = c.reason ?? 'parts_needed';
	const raisedAt = c.raisedAt ?? T0;
	return { bayId: 1, target: 'parts', targetUserId: null, reason, status: 'open', raisedAt, escalatesAt: escalatesAt(raisedAt, reason), escalatedAt: null, ackedAt: null, doneAt: null, closedAt: null, ...c };
}

describe('escalation', () => {
	it('escalates an unanswered call after 2 minutes, a safety call after 30 s, and the store may set both', () => {
		expect(escalatesAt(T0, 'parts_needed')).toBe(T0 + 120 * s);
		expect(escalatesAt(T0, 'safety')).toBe(T0 + 30 * s);
		expect(escalatesAt(T0, 'help', { ackSeconds: 300, safetySeconds: 10 })).toBe(T0 + 300 * s);
		expect(escalatesAt(T0, 'safety', { ackSeconds: 300, safetySeconds: 10 })).toBe(T0 + 10 * s);
	});

	it('is due exactly at the deadline, once, and only while nobody has said "on my way"', () => {
		const c = call({ id: 1 });
		expect(needsEscalation(c, T0 + 119 * s)).toBe(false);
		expect(needsEscalation(c, T0 + 120 * s)).toBe(true);
		expect(needsEscalation({ ...c, escalatedAt: T0 + 120 * s }, T0 + 600 * s)).toBe(false);
		expect(needsEscalation({ ...c, status: 'acknowledged', ackedAt: T0 + 60 * s }, T0 + 600 * s)).toBe(false);
		expect(needsEscalation({ ...c, status: 'closed', closedAt: T0 + 60 * s }, T0 + 600 * s)).toBe(false);
		const safety = call({ id: 2, reason: 'safety' });
		expect(needsEscalation(safety, T0 + 29 * s)).toBe(false);
		expect(needsEscalation(safety, T0 + 30 * s)).toBe(true);
	});
});

describe('merging', () => {
	const open = [
		call({ id: 1, bayId: 1, target: 'parts', reason: 'parts_needed' }),
		call({ id: 2, bayId: 2, target: 'qc', reason: 'inspection_ready', status: 'acknowledged' }),
		call({ id: 3, bayId: 3, target: 'parts', reason: 'parts_needed', status: 'done' }),
		call({ id: 4, bayId: 4, target: 'advisor', targetUserId: 7, reason: 'approval_needed' })
	];

	it('merges a second identical call from the same bay into the active one', () => {
		expect(mergeInto(open, { bayId: 1, target: 'parts', targetUserId: null, reason: 'parts_needed' })?.id).toBe(1);
		// Being answered still counts as active.
		expect(mergeInto(open, { bayId: 2, target: 'qc', targetUserId: null, reason: 'inspection_ready' })?.id).toBe(2);
		expect(mergeInto(open, { bayId: 4, target: 'advisor', targetUserId: 7, reason: 'approval_needed' })?.id).toBe(4);
	});

	it('keeps calls apart that differ in bay, target, person or reason, and never merges into a finished one', () => {
		expect(mergeInto(open, { bayId: 9, target: 'parts', targetUserId: null, reason: 'parts_needed' })).toBeUndefined();
		expect(mergeInto(open, { bayId: 1, target: 'qc', targetUserId: null, reason: 'parts_needed' })).toBeUndefined();
		expect(mergeInto(open, { bayId: 1, target: 'parts', targetUserId: null, reason: 'help' })).toBeUndefined();
		expect(mergeInto(open, { bayId: 4, target: 'advisor', targetUserId: 8, reason: 'approval_needed' })).toBeUndefined();
		expect(mergeInto(open, { bayId: 3, target: 'parts', targetUserId: null, reason: 'parts_needed' })).toBeUndefined();
	});
});

describe('answering', () => {
	it('goes open → on my way → done, or closes; a finished call refuses everything', () => {
		expect(nextStatus('open', 'acknowledge')).toBe('acknowledged');
		expect(nextStatus('acknowledged', 'done')).toBe('done');
		expect(nextStatus('open', 'done')).toBe('done');
		expect(nextStatus('acknowledged', 'close')).toBe('closed');
		expect(() => nextStatus('acknowledged', 'acknowledge')).toThrow(CallRefused);
		expect(() => nextStatus('closed', 'acknowledge')).toThrow('the call is closed: it cannot be acknowledged any more');
		expect(() => nextStatus('done', 'close')).toThrow(CallRefused);
	});

	it('lets anyone of the called role answer, the named person a call to a person, and the supervisor any', () => {
		const parts = { target: 'parts' as const, targetUserId: null };
		expect(mayAnswer(parts, { role: 'parts', userId: 5 })).toBe(true);
		expect(mayAnswer(parts, { role: 'technician', userId: 6 })).toBe(false);
		expect(mayAnswer(parts, { role: 'dispatcher', userId: 2 })).toBe(true);
		const person = { target: 'advisor' as const, targetUserId: 7 };
		expect(mayAnswer(person, { role: 'service_advisor', userId: 7 })).toBe(true);
		expect(mayAnswer(person, { role: 'service_advisor', userId: 8 })).toBe(false);
		expect(mayAnswer({ target: 'wash', targetUserId: null }, { role: 'service_advisor', userId: 8 })).toBe(true);
	});
});

describe('callStats', () => {
	it('gives per target the median and p90 seconds to acknowledge and to finish, overall and by hour', () => {
		const hourOf = (at: number) => new Date(at + 8 * 3_600_000).getUTCHours();
		const calls = [
			call({ id: 1, ackedAt: T0 + 30 * s, doneAt: T0 + 300 * s, status: 'done' }),
			call({ id: 2, raisedAt: T0 + 600 * s, ackedAt: T0 + 690 * s, doneAt: T0 + 1200 * s, status: 'done' }),
			call({ id: 3, raisedAt: T0 + 3600 * s, ackedAt: T0 + 3660 * s, status: 'acknowledged' }),
			// Done straight away, never acknowledged: counts for done only.
			call({ id: 4, raisedAt: T0 + 3600 * s, doneAt: T0 + 3720 * s, status: 'done' }),
			call({ id: 5, target: 'qc', reason: 'inspection_ready' })
		];
		const [parts, qc] = callStats(calls, hourOf);
		// Acknowledged after 30, 90, 60 s → median 60, p90 (rank 3 of 3) 90; done after 300, 600, 120 → median 300, p90 600.
		expect(parts).toMatchObject({ target: 'parts', count: 4, ackMedianS: 60, ackP90S: 90, doneMedianS: 300, doneP90S: 600 });
		expect(parts.byHour).toEqual([
			{ hour: 9, count: 2, ackMedianS: 60, ackP90S: 90, doneMedianS: 450, doneP90S: 600 },
			{ hour: 10, count: 2, ackMedianS: 60, ackP90S: 60, doneMedianS: 120, doneP90S: 120 }
		]);
		expect(qc).toMatchObject({ target: 'qc', count: 1, ackMedianS: null, doneMedianS: null });
	});
});

describe('withdrawing a call', () => {
	it('is for whoever raised it, the supervisor and the manager', () => {
		const c = { raisedById: 7 };
		expect(mayWithdraw(c, { role: 'technician', userId: 7 })).toBe(true);
		expect(mayWithdraw(c, { role: 'technician', userId: 8 })).toBe(false);
		expect(mayWithdraw(c, { role: 'parts', userId: 9 })).toBe(false);
		expect(mayWithdraw(c, { role: 'dispatcher', userId: 1 })).toBe(true);
		expect(mayWithdraw(c, { role: 'manager', userId: 2 })).toBe(true);
		// A call from a call button (no person) is withdrawn by the supervisor only.
		expect(mayWithdraw({ raisedById: null }, { role: 'technician', userId: null })).toBe(false);
	});
});

describe('what a workshop TV says', () => {
	it('names the bay and who is called, in the display language', () => {
		expect(callPhrase({ bayCode: 'M3', target: 'parts' }, 'zh-CN')).toBe('M3 工位 呼叫 备件');
		expect(callPhrase({ bayCode: 'M3', target: 'parts' }, 'en')).toBe('Bay M3 calls parts');
		expect(callPhrase({ bayCode: 'Q1', target: 'qc' }, 'en')).toBe('Bay Q1 calls QC');
		expect(callPhrase({ bayCode: 'M1', target: 'supervisor' }, 'zh-CN')).toBe('M1 工位 呼叫 车间主管');
		// A named person by name; a safety call says so first.
		expect(callPhrase({ bayCode: 'M2', target: 'parts', targetName: '周敏' }, 'zh-CN')).toBe('M2 工位 呼叫 周敏');
		expect(callPhrase({ bayCode: 'M2', target: 'supervisor', urgent: true }, 'en')).toBe('Safety! Bay M2 calls the supervisor');
		expect(speechLanguages('zh-CN')).toEqual(['zh-CN']);
		expect(speechLanguages('en')).toEqual(['en']);
		expect(speechLanguages('both')).toEqual(['zh-CN', 'en']);
	});

	it('speaks each new open call once: not the calls there when the page loaded, not again after a reconnect', () => {
		const loaded = T0;
		const spoken = new Set<number>();
		const old = { id: 1, status: 'open' as const, raisedAt: T0 - 60 * s };
		// The first snapshot: an old call, not spoken.
		expect(callsToSpeak([old], spoken, loaded)).toEqual([]);
		const fresh = { id: 2, status: 'open' as const, raisedAt: T0 + 5 * s };
		expect(callsToSpeak([old, fresh], spoken, loaded)).toEqual([fresh]);
		// A reconnect's snapshot, its acknowledgement: nothing again.
		expect(callsToSpeak([old, fresh], spoken, loaded)).toEqual([]);
		expect(callsToSpeak([{ ...fresh, status: 'acknowledged' as const }], spoken, loaded)).toEqual([]);
		// A call first seen already answered is not spoken.
		expect(callsToSpeak([{ id: 3, status: 'acknowledged' as const, raisedAt: T0 + 9 * s }], spoken, loaded)).toEqual([]);
	});
});
