import { z } from 'zod';

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
