import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '$lib/server/db/database';
import type { Principal } from '$lib/server/features/access/principal';
import { randomToken } from '$lib/server/features/access/secrets';
import { attemptLimit } from '$lib/server/core/limiter';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import type { RepairOrderView } from '$lib/live/protocol';

/**
 * Each repair order's customer link: `/status/<id>.<HMAC-SHA256(secret, "status:<id>")>`.
 * 256 bits of MAC, nothing stored: the server recomputes and compares in constant time. The
 * secret lives in the database (meta.status_secret), made once on first use.
 */
export const STATUS_LINK_DAYS = 7;

export async function statusSecret(db: Db): Promise<string> {
	const row = await db.selectFrom('meta').select('value').where('key', '=', 'status_secret').executeTakeFirst();
	if (row) return row.value;
	const secret = randomToken(32);
	await db.insertInto('meta').values({ key: 'status_secret', value: secret }).onConflict((oc) => oc.column('key').doNothing()).execute();
	return (await db.selectFrom('meta').select('value').where('key', '=', 'status_secret').executeTakeFirstOrThrow()).value;
}

function mac(secret: string, repairOrderId: number): Buffer {
	return createHmac('sha256', secret).update(`status:${repairOrderId}`).digest();
}

export function statusToken(secret: string, repairOrderId: number): string {
	return `${repairOrderId}.${mac(secret, repairOrderId).toString('base64url')}`;
}

/** The order a token names, or null when it was not made with this secret. */
export function verifyStatusToken(secret: string, token: string): number | null {
	const m = /^([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$/.exec(token);
	if (!m) return null;
	const id = Number(m[1]);
	// Compare the text, not the decoded bytes: base64url's last character has spare bits, and
	// only the one canonical spelling of a link counts.
	const given = Buffer.from(m[2]);
	const expected = Buffer.from(mac(secret, id).toString('base64url'));
	return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The link works until 7 days after delivery (or after a cancellation). */
export function linkExpired(ro: Pick<RepairOrderView, 'stage' | 'deliveredAt' | 'stageSince'>, now: number): boolean {
	const closedAt = ro.deliveredAt ?? (ro.stage === 'cancelled' ? ro.stageSince : null);
	return closedAt !== null && now > closedAt + STATUS_LINK_DAYS * 86_400_000;
}

/** A valid, unexpired link's order and its store, or null: callers cannot tell why. */
export async function resolveStatusLink(db: Db, secret: string, token: string, now: number): Promise<{ ro: RepairOrderView; storeId: number } | null> {
	const id = verifyStatusToken(secret, token);
	if (id === null) return null;
	const store = await db.selectFrom('repair_orders').select('store_id').where('id', '=', id).executeTakeFirst();
	const ro = store && (await repairOrderView(db, id, store.store_id));
	if (!store || !ro || linkExpired(ro, now)) return null;
	return { ro, storeId: store.store_id };
}

export function customerPrincipal(repairOrderId: number, storeId: number): Extract<Principal, { kind: 'customer' }> {
	return { kind: 'customer', storeId, id: repairOrderId, name: '客户 (link)', repairOrderId };
}

/** Invalid customer links per address: 20 in 10 minutes, then every link from there is refused. */
export const linkLimiter = () => attemptLimit('link', 20, 10 * 60_000);
