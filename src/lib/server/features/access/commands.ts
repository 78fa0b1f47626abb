import { z } from 'zod';
import { CommandError, defineCommand } from '$lib/server/core/commands';
import { adminsOnlyByAdmins } from './staff';
import { normaliseCode, randomToken, sha256 } from '$lib/server/features/access/secrets';
import { boards, displayLanguages } from '$lib/live/protocol';
import { isGroupRole, mayRun } from '$lib/domain/permissions';

/** Pitwall records a PIN lockout in the audit trail. */
export const lockoutRecorded = defineCommand({
	type: 'signin.lockedOut',
	schema: z.object({ userId: z.number().int(), device: z.string() }),
	permission: () => 'audit.record',
	async handle(_tx, input) {
		return {
			result: null,
			event: { type: 'signin.lockedOut', subjectKind: 'user', subjectId: input.userId, data: { device: input.device }, images: [] }
		};
	}
});

export const unlockSignin = defineCommand({
	type: 'signin.unlock',
	schema: z.object({ userId: z.number().int().positive() }),
	permission: () => 'signin.unlock',
	async handle(tx, input, env) {
		// The store's own staff; a group's person only by a group admin (a store's admin must not lift the
		// lock on a PIN that opens other stores), wherever they were locked.
		const person = await tx.selectFrom('users').select(['store_id', 'role']).where('id', '=', input.userId).executeTakeFirst();
		const group = !!person && isGroupRole(person.role);
		const mine = !!person && (group ? env.actor.kind === 'user' && mayRun(env.actor, 'group.manage') : person.store_id === env.storeId);
		if (!mine) throw new CommandError(404, 'not_locked', 'userId: this person is not locked out', 'userId');
		// Lifting an admin's lock gives whoever guesses the admin's PIN more tries.
		adminsOnlyByAdmins(env, 'userId', person.role);
		let unlocking = tx.deleteFrom('signin_failures').where('user_id', '=', input.userId);
		if (!group) unlocking = unlocking.where('store_id', '=', env.storeId);
		const locked = await unlocking
			.where('locked_at', 'is not', null)
			.executeTakeFirst();
		if (Number(locked.numDeletedRows) === 0) throw new CommandError(404, 'not_locked', 'userId: this person is not locked out', 'userId');
		return {
			result: { unlocked: Number(locked.numDeletedRows) },
			event: { type: 'signin.unlocked', subjectKind: 'user', subjectId: input.userId, data: {}, images: [] }
		};
	}
});

const displayFields = {
	name: z.string().trim().min(1, 'give the screen a name, e.g. "Workshop TV north"').max(60),
	board: z.enum(boards),
	language: z.enum(displayLanguages)
};

export const createDisplay = defineCommand({
	type: 'display.create',
	schema: z.object(displayFields),
	permission: () => 'display.manage',
	async handle(tx, input, env) {
		const { id } = await tx
			.insertInto('displays')
			.values({ store_id: env.storeId, name: input.name, board: input.board, language: input.language, created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { result: { id }, event: { type: 'display.created', subjectKind: 'display', subjectId: id, data: input, images: [] } };
	}
});

export const pairDisplay = defineCommand({
	type: 'display.pair',
	schema: z.object({ code: z.string().trim().min(1, 'type the code shown on the screen'), displayId: z.number().int().positive() }),
	permission: () => 'display.manage',
	async handle(tx, input, env) {
		const display = await tx.selectFrom('displays').select(['id', 'name', 'revoked_at']).where('id', '=', input.displayId).where('store_id', '=', env.storeId).executeTakeFirst();
		if (!display || display.revoked_at !== null) throw new CommandError(404, 'not_found', 'displayId: no such screen (or it was revoked)', 'displayId');
		const req = await tx.selectFrom('pairing_requests').selectAll().where('code_hash', '=', sha256(normaliseCode(input.code))).executeTakeFirst();
		if (!req || req.expires_at < env.now) {
			throw new CommandError(400, 'invalid_code', 'code: not a valid code, or it has expired (codes last 10 minutes). Reload the screen for a new one.', 'code');
		}
		if (req.display_id !== null || req.claimed_at !== null) throw new CommandError(409, 'code_used', 'code: this code was already used. Reload the screen for a new one.', 'code');
		await tx.updateTable('pairing_requests').set({ display_id: display.id }).where('id', '=', req.id).execute();
		return { result: { displayId: display.id }, event: { type: 'display.paired', subjectKind: 'display', subjectId: display.id, data: { name: display.name }, images: [] } };
	}
});

export const revokeDisplay = defineCommand({
	type: 'display.revoke',
	schema: z.object({ displayId: z.number().int().positive() }),
	permission: () => 'display.manage',
	async handle(tx, input, env) {
		const display = await tx.selectFrom('displays').select(['id', 'name', 'revoked_at']).where('id', '=', input.displayId).where('store_id', '=', env.storeId).executeTakeFirst();
		if (!display) throw new CommandError(404, 'not_found', 'displayId: no such screen', 'displayId');
		if (display.revoked_at !== null) throw new CommandError(409, 'already_revoked', 'displayId: this screen was already revoked', 'displayId');
		await tx.updateTable('displays').set({ revoked_at: env.now, key_hash: null }).where('id', '=', display.id).execute();
		// The live hub sees this event and disconnects the screen's sockets at once.
		return { result: { displayId: display.id }, event: { type: 'display.revoked', subjectKind: 'display', subjectId: display.id, data: { name: display.name }, images: [] } };
	}
});

export const createToken = defineCommand({
	type: 'token.create',
	schema: z.object({ name: z.string().trim().min(1, 'name the integration, e.g. "DMS"').max(60), scope: z.enum(['read', 'write']) }),
	permission: () => 'token.manage',
	async handle(tx, input, env) {
		const secret = `pw_${randomToken(32)}`;
		const { id } = await tx
			.insertInto('api_tokens')
			.values({ store_id: env.storeId, name: input.name, scope: input.scope, token_hash: sha256(secret), prefix: secret.slice(0, 8), created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		// The secret is in the result (shown once), never in the event.
		return { result: { id, token: secret }, event: { type: 'token.created', subjectKind: 'token', subjectId: id, data: input, images: [] } };
	}
});

export const revokeToken = defineCommand({
	type: 'token.revoke',
	schema: z.object({ tokenId: z.number().int().positive() }),
	permission: () => 'token.manage',
	async handle(tx, input, env) {
		const t = await tx.selectFrom('api_tokens').select(['id', 'name', 'revoked_at']).where('id', '=', input.tokenId).where('store_id', '=', env.storeId).executeTakeFirst();
		if (!t) throw new CommandError(404, 'not_found', 'tokenId: no such token', 'tokenId');
		if (t.revoked_at !== null) throw new CommandError(409, 'already_revoked', 'tokenId: this token was already revoked', 'tokenId');
		await tx.updateTable('api_tokens').set({ revoked_at: env.now }).where('id', '=', t.id).execute();
		return { result: { tokenId: t.id }, event: { type: 'token.revoked', subjectKind: 'token', subjectId: t.id, data: { name: t.name }, images: [] } };
	}
});

/** First run of a real install: the one admin, created with the code the server printed. */
export const createFirstAdmin = defineCommand({
	type: 'user.createFirstAdmin',
	schema: z.object({
		name: z.string().trim().min(1, 'your name').max(60),
		pinHash: z.string().startsWith('scrypt$'),
		/** A dealer group's deployment: the group admin instead of the store's admin. */
		group: z.boolean().default(false)
	}),
	permission: () => 'audit.record',
	async handle(tx, input, env) {
		const any = await tx.selectFrom('users').select('id').where('store_id', '=', env.storeId).limit(1).executeTakeFirst();
		if (any) throw new CommandError(409, 'already_set_up', 'This shop already has an admin', 'name');
		const { id } = await tx
			.insertInto('users')
			.values({ store_id: env.storeId, name: input.name, role: input.group ? 'group_admin' : 'admin', pin_hash: input.pinHash, created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		// The set-up code has done its work, on every server at once (features/access/setup.ts).
		await tx.deleteFrom('meta').where('key', '=', 'setup_code').execute();
		return { result: { id }, event: { type: 'user.created', subjectKind: 'user', subjectId: id, data: { name: input.name, role: input.group ? 'group_admin' : 'admin' }, images: [] } };
	}
});
