/**
 * Bin and part labels as the parts room prints them: 70 × 37 mm, 24 to an A4 sheet (3 across,
 * 8 down: a common self-adhesive label sheet), each with a Code 128 barcode and a QR code of the
 * same text. What a label encodes is what the scanner must give back to find the part or bin:
 * a part's barcode when it has one (the EAN on the box), otherwise its number; a bin's code.
 */

export const LABEL_MM = { width: 70, height: 37 } as const;
export const SHEET_MM = { width: 210, height: 297 } as const;
export const SHEET_GRID = { columns: 3, rows: 8 } as const;
export const PER_SHEET = SHEET_GRID.columns * SHEET_GRID.rows;
/** One print page holds at most this many labels (20 sheets); a whole zone is printed a rack at a time beyond that. */
export const MAX_LABELS = 20 * PER_SHEET;
export const MAX_COPIES = PER_SHEET;

/** The text a part's label encodes: its barcode when set, otherwise its number. */
export function partLabelText(part: { number: string; barcode: string | null }): string {
	return part.barcode?.trim() || part.number;
}

/** Code 128 carries ASCII only (and the scanner types it back as keys): what cannot be encoded is not printed as a barcode. */
export function encodable(text: string): boolean {
	return text.length > 0 && text.length <= 80 && /^[\x20-\x7e]+$/.test(text);
}

/** One label as the print page lays it out (the barcodes as SVG, drawn on the server). */
export interface Label {
	kind: 'bin' | 'part';
	/** What is printed largest: the bin code or the part number. */
	title: string;
	nameZh: string;
	nameEn: string;
	/** The bin a part lives in; for a bin, its zone. */
	place: string | null;
	/** The parts in a bin (a few numbers), or a part's models. */
	note: string;
	/** What the barcodes encode. */
	encoded: string;
	code128: string | null;
	qr: string | null;
}

export type LabelRequest =
	| { kind: 'bins'; codes: string[]; copies: number }
	| { kind: 'parts'; ids: number[]; copies: number }
	| { kind: 'zone'; zone: string; of: 'bins' | 'parts'; copies: number }
	| { kind: 'none' };

const list = (v: string | null) =>
	(v ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);

/**
 * What a label page was asked for: `?bins=A-1-1,A-1-2`, `?parts=12,15` (part ids), or
 * `?zone=A` (every bin of the zone; `&of=parts` for the zone's parts instead), with
 * `&copies=N` of each (1 to 24). Duplicates are printed once per copy; nothing asked: none.
 */
export function labelRequest(params: URLSearchParams): LabelRequest {
	const copiesRaw = Number(params.get('copies') ?? '1');
	const copies = Number.isInteger(copiesRaw) ? Math.min(MAX_COPIES, Math.max(1, copiesRaw)) : 1;
	const bins = [...new Set(list(params.get('bins')).map((c) => c.toUpperCase()))];
	if (bins.length) return { kind: 'bins', codes: bins, copies };
	const ids = [...new Set(list(params.get('parts')).map(Number))].filter((n) => Number.isInteger(n) && n > 0);
	if (ids.length) return { kind: 'parts', ids, copies };
	const zone = (params.get('zone') ?? '').trim().toUpperCase();
	if (zone) return { kind: 'zone', zone, of: params.get('of') === 'parts' ? 'parts' : 'bins', copies };
	return { kind: 'none' };
}

/** Each label `copies` times (side by side on the sheet), and no more than MAX_LABELS in all. */
export function withCopies<T>(labels: T[], copies: number): { labels: T[]; cut: number } {
	const all = labels.flatMap((l) => Array.from({ length: copies }, () => l));
	return { labels: all.slice(0, MAX_LABELS), cut: Math.max(0, all.length - MAX_LABELS) };
}

/** Labels on A4 sheets, in order, PER_SHEET to a sheet. */
export function sheets<T>(labels: readonly T[], perSheet = PER_SHEET): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < labels.length; i += perSheet) out.push(labels.slice(i, i + perSheet));
	return out;
}
