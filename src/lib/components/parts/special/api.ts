/** The special-order screens' calls to the JSON API (same origin; refusals come back as data). */
import { get, idempotencyKey, post, type ApiResult } from '$lib/api/client';
import type { PartView, SpecialOrderView } from '$lib/live/protocol';
import type { SpecialOrderAction } from '$lib/domain/special-orders';

export interface LineInput {
	partId?: number;
	number: string;
	name: string;
	qty: number;
}

export interface RegisterBody {
	customerName: string;
	customerPhone?: string;
	plate: string;
	model: string;
	advisorId?: number;
	repairOrderId?: number;
	lines: LineInput[];
	note?: string;
}

/** POST /api/v1/special-orders (one key per intent: a double click registers once). */
export const registerOrder = (body: RegisterBody, key = idempotencyKey('so')): Promise<ApiResult<SpecialOrderView>> => post<SpecialOrderView>('/api/v1/special-orders', body, { idempotencyKey: key });

/** POST /api/v1/special-orders/{id}/steps at the version the screen shows. */
export function takeStep(order: { id: number; version: number }, action: SpecialOrderAction, fields: Record<string, unknown> = {}, key = idempotencyKey('so')): Promise<ApiResult<SpecialOrderView>> {
	return post<SpecialOrderView>(`/api/v1/special-orders/${order.id}/steps`, { action, expectedVersion: order.version, ...fields }, { idempotencyKey: key });
}

/** GET /api/v1/parts?q=: the catalogue by number, name, pinyin or model. */
export const searchParts = (q: string, signal?: AbortSignal) => get<{ items: PartView[] }>(`/api/v1/parts?q=${encodeURIComponent(q)}&limit=8`, { signal });
