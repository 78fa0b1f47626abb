import { page } from '$app/state';

/**
 * The store's IANA time zone, as the server said it (the root layout's load, from the store's
 * settings), for code that formats times outside a `LiveScreen`: the desk's and the tablet's
 * helpers, the slip, admin. In the browser it can be read anywhere; on the server only while a
 * page renders (it is the request's, never the process's).
 */
export function storeTimeZone(): string {
	const zone: unknown = page.data.timeZone;
	if (typeof zone !== 'string' || !zone) throw new Error("The store's time zone is missing: src/routes/+layout.server.ts loads it");
	return zone;
}
