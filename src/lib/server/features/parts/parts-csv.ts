import Papa from 'papaparse';
import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { CommandError, defineCommand } from '$lib/server/core/commands';
import { decodeText, toCsv } from '$lib/server/core/csv';
import { report, rowErrors, type ImportReport, type ImportRow } from '$lib/server/core/imports';
import { actorOf } from '$lib/server/features/access/principal';
import { MAX_PRICE_FEN, MAX_QTY } from '$lib/domain/stock';
import { fenFromYuan } from '$lib/domain/money';
import { partImages } from './commands';
import { searchKeys, searchText } from './search-keys';
import type { EntityImage } from '$lib/server/core/projections';
import { zoneKinds, type ZoneKind } from './table';

/**
 * The parts room as spreadsheets: bins (with their zones), parts, and stock, the shape a dealer
 * management system (DMS) exports. Files are UTF-8 with or without a BOM, or GBK from an older
 * Chinese system (core/csv.ts decides). Headers are matched by name in English or Chinese, in
 * any order; columns nobody asked for are ignored. The accepted names (docs/parts-csv.md):
 *
 * bins:  zone (库区, 区域, 库区编码) · zone_name_zh (库区名称, 区域名称) · zone_name_en (库区英文名称)
 *        · zone_kind (库区类型) · bin (库位, 货位, 库位编码, 货位编码, 库位号, 货位号) · rack (货架, 货架号, 排)
 *        · shelf (层, 层号, 货架层) · position (位置, 位, 格, 列)
 * parts: number (配件编号, 零件号, 配件号, 零件编号, 配件代码, 备件编号, 零件编码) · barcode (条码, 条形码)
 *        · name_zh (名称, 配件名称, 零件名称, 中文名称, 备件名称) · name_en (英文名称, 英文名)
 *        · models (适用车型, 车型) · unit (单位, 计量单位) · price (单价, 销售价, 售价, 销售单价, 价格; yuan)
 *        · min_qty (安全库存, 最低库存, 最小库存, 库存下限) · bin (库位, 货位, …)
 * stock: number (…) · on_hand (库存, 数量, 库存数量, 在库数量, 现存量, 实盘数量) · bin (optional)
 *
 * Every import is read whole first (`preview*`: what each row would do, or its errors, with the
 * line in the file), and applied only when no row has an error, in one command (one transaction,
 * one event). Rows that change nothing are counted and not written.
 */

/** A file may be this large (bytes) and hold this many rows: the 20,000-part store imports in one go. */
export const CSV_FILE_LIMIT = 5 * 1024 * 1024;
export const CSV_ROW_LIMIT = 50_000;

interface Column {
	/** As exported, and as a preview names a row's fields. */
	name: string;
	required: boolean;
	/** What else a header may say (compared without case, spaces or a unit in brackets). */
	aliases: readonly string[];
}

const col = (name: string, required: boolean, ...aliases: string[]): Column => ({ name, required, aliases });
const numberAliases = ['编号', '配件编号', '零件号', '配件号', '零件编号', '配件代码', '备件编号', '备件号', '零件编码', '配件编码', 'part_number', 'partno', 'part_no'];
const binAliases = ['库位', '货位', '库位编码', '货位编码', '库位号', '货位号', '库位代码', 'bin_code', 'location'];

export const binColumns = [
	col('zone', true, '库区', '区域', '库区编码', '区域编码', '库区代码', 'zone_code'),
	col('zone_name_zh', false, '库区名称', '区域名称', '库区中文名称'),
	col('zone_name_en', false, '库区英文名称', '区域英文名称'),
	col('zone_kind', false, '库区类型', '区域类型'),
	col('bin', true, ...binAliases),
	col('rack', true, '货架', '货架号', '排'),
	col('shelf', true, '层', '层号', '货架层'),
	col('position', false, '位置', '位', '格', '列')
] as const;

export const partColumns = [
	col('number', true, ...numberAliases),
	col('barcode', false, '条码', '条形码', 'ean'),
	col('name_zh', true, '名称', '配件名称', '零件名称', '中文名称', '备件名称', '品名', 'name'),
	col('name_en', false, '英文名称', '英文名'),
	col('models', false, '适用车型', '车型', 'model'),
	col('unit', false, '单位', '计量单位'),
	col('price', true, '单价', '销售价', '售价', '销售单价', '价格', '零售价'),
	col('min_qty', false, '安全库存', '最低库存', '最小库存', '库存下限', 'min'),
	col('bin', false, ...binAliases)
] as const;

export const stockColumns = [
	col('number', true, ...numberAliases),
	col('on_hand', true, '库存', '数量', '库存数量', '在库数量', '现存量', '实盘数量', '库存量', 'qty', 'quantity', 'stock'),
	col('bin', false, ...binAliases)
] as const;

/** Compared without case, spaces, a unit in brackets ("单价（元）") or the difference of - and _. */
function headerKey(h: string): string {
	return h
		.replace(/^\uFEFF/, '')
		.replace(/[(（][^)）]*[)）]/g, '')
		.replace(/[\s]/g, '')
		.replace(/-/g, '_')
		.toLowerCase();
}

interface Table {
	encoding: string;
	/** The columns the file has (by their export name). */
	present: Set<string>;
	rows: { line: number; values: Record<string, string> }[];
}

/**
 * A file's rows by column name, each with its line in the file (the header is line 1; a quoted
 * value over two lines counts both). 400 when a required column is missing (named), when the file
 * is empty or holds more than CSV_ROW_LIMIT rows.
 */
export function readTable(bytes: Buffer, columns: readonly Column[]): Table {
	const { text, encoding } = decodeText(bytes);
	const index = new Map<string, string>();
	for (const c of columns) for (const a of [c.name, ...c.aliases]) index.set(headerKey(a), c.name);
	let header: (string | null)[] | null = null;
	let headerLine = 0;
	let newlines = 0;
	let seen = 0;
	let tooMany = false;
	const rows: Table['rows'] = [];
	Papa.parse<string[]>(text, {
		step: (result, parser) => {
			const line = newlines + 1;
			const end = result.meta.cursor;
			for (let i = seen; i < end; i++) if (text.charCodeAt(i) === 10) newlines++;
			seen = end;
			const cells = result.data;
			if (cells.every((c) => c.trim() === '')) return;
			if (!header) {
				const taken = new Set<string>();
				header = cells.map((h) => {
					const name = index.get(headerKey(h));
					if (!name || taken.has(name)) return null;
					taken.add(name);
					return name;
				});
				headerLine = line;
				return;
			}
			if (rows.length >= CSV_ROW_LIMIT) {
				tooMany = true;
				parser.abort();
				return;
			}
			const values: Record<string, string> = {};
			header.forEach((name, i) => {
				if (name) values[name] = (cells[i] ?? '').trim();
			});
			rows.push({ line, values });
		}
	});
	if (!header) throw new CommandError(400, 'invalid_input', 'file: the file is empty (it needs a header line and rows)', 'file');
	const present = new Set((header as (string | null)[]).filter((n): n is string => n !== null));
	const missing = columns.filter((c) => c.required && !present.has(c.name));
	if (missing.length) {
		const named = missing.map((c) => `${c.name} (${c.aliases.filter((a) => /[^\x00-\x7f]/.test(a)).slice(0, 3).join('/')})`);
		throw new CommandError(400, 'missing_columns', `file: the header (line ${headerLine}) has no column ${named.join(', ')}`, 'file', {
			missing: missing.map((c) => c.name)
		});
	}
	if (tooMany) throw new CommandError(400, 'too_many_rows', `file: at most ${CSV_ROW_LIMIT.toLocaleString('en')} rows at once`, 'file');
	return { encoding, present, rows };
}

/* ---------- values as the files write them ---------- */

/** Whole units: 12, or 12.00 as some systems write them. */
const quantity = (max: number) =>
	z
		.string()
		.transform((s) => s.replace(/,/g, ''))
		.refine((s) => /^-?\d+(\.0+)?$/.test(s), 'a whole number')
		.transform((s) => Number.parseInt(s, 10))
		.refine((n) => n >= 0, 'may not be negative')
		.refine((n) => n <= max, `at most ${max.toLocaleString('en')}`);

/** Yuan with at most two decimals (¥ and thousands separators allowed) → fen, as domain/money reads a price. */
const yuan = z
	.string()
	.refine((s) => s !== '', 'the price is missing')
	.refine((s) => !s.trim().startsWith('-'), 'may not be negative')
	.transform((s) => fenFromYuan(s) ?? NaN)
	.refine((n) => !Number.isNaN(n), 'yuan with at most two decimals (12.50)')
	.refine((n) => Number.isNaN(n) || n <= MAX_PRICE_FEN, `at most ${(MAX_PRICE_FEN / 100).toLocaleString('en')} yuan`);

/** As the catalogue's own form takes them (commands.ts): A-1-3; a zone a letter, then letters or digits. */
const binCode = z
	.string()
	.min(1, 'missing')
	.max(20, 'at most 20 characters')
	.regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'letters and digits, parts joined by dashes (A-1-3)')
	.transform((s) => s.toUpperCase());
const zoneCode = z
	.string()
	.min(1, 'missing')
	.max(4, 'at most 4 characters')
	.regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a letter, then letters or digits (A, B, C1)')
	.transform((s) => s.toUpperCase());

const partNumber = z
	.string()
	.min(1, 'missing')
	.max(40, 'at most 40 characters')
	.regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'letters, digits, dashes, dots and spaces only');

const whole = (min: number, max: number) =>
	z
		.string()
		.refine((s) => /^\d+$/.test(s), 'a whole number')
		.transform(Number)
		.refine((n) => n >= min && n <= max, `from ${min} to ${max}`);

/* ---------- bins ---------- */

export const binImportRow = z.object({
	zone: zoneCode,
	zoneNameZh: z.string().max(40, 'at most 40 characters'),
	zoneNameEn: z.string().max(60, 'at most 60 characters'),
	zoneKind: z.enum(zoneKinds).optional(),
	code: binCode,
	rack: z.number().int().min(1).max(99),
	shelf: z.number().int().min(1).max(20),
	position: z.number().int().min(1).max(99)
});
export type BinImport = z.output<typeof binImportRow>;

const binRowSchema = z.object({
	zone: zoneCode,
	zoneNameZh: z.string().max(40, 'at most 40 characters'),
	zoneNameEn: z.string().max(60, 'at most 60 characters'),
	zoneKind: z
		.string()
		.transform((s) => s.toLowerCase().replace(/[\s-]/g, '_'))
		.refine((s) => s === '' || (zoneKinds as readonly string[]).includes(s), `one of ${zoneKinds.join(', ')}`)
		.transform((s) => (s === '' ? undefined : (s as ZoneKind))),
	code: binCode,
	rack: whole(1, 99),
	shelf: whole(1, 20),
	position: whole(1, 99)
});
const binField: Record<string, string> = { zone: 'zone', zoneNameZh: 'zone_name_zh', zoneNameEn: 'zone_name_en', zoneKind: 'zone_kind', code: 'bin', rack: 'rack', shelf: 'shelf', position: 'position' };

/** A row of a preview: what it would do, and (an update) which fields change from what to what. */
export interface PartsImportRow extends ImportRow {
	changes?: { field: string; from: string | number | null; to: string | number | null }[];
}

export interface Preview<T> {
	report: ImportReport;
	valid: T[];
}

function changes(pairs: [string, string | number | null, string | number | null][]): PartsImportRow['changes'] {
	return pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to }));
}

export async function binsCsv(db: Db, storeId: number): Promise<string> {
	const rows = await db
		.selectFrom('part_bins as b')
		.innerJoin('part_zones as z', 'z.id', 'b.zone_id')
		.select(['z.code as zone', 'z.name_zh as zone_name_zh', 'z.name_en as zone_name_en', 'z.kind as zone_kind', 'b.code as bin', 'b.rack', 'b.shelf', 'b.position'])
		.where('b.store_id', '=', storeId)
		.orderBy('z.sort')
		.orderBy('z.code')
		.orderBy('b.rack')
		.orderBy('b.shelf')
		.orderBy('b.position')
		.execute();
	return toCsv(
		binColumns.map((c) => c.name),
		rows
	);
}

/** Reads a bins file against the store's zones and bins: each row's action, or its errors. Writes nothing. */
export async function previewBins(db: Db, storeId: number, file: Buffer): Promise<Preview<BinImport>> {
	const { rows, encoding } = readTable(file, binColumns);
	const zones = new Map((await db.selectFrom('part_zones').selectAll().where('store_id', '=', storeId).execute()).map((z) => [z.code.toUpperCase(), z]));
	const bins = new Map(
		(
			await db
				.selectFrom('part_bins as b')
				.innerJoin('part_zones as z', 'z.id', 'b.zone_id')
				.select(['b.code', 'b.rack', 'b.shelf', 'b.position', 'z.code as zone'])
				.where('b.store_id', '=', storeId)
				.execute()
		).map((b) => [b.code.toUpperCase(), b])
	);
	const newZones = new Map<string, { line: number; nameZh: string }>();
	const placeOf = (b: { zone: string; rack: number; shelf: number; position: number }) => `${b.zone}|${b.rack}|${b.shelf}|${b.position}`;
	const parsed = rows.map(({ line, values }) => ({
		line,
		values,
		result: binRowSchema.safeParse({
			zone: values.zone ?? '',
			zoneNameZh: values.zone_name_zh ?? '',
			zoneNameEn: values.zone_name_en ?? '',
			zoneKind: values.zone_kind ?? '',
			code: values.bin ?? '',
			rack: values.rack ?? '',
			shelf: values.shelf ?? '',
			position: values.position || '1'
		})
	}));
	// Where each bin will stand once the file is in: the file's place, or where it is now.
	const fileBins = new Map(parsed.flatMap((p) => (p.result.success ? [[p.result.data.code, p.result.data] as const] : [])));
	const standing = new Map<string, string>();
	for (const [code, b] of bins) if (!fileBins.has(code)) standing.set(placeOf(b), code);
	const seen = new Map<string, number>();
	const placed = new Map<string, { code: string; line: number }>();
	const out: PartsImportRow[] = [];
	const valid: BinImport[] = [];
	for (const { line, values, result } of parsed) {
		if (!result.success) {
			out.push({ line, key: values.bin ?? '', action: 'error', errors: rowErrors(result.error, (f) => binField[f] ?? f) });
			continue;
		}
		const bin = result.data;
		const errors: ImportRow['errors'] = [];
		const twice = seen.get(bin.code);
		if (twice) errors.push({ field: 'bin', message: `${bin.code} is already on line ${twice}` });
		const zone = zones.get(bin.zone);
		if (!zone) {
			const named = newZones.get(bin.zone);
			if (!named && !bin.zoneNameZh) errors.push({ field: 'zone_name_zh', message: `zone ${bin.zone} is new: give its name` });
			else if (!named) newZones.set(bin.zone, { line, nameZh: bin.zoneNameZh });
		}
		const place = placeOf(bin);
		const here = placed.get(place);
		const other = standing.get(place);
		const where = `zone ${bin.zone}, rack ${bin.rack}, shelf ${bin.shelf}, position ${bin.position}`;
		if (!twice && here) errors.push({ field: 'position', message: `${here.code} on line ${here.line} is at the same place (${where})` });
		else if (!twice && other) errors.push({ field: 'position', message: `bin ${other} is already at ${where}` });
		if (errors.length) {
			out.push({ line, key: bin.code, action: 'error', errors });
			continue;
		}
		seen.set(bin.code, line);
		placed.set(place, { code: bin.code, line });
		const old = bins.get(bin.code);
		const diff = old
			? changes([
					['zone', old.zone, bin.zone],
					['rack', old.rack, bin.rack],
					['shelf', old.shelf, bin.shelf],
					['position', old.position, bin.position]
				])
			: undefined;
		const action = !old ? 'create' : diff!.length ? 'update' : 'unchanged';
		out.push({ line, key: bin.code, action, errors: [], ...(diff?.length ? { changes: diff } : {}) });
		if (action !== 'unchanged') valid.push(bin);
	}
	return { report: report(out, encoding, false), valid };
}

/** New and changed bins of a checked file (and the zones they name that are new), in one transaction and one event. */
export const importBins = defineCommand({
	type: 'partBin.import',
	permission: () => 'part.manage',
	schema: z.object({ bins: z.array(binImportRow).max(CSV_ROW_LIMIT) }),
	async handle(tx, input, env) {
		const zones = new Map((await tx.selectFrom('part_zones').select(['id', 'code']).where('store_id', '=', env.storeId).execute()).map((z) => [z.code.toUpperCase(), z.id]));
		const bins = new Map((await tx.selectFrom('part_bins').select(['id', 'code', 'version']).where('store_id', '=', env.storeId).execute()).map((b) => [b.code.toUpperCase(), b]));
		let nextSort = Number((await tx.selectFrom('part_zones').select((eb) => eb.fn.max('sort').as('s')).where('store_id', '=', env.storeId).executeTakeFirst())?.s ?? 0);
		const zonesCreated: string[] = [];
		let created = 0;
		for (const b of input.bins) {
			let zoneId = zones.get(b.zone);
			if (zoneId === undefined) {
				if (!b.zoneNameZh) throw new CommandError(422, 'invalid_rows', `zone_name_zh: zone ${b.zone} is new: give its name`, 'zone_name_zh');
				const row = await tx
					.insertInto('part_zones')
					.values({ store_id: env.storeId, code: b.zone, name_zh: b.zoneNameZh, name_en: b.zoneNameEn || b.zoneNameZh, kind: b.zoneKind ?? 'common', sort: ++nextSort })
					.returning('id')
					.executeTakeFirstOrThrow();
				zoneId = row.id;
				zones.set(b.zone, zoneId);
				zonesCreated.push(b.zone);
			}
			const old = bins.get(b.code);
			const values = { zone_id: zoneId, rack: b.rack, shelf: b.shelf, position: b.position };
			if (old) await tx.updateTable('part_bins').set({ ...values, version: old.version + 1 }).where('id', '=', old.id).execute();
			else {
				await tx.insertInto('part_bins').values({ ...values, store_id: env.storeId, code: b.code }).execute();
				created++;
			}
		}
		const counts = { created, updated: input.bins.length - created, zonesCreated };
		return {
			result: counts,
			event: { type: 'partBin.imported', subjectKind: 'store', subjectId: env.storeId, data: { ...counts, bins: input.bins.slice(0, 200).map((b) => b.code), more: Math.max(0, input.bins.length - 200) }, images: [] }
		};
	}
});

/* ---------- parts ---------- */

export const partImportRow = z.object({
	number: partNumber,
	/** Undefined: the file has no such column (a part keeps what it has). */
	barcode: z.string().max(64).nullable().optional(),
	nameZh: z.string().min(1).max(60),
	nameEn: z.string().max(80).optional(),
	models: z.string().max(200).optional(),
	unit: z.string().max(8).optional(),
	price: z.number().int().min(0).max(MAX_PRICE_FEN),
	minQty: z.number().int().min(0).max(MAX_QTY).optional(),
	bin: z.string().max(20).nullable().optional()
});
export type PartImport = z.output<typeof partImportRow>;

const partRowSchema = z.object({
	number: partNumber,
	barcode: z
		.string()
		.max(64, 'at most 64 characters')
		.regex(/^[\x21-\x7e]*$/, 'printable Latin characters only (what a scanner sends)')
		.optional(),
	nameZh: z.string().min(1, 'the name is missing').max(60, 'at most 60 characters'),
	nameEn: z.string().max(80, 'at most 80 characters').optional(),
	models: z.string().max(200, 'at most 200 characters').optional(),
	unit: z.string().max(8, 'at most 8 characters').optional(),
	price: yuan,
	minQty: quantity(MAX_QTY).optional(),
	bin: z.string().max(20, 'at most 20 characters').optional()
});
const partField: Record<string, string> = { number: 'number', barcode: 'barcode', nameZh: 'name_zh', nameEn: 'name_en', models: 'models', unit: 'unit', price: 'price', minQty: 'min_qty', bin: 'bin' };

/** Fen as the file writes it: 1234 → "12.34". */
export const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export async function partsCsv(db: Db, storeId: number): Promise<string> {
	const rows = await db
		.selectFrom('parts as p')
		.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
		.select(['p.number', 'p.barcode', 'p.name_zh', 'p.name_en', 'p.models', 'p.unit', 'p.price', 'p.min_qty', 'b.code as bin'])
		.where('p.store_id', '=', storeId)
		.where('p.active', '=', 1)
		.orderBy('p.number')
		.execute();
	return toCsv(
		partColumns.map((c) => c.name),
		rows.map((r) => ({ ...r, price: yuanText(r.price) }))
	);
}

/** The store's bins by code (upper case), for a file's bin column. */
async function binIds(db: Db, storeId: number): Promise<Map<string, { id: number; code: string }>> {
	return new Map((await db.selectFrom('part_bins').select(['id', 'code']).where('store_id', '=', storeId).execute()).map((b) => [b.code.toUpperCase(), b]));
}

/** Reads a parts file against the store's parts and bins: each row's action, or its errors. Writes nothing. */
export async function previewParts(db: Db, storeId: number, file: Buffer): Promise<Preview<PartImport>> {
	const { rows, encoding, present } = readTable(file, partColumns);
	const bins = await binIds(db, storeId);
	const binCodes = new Map([...bins.values()].map((b) => [b.id, b.code]));
	const existing = await db
		.selectFrom('parts')
		.select(['id', 'number', 'barcode', 'name_zh', 'name_en', 'models', 'unit', 'price', 'min_qty', 'bin_id'])
		.where('store_id', '=', storeId)
		.where('active', '=', 1)
		.execute();
	const byNumber = new Map(existing.map((p) => [p.number, p]));
	// Numbers compare as a scan finds them (no case, dashes or spaces): 04152YZZA1 is 04152-YZZA1.
	const byKey = new Map(existing.map((p) => [searchText(p.number), p.number]));
	const barcodeOwner = new Map(existing.filter((p) => p.barcode).map((p) => [p.barcode!, p.number]));
	const has = (c: string) => present.has(c);
	const seen = new Map<string, number>();
	const seenBarcode = new Map<string, number>();
	const out: PartsImportRow[] = [];
	const valid: PartImport[] = [];
	for (const { line, values } of rows) {
		const parsed = partRowSchema.safeParse({
			number: values.number ?? '',
			barcode: has('barcode') ? values.barcode : undefined,
			nameZh: values.name_zh ?? '',
			nameEn: has('name_en') ? values.name_en : undefined,
			models: has('models') ? values.models : undefined,
			unit: has('unit') ? values.unit : undefined,
			price: values.price ?? '',
			minQty: has('min_qty') ? values.min_qty || '0' : undefined,
			bin: has('bin') ? values.bin : undefined
		});
		if (!parsed.success) {
			out.push({ line, key: values.number ?? '', action: 'error', errors: rowErrors(parsed.error, (f) => partField[f] ?? f) });
			continue;
		}
		const p = parsed.data;
		const old = byNumber.get(p.number);
		const errors: ImportRow['errors'] = [];
		const twice = seen.get(searchText(p.number));
		const spelled = byKey.get(searchText(p.number));
		if (twice) errors.push({ field: 'number', message: `${p.number} is already on line ${twice}` });
		else if (!old && spelled) errors.push({ field: 'number', message: `${p.number} is part ${spelled} already (written differently)` });
		const bin = p.bin ? bins.get(p.bin.toUpperCase()) : undefined;
		if (p.bin && !bin) errors.push({ field: 'bin', message: `no bin ${p.bin} in this store (import the bins first)` });
		if (p.barcode) {
			const owner = barcodeOwner.get(p.barcode);
			const again = seenBarcode.get(p.barcode);
			if (again) errors.push({ field: 'barcode', message: `${p.barcode} is already on line ${again}` });
			else if (owner && owner !== p.number) errors.push({ field: 'barcode', message: `${p.barcode} is the barcode of ${owner}` });
		}
		if (errors.length) {
			out.push({ line, key: p.number, action: 'error', errors });
			continue;
		}
		seen.set(searchText(p.number), line);
		if (p.barcode) seenBarcode.set(p.barcode, line);
		const row: PartImport = {
			number: p.number,
			nameZh: p.nameZh,
			price: p.price,
			...(p.barcode !== undefined ? { barcode: p.barcode || null } : {}),
			// An empty English name keeps the part's own (a new part: the Chinese name until someone writes one).
			...(p.nameEn ? { nameEn: p.nameEn } : {}),
			...(p.models !== undefined ? { models: p.models } : {}),
			...(p.unit !== undefined && p.unit !== '' ? { unit: p.unit } : {}),
			...(p.minQty !== undefined ? { minQty: p.minQty } : {}),
			...(p.bin !== undefined ? { bin: bin?.code ?? null } : {})
		};
		const diff = old
			? changes([
					['barcode', old.barcode, row.barcode === undefined ? old.barcode : row.barcode],
					['name_zh', old.name_zh, row.nameZh],
					['name_en', old.name_en, row.nameEn ?? old.name_en],
					['models', old.models, row.models ?? old.models],
					['unit', old.unit, row.unit ?? old.unit],
					['price', yuanText(old.price), yuanText(row.price)],
					['min_qty', old.min_qty, row.minQty ?? old.min_qty],
					['bin', old.bin_id === null ? null : (binCodes.get(old.bin_id) ?? null), row.bin === undefined ? (old.bin_id === null ? null : (binCodes.get(old.bin_id) ?? null)) : row.bin]
				])
			: undefined;
		const action = !old ? 'create' : diff!.length ? 'update' : 'unchanged';
		out.push({ line, key: p.number, action, errors: [], ...(diff?.length ? { changes: diff } : {}) });
		if (action !== 'unchanged') valid.push(row);
	}
	return { report: report(out, encoding, false), valid };
}

/**
 * The open and picking pick lists that hold any of these parts, as live images: the kiosk shows
 * each line's stock, bin and names. Read once for the parts on open lists (a few), not per part.
 */
async function pickListImages(tx: Db, storeId: number, changed: number[]): Promise<EntityImage[]> {
	if (!changed.length) return [];
	const onLists = await tx
		.selectFrom('parts_request_lines as l')
		.innerJoin('parts_requests as pr', 'pr.id', 'l.request_id')
		.innerJoin('parts as p', 'p.id', 'l.part_id')
		.select('l.part_id')
		.distinct()
		.where('p.store_id', '=', storeId)
		.where('pr.status', 'in', ['open', 'picking'])
		.execute();
	const wanted = new Set(changed);
	return partImages(
		tx,
		storeId,
		onLists.map((r) => r.part_id).filter((id) => wanted.has(id))
	);
}

/** Rows of a multi-row INSERT (SQLite allows 32,766 variables a statement). */
const CHUNK = 500;

/** New and changed parts of a checked file, in one transaction and one event; pinyin keys written with each name. */
export const importParts = defineCommand({
	type: 'part.import',
	permission: () => 'part.manage',
	schema: z.object({ parts: z.array(partImportRow).max(CSV_ROW_LIMIT) }),
	async handle(tx, input, env) {
		const bins = await binIds(tx, env.storeId);
		const existing = new Map(
			(await tx.selectFrom('parts').select(['id', 'number', 'name_zh', 'version']).where('store_id', '=', env.storeId).execute()).map((p) => [p.number, p])
		);
		const binOf = (code: string | null | undefined) => {
			if (code === undefined || code === null) return code;
			const bin = bins.get(code.toUpperCase());
			if (!bin) throw new CommandError(422, 'invalid_rows', `bin: no bin ${code} in this store (import the bins first)`, 'bin');
			return bin.id;
		};
		// A DMS names many parts alike (机油滤清器 for every model): each name's pinyin is worked out once.
		const keys = new Map<string, ReturnType<typeof searchKeys>>();
		const keysOf = (name: string) => keys.get(name) ?? keys.set(name, searchKeys(name)).get(name)!;
		const inserts = [];
		const changed: number[] = [];
		let updated = 0;
		for (const p of input.parts) {
			const old = existing.get(p.number);
			const binId = binOf(p.bin);
			if (old) {
				const pinyin = old.name_zh === p.nameZh ? {} : keysOf(p.nameZh);
				await tx
					.updateTable('parts')
					.set({
						name_zh: p.nameZh,
						...pinyin,
						price: p.price,
						active: 1,
						version: old.version + 1,
						...(p.barcode !== undefined ? { barcode: p.barcode } : {}),
						...(p.nameEn !== undefined ? { name_en: p.nameEn } : {}),
						...(p.models !== undefined ? { models: p.models } : {}),
						...(p.unit !== undefined ? { unit: p.unit } : {}),
						...(p.minQty !== undefined ? { min_qty: p.minQty } : {}),
						...(binId !== undefined ? { bin_id: binId } : {})
					})
					.where('id', '=', old.id)
					.execute();
				changed.push(old.id);
				updated++;
			} else {
				inserts.push({
					store_id: env.storeId,
					number: p.number,
					barcode: p.barcode ?? null,
					name_zh: p.nameZh,
					name_en: p.nameEn || p.nameZh,
					...keysOf(p.nameZh),
					models: p.models ?? '',
					unit: p.unit ?? '个',
					price: p.price,
					min_qty: p.minQty ?? 0,
					bin_id: binId ?? null,
					created_at: env.now
				});
			}
		}
		for (let i = 0; i < inserts.length; i += CHUNK) await tx.insertInto('parts').values(inserts.slice(i, i + CHUNK)).execute();
		const counts = { created: inserts.length, updated };
		return {
			result: counts,
			event: {
				type: 'part.imported',
				subjectKind: 'store',
				subjectId: env.storeId,
				data: { ...counts, numbers: input.parts.slice(0, 200).map((p) => p.number), more: Math.max(0, input.parts.length - 200) },
				images: await pickListImages(tx, env.storeId, changed)
			}
		};
	}
});

/* ---------- stock ---------- */

export const stockImportRow = z.object({
	number: partNumber,
	onHand: z.number().int().min(0).max(MAX_QTY),
	/** Undefined: the part stays where it is. */
	bin: z.string().max(20).optional()
});
export type StockImport = z.output<typeof stockImportRow>;

const stockRowSchema = z.object({ number: partNumber, onHand: quantity(MAX_QTY), bin: z.string().max(20, 'at most 20 characters').optional() });
const stockField: Record<string, string> = { number: 'number', onHand: 'on_hand', bin: 'bin' };

export async function stockCsv(db: Db, storeId: number): Promise<string> {
	const rows = await db
		.selectFrom('parts as p')
		.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
		.select(['p.number', 'p.name_zh', 'b.code as bin', 'p.on_hand'])
		.where('p.store_id', '=', storeId)
		.where('p.active', '=', 1)
		.orderBy('p.number')
		.execute();
	// name_zh is there for whoever counts the shelf; an import reads number, on_hand and bin.
	return toCsv(['number', 'name_zh', 'bin', 'on_hand'], rows);
}

/** Reads a stock file (a count, or another system's stock) against the store's parts: each row's action, or its errors. */
export async function previewStock(db: Db, storeId: number, file: Buffer): Promise<Preview<StockImport>> {
	const { rows, encoding, present } = readTable(file, stockColumns);
	const bins = await binIds(db, storeId);
	const parts = new Map(
		(
			await db
				.selectFrom('parts as p')
				.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
				.select(['p.number', 'p.on_hand', 'b.code as bin'])
				.where('p.store_id', '=', storeId)
				.where('p.active', '=', 1)
				.execute()
		).map((p) => [p.number, p])
	);
	const seen = new Map<string, number>();
	const out: PartsImportRow[] = [];
	const valid: StockImport[] = [];
	for (const { line, values } of rows) {
		const parsed = stockRowSchema.safeParse({ number: values.number ?? '', onHand: values.on_hand ?? '', bin: present.has('bin') && values.bin ? values.bin : undefined });
		if (!parsed.success) {
			out.push({ line, key: values.number ?? '', action: 'error', errors: rowErrors(parsed.error, (f) => stockField[f] ?? f) });
			continue;
		}
		const s = parsed.data;
		const errors: ImportRow['errors'] = [];
		const twice = seen.get(s.number);
		if (twice) errors.push({ field: 'number', message: `${s.number} is already on line ${twice}` });
		const part = parts.get(s.number);
		if (!part) errors.push({ field: 'number', message: `no part ${s.number} in this store (import the parts first)` });
		const bin = s.bin ? bins.get(s.bin.toUpperCase()) : undefined;
		if (s.bin && !bin) errors.push({ field: 'bin', message: `no bin ${s.bin} in this store` });
		if (errors.length || !part) {
			out.push({ line, key: s.number, action: 'error', errors });
			continue;
		}
		seen.set(s.number, line);
		const row: StockImport = { number: s.number, onHand: s.onHand, ...(bin ? { bin: bin.code } : {}) };
		const diff = changes([
			['on_hand', part.on_hand, s.onHand],
			['bin', part.bin, bin ? bin.code : part.bin]
		])!;
		out.push({ line, key: s.number, action: diff.length ? 'update' : 'unchanged', errors: [], ...(diff.length ? { changes: diff } : {}) });
		if (diff.length) valid.push(row);
	}
	return { report: report(out, encoding, false), valid };
}

/** A stock file applied: each changed part's on-hand (and bin), with a movement of kind `import` by the actor; one transaction, one event. */
export const importStock = defineCommand({
	type: 'stock.import',
	permission: () => 'stock.adjust',
	schema: z.object({ rows: z.array(stockImportRow).max(CSV_ROW_LIMIT), reason: z.string().max(200).optional() }),
	async handle(tx, input, env) {
		const bins = await binIds(tx, env.storeId);
		const parts = new Map(
			(await tx.selectFrom('parts').select(['id', 'number', 'on_hand', 'bin_id', 'version']).where('store_id', '=', env.storeId).where('active', '=', 1).execute()).map((p) => [p.number, p])
		);
		const actor = actorOf(env.actor);
		const movements = [];
		let up = 0;
		let down = 0;
		for (const r of input.rows) {
			const part = parts.get(r.number);
			if (!part) throw new CommandError(422, 'invalid_rows', `number: no part ${r.number} in this store`, 'number');
			const binId = r.bin === undefined ? part.bin_id : bins.get(r.bin.toUpperCase())?.id;
			if (binId === undefined) throw new CommandError(422, 'invalid_rows', `bin: no bin ${r.bin} in this store`, 'bin');
			const qty = r.onHand - part.on_hand;
			if (qty === 0 && binId === part.bin_id) continue;
			await tx.updateTable('parts').set({ on_hand: r.onHand, bin_id: binId, version: part.version + 1 }).where('id', '=', part.id).execute();
			if (qty > 0) up += qty;
			else down -= qty;
			movements.push({
				store_id: env.storeId,
				part_id: part.id,
				kind: 'import' as const,
				qty,
				on_hand_after: r.onHand,
				from_bin_id: binId === part.bin_id ? null : part.bin_id,
				to_bin_id: binId === part.bin_id ? null : binId,
				reason: input.reason ?? 'CSV import',
				repair_order_id: null,
				slip_id: null,
				actor_id: actor.id,
				actor_name: actor.name,
				at: env.now
			});
		}
		for (let i = 0; i < movements.length; i += CHUNK) await tx.insertInto('stock_movements').values(movements.slice(i, i + CHUNK)).execute();
		const counts = { changed: movements.length, unitsIn: up, unitsOut: down };
		return {
			result: counts,
			event: {
				type: 'stock.imported',
				subjectKind: 'store',
				subjectId: env.storeId,
				data: { ...counts, numbers: input.rows.slice(0, 200).map((r) => r.number), more: Math.max(0, input.rows.length - 200) },
				images: await pickListImages(tx, env.storeId, movements.map((m) => m.part_id))
			}
		};
	}
});
