import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { can } from '$lib/domain/permissions';
import { idleSignOutMs } from '$lib/domain/signin';
import { equipmentByCode, equipmentLog } from '$lib/server/features/equipment/repository';

/**
 * The page a phone or tablet opens from the QR on the machine's card. Anyone may see the plan and
 * its states (no one's name); signed-in staff also see the history and, by their role, log work
 * or take the machine out of service. `?v=` is the plan version the card was printed with.
 */
export const load: PageServerLoad = async (event) => {
	const app = await getApp();
	const p = event.locals.principal;
	const own = p && p.kind !== 'system' ? p.storeId : app.storeId;
	// The card's store (?store=<code>, on every card printed since a deployment could hold several stores), else the asker's.
	const named = event.url.searchParams.get('store');
	const card = named ? await app.db.selectFrom('stores').select('id').where('code', '=', named).executeTakeFirst() : undefined;
	if (named && !card) error(404, { message: `No store ${named}` });
	const storeId = card?.id ?? own;
	// Staff of another store see it as a visitor does: the history and the buttons are the machine's own store's.
	const user = p?.kind === 'user' && p.storeId === storeId ? p : null;
	const equipment = await equipmentByCode(app.db, storeId, event.params.code);
	if (!equipment) error(404, { message: `No machine ${event.params.code}` });
	const log = user ? await equipmentLog(app.db, equipment.id) : null;
	const printed = Number(event.url.searchParams.get('v'));
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		equipment,
		log,
		now: app.now(),
		staleCard: Number.isInteger(printed) && printed > 0 && printed < equipment.planVersion,
		me: user
			? {
					name: user.name,
					idleMs: idleSignOutMs[user.deviceKind],
					mayLog: can(user.role, 'equipment.log'),
					maySetService: can(user.role, 'equipment.setService'),
					mayManage: can(user.role, 'equipment.manage')
				}
			: null
	};
};
