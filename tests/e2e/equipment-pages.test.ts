import { expect, test, type Locator } from './fixtures';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { demoDisplayPurpose, demoKey } from '../../src/lib/server/demo-keys';
import { e2eDataDir, signIn } from './demo';

// Issue 15: the card by the machine (A5 and A6, printed to PDF by headless Chromium), its QR opening
// the machine's page on a phone, a technician's one-tap "Done", and the wall board of all machines.

/**
 * The QR on page 1 of a PDF, rasterised as printers do (200 dpi, else 300 or 150), decoded. zxing's
 * whole-page finder misses some codes at one resolution and reads them at another (the code, and so
 * the QR, is new each run), so one resolution alone made this test fail at random.
 */
function scanQr(pdf: string): string {
	const base = pdf.replace(/\.pdf$/, '');
	let last: unknown;
	for (const dpi of ['200', '300', '150']) {
		execFileSync('pdftoppm', ['-png', '-r', dpi, '-f', '1', '-l', '1', '-singlefile', pdf, base]);
		const png = PNG.sync.read(readFileSync(`${base}.png`));
		const luminance = new Uint8ClampedArray(png.width * png.height);
		for (let i = 0; i < luminance.length; i++) luminance[i] = Math.round(0.299 * png.data[i * 4] + 0.587 * png.data[i * 4 + 1] + 0.114 * png.data[i * 4 + 2]);
		const reader = new MultiFormatReader();
		reader.setHints(new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]], [DecodeHintType.TRY_HARDER, true]]));
		try {
			return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, png.width, png.height)))).getText();
		} catch (e) {
			last = e;
		}
	}
	throw last;
}

/** Taps `button` until `opens` shows: a tap before the page has hydrated does nothing on a busy machine. */
async function tapUntil(button: Locator, opens: Locator) {
	await expect(async () => {
		if (!(await opens.isVisible())) await button.click();
		await expect(opens).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
}

/** The test's own machine (a code no demo machine has), never serviced: its one task is due. */
function testCode(): string {
	return `T-${Date.now().toString(36).toUpperCase()}`;
}

test('the dispatcher prints A5 and A6 cards; the QR opens the machine on a phone; a newer plan makes the card stale', async ({ page, browser }, testInfo) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '赵强', '2222');
	const code = testCode();
	const created = await page.request.post('/api/v1/equipment', {
		data: {
			code,
			nameZh: '测试空压机',
			nameEn: 'Test compressor',
			type: 'compressor',
			location: '空压机房 Compressor room',
			usageUnit: 'hours',
			tasks: [
				{ nameZh: '排放储气罐冷凝水', nameEn: 'Drain the air tank', everyCount: 1, everyUnit: 'week' },
				{ nameZh: '更换压缩机油', nameEn: 'Change the compressor oil', everyCount: 12, everyUnit: 'month', everyUsage: 2000, safety: false }
			]
		}
	});
	expect(created.status()).toBe(201);

	let qrUrl = '';
	for (const [size, points] of [
		['A5', [419.5, 595.3]],
		['A6', [297.6, 419.5]]
	] as const) {
		await page.goto(`/equipment/${code}/label?size=${size}`);
		await expect(page.locator('[data-code]')).toHaveText(code);
		await expect(page.locator('.qr svg')).toHaveCount(1);
		const pdf = testInfo.outputPath(`card-${size}.pdf`);
		writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
		const info = execFileSync('pdfinfo', [pdf]).toString();
		expect(info).toMatch(/Pages:\s+1\b/);
		// The sheet is the card's size (in points, as Chromium rounds them).
		const [, w, h] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/) ?? [];
		expect(Math.abs(Number(w) - points[0])).toBeLessThan(1.5);
		expect(Math.abs(Number(h) - points[1])).toBeLessThan(1.5);
		const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
		expect(text).toContain(code);
		expect(text).toContain('测试空压机');
		expect(text).toContain('Test compressor');
		expect(text).toContain('打印于');
		qrUrl = scanQr(pdf);
		expect(qrUrl).toMatch(new RegExp(`/equipment/${code}\\?store=gz-tianhe&v=1$`));
	}

	// The QR's URL on a phone, not signed in: the plan and its states, a sign-in link, no history.
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const visitor = await phone.newPage();
	await visitor.goto(qrUrl);
	await expect(visitor.locator('h1')).toHaveText('测试空压机');
	await expect(visitor.locator('[data-code]')).toHaveText(code);
	await expect(visitor.locator('[data-task]')).toHaveCount(2);
	await expect(visitor.locator('[data-task]').first()).toHaveAttribute('data-task-state', 'due');
	await expect(visitor.locator('[data-action="signin"]')).toHaveAttribute('href', `/signin?device=tablet&store=gz-tianhe&next=${encodeURIComponent(`/equipment/${code}?store=gz-tianhe&v=1`)}`);
	await expect(visitor.locator('[data-action="done"]')).toHaveCount(0);
	await expect(visitor.locator('[data-stale-card]')).toHaveCount(0);
	// Nothing scrolls sideways on the phone.
	expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// A task added to the plan: the printed card (v=1) is now out of date.
	expect((await page.request.post(`/api/v1/equipment/${code}/tasks`, { data: { nameZh: '更换空气滤芯', nameEn: 'Replace the intake filter', everyUsage: 2000 } })).status()).toBe(201);
	await visitor.reload();
	await expect(visitor.locator('[data-stale-card]')).toBeVisible();
	await expect(visitor.locator('[data-task]')).toHaveCount(3);
	await phone.close();
});

test('a technician taps Done on a due task and it turns ok; the history says who', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '赵强', '2222');
	const code = testCode();
	const created = await page.request.post('/api/v1/equipment', {
		data: { code, nameZh: '测试扒胎机', nameEn: 'Test tire changer', type: 'tire_changer', location: '轮胎间', tasks: [{ nameZh: '润滑夹爪', nameEn: 'Grease the jaws', everyCount: 1, everyUnit: 'month' }] }
	});
	expect(created.status()).toBe(201);
	await page.context().clearCookies();

	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, '刘海峰', '3333', 'tablet');
	await page.goto(`/equipment/${code}`);
	const task = page.locator('[data-task]').first();
	await expect(task).toHaveAttribute('data-task-state', 'due');
	await tapUntil(task.locator('[data-action="done"]'), page.locator('dialog[open]'));
	await page.locator('dialog textarea[name="notes"]').fill('夹爪已润滑');
	await page.locator('dialog [data-action="confirm"]').click();
	await expect(task).toHaveAttribute('data-task-state', 'ok');
	await expect(page.locator('main')).toHaveAttribute('data-state', 'ok');
	const entry = page.locator('[data-log-kind="done"]').first();
	await expect(entry).toContainText('刘海峰');
	await expect(entry).toContainText('夹爪已润滑');

	// Work logged elsewhere (here over the API) shows on the open page without a reload.
	const taskId = Number(await task.getAttribute('data-task'));
	expect((await page.request.post(`/api/v1/equipment/${code}/log`, { data: { kind: 'check_failed', taskId, notes: '左侧夹爪磨损' } })).status()).toBe(201);
	await expect(page.locator('[data-log-kind="check_failed"]')).toContainText('左侧夹爪磨损');
});

test('a team leader enters readings (a lower one is refused), fails a check taking the machine out of service, and brings it back', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '赵强', '2222');
	const code = testCode();
	const created = await page.request.post('/api/v1/equipment', {
		data: { code, nameZh: '测试空压机', nameEn: 'Test compressor', type: 'compressor', usageUnit: 'hours', tasks: [{ nameZh: '检查安全阀', nameEn: 'Test the safety valve', everyCount: 1, everyUnit: 'month', safety: true }] }
	});
	expect(created.status()).toBe(201);
	await page.context().clearCookies();

	await page.setViewportSize({ width: 1024, height: 768 });
	await signIn(page, '张国栋', '4444', 'tablet');
	await page.goto(`/equipment/${code}`);
	const sheet = page.locator('dialog[open]');
	await tapUntil(page.locator('[data-action="reading"]'), sheet);
	await sheet.locator('input[name="reading"]').fill('120');
	await sheet.locator('[data-action="confirm"]').click();
	await expect(sheet).toHaveCount(0);
	await expect(page.locator('[data-log-kind="reading"]')).toHaveCount(1);

	await page.locator('[data-action="reading"]').click();
	await sheet.locator('input[name="reading"]').fill('80');
	await sheet.locator('[data-action="confirm"]').click();
	await expect(sheet.locator('[data-error-field="reading"]')).toBeVisible();
	await sheet.locator('button', { hasText: /取消|Cancel/ }).last().click();
	await expect(page.locator('[data-log-kind="reading"]')).toHaveCount(1);

	await page.locator('[data-action="failed"]').click();
	await sheet.locator('select[name="task"]').selectOption({ index: 1 });
	await sheet.locator('input[name="reason"]').fill('安全阀卡滞');
	await sheet.locator('[data-action="confirm"]').click();
	await expect(page.locator('main')).toHaveAttribute('data-state', 'out_of_service');
	await expect(page.locator('[data-out-of-service]')).toContainText('安全阀卡滞');
	await expect(page.locator('[data-log-kind="check_failed"]')).toHaveCount(1);

	// The repair, logged, brings it back.
	await page.locator('[data-action="repair"]').click();
	await sheet.locator('textarea[name="notes"]').fill('已更换安全阀');
	await expect(sheet.locator('input[name="backInService"]')).toBeChecked();
	await sheet.locator('[data-action="confirm"]').click();
	await expect(page.locator('[data-out-of-service]')).toHaveCount(0);
	await expect(page.locator('main')).not.toHaveAttribute('data-state', 'out_of_service');
	await expect(page.locator('[data-log-kind="repair"]')).toContainText('已更换安全阀');

	// Out of service and back by hand (equipment.setService).
	await page.locator('[data-action="out-of-service"]').click();
	await sheet.locator('input[name="reason"]').fill('等待年检');
	await sheet.locator('[data-action="confirm"]').click();
	await expect(page.locator('[data-out-of-service]')).toContainText('等待年检');
	await page.locator('[data-action="in-service"]').click();
	await sheet.locator('[data-action="confirm"]').click();
	await expect(page.locator('[data-out-of-service]')).toHaveCount(0);
});

test('the board shows every machine, worst first, and what is due this week', async ({ page }) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, '赵强', '2222');
	const items = ((await (await page.request.get('/api/v1/equipment')).json()) as { items: { code: string }[] }).items;
	expect(items.length).toBeGreaterThan(0);
	await page.goto('/board/equipment');
	await expect(page.locator('.wall')).toHaveAttribute('data-status', 'live');
	await expect(page.locator('[data-equipment]')).toHaveCount(items.length);
	for (const { code } of items) await expect(page.locator(`[data-equipment="${code}"]`)).toHaveCount(1);
	// Worst first: no machine in a better state stands before one in a worse state.
	const order = ['out_of_service', 'overdue', 'due', 'due_soon', 'ok'];
	const states = await page.locator('[data-equipment]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state') ?? ''));
	const ranks = states.map((s) => order.indexOf(s));
	expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
});

test("the demo's wall screen paired to the equipment board opens it without anyone signed in", async ({ page }) => {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const { value } = db.prepare("select value from meta where key = 'demo_secret'").get() as { value: string };
	const { id } = db.prepare("select id from displays where board = 'equipment' order by id limit 1").get() as { id: number };
	db.close();
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`/board/equipment?key=${demoKey(value, demoDisplayPurpose(id))}`);
	await expect(page).toHaveURL(/\/board\/equipment/);
	await expect(page.locator('.wall')).toHaveAttribute('data-status', 'live');
	await expect(page.locator('[data-equipment]').first()).toBeVisible();
	// A screen paired to the equipment board is sent back to it from another board.
	await page.goto('/board/parts');
	await expect(page).toHaveURL(/\/board\/equipment$/);
});

test('the dispatcher adds a machine and a task on /admin; a task with no interval is refused there', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, '赵强', '2222');
	await page.goto('/admin#equipment');
	const code = testCode();
	const dialog = page.locator('[data-equipment-dialog]');
	await tapUntil(page.locator('[data-action="add-equipment"]'), dialog);
	await dialog.locator('input[name="code"]').fill(code);
	await dialog.locator('select[name="type"]').selectOption('wheel_balancer');
	await dialog.locator('input[name="nameZh"]').fill('测试动平衡机');
	await dialog.locator('input[name="nameEn"]').fill('Test balancer');
	await dialog.locator('input[name="location"]').fill('轮胎间');
	await dialog.locator('[data-submit="equipment"]').click();
	const card = page.locator(`[data-admin-equipment="${code}"]`);
	await expect(card).toBeVisible();

	await card.locator('[data-action="add-task"]').click();
	const task = page.locator('[data-task-dialog]');
	await task.locator('input[name="nameZh"]').fill('校准');
	await task.locator('input[name="nameEn"]').fill('Calibrate');
	// Neither interval: refused in the dialog, nothing written.
	await task.locator('[data-submit="task"]').click();
	await expect(task).toBeVisible();
	await expect(card.locator('[data-admin-task]')).toHaveCount(0);
	await task.locator('input[name="everyCount"]').fill('3');
	await task.locator('select[name="everyUnit"]').selectOption('month');
	await task.locator('[data-submit="task"]').click();
	await expect(task).toHaveCount(0);
	await expect(card.locator('[data-admin-task]')).toHaveCount(1);
	await expect(card.locator('[data-print="A6"]')).toHaveAttribute('href', `/equipment/${code}/label?size=A6`);
});
