import { expect, test, type Page } from './fixtures';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { demoCredentials, jobInBay, move, signIn } from './demo';

// Issue 16, the daily workshop log (修理日志): each car worked that day with its operations, team,
// start and end, standard against actual time, QC; printable, and a CSV equal to the table.

/** The table as text: header, each row, the totals row (cells' text as the page has it). */
async function tableText(page: Page): Promise<string[][]> {
	return page.locator('table.log').evaluate((t) =>
		[...t.querySelectorAll('thead tr, tbody tr, tfoot tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()))
	);
}

test('the manager sees today\'s log with a car moved through the API, and its CSV equals the table', async ({ page, request }) => {
	const { token } = demoCredentials();
	let order = await jobInBay(request, token);
	// Worked, and out of its bay (the team's check passed): the log has its start and its end.
	for (const action of ['finish', 'team_check_pass']) order = await move(request, token, order, action);

	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, '郑伟', '8888');
	await page.goto('/manager/log');
	const row = page.locator(`tr[data-log-row="${order.id}"]`);
	await expect(row).toBeVisible();
	await expect(row.locator('.c-plate')).toHaveText(order.plate);
	await expect(row.locator('.c-start')).toHaveText(/^\d\d:\d\d$/);
	await expect(row.locator('.c-end')).toHaveText(/^\d\d:\d\d$/);
	await expect(row.locator('.c-ops')).toContainText('(');
	const count = Number(await page.locator('table.log').getAttribute('data-log-rows'));
	expect(count).toBeGreaterThan(0);
	await expect(page.locator('[data-log-total] .c-plate')).toContainText(String(count));

	// Export CSV: UTF-8 with a BOM, the same columns and rows as the table (totals last).
	const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export-csv]').click()]);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const csv = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: true }).data;
	expect(csv).toEqual(await tableText(page));

	// The day before: another log (the page's own day), and back.
	await page.locator('[data-day-prev]').click();
	await expect(page).toHaveURL(/\?day=\d{4}-\d{2}-\d{2}$/);
	const day = new URL(page.url()).searchParams.get('day');
	await expect(page.locator('main[data-day]')).toHaveAttribute('data-day', day!);
	await expect(page.locator(`tr[data-log-row="${order.id}"]`)).toHaveCount(0);
	await page.locator('[data-day-next]').click();
	await expect(page.locator(`tr[data-log-row="${order.id}"]`)).toBeVisible();
});

test('only the manager and the admin open the log', async ({ page }) => {
	await signIn(page, '李娜', '1111');
	const res = await page.goto('/manager/log');
	expect(res!.status()).toBe(403);
	await expect(page.locator('main[data-error="403"]')).toBeVisible();
});
