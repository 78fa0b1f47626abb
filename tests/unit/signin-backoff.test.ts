import { describe, expect, it } from 'vitest';
import { afterFailure, countersFor, delayAfter, deviceKinds, FAILURE_WINDOW_MS, gate, idleSignOutMs, isPin, sessionDeviceKind, type FailureRecord } from '$lib/domain/signin';
import { roles } from '$lib/domain/permissions';

function fail(counter: 'person' | 'userOnDevice' | 'device' | 'address', times: number, start = 0) {
	let record: FailureRecord | undefined;
	let now = start;
	let lockedNow = false;
	for (let i = 0; i < times; i++) {
		const g = gate(counter, record, now);
		if (!g.ok && !g.locked) now += g.waitMs;
		({ record, lockedNow } = afterFailure(counter, record, now));
	}
	return { record: record!, now, lockedNow };
}

describe('PIN back-off', () => {
	it('lets three wrong PINs through, then doubles the wait', () => {
		expect([0, 1, 2, 3, 4, 5, 6].map((n) => delayAfter('userOnDevice', n))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000]);
		expect(delayAfter('userOnDevice', 40)).toBe(5 * 60_000);
	});
	it('makes the next try wait, then allows it', () => {
		const { record, now } = fail('userOnDevice', 4);
		const g = gate('userOnDevice', record, now + 500);
		expect(g).toEqual({ ok: false, locked: false, waitMs: 1500 });
		expect(gate('userOnDevice', record, now + 2000)).toEqual({ ok: true });
	});
	it('locks a user on a device at the tenth wrong PIN, and says so once', () => {
		const nine = fail('userOnDevice', 9);
		expect(nine.record.lockedAt).toBeNull();
		const ten = afterFailure('userOnDevice', nine.record, nine.now + 600_000);
		expect(ten.lockedNow).toBe(true);
		expect(gate('userOnDevice', ten.record, ten.record.lastFailedAt + 10 * FAILURE_WINDOW_MS)).toEqual({ ok: false, locked: true });
		expect(afterFailure('userOnDevice', ten.record, ten.record.lastFailedAt + 1).lockedNow).toBe(false);
	});
	it('never locks a device or an address, only slows them', () => {
		const { record } = fail('device', 40);
		expect(record.lockedAt).toBeNull();
		expect(fail('address', 40).record.lockedAt).toBeNull();
	});
	it('forgives old failures', () => {
		const { record, now } = fail('userOnDevice', 6);
		expect(gate('userOnDevice', record, now + FAILURE_WINDOW_MS + 1)).toEqual({ ok: true });
		expect(afterFailure('userOnDevice', record, now + FAILURE_WINDOW_MS + 1).record.failures).toBe(1);
	});
	it('takes PINs of 4 to 8 digits', () => {
		expect(['1234', '12345678'].every(isPin)).toBe(true);
		expect(['123', '123456789', '12a4', '', ' 1234'].some(isPin)).toBe(false);
	});
});

describe('session device kind', () => {
	it('never gives the shop-floor roles a desk session; desk roles keep what the device says', () => {
		for (const role of roles) {
			for (const kind of deviceKinds) {
				const expected = kind === 'desk' && ['technician', 'team_leader', 'qc_inspector', 'parts'].includes(role) ? 'tablet' : kind;
				expect(sessionDeviceKind(role, kind), `${role} on ${kind}`).toBe(expected);
			}
		}
		expect(idleSignOutMs[sessionDeviceKind('technician', 'desk')]).toBeLessThanOrEqual(5 * 60_000);
	});
});

describe('which counters a sign-in passes', () => {
	it('on a device new to the person: all of them; on one of theirs: only that device’s own', () => {
		expect(countersFor(false)).toEqual(['person', 'userOnDevice', 'device', 'address']);
		expect(countersFor(true)).toEqual(['userOnDevice']);
	});
	it('locks the person at the tenth wrong PIN, whatever device it came from', () => {
		const { record, lockedNow } = fail('person', 10);
		expect(lockedNow).toBe(true);
		expect(gate('person', record, record.lastFailedAt + 24 * 3600_000)).toEqual({ ok: false, locked: true });
	});
});
