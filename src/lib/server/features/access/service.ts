import type { Db } from '$lib/server/db/database';
import { CommandError, execute, type CommandContext } from '$lib/server/core/commands';
import type { Principal } from '$lib/server/features/access/principal';
import { hashPin, normaliseCode, pairingCode, randomToken, sha256, verifyPin } from '$lib/server/features/access/secrets';
import { afterFailure, countersFor, gate, idleSignOutMs, isPin, sessionDeviceKind, type Counter, type DeviceKind, type FailureRecord } from '$lib/domain/signin';
import { isGroupRole, storeRoleOf, type GroupRole, type Role } from '$lib/domain/permissions';
import { mayEnter } from '$lib/server/features/access/group';
import { lockoutRecorded } from '$lib/server/features/access/commands';
import { channels, type Channel } from '$lib/live/protocol';

export const SESSION_COOKIE = 'pw_session';
export const DISPLAY_COOKIE = 'pw_display';
export const DEVICE_COOKIE = 'pw_device';
export const PAIR_COOKIE = 'pw_pair';

/** How long a pairing code shown on a TV stays valid. */
export const PAIRING_TTL_MS = 10 * 60_000;
/** New pairing codes one address may ask for in ten minutes. */
export const PAIRING_PER_ADDRESS = 10;

/** Only touch a session row when this much time has passed: a busy desk is not a write per request. */
const SEEN_WRITE_EVERY_MS = 30_000;

export interface Credentials {
	session?: string;
	display?: string;
	bearer?: string;
}

/** Reads who is asking from a session cookie, a display key or an API token. Expired or revoked ones count as nobody. */
export async function resolvePrincipal(db: Db, creds: Credentials, now: number): Promise<Principal | null> {
	if (creds.bearer) {
		const t = await db
			.selectFrom('api_tokens')
			.select(['id', 'store_id', 'name', 'scope', 'last_used_at'])
			.where('token_hash', '=', sha256(creds.bearer))
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (!t) return null;
		if (!t.last_used_at || now - t.last_used_at > SEEN_WRITE_EVERY_MS) {
			await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
		}
		return { kind: 'token', storeId: t.store_id, id: t.id, name: t.name, scope: t.scope };
	}
	if (creds.session) {
		const hash = sha256(creds.session);
		const s = await db
			.selectFrom('sessions as s')
			.innerJoin('users as u', 'u.id', 's.user_id')
			.select(['s.device_kind', 's.last_seen_at', 's.store_id as entered', 'u.id', 'u.store_id', 'u.name', 'u.role', 'u.team_id', 'u.technician_id'])
			.where('s.token_hash', '=', hash)
			.where('s.ended_at', 'is', null)
			.where('u.active', '=', 1)
			.executeTakeFirst();
		if (s && now - s.last_seen_at <= idleSignOutMs[s.device_kind]) {
			if (now - s.last_seen_at > SEEN_WRITE_EVERY_MS) {
				await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
			}
			const person = { kind: 'user' as const, id: s.id, name: s.name, teamId: s.team_id, technicianId: s.technician_id, deviceKind: s.device_kind, sessionHash: hash };
			if (!isGroupRole(s.role)) return { ...person, storeId: s.store_id, role: s.role as Role, groupRole: null };
			// A group's person: in the store the session entered while they may still enter it, else their own.
			const storeId = s.entered !== null && s.entered !== s.store_id && (await mayEnter(db, { id: s.id, role: s.role }, s.entered)) ? s.entered : s.store_id;
			return { ...person, storeId, role: storeRoleOf(s.role), groupRole: s.role };
		}
		if (s) await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', hash).execute();
	}
	if (creds.display) {
		const d = await db
			.selectFrom('displays')
			.select(['id', 'store_id', 'name', 'board', 'language'])
			.where('key_hash', '=', sha256(creds.display))
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (d && (channels as readonly string[]).includes(d.board)) {
			return { kind: 'display', storeId: d.store_id, id: d.id, name: d.name, board: d.board as Channel, language: d.language };
		}
	}
	return null;
}

/** Touches a session so an active screen (live updates, no clicks) is not signed out mid-task. */
export async function touchSession(db: Db, sessionHash: string, now: number): Promise<void> {
	await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', sessionHash).where('ended_at', 'is', null).execute();
}

async function failureRecord(db: Db, key: string): Promise<FailureRecord | undefined> {
	const r = await db.selectFrom('signin_failures').select(['failures', 'last_failed_at', 'locked_at']).where('key', '=', key).executeTakeFirst();
	return r && { failures: r.failures, lastFailedAt: r.last_failed_at, lockedAt: r.locked_at };
}

function waitMessage(ms: number): string {
	return `Too many wrong PINs. Try again in ${Math.ceil(ms / 1000)} s`;
}

export interface SignInRequest {
	userId: number;
	pin: string;
	/** The device's own id (a long-lived cookie), or its address when it has none. */
	device: string;
	deviceKind: DeviceKind;
	address: string;
}

/** Signs a person in: their PIN checked (checkPin), then a new session on this device. */
export async function signIn(ctx: CommandContext, req: SignInRequest, now: number): Promise<{ token: string; userId: number; name: string; role: Role | GroupRole }> {
	const user = await checkPin(ctx, req, now);
	const token = randomToken(32);
	// A group's person starts in the store whose sign-in screen they used.
	const store_id = isGroupRole(user.role) ? ctx.storeId : null;
	await ctx.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: user.id, device_kind: sessionDeviceKind(storeRoleOf(user.role), req.deviceKind), created_at: now, last_seen_at: now, ended_at: null, store_id }).execute();
	return { token, userId: user.id, name: user.name, role: user.role };
}

/** The person a right PIN proved (a sign-in, or a technician taking parts at the parts counter). */
export interface PinChecked {
	id: number;
	name: string;
	role: Role | GroupRole;
	technician_id: number | null;
}

/**
 * Checks a PIN against the counters (src/lib/domain/signin.ts): the person across devices, the
 * person on this device, this device, this address; on a device where the person signed in
 * before, only the person-on-this-device counter. Each slows down exponentially; the person
 * counters lock after ten wrong PINs, recorded in the audit trail, until an admin lifts it.
 * Sign-in and the parts counter (a technician confirms they took the parts) share the counters.
 * Returns the person, or refuses (400, 401 wrong_pin, 404 unknown_user, 423 locked, 429
 * slow_down); starts no session.
 */
export async function checkPin(ctx: CommandContext, req: SignInRequest, now: number): Promise<PinChecked> {
	const { db, storeId } = ctx;
	if (!isPin(req.pin)) throw new CommandError(400, 'invalid_input', 'pin: 4 to 8 digits', 'pin');
	const found = await db
		.selectFrom('users')
		.select(['id', 'store_id', 'name', 'role', 'pin_hash', 'technician_id'])
		.where('id', '=', req.userId)
		.where('active', '=', 1)
		.executeTakeFirst();
	// The store's own staff, or a group's person who may enter it; nobody else's staff.
	const user = found && (isGroupRole(found.role) ? await mayEnter(db, found, storeId) : found.store_id === storeId) ? found : undefined;
	const keys: Record<Counter, string> = {
		person: `user:${req.userId}`,
		userOnDevice: `user:${req.userId}|device:${req.device}`,
		device: `device:${req.device}`,
		address: `address:${req.address}`
	};
	const known = user
		? (await db.selectFrom('known_devices').select('device').where('user_id', '=', user.id).where('device', '=', req.device).executeTakeFirst()) !== undefined
		: false;
	for (const counter of countersFor(known)) {
		const g = gate(counter, await failureRecord(db, keys[counter]), now);
		if (g.ok) continue;
		if (g.locked) throw new CommandError(423, 'locked', 'Locked after too many wrong PINs. Ask an admin or manager to unlock it.', 'pin');
		throw new CommandError(429, 'slow_down', waitMessage(g.waitMs), 'pin', { retryAfterSeconds: Math.ceil(g.waitMs / 1000) });
	}
	const ok = user ? await verifyPin(req.pin, user.pin_hash) : false;
	if (!user || !ok) {
		let lockedNow = false;
		// Every wrong PIN counts everywhere, wherever it was typed.
		for (const counter of countersFor(false)) {
			if ((counter === 'userOnDevice' || counter === 'person') && !user) continue;
			const personal = counter === 'userOnDevice' || counter === 'person';
			// Read and written in one write transaction: wrong PINs typed at once on several servers all count.
			const next = await db.transaction().execute(async (tx) => {
				const next = afterFailure(counter, await failureRecord(tx, keys[counter]), now);
				await tx
					.insertInto('signin_failures')
					.values({ key: keys[counter], store_id: storeId, user_id: personal ? req.userId : null, device: counter === 'address' ? req.address : req.device, failures: next.record.failures, last_failed_at: now, locked_at: next.record.lockedAt })
					.onConflict((oc) => oc.column('key').doUpdateSet({ failures: next.record.failures, last_failed_at: now, locked_at: next.record.lockedAt }))
					.execute();
				return next;
			});
			if (personal) lockedNow ||= next.lockedNow;
		}
		if (!user) throw new CommandError(404, 'unknown_user', 'No such person on this shop’s staff list', 'userId');
		if (lockedNow) {
			await execute(ctx, lockoutRecorded, { userId: user.id, device: req.device }, { actor: { kind: 'system', id: null, name: 'Pitwall' } });
			throw new CommandError(423, 'locked', 'Locked after too many wrong PINs. Ask an admin or manager to unlock it.', 'pin');
		}
		throw new CommandError(401, 'wrong_pin', 'Wrong PIN', 'pin');
	}
	// The right PIN: the counts start again (a lock stays until an admin lifts it), and the
	// device is now one of theirs.
	await db.deleteFrom('signin_failures').where('key', 'in', [keys.person, keys.userOnDevice, keys.device]).where('locked_at', 'is', null).execute();
	await db
		.insertInto('known_devices')
		.values({ user_id: user.id, device: req.device, last_signin_at: now })
		.onConflict((oc) => oc.columns(['user_id', 'device']).doUpdateSet({ last_signin_at: now }))
		.execute();
	return { id: user.id, name: user.name, role: user.role as Role | GroupRole, technician_id: user.technician_id };
}

export async function signOut(db: Db, sessionHash: string, now: number): Promise<void> {
	await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', sessionHash).where('ended_at', 'is', null).execute();
}

/** A TV asks to be paired: a short code to show, and a secret it keeps to collect its key. */
export async function requestPairing(db: Db, address: string, now: number): Promise<{ code: string; claim: string; expiresAt: number }> {
	const recent = await db
		.selectFrom('pairing_requests')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('address', '=', address)
		.where('created_at', '>', now - PAIRING_TTL_MS)
		.executeTakeFirstOrThrow();
	if (Number(recent.n) >= PAIRING_PER_ADDRESS) {
		throw new CommandError(429, 'slow_down', 'Too many pairing codes from this screen. Wait a few minutes and reload.', 'code');
	}
	const code = pairingCode();
	const claim = randomToken(32);
	const expiresAt = now + PAIRING_TTL_MS;
	await db.insertInto('pairing_requests').values({ code_hash: sha256(normaliseCode(code)), claim_hash: sha256(claim), address, created_at: now, expires_at: expiresAt }).execute();
	return { code, claim, expiresAt };
}

export type PairingState =
	| { state: 'waiting'; expiresAt: number }
	| { state: 'expired' }
	| { state: 'paired'; displayKey: string; board: Channel; language: string };

/**
 * The TV asks whether an admin has entered its code. The first time the answer is yes it
 * gets its display key, once: the request is then used up.
 */
export async function collectPairing(db: Db, claim: string, now: number): Promise<PairingState> {
	return db.transaction().execute(async (tx) => {
		const req = await tx.selectFrom('pairing_requests').selectAll().where('claim_hash', '=', sha256(claim)).executeTakeFirst();
		if (!req || req.claimed_at !== null) return { state: 'expired' };
		if (req.display_id === null) return now > req.expires_at ? { state: 'expired' } : { state: 'waiting', expiresAt: req.expires_at };
		const display = await tx.selectFrom('displays').select(['id', 'board', 'language', 'revoked_at']).where('id', '=', req.display_id).executeTakeFirstOrThrow();
		if (display.revoked_at !== null) return { state: 'expired' };
		const key = randomToken(32);
		await tx.updateTable('displays').set({ key_hash: sha256(key), paired_at: now }).where('id', '=', display.id).execute();
		await tx.updateTable('pairing_requests').set({ claimed_at: now }).where('id', '=', req.id).execute();
		return { state: 'paired', displayKey: key, board: display.board as Channel, language: display.language };
	});
}

export async function hashNewPin(pin: string): Promise<string> {
	if (!isPin(pin)) throw new CommandError(400, 'invalid_input', 'pin: 4 to 8 digits', 'pin');
	return hashPin(pin);
}
