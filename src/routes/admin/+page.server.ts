import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { CommandError, execute, type CommandDefinition } from '$lib/server/core/commands';
import { createDisplay, createToken, pairDisplay, revokeDisplay, revokeToken, unlockSignin } from '$lib/server/features/access/commands';
import { can, mayRun } from '$lib/domain/permissions';
import { auditTrail, displaysOf, lockoutsOf, tokensOf } from '$lib/server/features/access/repository';
import { storeSettings } from '$lib/server/core/stores';
import { groupFounded } from '$lib/server/features/access/group';
import { idleSignOutMs } from '$lib/domain/signin';
import { screenCommands } from '$lib/screens';

const auditFilter = z.object({
	person: z.string().trim().max(60).optional(),
	ro: z.string().trim().max(40).optional(),
	day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
	kind: z.string().regex(/^[a-zA-Z]+\.$/).optional(),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});

/** Rows on one page of the audit trail. */
const AUDIT_PAGE = 50;

export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, ...screenCommands.admin);
	const app = await getApp();
	const { db } = app;
	const { storeId } = user;
	const may = {
		// A dealer group's stores and people (group admin).
		group: mayRun(user, 'group.manage'),
		// A store running alone becomes a dealer group's first store (its admin, once).
		found: !user.groupRole && mayRun(user, 'group.found') && !(await groupFounded(db)),
		displays: can(user.role, 'display.manage'),
		tokens: can(user.role, 'token.manage'),
		audit: can(user.role, 'audit.read'),
		unlock: can(user.role, 'signin.unlock'),
		// The store's set-up: the store, staff, teams, bays and the catalogue.
		store: can(user.role, 'store.manage'),
		staff: can(user.role, 'user.manage'),
		teams: can(user.role, 'team.manage'),
		// The supervisor takes a lift out of service (and back) here too, without editing the bays.
		bays: can(user.role, 'bay.manage') || can(user.role, 'bay.setService'),
		bayEdit: can(user.role, 'bay.manage'),
		catalogue: can(user.role, 'catalogue.manage'),
		// The parts room: zones, bins, parts and their CSV (part.manage); stock by the parts room's own rights.
		parts: can(user.role, 'part.manage'),
		partsReceive: can(user.role, 'stock.receive'),
		partsAdjust: can(user.role, 'stock.adjust'),
		// Machines and their maintenance plans (equipment.manage).
		equipment: can(user.role, 'equipment.manage')
	};
	const online = (await app.live?.onlineDisplays()) ?? new Set<number>();
	const displays = may.displays ? (await displaysOf(db, storeId)).map((d) => ({ ...d, online: online.has(d.id) })) : [];
	const tokens = may.tokens ? await tokensOf(db, storeId) : [];
	const lockouts = may.unlock ? await lockoutsOf(db, storeId, may.group) : [];
	const parsed = auditFilter.safeParse({
		person: event.url.searchParams.get('person') || undefined,
		ro: event.url.searchParams.get('ro') || undefined,
		day: event.url.searchParams.get('day') || undefined,
		kind: event.url.searchParams.get('kind') || undefined,
		page: event.url.searchParams.get('page') || undefined
	});
	const filter = parsed.success ? parsed.data : { page: 1 };
	// One row more than a page: whether there is a next page.
	const rows = may.audit
		? await auditTrail(db, { id: storeId, timeZone: (await storeSettings(db, storeId)).timeZone }, { ...filter, type: filter.kind, offset: (filter.page - 1) * AUDIT_PAGE, limit: AUDIT_PAGE + 1, group: may.group })
		: [];
	const audit = rows.slice(0, AUDIT_PAGE);
	return {
		me: { name: user.name, role: user.role, idleMs: idleSignOutMs[user.deviceKind] },
		may,
		displays,
		tokens,
		lockouts,
		audit,
		filter,
		auditMore: rows.length > AUDIT_PAGE,
		pairCode: event.url.searchParams.get('pair') ?? ''
	};
};

/** Runs one admin command from a form; a refusal comes back to the form with its field and message. */
async function run<S extends z.ZodType, R>(event: RequestEvent, action: string, def: CommandDefinition<S, R>, input: unknown) {
	const actor = requireStaff(event);
	const app = await getApp();
	try {
		const { result } = await execute(app.commands, def, input, { actor });
		return { action, ok: true as const, result };
	} catch (e) {
		if (e instanceof CommandError) return fail(e.status, { action, ok: false as const, field: e.field, message: e.message });
		throw e;
	}
}

const num = (v: FormDataEntryValue | null) => (v === null || v === '' ? undefined : Number(v));

export const actions: Actions = {
	createDisplay: async (event) => {
		const f = await event.request.formData();
		return run(event, 'createDisplay', createDisplay, { name: f.get('name'), board: f.get('board'), language: f.get('language') });
	},
	pairDisplay: async (event) => {
		const f = await event.request.formData();
		return run(event, 'pairDisplay', pairDisplay, { code: f.get('code'), displayId: num(f.get('displayId')) });
	},
	revokeDisplay: async (event) => {
		const f = await event.request.formData();
		return run(event, 'revokeDisplay', revokeDisplay, { displayId: num(f.get('displayId')) });
	},
	createToken: async (event) => {
		const f = await event.request.formData();
		return run(event, 'createToken', createToken, { name: f.get('name'), scope: f.get('scope') });
	},
	revokeToken: async (event) => {
		const f = await event.request.formData();
		return run(event, 'revokeToken', revokeToken, { tokenId: num(f.get('tokenId')) });
	},
	unlock: async (event) => {
		const f = await event.request.formData();
		return run(event, 'unlock', unlockSignin, { userId: num(f.get('userId')) });
	}
};
