import { get, post, type ApiError, type ApiResult, type RequestOptions } from '$lib/api/client';
import type { BinView, PartView, ZoneView } from '$lib/live/protocol';

/**
 * The parts room's calls from /admin (the catalogue API: zones, bins, parts and their stock; the
 * CSV files). Refusals come back as data, like every call of $lib/api/client.
 */

export type { BinView, PartView, ZoneView };
export const zoneKinds = ['common', 'sheet_metal', 'fluids', 'other'] as const;
export type ZoneKind = (typeof zoneKinds)[number];

export interface NewZone {
	code: string;
	nameZh: string;
	nameEn: string;
	kind: ZoneKind;
	sort?: number;
}
export interface NewBin {
	code: string;
	/** The zone's code. */
	zone: string;
	rack: number;
	shelf: number;
	position: number;
}
export interface PartFields {
	number: string;
	barcode: string | null;
	nameZh: string;
	nameEn: string;
	models: string;
	unit: string;
	/** Fen. */
	price: number;
	minQty: number;
	/** A bin's code, or null: no bin. */
	bin: string | null;
}

type Items<T> = { items: T[] };
const v = (path: string) => `/api/v1${path}`;

export const readBins = (o?: RequestOptions) => get<{ zones: ZoneView[]; bins: BinView[] }>(v('/part-bins'), o);
export const createZone = (zone: NewZone, o?: RequestOptions) => post<ZoneView>(v('/part-zones'), zone, o);
export const updateZone = (id: number, change: Partial<NewZone> & { expectedVersion: number }, o?: RequestOptions) => post<ZoneView>(v(`/part-zones/${id}`), change, o);
export const createBin = (bin: NewBin, o?: RequestOptions) => post<BinView>(v('/part-bins'), bin, o);
export const updateBin = (id: number, change: Partial<NewBin> & { expectedVersion: number }, o?: RequestOptions) => post<BinView>(v(`/part-bins/${id}`), change, o);

export const searchParts = (q: string, limit: number, o?: RequestOptions) => get<Items<PartView>>(v(`/parts?q=${encodeURIComponent(q)}&limit=${limit}`), o);
export const createPart = (part: PartFields, o?: RequestOptions) => post<PartView>(v('/parts'), part, o);
export const updatePart = (id: number, change: Partial<PartFields> & { expectedVersion: number }, o?: RequestOptions) => post<PartView>(v(`/parts/${id}`), change, o);
export const receivePart = (id: number, body: { qty: number; bin?: string; note?: string }, o?: RequestOptions) => post<PartView>(v(`/parts/${id}/receive`), body, o);
export const adjustPart = (id: number, body: { count: number; reason: string }, o?: RequestOptions) => post<PartView>(v(`/parts/${id}/adjust`), body, o);
export const movePart = (id: number, body: { bin: string }, o?: RequestOptions) => post<PartView>(v(`/parts/${id}/move`), body, o);

/** The three CSV files of the parts room. */
export type PartsCsvKind = 'part-bins' | 'parts' | 'stock';
export const partsCsvUrl = (kind: PartsCsvKind) => v(`/${kind}.csv`);
const importPath: Record<PartsCsvKind, string> = { 'part-bins': '/part-bins/import', parts: '/parts/import', stock: '/stock/import' };

export interface PartsImportRow {
	line: number;
	key: string;
	action: 'create' | 'update' | 'unchanged' | 'error';
	errors: { field: string; message: string }[];
	changes?: { field: string; from: string | number | null; to: string | number | null }[];
}
export interface PartsImportReport {
	applied: boolean;
	encoding: string;
	rows: PartsImportRow[];
	counts: Record<PartsImportRow['action'], number>;
}

/** A file checked (`preview`: nothing written) or imported; a file with row errors comes back refused with its report. */
export async function importPartsCsv(kind: PartsCsvKind, file: Blob, preview: boolean, o: RequestOptions = {}): Promise<ApiResult<PartsImportReport> & { report?: PartsImportReport }> {
	let res: Response;
	try {
		res = await fetch(v(`${importPath[kind]}${preview ? '?preview=1' : ''}`), {
			method: 'POST',
			headers: { accept: 'application/json', 'content-type': 'text/csv', ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}) },
			body: file,
			signal: o.signal
		});
	} catch {
		return { ok: false, status: 0, error: { error: 'network', message: 'no answer from the server' } };
	}
	const data = (await res.json().catch(() => null)) as (PartsImportReport & Partial<ApiError>) | null;
	if (res.ok && data) return { ok: true, status: res.status, data };
	const error: ApiError = { ...data, error: data?.error ?? `http_${res.status}`, message: data?.message ?? `${res.status} ${res.statusText}` };
	return { ok: false, status: res.status, error, report: data?.rows ? data : undefined };
}

/** The print page of labels: for bins, parts (ids) or a whole zone. */
export function labelsUrl(what: { bins?: string[]; parts?: number[]; zone?: string; of?: 'parts' }): string {
	const q = new URLSearchParams();
	if (what.bins?.length) q.set('bins', what.bins.join(','));
	if (what.parts?.length) q.set('parts', what.parts.join(','));
	if (what.zone) q.set('zone', what.zone);
	if (what.of) q.set('of', what.of);
	return `/kiosk/parts/labels?${q}`;
}

/** Fen as yuan for an input (12.50), and back; null when it is not an amount. */
export const yuanInput = (fen: number) => (fen / 100).toFixed(2);
