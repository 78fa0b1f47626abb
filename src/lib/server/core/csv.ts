import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { CommandError } from './commands';

/**
 * CSV files as shops have them: UTF-8 with or without a byte-order mark, or GBK from an older
 * dealer management system's export. A BOM decides; otherwise strict UTF-8, and GBK when the
 * bytes are not UTF-8.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'gbk' } {
	if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: iconv.decode(bytes, 'gbk'), encoding: 'gbk' };
	}
}

/** Rows by header name, with each row's line number in the file (the header is line 1). */
export function parseCsv(bytes: Buffer, columns: readonly string[]): { encoding: string; rows: { line: number; values: Record<string, string> }[] } {
	const { text, encoding } = decodeText(bytes);
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
	const missing = columns.filter((c) => !parsed.meta.fields?.includes(c));
	if (missing.length) throw new CommandError(400, 'invalid_input', `file: the header needs the columns ${columns.join(', ')} (missing ${missing.join(', ')})`, 'file');
	if (parsed.data.length > 2000) throw new CommandError(400, 'invalid_input', 'file: at most 2,000 rows at once', 'file');
	return {
		encoding,
		rows: parsed.data.map((values, i) => ({ line: i + 2, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, (v ?? '').trim()])) }))
	};
}

/** A CSV file as spreadsheets in China open it: UTF-8 with a byte-order mark, CRLF lines. */
export function toCsv(columns: readonly string[], rows: Record<string, string | number | null>[]): string {
	return '\uFEFF' + Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => r[c] ?? '')) }, { newline: '\r\n' });
}
