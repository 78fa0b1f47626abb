/**
 * Where a redirect may send the browser: only a path on this site. A `next=` parameter, a link
 * carrying a screen key, or an odd path like `//evil.example/` must never become a redirect to
 * another site (browsers read `//host`, `/\host` and `\\host` as another host).
 */
const BASE = 'http://pitwall.invalid';

/** The same-origin path (with query and hash) that `target` names, or `fallback` when it names anything else. */
export function sameOriginPath(target: string | null | undefined, fallback = '/'): string {
	if (!target || !target.startsWith('/') || /[\u0000-\u001f\\]/.test(target) || target.startsWith('//')) return fallback;
	let url: URL;
	try {
		url = new URL(target, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	const path = url.pathname + url.search + url.hash;
	// Collapse any leading slashes the URL parser kept (`/%2F/evil`), so the result is never `//…`.
	return path.replace(/^\/+/, '/');
}
