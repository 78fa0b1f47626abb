import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { signIn } from '$lib/server/features/access/service';
import { CommandError } from '$lib/server/core/commands';
import { ensureDevice, setSessionCookie } from '$lib/server/features/access/cookies';
import { deviceKinds, type DeviceKind } from '$lib/domain/signin';
import { roles, type Role } from '$lib/domain/permissions';

function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const app = await getApp();
	if (app.setupCode) redirect(303, '/setup');
	const asked = url.searchParams.get('device');
	const device = ensureDevice(cookies, url, locals.device, deviceKinds.includes(asked as DeviceKind) ? (asked as DeviceKind) : undefined);
	const users = await app.db
		.selectFrom('users as u')
		.leftJoin('teams as t', 't.id', 'u.team_id')
		.select(['u.id', 'u.name', 'u.name_latin', 'u.role', 't.name_zh as team_zh', 't.name_en as team_en', 't.code as team_code'])
		.where('u.store_id', '=', app.storeId)
		.where('u.active', '=', 1)
		.orderBy('u.id')
		.execute();
	return {
		users: users
			.map((u) => ({ id: u.id, name: u.name, nameLatin: u.name_latin, role: u.role as Role, team: u.team_code ? { code: u.team_code, zh: u.team_zh!, en: u.team_en! } : null }))
			.sort((a, b) => roles.indexOf(a.role) - roles.indexOf(b.role) || (a.team?.code ?? '').localeCompare(b.team?.code ?? '')),
		current: locals.principal?.kind === 'user' ? { name: locals.principal.name } : null,
		deviceKind: device.kind,
		next: safeNext(url.searchParams.get('next')),
		expired: url.searchParams.has('expired')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const app = await getApp();
		const form = await request.formData();
		const userId = Number(form.get('userId'));
		const pin = String(form.get('pin') ?? '');
		const device = ensureDevice(cookies, url, locals.device);
		try {
			const { token } = await signIn(app.commands, { userId, pin, device: device.id, deviceKind: device.kind, address: getClientAddress() }, Date.now());
			setSessionCookie(cookies, url, token);
		} catch (e) {
			if (e instanceof CommandError) return fail(e.status, { userId, error: e.code, message: e.message, retryAfterSeconds: e.details.retryAfterSeconds as number | undefined });
			throw e;
		}
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
