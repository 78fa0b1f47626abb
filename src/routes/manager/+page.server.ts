import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { storeNames } from '$lib/server/features/kpi/repository';
import { storeDayOf } from '$lib/domain/kpi';
import { idleSignOutMs } from '$lib/domain/signin';
import { screenCommands } from '$lib/screens';

/**
 * The service manager's dashboard (manager, admin: kpi.read). The figures come from GET /api/v1/kpi
 * in the browser; the page brings what the browser needs to fold the live facts into them the
 * way the server does: the teams by name, the labour rate and the store's day today.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, ...screenCommands.manager);
	const app = await getApp();
	const names = await storeNames(app.db, user.storeId);
	return {
		me: { name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] },
		teams: names.teams,
		labourRate: names.labourRate,
		today: storeDayOf(app.now(), names.timeZone)
	};
};
