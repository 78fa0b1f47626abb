/**
 * The parts kiosk's calls to the JSON API and its words for times, money and refusals. Answers
 * come back with their moments as epoch ms (the API says ISO 8601; the live channel says ms).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { get, idempotencyKey, post, type ApiError, type ApiResult, type RequestOptions } from '$lib/api/client';
import { formatTime } from '$lib/domain/time';
import type { BinView, PartView, PickListView, ZoneView } from '$lib/live/protocol';

export const en = (): boolean => getLocale() === 'en';

/** The name in the screen's language, and the other one (shown smaller). */
export function names(x: { nameZh: string; nameEn: string }): { main: string; other: string } {
	return en() ? { main: x.nameEn, other: x.nameZh } : { main: x.nameZh, other: x.nameEn };
}

/** Every `…At` / `…Since` given as ISO 8601 back to epoch ms, nested lists too. */
export function epochTimes<T>(value: T): T {
	if (Array.isArray(value)) return value.map(epochTimes) as T;
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		const parsed = typeof v === 'string' && /(At|Since)$/.test(key) ? Date.parse(v) : NaN;
		out[key] = Number.isFinite(parsed) ? parsed : epochTimes(v);
	}
	return out as T;
}

async function call<T>(p: Promise<ApiResult<T>>): Promise<ApiResult<T>> {
	const r = await p;
	return r.ok ? { ...r, data: epochTimes(r.data) } : r;
}

export interface IssueSlip {
	id: number;
	number: string;
	total: number;
	lines: { number: string; nameZh: string; nameEn: string; qty: number; unitPrice: number }[];
}
export interface ShortLine {
	partId: number;
	number: string;
	nameZh: string;
	nameEn: string;
	want: number;
	onHand: number;
}

export const api = {
	search: (q: string, o?: RequestOptions) => call(get<{ items: PartView[] }>(`/api/v1/parts?q=${encodeURIComponent(q)}&limit=30`, o)),
	lookup: (code: string, o?: RequestOptions) => call(get<{ part: PartView }>(`/api/v1/parts/lookup?code=${encodeURIComponent(code)}`, o)),
	bins: (o?: RequestOptions) => get<{ zones: ZoneView[]; bins: BinView[] }>('/api/v1/part-bins', o),
	confirm: (id: number, body: { code: string } | { lineId: number }) =>
		call(post<PickListView>(`/api/v1/parts-requests/${id}/confirm`, body, { idempotencyKey: idempotencyKey('kc'), reloadOnSignOut: true })),
	addLine: (id: number, partId: number, qty: number, key: string) => call(post<PickListView>(`/api/v1/parts-requests/${id}/lines`, { partId, qty }, { idempotencyKey: key, reloadOnSignOut: true })),
	/** Not `reloadOnSignOut`: a 401 here is usually the receiver's wrong PIN. */
	issue: (id: number, body: { receiverId: number; pin: string; orderShortage?: boolean }, key: string) =>
		call(post<{ pickList: PickListView; slip: IssueSlip | null; specialOrderId?: number | null }>(`/api/v1/parts-requests/${id}/issue`, body, { idempotencyKey: key }))
};

/** ¥1,234.50 from fen (the one conversion, $lib/domain/money). */
export { yuan as money } from '$lib/domain/money';

/** How long ago, as a person says it: just now, 5 min, 1 h 20 min. */
export function ago(now: number, at: number): string {
	const minutes = Math.max(0, Math.floor((now - at) / 60_000));
	if (minutes < 1) return m.kiosk_ago_now();
	if (minutes < 60) return m.kiosk_ago_minutes({ n: String(minutes) });
	const h = Math.floor(minutes / 60);
	return m.kiosk_ago_hours({ h: String(h), n: String(minutes % 60) });
}

const hmCache = new Map<string, Intl.DateTimeFormat>();
/** HH:MM in the store's zone (server time in). */
export function hm(at: number, timeZone: string): string {
	const key = `${getLocale()}|${timeZone}`;
	let f = hmCache.get(key);
	if (!f) hmCache.set(key, (f = new Intl.DateTimeFormat(en() ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })));
	return formatTime(f, at);
}

/** What to tell the picker when the server said no, or did not answer. */
export function refusal(e: ApiError): string {
	switch (e.error) {
		case 'network':
			return m.kiosk_err_network();
		case 'aborted':
			return '';
		case 'unknown_code':
			return m.kiosk_err_unknown_code({ code: String(e.code ?? '') });
		case 'forbidden':
			return m.kiosk_err_forbidden();
		case 'not_confirmed':
			return m.kiosk_err_not_confirmed();
		case 'wrong_pin':
			return m.kiosk_err_wrong_pin();
		case 'locked':
			return m.kiosk_err_locked();
		case 'slow_down':
			return m.kiosk_err_slow_down({ seconds: String(e.retryAfterSeconds ?? '') });
		case 'version_conflict':
			return m.kiosk_err_conflict();
		default:
			return m.kiosk_err_other({ message: e.message });
	}
}
