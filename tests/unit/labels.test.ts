import { describe, expect, it } from 'vitest';
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { MAX_LABELS, PER_SHEET, encodable, labelRequest, partLabelText, sheets, withCopies } from '$lib/domain/labels';
import { code128Options, qrOptions, symbolSvg } from '$lib/server/features/parts/labels';

/** What a label encodes, how a page asks for labels, and that a scanner reads a label's barcodes back. */

/** Decodes a PNG as a scanner would: its luminance, binarized, read by zxing's reader of one format. */
function decode(png: Buffer, format: BarcodeFormat): string {
	const image = PNG.sync.read(png);
	const luminance = new Uint8ClampedArray(image.width * image.height);
	for (let i = 0; i < luminance.length; i++) {
		const [r, g, b, a] = [image.data[i * 4], image.data[i * 4 + 1], image.data[i * 4 + 2], image.data[i * 4 + 3]];
		// Transparent is the white paper under the label.
		const alpha = a / 255;
		luminance[i] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * alpha + 255 * (1 - alpha));
	}
	const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, image.width, image.height)));
	const reader = new MultiFormatReader();
	reader.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [format]], [DecodeHintType.TRY_HARDER, true]]));
	return reader.decode(bitmap).getText();
}

describe('labels', () => {
	it("encode a part's barcode when it has one, otherwise its number", () => {
		expect(partLabelText({ number: '04152-YZZA1', barcode: null })).toBe('04152-YZZA1');
		expect(partLabelText({ number: '04152-YZZA1', barcode: ' ' })).toBe('04152-YZZA1');
		expect(partLabelText({ number: '04152-YZZA1', barcode: '6901234567892' })).toBe('6901234567892');
		expect(encodable('A-1-2-3')).toBe(true);
		expect(encodable('机滤')).toBe(false);
		expect(encodable('')).toBe(false);
	});

	it('read what a page asks for: bins, part ids, a zone; copies within a sheet', () => {
		const q = (s: string) => labelRequest(new URLSearchParams(s));
		expect(q('bins=a-1-1, A-1-2,,A-1-1')).toEqual({ kind: 'bins', codes: ['A-1-1', 'A-1-2'], copies: 1 });
		expect(q('parts=12,x,15,-3,12&copies=3')).toEqual({ kind: 'parts', ids: [12, 15], copies: 3 });
		expect(q('zone=b&of=parts&copies=999')).toEqual({ kind: 'zone', zone: 'B', of: 'parts', copies: PER_SHEET });
		expect(q('zone=A&copies=0')).toEqual({ kind: 'zone', zone: 'A', of: 'bins', copies: 1 });
		expect(q('')).toEqual({ kind: 'none' });
	});

	it('lay labels on A4 sheets of 24, each copy beside the last, at most 480 at once', () => {
		const labels = Array.from({ length: 50 }, (_, i) => i);
		expect(sheets(labels).map((s) => s.length)).toEqual([24, 24, 2]);
		expect(withCopies([1, 2], 3)).toEqual({ labels: [1, 1, 1, 2, 2, 2], cut: 0 });
		const many = withCopies(Array.from({ length: 300 }, (_, i) => i), 2);
		expect(many.labels).toHaveLength(MAX_LABELS);
		expect(many.cut).toBe(600 - MAX_LABELS);
	});

	it('are drawn as SVG, and none for text a barcode cannot carry', () => {
		expect(symbolSvg(code128Options('A-1-1'))).toMatch(/^<svg[^>]*viewBox/);
		expect(symbolSvg(qrOptions('A-1-1'))).toMatch(/^<svg/);
		expect(symbolSvg(code128Options('机油滤清器'))).toBeNull();
	});

	for (const text of ['04152-YZZA1', '90915-YZZE1', 'A-1-2-3', 'B-4-3-3', '6901234567892', '08880-83726']) {
		it(`read back by a scanner: Code 128 and QR of ${text}`, async () => {
			const bar = await bwipjs.toBuffer(code128Options(text));
			expect(decode(bar, BarcodeFormat.CODE_128)).toBe(text);
			const qr = await bwipjs.toBuffer(qrOptions(text));
			expect(decode(qr, BarcodeFormat.QR_CODE)).toBe(text);
		});
	}
});
