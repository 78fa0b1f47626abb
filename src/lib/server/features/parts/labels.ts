import bwipjs, { type RenderOptions } from 'bwip-js/node';
import type { Db } from '$lib/server/db/database';
import { MAX_LABELS, encodable, partLabelText, type Label, type LabelRequest } from '$lib/domain/labels';

export type { Label };

/**
 * The barcodes of a label, drawn on the server by bwip-js (Barcode Writer in Pure PostScript) as
 * SVG: a Code 128 and a QR code of the same text. The page scales them to the label's size in mm.
 */

/** Code 128 with quiet zones of 10 modules either side, no human-readable line (the label prints the text itself). */
export const code128Options = (text: string): RenderOptions => ({ bcid: 'code128', text, scale: 2, height: 8, includetext: false, paddingwidth: 10, paddingheight: 1 });
/** QR (BWIPP's default error correction, M), a quiet zone of 2 modules (the label's margin adds the rest). */
export const qrOptions = (text: string): RenderOptions => ({ bcid: 'qrcode', text, scale: 2, paddingwidth: 2, paddingheight: 2 });

/** The SVG of a symbol, or null when the text cannot be encoded. */
export function symbolSvg(options: RenderOptions): string | null {
	if (!encodable(options.text)) return null;
	try {
		return bwipjs.toSVG(options);
	} catch {
		return null;
	}
}


function withSymbols(label: Omit<Label, 'code128' | 'qr'>): Label {
	return { ...label, code128: symbolSvg(code128Options(label.encoded)), qr: symbolSvg(qrOptions(label.encoded)) };
}

/** The labels a request names, in walking order for bins, and what it named that this store does not have. */
export async function labelsFor(db: Db, storeId: number, request: LabelRequest): Promise<{ labels: Label[]; missing: string[]; title: string }> {
	if (request.kind === 'none') return { labels: [], missing: [], title: '' };
	if (request.kind === 'bins' || (request.kind === 'zone' && request.of === 'bins')) {
		let q = db
			.selectFrom('part_bins as b')
			.innerJoin('part_zones as z', 'z.id', 'b.zone_id')
			.select(['b.id', 'b.code', 'z.code as zone', 'z.name_zh', 'z.name_en'])
			.where('b.store_id', '=', storeId);
		q = request.kind === 'bins' ? q.where('b.code', 'in', request.codes) : q.where('z.code', '=', request.zone);
		const bins = await q.orderBy('z.sort').orderBy('z.code').orderBy('b.rack').orderBy('b.shelf').orderBy('b.position').limit(MAX_LABELS).execute();
		const inBins = bins.length
			? await db
					.selectFrom('parts')
					.select(['bin_id', 'number', 'name_zh', 'name_en'])
					.where('store_id', '=', storeId)
					.where('active', '=', 1)
					.where(
						'bin_id',
						'in',
						bins.map((b) => b.id)
					)
					.orderBy('number')
					.execute()
			: [];
		const labels = bins.map((b) => {
			const parts = inBins.filter((p) => p.bin_id === b.id);
			// A bin that holds one part says which; a shared bin lists the first numbers.
			const one = parts.length === 1 ? parts[0] : null;
			return withSymbols({
				kind: 'bin',
				title: b.code,
				nameZh: one ? one.name_zh : b.name_zh,
				nameEn: one ? one.name_en : b.name_en,
				place: one ? b.zone : null,
				note: one ? one.number : parts.slice(0, 3).map((p) => p.number).join(' · ') + (parts.length > 3 ? ` +${parts.length - 3}` : ''),
				encoded: b.code
			});
		});
		const found = new Set(bins.map((b) => b.code.toUpperCase()));
		const missing = request.kind === 'bins' ? request.codes.filter((c) => !found.has(c)) : bins.length ? [] : [request.zone];
		return { labels, missing, title: request.kind === 'bins' ? request.codes.join(', ') : request.zone };
	}
	let q = db
		.selectFrom('parts as p')
		.leftJoin('part_bins as b', 'b.id', 'p.bin_id')
		.leftJoin('part_zones as z', 'z.id', 'b.zone_id')
		.select(['p.id', 'p.number', 'p.barcode', 'p.name_zh', 'p.name_en', 'p.models', 'b.code as bin'])
		.where('p.store_id', '=', storeId)
		.where('p.active', '=', 1);
	q = request.kind === 'parts' ? q.where('p.id', 'in', request.ids) : q.where('z.code', '=', request.zone).orderBy('z.sort').orderBy('b.rack').orderBy('b.shelf').orderBy('b.position');
	const parts = await q.orderBy('p.number').limit(MAX_LABELS).execute();
	const labels = parts.map((p) =>
		withSymbols({ kind: 'part', title: p.number, nameZh: p.name_zh, nameEn: p.name_en, place: p.bin, note: p.models, encoded: partLabelText(p) })
	);
	if (request.kind === 'parts') {
		const byId = new Map(parts.map((p, i) => [p.id, labels[i]]));
		return { labels: request.ids.map((id) => byId.get(id)).filter((l): l is Label => !!l), missing: request.ids.filter((id) => !byId.has(id)).map(String), title: parts.map((p) => p.number).join(', ') };
	}
	return { labels, missing: parts.length ? [] : [request.zone], title: request.zone };
}
