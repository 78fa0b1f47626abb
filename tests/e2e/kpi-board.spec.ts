import { expect, test } from './fixtures';
import Sqlite from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { checkIn, demoCredentials, e2eDataDir, signIn } from './demo';

// Issue 16, the TV mode: the manager's figures on a wall board that takes turns through a few
// large slides, live from the kpi channel; the manager's and its paired display's only.

test('the manager opens the KPI board: big numbers, the charts made once, a car checked in counts at once', async ({ page, request }) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, '郑伟', '8888');
	await page.goto('/board/kpi');
	const board = page.locator('.board[data-loaded="true"]');
	await expect(page.locator('.wall[data-status="live"]')).toBeVisible();
	await expect(board).toBeVisible();

	// Today at a glance: six tiles with numbers (a share may be "—" while nothing is delivered).
	const tiles = page.locator('[data-kpi-slide="today"] [data-tile]');
	await expect(tiles).toHaveCount(6);
	for (const key of ['cars-in', 'delivered', 'on-site']) await expect(page.locator(`[data-tile="${key}"]`)).toHaveAttribute('data-value', /^\d+$/);
	await expect(page.locator('[data-slide-dots="4"]')).toBeVisible();

	// Every slide's chart is on the page from the start (three canvases), and stays the same chart.
	await expect(page.locator('[data-kpi-slide] canvas')).toHaveCount(3);
	await expect(board).toHaveAttribute('data-charts-alive', '3');
	await expect(board).toHaveAttribute('data-charts-made', '3');

	// A car checked in through the API shows on the board without a reload.
	const carsIn = page.locator('[data-tile="cars-in"]');
	const before = Number(await carsIn.getAttribute('data-value'));
	await checkIn(request, demoCredentials().token);
	await expect(carsIn).toHaveAttribute('data-value', String(before + 1));
	await expect(page.locator('[data-month-in]')).toHaveAttribute('data-month-in', /^[1-9]\d*$/);

	// Another slide, by its link: its chart is drawn (a canvas with a size), the others hidden.
	await page.goto('/board/kpi?slide=1');
	const month = page.locator('[data-kpi-slide="month"]');
	await expect(month).toBeVisible();
	await expect(page.locator('[data-kpi-slide="today"]')).toBeHidden();
	const box = await month.locator('canvas').boundingBox();
	expect(box!.width).toBeGreaterThan(1000);
	expect(box!.height).toBeGreaterThan(400);
	await expect(page.locator('.board')).toHaveAttribute('data-slide', '1');
});

test('a technician may not open the KPI board (403); a display paired to it lands on it, another board\'s display does not', async ({ page, browser }) => {
	await signIn(page, '刘海峰', '3333');
	const res = await page.goto('/board/kpi');
	expect(res!.status()).toBe(403);
	await expect(page.locator('main[data-error="403"]')).toBeVisible();

	// A display paired to the kpi board (as the admin's pairing leaves it): its key opens the board.
	const key = randomBytes(24).toString('base64url');
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'));
	db.prepare("insert into displays (store_id, name, board, language, created_at, key_hash, paired_at) values (1, 'KPI TV (test)', 'kpi', 'zh-CN', ?, ?, ?)").run(Date.now(), createHash('sha256').update(key).digest('hex'), Date.now());
	db.close();
	const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const base = new URL(page.url()).origin;
	await tv.addCookies([{ name: 'pw_display', value: key, url: base }]);
	const screen = await tv.newPage();
	await screen.goto(`${base}/pair`);
	await expect(screen).toHaveURL(/\/board\/kpi$/);
	await expect(screen.locator('.wall[data-status="live"] [data-tile="cars-in"]')).toHaveAttribute('data-value', /^\d+$/);
	await tv.close();

	// The bay board's display is sent to its own board.
	const bays = await browser.newContext();
	await bays.addCookies([{ name: 'pw_display', value: demoCredentials().boardKey, url: base }]);
	const other = await bays.newPage();
	await other.goto(`${base}/board/kpi`);
	await expect(other).toHaveURL(/\/board\/bays$/);
	await bays.close();
});
