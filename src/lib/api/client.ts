/**
 * The screens' calls to Pitwall's JSON API (same origin: the session cookie goes along).
 * A refusal, a lost network or an aborted request comes back as data, never as an exception,
 * so every form can show it.
 */
import type { RepairOrderView } from '$lib/live/protocol';
import type { ApiError, CatalogueItem } from './types';

export type { ApiError };

/** `status: 0`: no answer (error `network`, or `aborted` by the caller's signal). */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

export interface RequestOptions {
	/** The same key on a retry returns the first result and changes nothing. */
	idempotencyKey?: string;
	signal?: AbortSignal;
	/**
	 * A 401 means this device's session ended (idle sign-out elsewhere, revoked): reload, and the
	 * server sends the page to sign-in. The tablet and QC screens do; the desk says so instead.
	 */
	reloadOnSignOut?: boolean;
}

/** A random key for one intent: a double tap or a retry after a lost answer changes nothing twice. */
export function idempotencyKey(prefix = 'pw'): string {
	// getRandomValues works on plain-HTTP shop networks too (randomUUID needs a secure context).
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function request<T>(method: 'GET' | 'POST', url: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (body !== undefined) headers['content-type'] = 'application/json';
	if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
	let res: Response;
	try {
		res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
	} catch (e) {
		const aborted = e instanceof DOMException && e.name === 'AbortError';
		return { ok: false, status: 0, error: { error: aborted ? 'aborted' : 'network', message: aborted ? 'aborted' : 'no answer from the server' } };
	}
	if (res.status === 401 && options.reloadOnSignOut) location.reload();
	let data: unknown = null;
	try {
		data = await res.json();
	} catch {
		data = null; // not JSON: described below
	}
	if (res.ok) return { ok: true, status: res.status, data: data as T };
	const e = data && typeof data === 'object' ? (data as Partial<ApiError>) : {};
	return { ok: false, status: res.status, error: { ...e, error: e.error ?? `http_${res.status}`, message: e.message ?? `${res.status} ${res.statusText}` } };
}

export const get = <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options);
export const post = <T>(url: string, body: unknown, options?: RequestOptions) => request<T>('POST', url, body, options);

/** POST /api/v1/repair-orders/{id}/transitions at the version the screen shows. */
export function transition(order: Pick<RepairOrderView, 'id' | 'version'>, action: string, fields: Record<string, unknown> = {}, options?: RequestOptions) {
	return post<RepairOrderView>(`/api/v1/repair-orders/${order.id}/transitions`, { action, expectedVersion: order.version, ...fields }, options);
}

/** GET /api/v1/standard-times?q=: the catalogue searched by code or name in either language. */
export function searchCatalogue(q: string, options?: RequestOptions) {
	return get<{ items: CatalogueItem[] }>(`/api/v1/standard-times?q=${encodeURIComponent(q)}`, options);
}
