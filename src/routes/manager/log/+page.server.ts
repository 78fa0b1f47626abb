import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { storeSettings } from '$lib/server/core/stores';
import { requireStaff } from '$lib/server/features/access/guards';
import { factsOverlapping, runningClocks, storeNames } from '$lib/server/features/kpi/repository';
import { dayBounds, workshopLog } from '$lib/domain/kpi-breakdowns';
import { storeDayOf } from '$lib/domain/kpi';
import { screenCommands } from '$lib/screens';

const isDate = (d: string | null): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * The daily workshop log (修理日志) of one store day (?day=YYYY-MM-DD, default today in the store's
 * zone), for the manager and the admin (kpi.read): the same repository read and domain function as
 * GET /api/v1/kpi/log. Printable on A4 landscape, and exported to CSV in the browser.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, ...screenCommands.manager);
	const app = await getApp();
	const [store, names] = await Promise.all([storeSettings(app.db, user.storeId), storeNames(app.db, user.storeId)]);
	const today = storeDayOf(app.now(), store.timeZone);
	const asked = event.url.searchParams.get('day');
	const day = isDate(asked) ? asked : today;
	const { start, end } = dayBounds(day, store.timeZone);
	const facts = await factsOverlapping(app.db, user.storeId, start, end);
	const clock = { now: app.now(), runningSince: await runningClocks(app.db, user.storeId, facts.map((f) => f.id)) };
	const rows = workshopLog(facts, day, names.teams, store.timeZone, clock);
	return { day, today, rows, store: { nameZh: store.nameZh, nameEn: store.nameEn }, at: app.now() };
};
