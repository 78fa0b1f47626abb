import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { signIn } from '$lib/server/features/access/service';
import { CommandError } from '$lib/server/core/commands';
import { ensureDevice, setSessionCookie } from '$lib/server/features/access/cookies';
import { deviceKinds, type DeviceKind } from '$lib/domain/signin';
import { signInTiles } from '$lib/server/features/access/repository';
import { sameOriginPath } from '$lib/server/core/redirects';
import { pendingSetupCode } from '$lib/server/features/access/setup';

const safeNext = (next: string | null) => sameOriginPath(next);

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const app = await getApp();
	if (await pendingSetupCode(app)) redirect(303, '/setup');
	const asked = url.searchParams.get('device');
	const device = ensureDevice(cookies, url, locals.device, deviceKinds.includes(asked as DeviceKind) ? (asked as DeviceKind) : undefined);
	return {
		users: await signInTiles(app.db, app.storeId),
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
