import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { storeSettings } from '$lib/server/core/stores';
import { requireStaff } from '$lib/server/features/access/guards';
import { channelsFor } from '$lib/server/features/access/principal';
import { idleSignOutMs } from '$lib/domain/signin';
import { screenCommands } from '$lib/screens';

/**
 * Special orders at the desk: the board, registering, and each person's steps. Those who call
 * customers watch the desk channel (names and phones); the parts room the parts channel (masked).
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, ...screenCommands.special);
	const app = await getApp();
	const store = await storeSettings(app.db, user.storeId);
	const advisors = await app.db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('store_id', '=', user.storeId)
		.where('role', '=', 'service_advisor')
		.where('active', '=', 1)
		.orderBy('id')
		.execute();
	return {
		me: { id: user.id, name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] },
		store: { opensAt: store.opensAt, closesAt: store.closesAt },
		advisors,
		channel: (channelsFor(user).includes('desk') ? 'desk' : 'parts') as 'desk' | 'parts'
	};
};
