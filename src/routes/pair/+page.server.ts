import { redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { CommandError } from '$lib/server/core/commands';
import { PAIR_COOKIE, requestPairing } from '$lib/server/features/access/service';

export const load: PageServerLoad = async ({ locals, cookies, url, getClientAddress }) => {
	if (locals.principal?.kind === 'display') redirect(303, `/board/${locals.principal.board}`);
	const app = await getApp();
	try {
		const { code, claim, expiresAt } = await requestPairing(app.db, getClientAddress(), Date.now());
		cookies.set(PAIR_COOKIE, claim, { path: '/pair', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 15 * 60 });
		// The QR opens the admin page with the code filled in, for an admin's phone.
		const qr = await QRCode.toString(`${url.origin}/admin?pair=${encodeURIComponent(code)}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
		return { code, expiresAt, qr, tooMany: false, timeZone: app.timeZone };
	} catch (e) {
		if (e instanceof CommandError && e.status === 429) return { code: null, expiresAt: 0, qr: '', tooMany: true, timeZone: app.timeZone };
		throw e;
	}
};
