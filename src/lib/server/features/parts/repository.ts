import { onPostgres } from '$lib/server/db/engine';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { camelize } from '$lib/server/core/rows';
import type { BinView, PartView, ZoneView } from './views';
import { searchText } from './search-keys';
import type { MovementKind } from './table';
import { SLOW_DAYS, isLow, reorderSuggestion, slowMovers } from '$lib/domain/stock';

/** The parts room's reads: plain functions, `db` first, each filtered by store. */

/**
 * The store's active parts with their bin and zone. `scan`: read the table in order rather than
 * through the store's index (a search reads most of a store's parts, and the index would cost a
 * lookup for each).
 */
function partQuery(db: Db, storeId: number, scan = false) {
	return db
		.selectFrom('parts as p')
		.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
		.leftJoin('part_zones as z', 'z.id', 'b.zone_id')
		.select(['p.id', 'p.number', 'p.barcode', 'p.name_zh', 'p.name_en', 'p.models', 'p.unit', 'p.price', 'p.min_qty', 'p.bin_id', 'p.on_hand', 'p.last_issued_at', 'p.version'])
		.select(['b.code as bin_code', 'z.code as zone_code'])
		.where(scan ? sql<number>`+p.store_id` : sql<number>`p.store_id`, '=', storeId)
		.where('p.active', '=', 1);
}

type PartRow = Awaited<ReturnType<ReturnType<typeof partQuery>['executeTakeFirstOrThrow']>>;

export function toPartView(row: PartRow): PartView {
	return { ...camelize(row), low: isLow(row.on_hand, row.min_qty) };
}

export async function partView(db: Db, storeId: number, id: number): Promise<PartView | undefined> {
	const row = await partQuery(db, storeId).where('p.id', '=', id).executeTakeFirst();
	return row && toPartView(row);
}

/** A part number as compared with a typed key (searchText): without its dashes; LIKE ignores case. */
const numberKey = sql<string>`replace(p.number, '-', '')`;

/** A number column as searchText() writes a key: without dashes, spaces, dots, slashes or underscores. */
export const normalisedNumber = (column: string) =>
	sql<string>`replace(replace(replace(replace(replace(${sql.ref(column)}, '-', ''), ' ', ''), '.', ''), '/', ''), '_', '')`;

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// `like` is ASCII case-insensitive in SQLite; PostgreSQL says so with `ilike`.
export const like = (column: RawBuilder<string> | string, pattern: string) => sql<boolean>`${typeof column === 'string' ? sql.ref(column) : column} ${sql.raw(onPostgres() ? 'ilike' : 'like')} ${pattern} escape '\\'`;
const any = (conditions: RawBuilder<boolean>[]) => sql<boolean>`(${sql.join(conditions, sql` or `)})`;

/** A part by what a scanner or a person typed exactly: its barcode or its number (case and dashes ignored). */
export async function partByCode(db: Db, storeId: number, code: string): Promise<PartView | undefined> {
	const exact = code.trim();
	if (!exact) return undefined;
	const row =
		(await partQuery(db, storeId).where((eb) => eb.or([eb('p.barcode', '=', exact), eb('p.number', '=', exact)])).executeTakeFirst()) ??
		(searchText(exact) ? await partQuery(db, storeId).where(like(normalisedNumber('p.number'), escapeLike(searchText(exact)))).executeTakeFirst() : undefined);
	return row && toPartView(row);
}

export const SEARCH_LIMIT = 30;
export const SEARCH_MAX_LIMIT = 100;

/**
 * Search as the kiosk's box does it, in one query over the store's parts:
 * - a part number from its start, dashes and spaces typed or not (04152y finds 04152-YZZA1);
 *   a barcode exactly (a scan);
 * - a name in Chinese by any part of it (滤), in English by any part of it (case ignored);
 * - pinyin initials from the start or from any syllable (jlq → 机滤器; lq finds it too, as 滤器 is
 *   found inside the name), full pinyin from the start of the name or of any later syllable
 *   (jilv, lvqi), never from inside a syllable (hua does not find 转 zhuan; see search-keys.ts);
 * - initials as an abbreviation from the first syllable on (jlq, 机滤, finds 机油滤清器 jylqq), last;
 * - a vehicle model by any part of it (camry).
 * Exact matches first (number, barcode, name, pinyin or initials of the whole name), then matches
 * from the start, then the rest, then abbreviations; within a rank by number. At most `limit` (≤ SEARCH_MAX_LIMIT) parts.
 */
export async function searchParts(db: Db, storeId: number, q: string, limit = SEARCH_LIMIT): Promise<PartView[]> {
	const text = q.trim().slice(0, 60);
	if (!text) return [];
	const key = searchText(text);
	// Pinyin and initials only for what a Latin keyboard types (letters and digits).
	const latin = /^[a-z0-9]+$/.test(key);
	let abbreviation: RawBuilder<boolean> | null = null;
	const t = escapeLike(text);
	const k = escapeLike(key);
	const exact: RawBuilder<boolean>[] = [sql<boolean>`p.barcode = ${text}`, like('p.name_zh', t), like('p.name_en', t)];
	const prefix: RawBuilder<boolean>[] = [like('p.name_zh', `${t}%`), like('p.name_en', `${t}%`)];
	const found: RawBuilder<boolean>[] = [sql<boolean>`p.barcode = ${text}`, like('p.name_zh', `%${t}%`), like('p.name_en', `%${t}%`), like('p.models', `%${t}%`)];
	// The number as printed (spaces and all) or without its dashes.
	exact.push(like('p.number', t));
	prefix.push(like('p.number', `${t}%`));
	found.push(like('p.number', `${t}%`));
	if (key) {
		exact.push(like(numberKey, k));
		prefix.push(like(numberKey, `${k}%`));
		found.push(like(numberKey, `${k}%`));
	}
	if (latin) {
		exact.push(sql<boolean>`p.initials = ${key}`, like('p.pinyin', k), like('p.pinyin', `${k} %`));
		prefix.push(like('p.initials', `${k}%`), like('p.pinyin', `${k}%`));
		// pinyin holds "jilvqi lvqi qi": a word's start is the start of the name or of a later syllable.
		found.push(like('p.initials', `%${k}%`), like('p.pinyin', `${k}%`), like('p.pinyin', `% ${k}%`));
		// An abbreviation by initials, from the name's first syllable: 机滤 (jl) for 机油滤清器 (jylqq).
		if (key.length >= 2 && key.length <= 12) abbreviation = like('p.initials', `${key.split('').join('%')}%`);
	}
	const n = Math.max(1, Math.min(SEARCH_MAX_LIMIT, Math.floor(limit) || SEARCH_LIMIT));
	const rows = await partQuery(db, storeId, true)
		.select(sql<number>`case when ${any(exact)} then 0 when ${any(prefix)} then 1 else 2 end`.as('rank'))
		.where(any(found))
		.orderBy('rank')
		.orderBy('p.number')
		.limit(n)
		.execute();
	const views = rows.map(({ rank: _rank, ...row }) => toPartView(row));
	// Abbreviations only fill what room is left (they are many, and the least likely meant).
	if (abbreviation && views.length < n) {
		// Below the limit, the first query returned every match: the rest are the abbreviations.
		let more = partQuery(db, storeId, true).where(abbreviation);
		if (views.length) more = more.where('p.id', 'not in', views.map((v) => v.id));
		views.push(...(await more.orderBy('p.number').limit(n - views.length).execute()).map(toPartView));
	}
	return views;
}

/** The store's parts by number (a list without a search), at most `limit`. */
export async function firstParts(db: Db, storeId: number, limit = SEARCH_LIMIT): Promise<PartView[]> {
	const rows = await partQuery(db, storeId).orderBy('p.number').limit(Math.max(1, Math.min(SEARCH_MAX_LIMIT, limit))).execute();
	return rows.map(toPartView);
}

export async function zoneViews(db: Db, storeId: number): Promise<ZoneView[]> {
	const rows = await db.selectFrom('part_zones').selectAll().where('store_id', '=', storeId).orderBy('sort').orderBy('code').execute();
	return rows.map(({ store_id: _s, ...z }) => camelize(z));
}

/** Every bin in walking order: zone, rack, shelf from the floor up, position. */
export async function binViews(db: Db, storeId: number): Promise<BinView[]> {
	const rows = await db
		.selectFrom('part_bins as b')
		.innerJoin('part_zones as z', 'z.id', 'b.zone_id')
		.select(['b.id', 'b.zone_id', 'b.code', 'b.rack', 'b.shelf', 'b.position', 'b.version', 'z.code as zone_code'])
		.where('b.store_id', '=', storeId)
		.orderBy('z.sort')
		.orderBy('z.code')
		.orderBy('b.rack')
		.orderBy('b.shelf')
		.orderBy('b.position')
		.execute();
	return rows.map((r) => camelize(r));
}

export async function binView(db: Db, storeId: number, id: number): Promise<BinView | undefined> {
	return (await binViews(db, storeId)).find((b) => b.id === id);
}

export async function zoneView(db: Db, storeId: number, id: number): Promise<ZoneView | undefined> {
	return (await zoneViews(db, storeId)).find((z) => z.id === id);
}

/** One stock movement as the part's history shows it: what changed, where, why, and who. */
export interface MovementView {
	id: number;
	kind: MovementKind;
	/** Signed change of on-hand (0 for a move). */
	qty: number;
	onHandAfter: number;
	fromBinCode: string | null;
	toBinCode: string | null;
	reason: string | null;
	roNumber: string | null;
	actorName: string;
	at: number;
}

/** A part's latest movements, newest first. */
export async function partMovements(db: Db, storeId: number, partId: number, limit = 50): Promise<MovementView[]> {
	return db
		.selectFrom('stock_movements as m')
		.leftJoin('part_bins as fb', 'fb.id', 'm.from_bin_id')
		.leftJoin('part_bins as tb', 'tb.id', 'm.to_bin_id')
		.leftJoin('repair_orders as ro', 'ro.id', 'm.repair_order_id')
		.select([
			'm.id',
			'm.kind',
			'm.qty',
			'm.on_hand_after as onHandAfter',
			'fb.code as fromBinCode',
			'tb.code as toBinCode',
			'm.reason',
			'ro.number as roNumber',
			'm.actor_name as actorName',
			'm.at'
		])
		.where('m.store_id', '=', storeId)
		.where('m.part_id', '=', partId)
		.orderBy('m.at', 'desc')
		.orderBy('m.id', 'desc')
		.limit(limit)
		.execute();
}

/** Parts below their threshold with how many to order (reorderSuggestion), the emptiest first. */
export async function reorderParts(db: Db, storeId: number): Promise<(PartView & { suggested: number })[]> {
	const rows = await partQuery(db, storeId)
		.where('p.min_qty', '>', 0)
		.whereRef('p.on_hand', '<', 'p.min_qty')
		.orderBy(sql`cast(p.on_hand as real) / p.min_qty`)
		.orderBy('p.number')
		.execute();
	return rows.map((row) => ({ ...toPartView(row), suggested: reorderSuggestion(row.on_hand, row.min_qty) }));
}

export interface SlowList {
	/** The slow parts, most valuable first (at most `limit`). */
	items: (PartView & { value: number })[];
	/** How many parts are slow in all. */
	count: number;
	/** Value of all the slow stock, fen. */
	slowValue: number;
	/** Value of all the stock, fen. */
	stockValue: number;
	slowShare: number;
	days: number;
}

/** Stock with no issue in `days` (slowMovers), with its value against the store's whole stock. */
export async function slowParts(db: Db, storeId: number, now: number, days = SLOW_DAYS, limit = 200): Promise<SlowList> {
	const stock = await db
		.selectFrom('parts')
		.select(['id', 'on_hand as onHand', 'price', 'last_issued_at as lastIssuedAt', 'created_at as createdAt'])
		.where('store_id', '=', storeId)
		.where('active', '=', 1)
		.where('on_hand', '>', 0)
		.execute();
	const report = slowMovers(stock, now, days);
	const top = report.items.slice(0, limit);
	const views = top.length ? await partQuery(db, storeId).where('p.id', 'in', top.map((r) => r.id)).execute() : [];
	const byId = new Map(views.map((row) => [row.id, toPartView(row)]));
	return {
		items: top.map((r) => ({ ...byId.get(r.id)!, value: r.value })),
		count: report.items.length,
		slowValue: report.slowValue,
		stockValue: report.stockValue,
		slowShare: report.slowShare,
		days
	};
}
