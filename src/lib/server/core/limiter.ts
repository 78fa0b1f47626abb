import type { Db } from '$lib/server/db/database';

/**
 * Failed attempts per key (an address) in a sliding window: after `limit` in `windowMs` every
 * attempt from that key is refused, right or wrong, so guessing learns nothing, until the window
 * passes. The failures are rows of `attempts` (one per failure), so every server on one database
 * counts the same ones (issue 20); rows past the window are deleted as new failures come in, so a
 * flood of addresses holds at most one window's worth of rows.
 */
export interface AttemptLimit {
	/** Which limit the failures count against (e.g. 'link', 'setup.address'). */
	readonly scope: string;
	readonly limit: number;
	readonly windowMs: number;
}

export function attemptLimit(scope: string, limit: number, windowMs: number): AttemptLimit {
	return { scope, limit, windowMs };
}

/** True when `key` has had `limit` failures in the window ending at `now`. */
export async function isLimited(db: Db, rule: AttemptLimit, key: string, now: number): Promise<boolean> {
	const row = await db
		.selectFrom('attempts')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('scope', '=', rule.scope)
		.where('key', '=', key)
		.where('at', '>', now - rule.windowMs)
		.executeTakeFirst();
	return Number(row?.n ?? 0) >= rule.limit;
}

/** Counts one failure for `key`, and forgets this scope's failures that have left the window. */
export async function recordFailure(db: Db, rule: AttemptLimit, key: string, now: number): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('attempts').where('scope', '=', rule.scope).where('at', '<=', now - rule.windowMs).execute();
		await tx.insertInto('attempts').values({ scope: rule.scope, key, at: now }).execute();
	});
}
