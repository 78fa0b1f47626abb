import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { PAIR_COOKIE, collectPairing } from '$lib/server/features/access/service';
import { setDisplayCookie } from '$lib/server/features/access/cookies';
import { cookieName, isLocale } from '$lib/paraglide/runtime';

/** The TV polls here while it shows its code; once paired it gets its key as an httpOnly cookie. */
export const GET: RequestHandler = async ({ cookies, url }) => {
	const claim = cookies.get(PAIR_COOKIE);
	if (!claim) return json({ state: 'expired' });
	const app = await getApp();
	const state = await collectPairing(app.db, claim, Date.now());
	if (state.state !== 'paired') return json(state);
	setDisplayCookie(cookies, url, state.displayKey);
	cookies.set(cookieName, isLocale(state.language) ? state.language : 'zh-CN', { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 10 * 365 * 24 * 3600 });
	cookies.delete(PAIR_COOKIE, { path: '/pair' });
	return json({ state: 'paired', board: state.board });
};
