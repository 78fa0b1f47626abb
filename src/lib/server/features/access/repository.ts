import type { Db } from '$lib/server/db/database';
import { groupRoles, roles, type GroupRole, type Role } from '$lib/domain/permissions';
import { groupPeopleAt } from './group';
import { fromStoreLocal, startOfStoreDay } from '$lib/domain/time';
import { containing, startingWith } from '$lib/server/db/like';

/** Reads for the access screens (sign-in tiles, /admin); each takes `db` first and one store. */

/**
 * The people who may sign in at this store, as name tiles: its own staff by role, then team; then
 * the group's people who may enter it (src/lib/server/features/access/group.ts).
 */
export async function signInTiles(db: Db, storeId: number) {
	const users = await db
		.selectFrom('users as u')
		.leftJoin('teams as t', 't.id', 'u.team_id')
		.select(['u.id', 'u.name', 'u.name_latin', 'u.role', 't.name_zh as team_zh', 't.name_en as team_en', 't.code as team_code'])
		.where('u.store_id', '=', storeId)
		.where('u.role', 'in', [...roles])
		.where('u.active', '=', 1)
		.orderBy('u.id')
		.execute();
	const staff = users
		.map((u) => ({ id: u.id, name: u.name, nameLatin: u.name_latin, role: u.role as Role | GroupRole, team: u.team_code ? { code: u.team_code, zh: u.team_zh!, en: u.team_en! } : null }))
		.sort((a, b) => roles.indexOf(a.role as Role) - roles.indexOf(b.role as Role) || (a.team?.code ?? '').localeCompare(b.team?.code ?? ''));
	const group = (await groupPeopleAt(db, storeId)).map((u) => ({ id: u.id, name: u.name, nameLatin: u.name_latin, role: u.role as Role | GroupRole, team: null }));
	return [...staff, ...group];
}

export function displaysOf(db: Db, storeId: number) {
	return db.selectFrom('displays').select(['id', 'name', 'board', 'language', 'speech', 'paired_at', 'last_seen_at', 'revoked_at']).where('store_id', '=', storeId).orderBy('id').execute();
}

export function tokensOf(db: Db, storeId: number) {
	return db.selectFrom('api_tokens').select(['id', 'name', 'scope', 'prefix', 'created_at', 'last_used_at', 'revoked_at']).where('store_id', '=', storeId).orderBy('id').execute();
}

/**
 * People locked out of sign-in on some device, for the admin to unlock: the store's own staff, and
 * for a group admin (`withGroup`) the group's people locked at any store.
 */
export function lockoutsOf(db: Db, storeId: number, withGroup = false) {
	return db
		.selectFrom('signin_failures as f')
		.innerJoin('users as u', 'u.id', 'f.user_id')
		.select(['u.id as userId', 'u.name', 'f.device', 'f.locked_at'])
		.where('f.locked_at', 'is not', null)
		.where((eb) =>
			eb.or([
				eb.and([eb('f.store_id', '=', storeId), eb('u.store_id', '=', storeId), eb('u.role', 'in', [...roles])]),
				...(withGroup ? [eb('u.role', 'in', [...groupRoles])] : [])
			])
		)
		.execute();
}

export interface AuditFilter {
	person?: string;
	ro?: string;
	/** A day in the store's calendar, YYYY-MM-DD. */
	day?: string;
	/** Events whose type starts with this (`repairOrder.`, `user.`). */
	type?: string;
	/** Paging: rows to skip, and how many (200 at most). */
	offset?: number;
	limit?: number;
	/** A group admin reading: the group's own changes (stores opened, its people), whichever store they were made in. */
	group?: boolean;
}

/** The dealer group's own events: recorded in the store its admin was in, but the whole group's business. */
export const groupEventTypes = ['store.created', 'group.founded', 'group.personCreated', 'group.personUpdated'];

/** The audit trail (the events table): newest first, 200 at most, filtered by person, order and day. */
export async function auditTrail(db: Db, store: { id: number; timeZone: string }, filter: AuditFilter) {
	let q = db
		.selectFrom('events as e')
		.leftJoin('repair_orders as ro', (j) => j.onRef('ro.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'repairOrder'))
		// What the event is about, by name: the person, bay, team or screen, not "user 12".
		.leftJoin('users as su', (j) => j.onRef('su.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'user'))
		.leftJoin('bays as sb', (j) => j.onRef('sb.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'bay'))
		.leftJoin('teams as st', (j) => j.onRef('st.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'team'))
		.leftJoin('displays as sd', (j) => j.onRef('sd.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'display'))
		.leftJoin('stores as ss', (j) => j.onRef('ss.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'store'))
		// The parts room's: a part by its number, a bin or zone by its code, a special order by its number.
		.leftJoin('parts as sp', (j) => j.onRef('sp.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'part'))
		.leftJoin('part_bins as spb', (j) => j.onRef('spb.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'partBin'))
		.leftJoin('part_zones as spz', (j) => j.onRef('spz.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'partZone'))
		.leftJoin('special_orders as sso', (j) => j.onRef('sso.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'specialOrder'))
		.leftJoin('equipment as seq', (j) => j.onRef('seq.id', '=', 'e.subject_id').on('e.subject_kind', '=', 'equipment'))
		.select(['e.seq', 'e.at', 'e.actor_name', 'e.actor_kind', 'e.type', 'e.subject_kind', 'e.subject_id', 'e.payload', 'ro.number'])
		.select(['su.name as user_name', 'sb.code as bay_code', 'st.code as team_code', 'sd.name as display_name', 'ss.name_zh as store_name', 'sp.number as part_number', 'spb.code as bin_code', 'spz.code as zone_code', 'sso.number as special_number', 'seq.code as equipment_code'])
		.where((eb) => (filter.group ? eb.or([eb('e.store_id', '=', store.id), eb('e.type', 'in', groupEventTypes)]) : eb('e.store_id', '=', store.id)));
	if (filter.person) q = q.where('e.actor_name', 'like', containing(filter.person));
	if (filter.ro) q = q.where('ro.number', 'like', containing(filter.ro));
	if (filter.day) {
		const start = startOfStoreDay(fromStoreLocal(`${filter.day}T12:00`, store.timeZone), store.timeZone);
		// A day the shop cannot have (before 2000, after 2099): nothing happened on it.
		if (!Number.isFinite(start)) return [];
		q = q.where('e.at', '>=', start).where('e.at', '<', start + 86_400_000);
	}
	if (filter.type) q = q.where('e.type', 'like', startingWith(filter.type));
	const rows = await q
		.orderBy('e.seq', 'desc')
		.limit(Math.min(filter.limit ?? 200, 200))
		.offset(Math.max(filter.offset ?? 0, 0))
		.execute();
	return rows.map((r) => ({
		seq: r.seq,
		at: r.at,
		actor: r.actor_name,
		actorKind: r.actor_kind,
		type: r.type,
		subject:
			r.number ?? r.user_name ?? r.bay_code ?? r.team_code ?? r.display_name ?? r.store_name ?? r.part_number ?? r.bin_code ?? r.zone_code ?? r.special_number ?? r.equipment_code ?? `${r.subject_kind} ${r.subject_id}`,
		data: JSON.stringify((JSON.parse(r.payload) as { data: unknown }).data)
	}));
}
