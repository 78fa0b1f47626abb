import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { storesOf } from '$lib/server/features/access/group';
import { storeDayFacts } from '$lib/server/features/repair-orders/repository';
import { storeDay } from '$lib/domain/group';
import { startOfStoreDay } from '$lib/domain/time';
import { idleSignOutMs } from '$lib/domain/signin';

/**
 * The group overview (issue 20): one row per store the person may enter, counted at this moment in
 * each store's own day (its time zone). For the group's people only (`store.enter`).
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, 'store.enter');
	const app = await getApp();
	const now = app.now();
	const stores = await storesOf(app.db, user);
	const rows = await Promise.all(
		stores.map(async (s) => {
			const dayStart = startOfStoreDay(now, s.timeZone);
			const [facts, baysOut] = await Promise.all([
				storeDayFacts(app.db, s.id, dayStart),
				app.db.selectFrom('bays').select((eb) => eb.fn.countAll<number>().as('n')).where('store_id', '=', s.id).where('in_service', '=', 0).executeTakeFirstOrThrow()
			]);
			return { id: s.id, code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, timeZone: s.timeZone, day: storeDay(facts, now, dayStart), baysOut: Number(baysOut.n) };
		})
	);
	return { me: { name: user.name, idleMs: idleSignOutMs[user.deviceKind] }, current: user.storeId, rows, at: now };
};
