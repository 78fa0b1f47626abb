/**
 * A table's rows as a CSV file the person downloads: UTF-8 with a byte-order mark (Excel then
 * opens Chinese text right), CRLF line ends, fields quoted where needed (papaparse `unparse`).
 */
import Papa from 'papaparse';

export type CsvCell = string | number | null;

/** The CSV text of rows (the first row is usually the header), with the BOM. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
	return '\uFEFF' + Papa.unparse(rows.map((r) => r.map((c) => (c === null ? '' : c))) as unknown[][], { newline: '\r\n' });
}

/** A safe file name from words (keeps letters of any script, digits, dots, dashes). */
export function csvFileName(...parts: string[]): string {
	return `${parts.join('_').replace(/[^\p{L}\p{N}.-]+/gu, '_').replace(/^_+|_+$/g, '')}.csv`;
}

/** Downloads rows as `fileName` (in the browser only). */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): void {
	const url = URL.createObjectURL(new Blob([csvText(rows)], { type: 'text/csv;charset=utf-8' }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
