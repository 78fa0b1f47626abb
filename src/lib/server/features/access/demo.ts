import type { Db } from '$lib/server/db/database';
import { randomToken, sha256 } from './secrets';
import { demoDisplayPurpose, demoKey, demoTokenSecret } from '$lib/server/demo-keys';

export interface DemoScreen {
	name: string;
	board: string;
	path: string;
}

/**
 * The demo's wall screens open from a printed link. Their keys derive from a secret kept in
 * the database, so the links survive restarts; a display an admin revoked stays revoked.
 */
export async function demoAccess(db: Db, storeId: number): Promise<{ screens: DemoScreen[]; token: string | null }> {
	let secret = (await db.selectFrom('meta').select('value').where('key', '=', 'demo_secret').executeTakeFirst())?.value;
	if (!secret) {
		secret = randomToken(32);
		await db.insertInto('meta').values({ key: 'demo_secret', value: secret }).execute();
	}
	// Demo databases made before the lounge existed get its pre-paired screen too (once).
	if (!(await db.selectFrom('displays').select('id').where('board', '=', 'lounge').executeTakeFirst())) {
		await db.insertInto('displays').values({ store_id: storeId, name: '客户休息区电视 Lounge TV', board: 'lounge', language: 'both', created_at: Date.now() }).execute();
	}
	const displays = await db
		.selectFrom('displays as d')
		.innerJoin('stores as s', 's.id', 'd.store_id')
		.select(['d.id', 'd.name', 'd.board', 'd.key_hash', 's.code'])
		.where('d.revoked_at', 'is', null)
		.orderBy('d.id')
		.execute();
	// A dealer group's demo (two stores): each screen says whose it is.
	const several = new Set(displays.map((d) => d.code)).size > 1;
	const links: DemoScreen[] = [];
	for (const d of displays) {
		const key = demoKey(secret, demoDisplayPurpose(d.id));
		if (d.key_hash === null) {
			await db.updateTable('displays').set({ key_hash: sha256(key), paired_at: Date.now() }).where('id', '=', d.id).execute();
		} else if (d.key_hash !== sha256(key)) {
			continue; // re-paired by a person: not the demo's to print any more
		}
		links.push({ name: several ? `[${d.code}] ${d.name}` : d.name, board: d.board, path: `/board/${d.board}?key=${key}` });
	}
	const token = demoTokenSecret(secret);
	const existing = await db.selectFrom('api_tokens').select(['token_hash', 'revoked_at']).where('name', '=', 'Demo DMS').where('store_id', '=', storeId).executeTakeFirst();
	if (!existing) {
		await db
			.insertInto('api_tokens')
			.values({ store_id: storeId, name: 'Demo DMS', scope: 'write', token_hash: sha256(token), prefix: token.slice(0, 8), created_at: Date.now() })
			.execute();
	}
	return { screens: links, token: existing?.revoked_at ? null : token };
}
