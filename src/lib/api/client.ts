/**
 * The screens' calls to Pitwall's JSON API (same origin: the session cookie goes along).
 * A refusal, a lost network or an aborted request comes back as data, never as an exception,
 * so every form can show it.
 */
import type { RepairOrderView } from '$lib/live/protocol';
import type { ApiError, BayItem, CatalogueItem, GroupPerson, ImportResult, NewBay, NewGroupPerson, NewStaffMember, NewStore, NewTeam, StaffChange, StaffMember, StoreChange, StoreChoice, StoreSettingsView, TeamItem } from './types';

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

/* Master data (/admin): the store, staff, teams, bays and the standard-time catalogue. */

type Items<T> = { items: T[] };

export const getStore = (o?: RequestOptions) => get<StoreSettingsView>('/api/v1/store', o);
export const saveStore = (change: StoreChange, o?: RequestOptions) => post<StoreSettingsView>('/api/v1/store', change, o);

export const listStaff = (o?: RequestOptions) => get<Items<StaffMember>>('/api/v1/staff', o);
export const createStaff = (person: NewStaffMember, o?: RequestOptions) => post<StaffMember>('/api/v1/staff', person, o);
export const updateStaff = (id: number, change: StaffChange, o?: RequestOptions) => post<StaffMember>(`/api/v1/staff/${id}`, change, o);
export const resetPin = (id: number, pin: string, o?: RequestOptions) => post<unknown>(`/api/v1/staff/${id}/pin`, { pin }, o);
export const setStaffActive = (person: Pick<StaffMember, 'id' | 'version'>, active: boolean, o?: RequestOptions) =>
	post<StaffMember>(`/api/v1/staff/${person.id}/active`, { expectedVersion: person.version, active }, o);

export const listTeams = (o?: RequestOptions) => get<Items<TeamItem>>('/api/v1/teams', o);
export const createTeam = (team: NewTeam, o?: RequestOptions) => post<TeamItem>('/api/v1/teams', team, o);
export const updateTeam = (id: number, change: Partial<NewTeam> & { expectedVersion: number }, o?: RequestOptions) => post<TeamItem>(`/api/v1/teams/${id}`, change, o);

export const listBays = (o?: RequestOptions) => get<Items<BayItem>>('/api/v1/bays', o);
export const createBay = (bay: NewBay, o?: RequestOptions) => post<BayItem>('/api/v1/bays', bay, o);
export const updateBay = (id: number, change: Partial<NewBay> & { expectedVersion: number }, o?: RequestOptions) => post<BayItem>(`/api/v1/bays/${id}`, change, o);
/** Out of service (with a reason) or back; a car on the bay is refused with 409 `bay_occupied_confirm` unless `confirm`. */
export const setBayService = (bay: Pick<BayItem, 'id' | 'version'>, inService: boolean, extra: { reason?: string; confirm?: boolean } = {}, o?: RequestOptions) =>
	post<BayItem>(`/api/v1/bays/${bay.id}/service`, { expectedVersion: bay.version, inService, ...extra }, o);

/** The whole catalogue (not only the first matches of a search). */
export const listCatalogue = (o?: RequestOptions) => get<Items<CatalogueItem>>('/api/v1/standard-times?all=1', o);
/** Creates or updates the operation with this code. */
export const saveStandardTime = (item: CatalogueItem, o?: RequestOptions) => post<CatalogueItem>('/api/v1/standard-times', item, o);

export type CsvKind = 'staff' | 'standard-times';
/** A CSV file for the staff list or the catalogue: a preview of each row's change, or (`apply`) the change made. */
export async function importCsv(kind: CsvKind, file: Blob, apply: boolean, o: RequestOptions = {}): Promise<ApiResult<ImportResult>> {
	let res: Response;
	try {
		res = await fetch(`/api/v1/${kind}/import${apply ? '?apply=1' : ''}`, {
			method: 'POST',
			headers: { accept: 'application/json', 'content-type': 'text/csv', ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}) },
			body: file,
			signal: o.signal
		});
	} catch {
		return { ok: false, status: 0, error: { error: 'network', message: 'no answer from the server' } };
	}
	const data = (await res.json().catch(() => null)) as (ImportResult & Partial<ApiError>) | null;
	if (res.ok && data) return { ok: true, status: res.status, data };
	return { ok: false, status: res.status, error: { ...data, error: data?.error ?? `http_${res.status}`, message: data?.message ?? `${res.status} ${res.statusText}` } };
}
/** The download link of a list as CSV (UTF-8 with BOM, opens in Excel). */
export const csvUrl = (kind: CsvKind) => `/api/v1/${kind}.csv`;

/* A dealer group (issue 20): stores, entering one, the group's people. */

export const listStores = (o?: RequestOptions) => get<{ items: StoreChoice[]; current: number }>('/api/v1/stores', o);
export const createStore = (store: NewStore, o?: RequestOptions) => post<StoreSettingsView>('/api/v1/stores', store, o);
export const enterStore = (storeId: number, o?: RequestOptions) => post<{ storeId: number }>('/api/v1/session/store', { storeId }, o);
export const foundGroup = (o?: RequestOptions) => post<GroupPerson>('/api/v1/group', {}, o);
export const listGroupPeople = (o?: RequestOptions) => get<Items<GroupPerson>>('/api/v1/group/people', o);
export const createGroupPerson = (person: NewGroupPerson, o?: RequestOptions) => post<GroupPerson>('/api/v1/group/people', person, o);
export const updateGroupPerson = (id: number, change: Partial<Omit<NewGroupPerson, 'pin'>> & { expectedVersion: number; active?: boolean; pin?: string }, o?: RequestOptions) =>
	post<GroupPerson>(`/api/v1/group/people/${id}`, change, o);
