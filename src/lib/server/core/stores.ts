import type { Db } from '$lib/server/db/database';

/** A store's settings as the screens and the admin see them. */
export async function storeSettings(db: Db, storeId: number) {
	const s = await db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow();
	return {
		id: s.id,
		code: s.code,
		nameZh: s.name_zh,
		nameEn: s.name_en,
		timeZone: s.time_zone,
		labourRate: s.labour_rate,
		language: s.language,
		opensAt: s.opens_at,
		closesAt: s.closes_at,
		callAckSeconds: s.call_ack_seconds,
		callSafetySeconds: s.call_safety_seconds,
		version: s.version
	};
}

/** The store's time zone (IANA): its store days, opening hours and due days are read in it. */
export async function storeTimeZone(db: Db, storeId: number): Promise<string> {
	const store = await db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirst();
	return store?.time_zone ?? 'Asia/Shanghai';
}

/** The store this server opens on: the first one. */
export function firstStore(db: Db) {
	return db.selectFrom('stores').select(['id', 'time_zone', 'labour_rate']).orderBy('id').executeTakeFirst();
}

/** A real install's first start: one store with the schema's defaults (time zone, labour rate), renamed in set-up. */
export async function createFirstStore(db: Db, now: number) {
	await db.insertInto('stores').values({ code: 'main', name_zh: '服务中心', name_en: 'Service centre', created_at: now }).execute();
	return (await firstStore(db))!;
}

/** Every store's id: the watches (overdue jobs, unanswered calls) look at each store in turn. */
export async function storeIds(db: Db): Promise<number[]> {
	return (await db.selectFrom('stores').select('id').orderBy('id').execute()).map((s) => s.id);
}
