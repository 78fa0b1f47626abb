import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { CommandError, checkVersion, defineCommand, expectedVersion, type CommandEnv } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { mayChangeAdmins, roles, type Role } from '$lib/domain/permissions';
import { teamViews } from '$lib/server/features/workshop/repository';

/**
 * Staff: people are added, changed and deactivated, never deleted (the audit trail and old orders
 * keep their names). Technicians and team leaders are also on their team's list, which the boards
 * and the dispatcher see; that list follows every change here.
 */

const workshopRoles: readonly Role[] = ['technician', 'team_leader'];
const pinHash = z.string().startsWith('scrypt$');
const person = {
	name: z.string().trim().min(1, 'a name').max(40),
	nameLatin: z.string().trim().max(60).optional(),
	role: z.enum(roles),
	teamId: z.number().int().positive().nullable().optional()
};

async function teamImages(tx: Db, storeId: number, ids: (number | null | undefined)[]): Promise<EntityImage[]> {
	const wanted = new Set(ids.filter((id): id is number => typeof id === 'number'));
	if (wanted.size === 0) return [];
	return (await teamViews(tx, storeId)).filter((t) => wanted.has(t.id)).map((t) => ({ kind: 'team' as const, id: t.id, value: t }));
}

async function checkPerson(tx: Db, env: CommandEnv, p: { name: string; role: Role; teamId?: number | null }, exceptId?: number) {
	if (workshopRoles.includes(p.role) && !p.teamId) throw new CommandError(400, 'invalid_input', 'teamId: technicians and team leaders belong to a team', 'teamId');
	if (p.teamId) {
		const team = await tx.selectFrom('teams').select('id').where('store_id', '=', env.storeId).where('id', '=', p.teamId).executeTakeFirst();
		if (!team) throw new CommandError(400, 'invalid_input', `teamId: no team ${p.teamId} in this store`, 'teamId');
	}
	let same = tx.selectFrom('users').select('id').where('store_id', '=', env.storeId).where('active', '=', 1).where('role', '=', p.role).where('name', '=', p.name);
	if (exceptId !== undefined) same = same.where('id', '!=', exceptId);
	if (await same.executeTakeFirst()) {
		throw new CommandError(409, 'name_taken', `name: there is already a ${p.role} called ${p.name}; add something that tells them apart`, 'name');
	}
}

/** Keeps the person's place on the team list in step with their role and team. */
async function syncTechnician(tx: Db, storeId: number, user: { id: number; name: string; name_latin: string | null; role: string; team_id: number | null; technician_id: number | null; active: number }) {
	const onTeam = user.active === 1 && workshopRoles.includes(user.role as Role) && user.team_id !== null;
	const values = { team_id: user.team_id ?? 0, name: user.name, name_latin: user.name_latin, is_leader: user.role === 'team_leader' ? 1 : 0, active: onTeam ? 1 : 0 };
	if (user.technician_id !== null) {
		const { team_id: _team, ...rest } = values;
		await tx.updateTable('technicians').set(onTeam ? values : rest).where('id', '=', user.technician_id).execute();
	} else if (onTeam) {
		const { id } = await tx.insertInto('technicians').values({ ...values, store_id: storeId }).returning('id').executeTakeFirstOrThrow();
		await tx.updateTable('users').set({ technician_id: id }).where('id', '=', user.id).execute();
	}
}

/** The person as the admin's staff list shows them. */
export type StaffView = { id: number; name: string; nameLatin: string | null; role: Role; teamId: number | null; active: boolean; version: number };

/** The store's own staff (a group's people are on no store's list). */
export async function staffList(db: Db, storeId: number): Promise<StaffView[]> {
	const rows = await db.selectFrom('users').select(['id', 'name', 'name_latin', 'role', 'team_id', 'active', 'version']).where('store_id', '=', storeId).where('role', 'in', [...roles]).orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, name: r.name, nameLatin: r.name_latin, role: r.role as Role, teamId: r.team_id, active: r.active === 1, version: r.version }));
}

async function staffOne(db: Db, storeId: number, id: number): Promise<StaffView> {
	return (await staffList(db, storeId)).find((s) => s.id === id)!;
}

export const createStaff = defineCommand({
	type: 'user.create',
	permission: () => 'user.manage',
	schema: z.object({ ...person, pinHash }),
	async handle(tx, input, env) {
		adminsOnlyByAdmins(env, 'role', input.role);
		await checkPerson(tx, env, input);
		const { id } = await tx
			.insertInto('users')
			.values({ store_id: env.storeId, name: input.name, name_latin: input.nameLatin || null, role: input.role, team_id: input.teamId ?? null, pin_hash: input.pinHash, created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await syncTechnician(tx, env.storeId, { id, name: input.name, name_latin: input.nameLatin || null, role: input.role, team_id: input.teamId ?? null, technician_id: null, active: 1 });
		const result = await staffOne(tx, env.storeId, id);
		return { result, event: { type: 'user.created', subjectKind: 'user', subjectId: id, data: { name: input.name, role: input.role }, images: await teamImages(tx, env.storeId, [input.teamId]) } };
	}
});

async function loadUser(tx: Db, env: CommandEnv, id: number, expected?: number) {
	// The store's own staff only: a group's person at home here is the group admin's to change (access/group.ts).
	const user = await tx.selectFrom('users').selectAll().where('store_id', '=', env.storeId).where('role', 'in', [...roles]).where('id', '=', id).executeTakeFirst();
	if (!user) throw new CommandError(404, 'not_found', `person ${id} is not on this store's staff`, 'id');
	if (expected !== undefined) checkVersion(user.version, expected, user.name);
	return user;
}

/** An admin's account is an admin's to change (mayChangeAdmins); a group manager acts here as a manager. */
export function adminsOnlyByAdmins(env: CommandEnv, field: string, ...roles: string[]) {
	if (!roles.includes('admin')) return;
	if (env.actor.kind === 'system' || (env.actor.kind === 'user' && mayChangeAdmins(env.actor.role))) return;
	throw new CommandError(403, 'forbidden', `${field}: only an admin makes, changes, resets or unlocks an admin`, field);
}

/** The last active admin cannot lose the role or be deactivated: someone must be able to manage the store. */
async function keepAnAdmin(tx: Db, env: CommandEnv, user: { id: number; role: string }) {
	if (user.role !== 'admin') return;
	const others = await tx.selectFrom('users').select('id').where('store_id', '=', env.storeId).where('role', '=', 'admin').where('active', '=', 1).where('id', '!=', user.id).executeTakeFirst();
	if (!others) throw new CommandError(409, 'last_admin', 'id: this is the store’s last admin; make someone else admin first', 'id');
}

export const updateStaff = defineCommand({
	type: 'user.update',
	permission: () => 'user.manage',
	schema: z.object({ id: z.number().int().positive(), expectedVersion, name: person.name.optional(), nameLatin: person.nameLatin, role: person.role.optional(), teamId: person.teamId }),
	async handle(tx, input, env) {
		const user = await loadUser(tx, env, input.id, input.expectedVersion);
		const next = {
			name: input.name ?? user.name,
			name_latin: input.nameLatin === undefined ? user.name_latin : input.nameLatin || null,
			role: input.role ?? (user.role as Role),
			team_id: input.teamId === undefined ? user.team_id : input.teamId
		};
		adminsOnlyByAdmins(env, 'role', user.role, next.role);
		if (next.role !== user.role) await keepAnAdmin(tx, env, user);
		await checkPerson(tx, env, { name: next.name, role: next.role, teamId: next.team_id }, user.id);
		await tx.updateTable('users').set({ ...next, version: user.version + 1 }).where('id', '=', user.id).execute();
		await syncTechnician(tx, env.storeId, { ...user, ...next });
		const result = await staffOne(tx, env.storeId, user.id);
		return {
			result,
			event: { type: 'user.updated', subjectKind: 'user', subjectId: user.id, data: { name: next.name, role: next.role, teamId: next.team_id }, images: await teamImages(tx, env.storeId, [user.team_id, next.team_id]) }
		};
	}
});

export const resetPin = defineCommand({
	type: 'user.resetPin',
	permission: () => 'user.manage',
	schema: z.object({ id: z.number().int().positive(), pinHash }),
	async handle(tx, input, env) {
		const user = await loadUser(tx, env, input.id);
		adminsOnlyByAdmins(env, 'role', user.role);
		await tx.updateTable('users').set({ pin_hash: input.pinHash, version: user.version + 1 }).where('id', '=', user.id).execute();
		// A new PIN ends the person's sessions and lifts a lockout.
		await tx.updateTable('sessions').set({ ended_at: env.now }).where('user_id', '=', user.id).where('ended_at', 'is', null).execute();
		await tx.deleteFrom('signin_failures').where('user_id', '=', user.id).execute();
		return { result: await staffOne(tx, env.storeId, user.id), event: { type: 'user.pinReset', subjectKind: 'user', subjectId: user.id, data: { name: user.name }, images: [] } };
	}
});

export const setStaffActive = defineCommand({
	type: 'user.setActive',
	permission: () => 'user.manage',
	schema: z.object({ id: z.number().int().positive(), expectedVersion, active: z.boolean() }),
	async handle(tx, input, env) {
		const user = await loadUser(tx, env, input.id, input.expectedVersion);
		adminsOnlyByAdmins(env, 'role', user.role);
		if (!input.active) await keepAnAdmin(tx, env, user);
		if (input.active) await checkPerson(tx, env, { name: user.name, role: user.role as Role, teamId: user.team_id }, user.id);
		await tx.updateTable('users').set({ active: input.active ? 1 : 0, version: user.version + 1 }).where('id', '=', user.id).execute();
		if (!input.active) await tx.updateTable('sessions').set({ ended_at: env.now }).where('user_id', '=', user.id).where('ended_at', 'is', null).execute();
		await syncTechnician(tx, env.storeId, { ...user, active: input.active ? 1 : 0 });
		return {
			result: await staffOne(tx, env.storeId, user.id),
			event: { type: input.active ? 'user.activated' : 'user.deactivated', subjectKind: 'user', subjectId: user.id, data: { name: user.name }, images: await teamImages(tx, env.storeId, [user.team_id]) }
		};
	}
});
