import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { CommandError, checkVersion, defineCommand, expectedVersion } from '$lib/server/core/commands';
import { groupRoles, isGroupRole, type GroupRole } from '$lib/domain/permissions';

/**
 * A dealer group's people (issue 20, item 4). A group manager enters their own store and the stores
 * given to them (`user_stores`); a group admin enters every store. Inside a store they act as its
 * manager or admin (storeRoleOf), in the store their session entered (`sessions.store_id`). They are
 * not on any store's staff list, so a store's admin can neither see nor change them: only a group
 * admin can (`group.manage`).
 */

/** A store as the switcher and the group admin's list show it. */
export type StoreChoice = { id: number; code: string; nameZh: string; nameEn: string; timeZone: string };

const choice = (s: { id: number; code: string; name_zh: string; name_en: string; time_zone: string }): StoreChoice => ({
	id: s.id,
	code: s.code,
	nameZh: s.name_zh,
	nameEn: s.name_en,
	timeZone: s.time_zone
});

/** Every store on this deployment, in the order they were made. */
export async function allStores(db: Db): Promise<StoreChoice[]> {
	return (await db.selectFrom('stores').select(['id', 'code', 'name_zh', 'name_en', 'time_zone']).orderBy('id').execute()).map(choice);
}

/** The stores a person may be in: a store's own staff their store, a group manager theirs, a group admin all. */
export async function storesOf(db: Db, user: { id: number }): Promise<StoreChoice[]> {
	const u = await db.selectFrom('users').select(['store_id', 'role']).where('id', '=', user.id).executeTakeFirst();
	if (!u) return [];
	if (u.role === 'group_admin') return allStores(db);
	let q = db.selectFrom('stores').select(['id', 'code', 'name_zh', 'name_en', 'time_zone']).where('id', '=', u.store_id);
	if (u.role === 'group_manager') {
		q = db
			.selectFrom('stores')
			.select(['id', 'code', 'name_zh', 'name_en', 'time_zone'])
			.where((eb) => eb.or([eb('id', '=', u.store_id), eb('id', 'in', eb.selectFrom('user_stores').select('store_id').where('user_id', '=', user.id))]));
	}
	return (await q.orderBy('id').execute()).map(choice);
}

/** May this group's person enter the store? (A store's own staff never enter another.) */
export async function mayEnter(db: Db, user: { id: number; role: string }, storeId: number): Promise<boolean> {
	if (user.role === 'group_admin') return (await db.selectFrom('stores').select('id').where('id', '=', storeId).executeTakeFirst()) !== undefined;
	if (user.role !== 'group_manager') return false;
	const home = await db.selectFrom('users').select('store_id').where('id', '=', user.id).executeTakeFirst();
	if (home?.store_id === storeId) return true;
	return (await db.selectFrom('user_stores').select('store_id').where('user_id', '=', user.id).where('store_id', '=', storeId).executeTakeFirst()) !== undefined;
}

/** The group's people who may sign in at a store (shown on its sign-in screen after its own staff). */
export async function groupPeopleAt(db: Db, storeId: number) {
	return db
		.selectFrom('users as u')
		.select(['u.id', 'u.name', 'u.name_latin', 'u.role'])
		.where('u.active', '=', 1)
		.where((eb) =>
			eb.or([
				eb('u.role', '=', 'group_admin'),
				eb.and([
					eb('u.role', '=', 'group_manager'),
					eb.or([eb('u.store_id', '=', storeId), eb.exists(eb.selectFrom('user_stores as us').select('us.store_id').whereRef('us.user_id', '=', 'u.id').where('us.store_id', '=', storeId))])
				])
			])
		)
		.orderBy('u.id')
		.execute();
}

/** A group's person as the group admin's list shows them. */
export type GroupPersonView = { id: number; name: string; nameLatin: string | null; role: GroupRole; homeStoreId: number; storeIds: number[]; active: boolean; version: number };

export async function groupPeople(db: Db): Promise<GroupPersonView[]> {
	const rows = await db.selectFrom('users').select(['id', 'name', 'name_latin', 'role', 'store_id', 'active', 'version']).where('role', 'in', [...groupRoles]).orderBy('id').execute();
	const links = rows.length ? await db.selectFrom('user_stores').select(['user_id', 'store_id']).where('user_id', 'in', rows.map((r) => r.id)).execute() : [];
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		nameLatin: r.name_latin,
		role: r.role as GroupRole,
		homeStoreId: r.store_id,
		storeIds: [r.store_id, ...links.filter((l) => l.user_id === r.id && l.store_id !== r.store_id).map((l) => l.store_id)].sort((a, b) => a - b),
		active: r.active === 1,
		version: r.version
	}));
}

const onePerson = async (db: Db, id: number) => (await groupPeople(db)).find((p) => p.id === id)!;

/** The stores named exist; the list as given, without repeats. */
async function checkStores(tx: Db, storeIds: number[]): Promise<number[]> {
	const wanted = [...new Set(storeIds)];
	if (!wanted.length) return [];
	const found = new Set((await tx.selectFrom('stores').select('id').where('id', 'in', wanted).execute()).map((s) => s.id));
	const missing = wanted.find((id) => !found.has(id));
	if (missing !== undefined) throw new CommandError(400, 'invalid_input', `storeIds: no store ${missing}`, 'storeIds');
	return wanted;
}

async function setStores(tx: Db, userId: number, homeStoreId: number, storeIds: number[]) {
	await tx.deleteFrom('user_stores').where('user_id', '=', userId).execute();
	const others = storeIds.filter((id) => id !== homeStoreId);
	if (others.length) await tx.insertInto('user_stores').values(others.map((store_id) => ({ user_id: userId, store_id }))).execute();
}

async function nameFree(tx: Db, name: string, exceptId?: number) {
	let same = tx.selectFrom('users').select('id').where('role', 'in', [...groupRoles]).where('active', '=', 1).where('name', '=', name);
	if (exceptId !== undefined) same = same.where('id', '!=', exceptId);
	if (await same.executeTakeFirst()) throw new CommandError(409, 'name_taken', `name: the group already has someone called ${name}; add something that tells them apart`, 'name');
}

const groupPerson = {
	name: z.string().trim().min(1, 'a name').max(40),
	nameLatin: z.string().trim().max(60).optional(),
	role: z.enum(groupRoles),
	/** The stores a group manager may enter besides the one they are added in (a group admin enters all). */
	storeIds: z.array(z.number().int().positive()).max(500).default([])
};

/** A group admin adds a group manager or another group admin, in the store they are in now. */
export const createGroupPerson = defineCommand({
	type: 'group.personCreated',
	permission: () => 'group.manage',
	schema: z.object({ ...groupPerson, pinHash: z.string().startsWith('scrypt$') }),
	async handle(tx, input, env) {
		await nameFree(tx, input.name);
		const storeIds = await checkStores(tx, input.storeIds);
		const { id } = await tx
			.insertInto('users')
			.values({ store_id: env.storeId, name: input.name, name_latin: input.nameLatin || null, role: input.role, team_id: null, pin_hash: input.pinHash, created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await setStores(tx, id, env.storeId, input.role === 'group_manager' ? storeIds : []);
		return { result: await onePerson(tx, id), event: { type: 'group.personCreated', subjectKind: 'user', subjectId: id, data: { name: input.name, role: input.role, storeIds }, images: [] } };
	}
});

async function loadGroupPerson(tx: Db, id: number, expected: number) {
	const user = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
	if (!user || !isGroupRole(user.role)) throw new CommandError(404, 'not_found', `id: ${id} is not one of the group's people`, 'id');
	checkVersion(user.version, expected, user.name);
	return user;
}

/** The group keeps a group admin: the last active one cannot lose the role or be deactivated. */
async function keepAGroupAdmin(tx: Db, user: { id: number; role: string }) {
	if (user.role !== 'group_admin') return;
	const other = await tx.selectFrom('users').select('id').where('role', '=', 'group_admin').where('active', '=', 1).where('id', '!=', user.id).executeTakeFirst();
	if (!other) throw new CommandError(409, 'last_admin', 'id: this is the group’s last group admin; make someone else group admin first', 'id');
}

/** A group admin changes a group's person: name, role, the stores they enter, active, a new PIN. */
export const updateGroupPerson = defineCommand({
	type: 'group.personUpdated',
	permission: () => 'group.manage',
	schema: z.object({
		id: z.number().int().positive(),
		expectedVersion,
		name: groupPerson.name.optional(),
		nameLatin: groupPerson.nameLatin,
		role: groupPerson.role.optional(),
		storeIds: z.array(z.number().int().positive()).max(500).optional(),
		active: z.boolean().optional(),
		pinHash: z.string().startsWith('scrypt$').optional()
	}),
	async handle(tx, input, env) {
		const user = await loadGroupPerson(tx, input.id, input.expectedVersion);
		const role = input.role ?? (user.role as GroupRole);
		const active = input.active ?? user.active === 1;
		if (role !== user.role || !active) await keepAGroupAdmin(tx, user);
		const name = input.name ?? user.name;
		if (active) await nameFree(tx, name, user.id);
		await tx
			.updateTable('users')
			.set({
				name,
				name_latin: input.nameLatin === undefined ? user.name_latin : input.nameLatin || null,
				role,
				active: active ? 1 : 0,
				...(input.pinHash ? { pin_hash: input.pinHash } : {}),
				version: user.version + 1
			})
			.where('id', '=', user.id)
			.execute();
		if (input.storeIds !== undefined || role !== user.role) {
			const storeIds = input.storeIds !== undefined ? await checkStores(tx, input.storeIds) : (await onePerson(tx, user.id)).storeIds;
			await setStores(tx, user.id, user.store_id, role === 'group_manager' ? storeIds : []);
		}
		// Any change to a group's person ends their sessions (every hub cuts their screens off, src/lib/server/core/hub.ts):
		// they sign in again with what they now may do.
		await tx.updateTable('sessions').set({ ended_at: env.now }).where('user_id', '=', user.id).where('ended_at', 'is', null).execute();
		if (input.pinHash) await tx.deleteFrom('signin_failures').where('user_id', '=', user.id).execute();
		const result = await onePerson(tx, user.id);
		return {
			result,
			event: { type: 'group.personUpdated', subjectKind: 'user', subjectId: user.id, data: { name, role, storeIds: result.storeIds, active, pinReset: !!input.pinHash }, images: [] }
		};
	}
});

/** A group's person enters one of their stores: the session's store changes, recorded in that store's audit trail. */
export const enterStore = defineCommand({
	type: 'session.storeEntered',
	permission: () => 'store.enter',
	/** Filled by the endpoint from the session (never the request): the session and the store it leaves. */
	schema: z.object({ storeId: z.number().int().positive(), sessionHash: z.string().min(1), from: z.number().int().positive() }),
	async handle(tx, input, env) {
		const session = await tx
			.selectFrom('sessions as s')
			.innerJoin('users as u', 'u.id', 's.user_id')
			.select(['u.id', 'u.role', 'u.name'])
			.where('s.token_hash', '=', input.sessionHash)
			.where('s.ended_at', 'is', null)
			.executeTakeFirst();
		if (!session || !(await mayEnter(tx, session, input.storeId))) throw new CommandError(404, 'not_found', `storeId: no store ${input.storeId} among yours`, 'storeId');
		await tx.updateTable('sessions').set({ store_id: input.storeId }).where('token_hash', '=', input.sessionHash).execute();
		return { result: { storeId: input.storeId }, event: { type: 'session.storeEntered', subjectKind: 'store', subjectId: input.storeId, data: { name: session.name, from: input.from }, images: [] } };
	}
});

/** Has this deployment a dealer group yet (anyone with a group role, active or not)? */
export async function groupFounded(db: Db): Promise<boolean> {
	return (await db.selectFrom('users').select('id').where('role', 'in', [...groupRoles]).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A store that already runs becomes the first store of a dealer group: its admin, who asks, becomes
 * the group admin (opens stores, adds the group's people) and acts in this store as its admin, as
 * before. Once only: a deployment with a group grows through its group admin.
 */
export const foundGroup = defineCommand({
	type: 'group.founded',
	permission: () => 'group.found',
	/** The asker is filled by the endpoint from the session, never the request. */
	schema: z.object({ userId: z.number().int().positive() }),
	async handle(tx, input, env) {
		if (await groupFounded(tx)) throw new CommandError(409, 'group_exists', 'group: this deployment is a dealer group already; its group admin opens stores', 'group');
		const user = await tx.selectFrom('users').select(['id', 'name', 'role', 'version', 'store_id', 'active']).where('id', '=', input.userId).executeTakeFirst();
		if (!user || user.active !== 1 || user.role !== 'admin' || user.store_id !== env.storeId) throw new CommandError(403, 'forbidden', 'group: only the store’s admin makes it a dealer group', 'group');
		await tx.updateTable('users').set({ role: 'group_admin', version: user.version + 1 }).where('id', '=', user.id).execute();
		return {
			result: await onePerson(tx, user.id),
			event: { type: 'group.founded', subjectKind: 'user', subjectId: user.id, data: { name: user.name }, images: [] }
		};
	}
});
