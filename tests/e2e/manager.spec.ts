import { expect, test, type Locator } from './fixtures';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { checkIn, demoCredentials, move, readyCar, signIn } from './demo';

/** A table's cells as text, header row first. */
const cellsOf = (table: Locator) => table.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
const tileValue = async (tile: Locator) => Number(await tile.getAttribute('data-value'));
const addDays = (day: string, delta: number) => new Date(Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);

test("the manager's dashboard: charts and tables, live for today, another range by link, and a table's CSV", async ({ page, request }) => {
	// A car delivered today, so the technicians' table has a row whatever the hour (before 09:30 the demo's day is yesterday's).
	await move(request, demoCredentials().token, await readyCar(request, demoCredentials().token), 'deliver');
	await signIn(page, '郑伟', '8888');
	await page.goto('/manager');

	// Today: the charts are drawn, the tables hold numbers.
	const cars = page.locator('[data-panel="cars"]');
	await expect(cars.locator('canvas')).toBeVisible();
	await expect(page.locator('[data-panel] canvas')).toHaveCount(8);
	await expect(page.locator('[data-bay-timeline] [data-bay]').first()).toBeVisible();
	await expect(cars.locator('tbody tr')).toHaveCount(1);
	const today = await page.locator('input[name="from"]').inputValue();
	expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	await expect(cars.locator('tbody tr').first().locator('td').first()).toHaveText(today);
	await expect(page.locator('[data-panel="technicians"] tbody td.num').first()).toHaveText(/^\d/);

	// Live: a car checked in (through the API, as the dealer's system would) counts at once, no reload.
	await expect(page.locator('[data-live="live"]')).toBeVisible({ timeout: 20_000 });
	const carsIn = page.locator('[data-tile="cars_in"]');
	const before = await tileValue(carsIn);
	const { token } = demoCredentials();
	await checkIn(request, token);
	await expect.poll(() => tileValue(carsIn)).toBeGreaterThan(before);
	// …and the figure on the screen is the API's for the same range.
	const api = async (from: string, to: string) => (await (await page.request.get(`/api/v1/kpi?from=${from}&to=${to}`)).json()).figures.carsIn as number;
	await expect.poll(async () => (await tileValue(carsIn)) === (await api(today, today))).toBe(true);
	const todayCells = await cellsOf(cars.locator('table'));

	// Another range, by two dates: three days. The address carries it, the tables change.
	const from = addDays(today, -2);
	await page.locator('input[name="from"]').fill(from);
	await page.locator('input[name="to"]').fill(today);
	await page.locator('[data-apply-range]').click();
	await expect(page).toHaveURL(new RegExp(`from=${from}&to=${today}`));
	await expect(cars.locator('tbody tr')).toHaveCount(3);
	await expect(cars.locator('canvas')).toBeVisible();
	const rangeCells = await cellsOf(cars.locator('table'));
	expect(rangeCells).not.toEqual(todayCells);
	expect(rangeCells.slice(1).map((r) => r[0])).toEqual([from, addDays(today, -1), today]);
	// The headline is the sum of the days in the table.
	await expect.poll(async () => (await tileValue(carsIn)) === (await cellsOf(cars.locator('table'))).slice(1).reduce((sum, r) => sum + Number(r[1]), 0)).toBe(true);

	// The link opens the same range (a new page, as someone it was sent to).
	const other = await page.context().newPage();
	await other.goto(page.url());
	await expect(other.locator('[data-panel="cars"] tbody tr')).toHaveCount(3);
	await other.close();

	// Export CSV: the download holds exactly the table's cells (UTF-8 with a BOM for Excel).
	const table = cars.locator('table');
	const [download] = await Promise.all([page.waitForEvent('download'), cars.locator('[data-export="cars"]').click()]);
	expect(download.suggestedFilename()).toMatch(/\.csv$/);
	const text = readFileSync((await download.path())!, 'utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	expect(Papa.parse<string[]>(text.slice(1).trim()).data).toEqual(await cellsOf(table));

	// This month: a preset sets the address too.
	await page.locator('[data-range="month"]').click();
	await expect(page).toHaveURL(new RegExp(`from=${today.slice(0, 8)}01&to=`));
	await expect(cars.locator('tbody tr').first().locator('td').first()).toHaveText(`${today.slice(0, 8)}01`);
	// Live over the month too: every headline figure the screen folds from the facts is the API's.
	await expect(page.locator('[data-live="live"]')).toBeVisible();
	const [monthFrom, monthTo] = [...new URL(page.url()).searchParams.values()];
	const keys = { cars_in: 'carsIn', delivered: 'delivered', revenue: 'revenue', revenue_per_car: 'revenuePerCar', on_time_standard: 'onTimeStandard', on_time_delivery: 'onTimeDelivery', two_hour: 'twoHourDelivery', first_pass: 'firstPassQc', addon: 'addonApproval', washes: 'washesDone', accident: 'accidentShare' } as const;
	const screenAndApi = async () => {
		const figures = (await (await page.request.get(`/api/v1/kpi?from=${monthFrom}&to=${monthTo}`)).json()).figures;
		const shown: Record<string, string> = {};
		const asked: Record<string, string> = {};
		for (const [tile, field] of Object.entries(keys)) {
			shown[tile] = (await page.locator(`[data-tile="${tile}"]`).getAttribute('data-value')) ?? '';
			asked[tile] = figures[field] === null ? '' : String(figures[field]);
		}
		return JSON.stringify(shown) === JSON.stringify(asked) ? 'same' : JSON.stringify({ shown, asked });
	};
	await expect.poll(screenAndApi).toBe('same');
	// A technician may not open it.
	await page.context().clearCookies({ name: 'pw_session' });
	await signIn(page, '刘海峰', '3333', 'tablet');
	const res = await page.goto('/manager');
	expect(res?.status()).toBe(403);
});
