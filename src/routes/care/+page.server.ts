import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { storeSettings } from '$lib/server/core/stores';
import { careSettings } from '$lib/server/features/care/repository';
import { idleSignOutMs } from '$lib/domain/signin';
import { can } from '$lib/domain/permissions';

/**
 * Customer care (issue 18): the booking specialist's and advisors' call lists. The lists
 * themselves are read from the JSON API in the browser; here only what the booking dialog needs:
 * the store's opening hours and booking length, its active advisors and its catalogue.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, 'care.call');
	const { db } = await getApp();
	const store = await storeSettings(db, user.storeId);
	const settings = await careSettings(db, user.storeId);
	const advisors = await db.selectFrom('users').select(['id', 'name']).where('store_id', '=', user.storeId).where('role', '=', 'service_advisor').where('active', '=', 1).orderBy('name').execute();
	const catalogue = await db
		.selectFrom('standard_times')
		.select(['code', 'name_zh', 'name_en', 'category'])
		.where('store_id', '=', user.storeId)
		.orderBy('category')
		.orderBy('code')
		.execute();
	return {
		me: { id: user.id, name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] },
		may: { tag: can(user.role, 'customer.tag'), book: can(user.role, 'appointment.book'), sale: can(user.role, 'vehicle.update') },
		store: { opensAt: store.opensAt, closesAt: store.closesAt, bookingMinutes: settings.bookingMinutes },
		advisors,
		catalogue: catalogue.map((c) => ({ code: c.code, nameZh: c.name_zh, nameEn: c.name_en, category: c.category }))
	};
};
