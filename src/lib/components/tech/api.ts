import type { Stage } from '$lib/domain/repair-order';

/** The JSON API's refusal (see src/lib/server/http.ts). */
export interface ApiError {
	error: string;
	message: string;
	field?: string;
	allowedActions?: string[];
	currentVersion?: number;
	changedBy?: string | null;
	stage?: Stage;
}

/** `error: null`: the request got no answer (no network), so nothing is known to be saved. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError | null };

/** A random key for one intent: a retried tap after a lost answer changes nothing twice. */
export function idempotencyKey(): string {
	// crypto.randomUUID needs a secure context; a workshop tablet may be on plain http.
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return 'tech-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function request<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
	let res: Response;
	try {
		res = await fetch(path, init);
	} catch {
		return { ok: false, error: null };
	}
	// Signed out (idle on another tab, or revoked): the server sends the page to sign-in.
	if (res.status === 401) {
		location.reload();
		return { ok: false, error: { error: 'unauthorized', message: 'signed out' } };
	}
	let body: unknown = null;
	try {
		body = await res.json();
	} catch {
		/* not JSON: treated below */
	}
	if (res.ok) return { ok: true, data: body as T };
	const e = body as Partial<ApiError> | null;
	return { ok: false, error: { error: e?.error ?? `http_${res.status}`, message: e?.message ?? res.statusText, ...e } };
}

export function postJson<T>(path: string, body: unknown, key?: string): Promise<ApiResult<T>> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key) headers['idempotency-key'] = key;
	return request<T>(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
	return request<T>(path, { headers: { accept: 'application/json' }, signal });
}

/** A standard time from the catalogue (GET /api/v1/standard-times). */
export interface CatalogueItem {
	code: string;
	nameZh: string;
	nameEn: string;
	category: string;
	minutes1: number;
	minutes2: number;
}
