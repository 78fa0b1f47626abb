/**
 * The desk's calls to Pitwall's JSON API (same origin: the session cookie goes along).
 * A refusal comes back as data, never as an exception, so every form can show it.
 */
import { m } from '$lib/paraglide/messages';
import type { RepairOrderView } from '$lib/live/protocol';

export interface ApiError {
	error: string;
	message: string;
	field?: string;
	allowedActions?: string[];
	currentVersion?: number;
	changedBy?: string | null;
	[k: string]: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** A random key, so a double click or a retry never checks the same car in twice. */
export function idempotencyKey(): string {
	// getRandomValues works on plain-HTTP shop networks too (randomUUID needs a secure context).
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return `desk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown, init: { idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<ApiResult<T>> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (body !== undefined) headers['content-type'] = 'application/json';
	if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
	let res: Response;
	try {
		res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: init.signal });
	} catch (e) {
		if (e instanceof DOMException && e.name === 'AbortError') throw e;
		return { ok: false, status: 0, error: { error: 'network', message: m.desk_err_network() } };
	}
	let data: unknown = null;
	try {
		data = await res.json();
	} catch {
		data = null;
	}
	if (res.ok) return { ok: true, status: res.status, data: data as T };
	const error =
		data && typeof data === 'object' && 'error' in data
			? (data as ApiError)
			: { error: `http_${res.status}`, message: `${res.status} ${res.statusText}` };
	return { ok: false, status: res.status, error };
}

/** POST /api/v1/repair-orders/{id}/transitions at the version the screen shows. */
export function transition(order: Pick<RepairOrderView, 'id' | 'version'>, action: string, fields: Record<string, unknown> = {}) {
	return api<RepairOrderView>('POST', `/api/v1/repair-orders/${order.id}/transitions`, { action, expectedVersion: order.version, ...fields });
}

/** What to tell the person at the desk, in their language where Pitwall knows the case. */
export function errorText(e: ApiError): string {
	switch (e.error) {
		case 'version_conflict':
			return e.changedBy ? m.desk_err_conflict({ name: e.changedBy }) : m.desk_err_conflict_anon();
		case 'network':
			return m.desk_err_network();
		case 'unauthorized':
			return m.desk_err_unauthorized();
		case 'forbidden':
			return m.desk_err_forbidden();
		case 'transition_refused':
			return m.desk_err_refused();
		case 'bay_occupied':
			return m.desk_err_bay_occupied({ detail: e.message.replace(/^bay:\s*/, '') });
		case 'bay_out_of_service':
			return m.desk_err_bay_oos({ detail: e.message.replace(/^bay:\s*/, '') });
		case 'vehicle_has_open_order':
			return m.desk_err_open_order({ detail: e.message.replace(/^vehicle\.plate:\s*/, '') });
		case 'already_decided':
			return m.desk_err_already_decided();
		case 'not_found':
			return m.desk_err_not_found({ detail: e.message });
		default:
			return e.message;
	}
}
