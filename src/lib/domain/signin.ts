import type { Role } from './permissions';

/**
 * Wrong PINs on shared shop devices, counted on the server (never by a cookie the client could
 * drop): per person across every device, per person on one device, per device and per address.
 * Each counter slows its own attempts down exponentially. The person counter locks at the tenth
 * wrong PIN (until an admin lifts it) wherever the guesses come from, so a browser without
 * cookies gets no fresh start. A device where the person has signed in before (a known device)
 * answers only to its own person-on-device counter: neither a stranger guessing at the parts
 * kiosk nor a flood from the shop's shared address stops the dispatcher's right PIN at his desk.
 */
export interface FailureRecord {
	failures: number;
	lastFailedAt: number;
	lockedAt: number | null;
}

export type Counter = 'person' | 'userOnDevice' | 'device' | 'address';

export const backoffPolicy: Record<Counter, { freeAttempts: number; lockAt: number | null; maxDelayMs: number }> = {
	person: { freeAttempts: 3, lockAt: 10, maxDelayMs: 5 * 60_000 },
	userOnDevice: { freeAttempts: 3, lockAt: 10, maxDelayMs: 5 * 60_000 },
	device: { freeAttempts: 6, lockAt: null, maxDelayMs: 5 * 60_000 },
	address: { freeAttempts: 10, lockAt: null, maxDelayMs: 5 * 60_000 }
};

/** Failures older than this no longer count (a forgotten PIN last week is forgiven). */
export const FAILURE_WINDOW_MS = 60 * 60_000;

/** Milliseconds to wait after `failures` consecutive failures: 0 while free, then 1 s, 2 s, 4 s… */
export function delayAfter(counter: Counter, failures: number): number {
	const { freeAttempts, maxDelayMs } = backoffPolicy[counter];
	if (failures < freeAttempts) return 0;
	return Math.min(1000 * 2 ** (failures - freeAttempts), maxDelayMs);
}

export type Gate = { ok: true } | { ok: false; locked: true } | { ok: false; locked: false; waitMs: number };

/** May a PIN be tried now, given this counter's record? */
export function gate(counter: Counter, record: FailureRecord | undefined, now: number): Gate {
	if (!record) return { ok: true };
	if (record.lockedAt !== null) return { ok: false, locked: true };
	if (now - record.lastFailedAt > FAILURE_WINDOW_MS) return { ok: true };
	const waitMs = record.lastFailedAt + delayAfter(counter, record.failures) - now;
	return waitMs > 0 ? { ok: false, locked: false, waitMs } : { ok: true };
}

/** The record after one more wrong PIN, and whether that wrong PIN locked it. */
export function afterFailure(counter: Counter, record: FailureRecord | undefined, now: number): { record: FailureRecord; lockedNow: boolean } {
	const fresh = !record || now - record.lastFailedAt > FAILURE_WINDOW_MS;
	const failures = (fresh ? 0 : record!.failures) + 1;
	const lockAt = backoffPolicy[counter].lockAt;
	const lockedNow = lockAt !== null && failures >= lockAt && !record?.lockedAt;
	return { record: { failures, lastFailedAt: now, lockedAt: lockedNow ? now : (record?.lockedAt ?? null) }, lockedNow };
}

/** The counters a sign-in must pass: on a known device only its own, elsewhere all of them. */
export function countersFor(knownDevice: boolean): readonly Counter[] {
	return knownDevice ? ['userOnDevice'] : ['person', 'userOnDevice', 'device', 'address'];
}

export const deviceKinds = ['desk', 'tablet', 'kiosk'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

/** Inactivity before a shared device signs its user out: a desk keeps a working day. */
export const idleSignOutMs: Record<DeviceKind, number> = {
	desk: 10 * 60 * 60_000,
	tablet: 5 * 60_000,
	kiosk: 2 * 60_000
};

/**
 * The device kind a session gets. A device says what it is when someone signs in on it (the
 * sign-in link carries it), and nothing stops a shared tablet or the parts kiosk from claiming
 * to be a desk. So the people who work at shared shop-floor devices never get a desk's working
 * day: a claim of "desk" from them becomes the tablet's minutes. Desk roles keep what the
 * device says.
 */
export const shopFloorRoles: readonly Role[] = ['technician', 'team_leader', 'qc_inspector', 'parts'];

export function sessionDeviceKind(role: Role, claimed: DeviceKind): DeviceKind {
	return claimed === 'desk' && shopFloorRoles.includes(role) ? 'tablet' : claimed;
}

export function isPin(value: string): boolean {
	return /^[0-9]{4,8}$/.test(value);
}
