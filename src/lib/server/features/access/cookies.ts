import type { Cookies } from '@sveltejs/kit';
import { DEVICE_COOKIE, DISPLAY_COOKIE, SESSION_COOKIE } from '$lib/server/features/access/service';
import { randomToken } from '$lib/server/features/access/secrets';
import type { DeviceKind } from '$lib/domain/signin';

const YEAR = 365 * 24 * 3600;

function base(url: URL) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
}

/** A fresh session token at every sign-in: a token seen before sign-in is never reused. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(SESSION_COOKIE, token, base(url));
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, base(url));
}

export function setDisplayCookie(cookies: Cookies, url: URL, key: string): void {
	cookies.set(DISPLAY_COOKIE, key, { ...base(url), maxAge: 10 * YEAR });
}

/** The device keeps its id and kind for years: back-off counts per device, sign-out time per kind. */
export function ensureDevice(cookies: Cookies, url: URL, current: { id: string; kind: DeviceKind } | null, kind?: DeviceKind) {
	const device = { id: current?.id ?? randomToken(12), kind: kind ?? current?.kind ?? 'desk' };
	if (!current || current.kind !== device.kind) cookies.set(DEVICE_COOKIE, `${device.kind}.${device.id}`, { ...base(url), maxAge: 10 * YEAR });
	return device;
}

/** Which store a shared device's sign-in screen is for (several stores on one deployment): a store code. */
export const STORE_COOKIE = 'pw_store';

/**
 * The store whose people the sign-in screen lists: `?store=<code>` for this visit, else the
 * device's choice, else the first store. A link alone does not change the device's choice (anyone
 * could send one to a shared tablet): a sign-in does, `keepSignInStore`.
 */
export function signInStoreCode(cookies: Cookies, url: URL, known: string[]): string | null {
	const asked = url.searchParams.get('store');
	if (asked && known.includes(asked)) return asked;
	const kept = cookies.get(STORE_COOKIE);
	return kept && known.includes(kept) ? kept : null;
}

/** After someone signs in to a store on this device: its sign-in screen opens on that store from now on. */
export function keepSignInStore(cookies: Cookies, url: URL, code: string): void {
	if (cookies.get(STORE_COOKIE) !== code) cookies.set(STORE_COOKIE, code, { ...base(url), maxAge: 10 * YEAR });
}
