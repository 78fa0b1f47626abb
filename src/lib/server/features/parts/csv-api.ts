import { CommandError } from '$lib/server/core/commands';
import type { CommandName } from '$lib/domain/permissions';
import { FileAnswer, type ApiAnswer, type ApiRequest, type Route } from '$lib/server/core/router';
import { errors, idempotencyHeader, jsonAnswer } from '$lib/server/core/openapi';
import { callerWho, runCommand } from '$lib/server/core/endpoints';
import type { Db } from '$lib/server/db/database';
import type { ImportReport } from '$lib/server/core/imports';
import { CSV_FILE_LIMIT, binsCsv, importBins, importParts, importStock, partsCsv, previewBins, previewParts, previewStock, stockCsv, type Preview } from './parts-csv';

/**
 * The parts room as CSV: export (UTF-8 with a BOM, so Excel opens the Chinese right) and import of
 * bins, parts and stock. An import with `?preview=1` says what each row would do and writes
 * nothing; without it, a file with any row in error is refused whole (422, the same per-row
 * report) and a clean one is applied in one command.
 */

const csvBody = { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'UTF-8 (with or without BOM) or GBK, at most 5 MB and 50,000 rows' } } } };
const previewParam = { name: 'preview', in: 'query', required: false, schema: { type: 'string', enum: ['1'] }, description: '1: only say what each row would do; nothing is written' };
const importAnswer = jsonAnswer(
	'each row: line, key, action (create, update, unchanged, error), its errors, and (update) the fields that change from → to; counts; applied: whether it was written'
);

async function importFile<T>(
	request: ApiRequest,
	permission: CommandName,
	preview: (db: Db, storeId: number, file: Buffer) => Promise<Preview<T>>,
	apply: (valid: T[]) => Promise<ApiAnswer>
): Promise<ApiAnswer> {
	const { storeId } = await callerWho(request, permission);
	const file = await request.raw(CSV_FILE_LIMIT);
	if (file.length === 0) throw new CommandError(400, 'invalid_input', 'file: send the CSV file as the body', 'file');
	const { report, valid } = await preview(request.app.db, storeId, file);
	if (request.url.searchParams.get('preview') === '1') return { body: report };
	if (report.counts.error > 0) {
		return { status: 422, body: { ...report, error: 'invalid_rows', message: `file: ${report.counts.error} rows have errors; nothing was imported`, field: 'file' } };
	}
	if (!valid.length) return { body: { ...report, applied: true } satisfies ImportReport };
	const answer = await apply(valid);
	const { seq } = answer.body as { seq: number };
	return { body: { ...report, applied: true, seq } };
}

const download = (path: string, what: string, permission: CommandName, name: string, read: (db: Db, storeId: number) => Promise<string>): Route => ({
	method: 'GET',
	path,
	doc: { summary: `${what} as CSV (UTF-8 with BOM)`, responses: { 200: { description: 'text/csv' }, ...errors(401, 403) } },
	handle: async (request) => {
		const { storeId } = await callerWho(request, permission);
		return { body: new FileAnswer('text/csv; charset=utf-8', name, await read(request.app.db, storeId)) };
	}
});

const upload = (path: string, summary: string, handle: Route['handle']): Route => ({
	method: 'POST',
	path,
	doc: { summary, parameters: [previewParam, idempotencyHeader], requestBody: csvBody, responses: { 200: importAnswer, ...errors(400, 401, 403, 413, 422) } },
	handle
});

export const partsCsvRoutes: Route[] = [
	download('/api/v1/part-bins.csv', 'The bins with their zones: zone, zone_name_zh, zone_name_en, zone_kind, bin, rack, shelf, position,', 'part.manage', 'part-bins.csv', binsCsv),
	download('/api/v1/parts.csv', 'The parts: number, barcode, name_zh, name_en, models, unit, price (yuan), min_qty, bin,', 'part.manage', 'parts.csv', partsCsv),
	download('/api/v1/stock.csv', 'The stock: number, name_zh, bin, on_hand,', 'stock.adjust', 'stock.csv', stockCsv),
	upload(
		'/api/v1/part-bins/import',
		'Import bins (and new zones) from CSV. Columns by name in English or Chinese: zone (库区), zone_name_zh (库区名称, for a new zone), zone_name_en, zone_kind, bin (库位/货位), rack (货架), shelf (层), position (位置)',
		(request) => importFile(request, 'part.manage', previewBins, (bins) => runCommand(request, importBins, { bins }))
	),
	upload(
		'/api/v1/parts/import',
		'Import parts from CSV. Columns: number (配件编号/零件号), barcode (条码), name_zh (名称), name_en (英文名称), models (适用车型), unit (单位), price in yuan (单价/销售价), min_qty (安全库存/最低库存), bin (库位/货位)',
		(request) => importFile(request, 'part.manage', previewParts, (parts) => runCommand(request, importParts, { parts }))
	),
	upload(
		'/api/v1/stock/import',
		'Import stock (a count, or another system\'s stock) from CSV: number (配件编号), on_hand (库存/数量), bin (optional: moves the part). Each change is a movement of kind import',
		(request) => importFile(request, 'stock.adjust', previewStock, (rows) => runCommand(request, importStock, { rows }))
	)
];
