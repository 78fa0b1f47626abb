import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { defineCommand } from '$lib/server/core/commands';
import { parseCsv, toCsv } from '$lib/server/core/csv';
import { report, rowErrors, type ImportReport, type ImportRow } from '$lib/server/core/imports';
import { standardTimeInput } from './commands';

/** The labour catalogue as a spreadsheet: one operation a row. */
export const catalogueColumns = ['code', 'name_zh', 'name_en', 'category', 'minutes_1', 'minutes_2'] as const;
const fieldColumn: Record<string, string> = { code: 'code', nameZh: 'name_zh', nameEn: 'name_en', category: 'category', minutes1: 'minutes_1', minutes2: 'minutes_2' };

type Operation = z.output<typeof standardTimeInput>;

export async function catalogueCsv(db: Db, storeId: number): Promise<string> {
	const rows = await db.selectFrom('standard_times').select([...catalogueColumns]).where('store_id', '=', storeId).orderBy('category').orderBy('code').execute();
	return toCsv(catalogueColumns, rows);
}

/** Reads a catalogue file against what the store has: each row's action, or its errors. Writes nothing. */
export async function previewCatalogue(db: Db, storeId: number, file: Buffer): Promise<{ report: ImportReport; valid: Operation[] }> {
	const { rows, encoding } = parseCsv(file, catalogueColumns);
	const existing = new Map((await db.selectFrom('standard_times').selectAll().where('store_id', '=', storeId).execute()).map((r) => [r.code, r]));
	const seen = new Set<string>();
	const out: ImportRow[] = [];
	const valid: Operation[] = [];
	for (const { line, values } of rows) {
		const parsed = standardTimeInput.safeParse({
			code: values.code,
			nameZh: values.name_zh,
			nameEn: values.name_en,
			category: values.category,
			minutes1: Number(values.minutes_1 || NaN),
			minutes2: Number(values.minutes_2 || NaN)
		});
		if (!parsed.success) {
			out.push({ line, key: values.code ?? '', action: 'error', errors: rowErrors(parsed.error, (f) => fieldColumn[f] ?? f) });
			continue;
		}
		const op = parsed.data;
		if (seen.has(op.code)) {
			out.push({ line, key: op.code, action: 'error', errors: [{ field: 'code', message: `${op.code} appears twice in the file` }] });
			continue;
		}
		seen.add(op.code);
		const old = existing.get(op.code);
		const same = old && old.name_zh === op.nameZh && old.name_en === op.nameEn && old.category === op.category && old.minutes_1 === op.minutes1 && old.minutes_2 === op.minutes2;
		out.push({ line, key: op.code, action: !old ? 'create' : same ? 'unchanged' : 'update', errors: [] });
		if (!same) valid.push(op);
	}
	return { report: report(out, encoding, false), valid };
}

/** Every new or changed operation of a checked file, in one transaction and one audited event. */
export const importCatalogue = defineCommand({
	type: 'standardTime.import',
	permission: () => 'catalogue.manage',
	schema: z.object({ operations: z.array(standardTimeInput).max(2000) }),
	async handle(tx, input, env) {
		let created = 0;
		for (const op of input.operations) {
			const values = { name_zh: op.nameZh, name_en: op.nameEn, category: op.category, minutes_1: op.minutes1, minutes_2: op.minutes2 };
			const old = await tx.selectFrom('standard_times').select(['id', 'version']).where('store_id', '=', env.storeId).where('code', '=', op.code).executeTakeFirst();
			if (old) await tx.updateTable('standard_times').set({ ...values, version: old.version + 1 }).where('id', '=', old.id).execute();
			else {
				await tx.insertInto('standard_times').values({ ...values, store_id: env.storeId, code: op.code }).execute();
				created++;
			}
		}
		const counts = { created, updated: input.operations.length - created };
		return { result: counts, event: { type: 'standardTime.imported', subjectKind: 'store', subjectId: env.storeId, data: { ...counts, codes: input.operations.map((o) => o.code) }, images: [] } };
	}
});
