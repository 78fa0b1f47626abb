import { expect, test } from './fixtures';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import iconv from 'iconv-lite';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { signIn } from './demo';

// Issue 14: the parts manager prints bin and part labels; headless Chromium turns the page into an
// A4 PDF, and the barcodes on the printed page (rasterised as a printer would) scan back.

const DPI = 300;
const mm = (v: number) => Math.round((v / 25.4) * DPI);

/** The first label of a PDF page at 300 dpi (top left: 0.5 mm down, 70 × 37 mm), decoded as `format`. */
function scanFirstLabel(pdf: string, format: BarcodeFormat): string {
	const base = pdf.replace(/\.pdf$/, '');
	execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', pdf, base]);
	const page = PNG.sync.read(readFileSync(`${base}.png`));
	const [x0, y0, w, h] = [0, mm(0.5), mm(70), mm(37)];
	const luminance = new Uint8ClampedArray(w * h);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const i = ((y0 + y) * page.width + (x0 + x)) * 4;
			luminance[y * w + x] = Math.round(0.299 * page.data[i] + 0.587 * page.data[i + 1] + 0.114 * page.data[i + 2]);
		}
	const reader = new MultiFormatReader();
	reader.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [format]], [DecodeHintType.TRY_HARDER, true]]));
	return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, w, h)))).getText();
}

test('周敏 prints bin and part labels as an A4 PDF whose barcodes scan back', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '周敏', '6666');

	// Two bins of a zone of the test's own and a part with dashes in its number (an import is idempotent: re-runs change nothing).
	const bins = ['库区,库区名称,库区英文名称,库位,货架,层,位置', 'L,标签测试区,Label test,L-1-1,1,1,1', 'L,,,L-1-2,1,1,2'].join('\r\n');
	expect((await page.request.post('/api/v1/part-bins/import', { headers: { 'content-type': 'text/csv' }, data: bins })).status()).toBe(200);
	const parts = ['配件编号,名称,英文名称,单价,库位', '90915-YZZE1-L,机油滤清器,Oil filter,58.00,L-1-1'].join('\r\n');
	expect((await page.request.post('/api/v1/parts/import', { headers: { 'content-type': 'text/csv' }, data: parts })).status()).toBe(200);

	await page.goto('/kiosk/parts/labels?bins=L-1-1,L-1-2');
	await expect(page.locator('[data-label="bin"]')).toHaveCount(2);
	await expect(page.locator('[data-label="bin"]').first()).toContainText('L-1-1');
	// The bin holding one part says which.
	await expect(page.locator('[data-label="bin"]').first()).toContainText('机油滤清器');
	await expect(page.locator('[data-label="bin"] [data-symbol="qr"] svg')).toHaveCount(2);

	const pdf = testInfo.outputPath('bin-labels.pdf');
	writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
	expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\b[\s\S]*A4/);
	const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
	expect(text).toContain('L-1-1');
	expect(text).toContain('L-1-2');
	expect(scanFirstLabel(pdf, BarcodeFormat.QR_CODE)).toBe('L-1-1');
	expect(scanFirstLabel(pdf, BarcodeFormat.CODE_128)).toBe('L-1-1');

	// The part's own label: its number (it has no barcode), names in both languages, its bin.
	const found = await page.request.get(`/api/v1/parts/lookup?code=${encodeURIComponent('90915-YZZE1-L')}`);
	expect(found.status()).toBe(200);
	const { part } = (await found.json()) as { part: { id: number } };
	await page.goto(`/kiosk/parts/labels?parts=${part.id}&copies=2`);
	await expect(page.locator('[data-label="part"]')).toHaveCount(2);
	const partPdf = testInfo.outputPath('part-labels.pdf');
	writeFileSync(partPdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
	const partText = execFileSync('pdftotext', ['-layout', partPdf, '-']).toString();
	expect(partText).toContain('90915-YZZE1-L');
	expect(partText).toContain('Oil filter');
	expect(scanFirstLabel(partPdf, BarcodeFormat.CODE_128)).toBe('90915-YZZE1-L');
	expect(scanFirstLabel(partPdf, BarcodeFormat.QR_CODE)).toBe('90915-YZZE1-L');

	// A code this store does not have is named, not printed.
	await page.goto('/kiosk/parts/labels?bins=L-1-1,ZZ-9-9');
	await expect(page.locator('[data-label="bin"]')).toHaveCount(1);
	await expect(page.locator('[data-missing]')).toHaveAttribute('data-missing', 'ZZ-9-9');
});

test('周敏 imports bins and stock from /admin after a preview, counts a part, and opens a zone’s labels', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '周敏', '6666');
	await page.goto('/admin#parts');
	const section = page.locator('#parts');
	await expect(section.locator('[data-zone]').first()).toBeVisible();

	// A bins file in GBK with Chinese headers: previewed row by row, then imported.
	const gbk = testInfo.outputPath('bins-gbk.csv');
	writeFileSync(gbk, iconv.encode(['库区,库区名称,库位,货架,层,位置', 'M,后台测试区,M-1-1,1,1,1', 'M,,M-1-2,1,1,2'].join('\r\n'), 'gbk'));
	const card = section.locator('[data-parts-csv="part-bins"]');
	await card.locator('[data-upload="part-bins"]').setInputFiles(gbk);
	await expect(card.locator('[data-encoding]')).toHaveAttribute('data-encoding', 'gbk');
	await expect(card.locator('tr[data-line="2"]')).toHaveAttribute('data-row-action', 'create');
	await expect(card.locator('tr[data-line="3"]')).toHaveAttribute('data-row-action', 'create');
	await card.locator('[data-apply="part-bins"]').click();
	await expect(card.locator('[data-applied]')).toBeVisible();
	await expect(section.locator('[data-zone="M"]')).toBeVisible();

	// A stock file with an error is refused with its line; nothing to import.
	const bad = testInfo.outputPath('stock-bad.csv');
	writeFileSync(bad, ['number,on_hand', 'NO-SUCH-PART,3'].join('\n'));
	const stock = section.locator('[data-parts-csv="stock"]');
	await stock.locator('[data-upload="stock"]').setInputFiles(bad);
	await expect(stock.locator('tr[data-line="2"]')).toHaveAttribute('data-row-action', 'error');
	await expect(stock.locator('[data-apply="stock"]')).toHaveCount(0);

	// Find a part by its pinyin initials and count it, with a reason.
	await section.locator('[data-part-search]').fill('jlq');
	const row = section.locator('tr[data-part]').first();
	await expect(row).toBeVisible();
	const before = Number(await row.locator('[data-on-hand]').getAttribute('data-on-hand'));
	await row.locator('[data-action="adjust"]').click();
	const dialog = page.locator('dialog[data-stock-dialog="adjust"]');
	await dialog.locator('input[name="count"]').fill(String(before + 1));
	await dialog.locator('input[name="reason"]').fill('盘点找到一个');
	await dialog.locator('[data-submit="adjust"]').click();
	await expect(dialog).toHaveCount(0);
	await expect(row.locator('[data-on-hand]')).toHaveAttribute('data-on-hand', String(before + 1));

	// The zone's labels open as a print page.
	await section.locator('[data-zone="M"]').click();
	const [labels] = await Promise.all([page.context().waitForEvent('page'), section.locator('[data-print="zone-bins"]').click()]);
	await expect(labels.locator('[data-label="bin"]')).toHaveCount(2);
	await expect(labels.locator('[data-label="bin"]').first()).toContainText('M-1-1');
});
