import { z } from 'zod';
import type { ApiRequest } from './router';

/** One row of an import as the preview reports it. */
export interface ImportRow {
	line: number;
	key: string;
	action: 'create' | 'update' | 'unchanged' | 'error';
	errors: { field: string; message: string }[];
}

export interface ImportReport {
	applied: boolean;
	encoding: string;
	rows: ImportRow[];
	counts: Record<ImportRow['action'], number>;
}

export function report(rows: ImportRow[], encoding: string, applied: boolean): ImportReport {
	const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
	for (const r of rows) counts[r.action]++;
	return { applied, encoding, rows, counts };
}

/** A zod refusal as a row's errors, named by the file's columns. */
export function rowErrors(error: z.ZodError, column: (field: string) => string): { field: string; message: string }[] {
	return error.issues.map((i) => ({ field: column(String(i.path[0] ?? '')), message: i.message }));
}

/** A CSV import: a preview by default; `?apply=1` applies it when no row has an error (422 otherwise, nothing written). */
export async function csvImport<T>(request: ApiRequest, preview: () => Promise<{ report: ImportReport; valid: T[] }>, apply: (valid: T[]) => Promise<unknown>) {
	const { report: checked, valid } = await preview();
	if (request.url.searchParams.get('apply') !== '1') return { body: checked };
	if (checked.counts.error > 0) return { status: 422, body: { ...checked, error: 'invalid_rows', message: `file: ${checked.counts.error} rows have errors; nothing was imported`, field: 'file' } };
	if (valid.length) await apply(valid);
	return { body: { ...checked, applied: true } };
}
