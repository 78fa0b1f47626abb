import { parse as parseCookies } from 'cookie';
import type { App } from '$lib/server/app';
import type { Principal } from './principal';
import { DISPLAY_COOKIE, SESSION_COOKIE, resolvePrincipal } from './service';
import { isLimited, recordFailure } from '$lib/server/core/limiter';
import { customerPrincipal, resolveStatusLink } from '$lib/server/features/repair-orders/status-link';

/** What a page request, an API request or a socket handshake carries that says who is asking. */
export interface Asking {
	cookie?: string | null;
	/** `Authorization: Bearer pw_…` (the API), or a socket's `auth.token`. */
	authorization?: string | null;
	/** A customer's link (`/status/<link>`): then nothing else counts. */
	statusToken?: string;
	/** The client's address, for the bad-link limit. */
	address?: string;
}

/**
 * Who is asking, for pages (hooks.server.ts), the JSON API (core/router.ts) and sockets
 * (core/hub.ts) alike: a signed-in person, a wall screen, an API token or a customer's link,
 * each with its store; null for nobody (or a bad, expired or revoked credential).
 */
export async function principalOf(app: App, asking: Asking): Promise<Principal | null> {
	if (asking.statusToken !== undefined) {
		// A customer's phone: only its own order, whatever cookies the browser holds.
		const now = app.now();
		const where = asking.address ?? 'unknown';
		if (await isLimited(app.db, app.linkLimiter, where, now)) return null;
		const linked = await resolveStatusLink(app.db, app.statusSecret, asking.statusToken, now);
		if (!linked) await recordFailure(app.db, app.linkLimiter, where, now);
		return linked && customerPrincipal(linked.ro.id, linked.storeId);
	}
	const cookies = asking.cookie ? parseCookies(asking.cookie) : {};
	const bearer = asking.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
	return resolvePrincipal(app.db, { session: cookies[SESSION_COOKIE], display: cookies[DISPLAY_COOKIE], bearer }, Date.now());
}
