import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { signOut } from '$lib/server/features/access/service';
import { clearSessionCookie } from '$lib/server/features/access/cookies';

/** "Switch user" and the idle timer both land here: end the session, cut its sockets, back to the tiles. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	const app = await getApp();
	const p = locals.principal;
	if (p?.kind === 'user') {
		await signOut(app.db, p.sessionHash, Date.now());
		app.live?.disconnect(`session:${p.sessionHash}`, 'signed_out');
	}
	clearSessionCookie(cookies, url);
	redirect(303, url.searchParams.has('expired') ? '/signin?expired' : '/signin');
};
