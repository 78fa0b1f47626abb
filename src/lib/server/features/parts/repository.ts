import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { camelize } from '$lib/server/core/rows';
import type { BinView, PartView, ZoneView } from './views';
import { searchText } from './search-keys';

/** The parts room's reads: plain functions, `db` first, each filtered by store. */

function partQuery(db: Db, storeId: number) {
	return db
		.selectFrom('parts as p')
		.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
		.leftJoin('part_zones as z', 'z.id', 'b.zone_id')
		.select(['p.id', 'p.number', 'p.barcode', 'p.name_zh', 'p.name_en', 'p.models', 'p.unit', 'p.price', 'p.min_qty', 'p.bin_id', 'p.on_hand', 'p.last_issued_at', 'p.version'])
		.select(['b.code as bin_code', 'z.code as zone_code'])
		.where('p.store_id', '=', storeId)
		.where('p.active', '=', 1);
}

type PartRow = Awaited<ReturnType<ReturnType<typeof partQuery>['executeTakeFirstOrThrow']>>;

export function toPartView(row: PartRow): PartView {
	return { ...camelize(row), low: row.min_qty > 0 && row.on_hand < row.min_qty };
}

export async function partView(db: Db, storeId: number, id: number): Promise<PartView | undefined> {
	const row = await partQuery(db, storeId).where('p.id', '=', id).executeTakeFirst();
	return row && toPartView(row);
}

/** A part by what a scanner or a person typed exactly: its barcode or its number (case and dashes ignored). */
export async function partByCode(db: Db, storeId: number, code: string): Promise<PartView | undefined> {
	const exact = code.trim();
	if (!exact) return undefined;
	const row =
		(await partQuery(db, storeId).where((eb) => eb.or([eb('p.barcode', '=', exact), eb('p.number', '=', exact)])).executeTakeFirst()) ??
		(await partQuery(db, storeId)
			.where(sql<string>`lower(replace(replace(p.number, '-', ''), ' ', ''))`, '=', searchText(exact))
			.executeTakeFirst());
	return row && toPartView(row);
}

export const SEARCH_LIMIT = 30;

/**
 * Search as the kiosk's box does it: a part number by its start (dashes ignored), a name in
 * Chinese or English by any part of it, pinyin in full or by initials (jlq → 机滤器), or a
 * vehicle model. Exact and prefix matches come first.
 */
export async function searchParts(db: Db, storeId: number, q: string, limit = SEARCH_LIMIT): Promise<PartView[]> {
	const text = q.trim();
	if (!text) return [];
	const key = searchText(text);
	const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const prefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const rows = await partQuery(db, storeId)
		.select(
			sql<number>`case
				when p.number = ${text} or p.barcode = ${text} then 0
				when lower(replace(p.number, '-', '')) like ${prefix(key)} escape '\\' then 1
				when p.initials like ${prefix(key)} escape '\\' or p.pinyin like ${prefix(key)} escape '\\' then 2
				else 3 end`.as('rank')
		)
		.where(
			sql<boolean>`(
				(${key} != '' and lower(replace(p.number, '-', '')) like ${prefix(key)} escape '\\')
				or p.barcode = ${text}
				or p.name_zh like ${like(text)} escape '\\'
				or lower(p.name_en) like ${like(text.toLowerCase())} escape '\\'
				or (${key} != '' and (p.initials like ${like(key)} escape '\\' or p.pinyin like ${prefix(key)} escape '\\'))
				or lower(p.models) like ${like(text.toLowerCase())} escape '\\'
			)`
		)
		.orderBy('rank')
		.orderBy('p.number')
		.limit(limit)
		.execute();
	return rows.map(({ rank: _rank, ...row }) => toPartView(row));
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
