import { fail, redirect, type Cookies } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp, type App } from '$lib/server/app';
import { allStores } from '$lib/server/features/access/group';
import { signIn } from '$lib/server/features/access/service';
import { CommandError } from '$lib/server/core/commands';
import { ensureDevice, keepSignInStore, setSessionCookie, signInStoreCode } from '$lib/server/features/access/cookies';
import { deviceKinds, type DeviceKind } from '$lib/domain/signin';
import { signInTiles } from '$lib/server/features/access/repository';
import { sameOriginPath } from '$lib/server/core/redirects';
import { pendingSetupCode } from '$lib/server/features/access/setup';

const safeNext = (next: string | null) => sameOriginPath(next);

/** The store this device signs in to: chosen on the screen when the deployment has several. */
async function signInStore(app: App, url: URL, cookies: Cookies) {
	const stores = await allStores(app.db);
	const code = signInStoreCode(cookies, url, stores.map((s) => s.code));
	return { stores, store: stores.find((s) => s.code === code) ?? stores.find((s) => s.id === app.storeId) ?? stores[0] };
}

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const app = await getApp();
	if (await pendingSetupCode(app)) redirect(303, '/setup');
	const asked = url.searchParams.get('device');
	const device = ensureDevice(cookies, url, locals.device, deviceKinds.includes(asked as DeviceKind) ? (asked as DeviceKind) : undefined);
	const { stores, store } = await signInStore(app, url, cookies);
	return {
		stores: stores.length > 1 ? stores.map((s) => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn })) : [],
		store: { code: store.code, nameZh: store.nameZh, nameEn: store.nameEn },
		users: await signInTiles(app.db, store.id),
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
			const { stores, store } = await signInStore(app, url, cookies);
			const { token } = await signIn({ ...app.commands, storeId: store.id }, { userId, pin, device: device.id, deviceKind: device.kind, address: getClientAddress() }, Date.now());
			setSessionCookie(cookies, url, token);
			if (stores.length > 1) keepSignInStore(cookies, url, store.code);
		} catch (e) {
			if (e instanceof CommandError) return fail(e.status, { userId, error: e.code, message: e.message, retryAfterSeconds: e.details.retryAfterSeconds as number | undefined });
			throw e;
		}
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
