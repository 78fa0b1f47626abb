import { expect, test, type Locator, type Page } from './fixtures';
import { checkIn, demoCredentials, move, signIn } from './demo';
import { addDaysToDay } from '../../src/lib/domain/care';

/** Clicks until what it opens is there (a click before the page has hydrated does nothing). */
async function opened(button: Locator, dialog: Locator) {
	await expect(async () => {
		if (!(await dialog.isVisible())) await button.click();
		await expect(dialog).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
}

/** Tomorrow's first slot, booked in the open dialog. */
async function bookTomorrow(page: Page, dialog: Locator) {
	const tomorrow = await page.evaluate(() => new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }));
	await dialog.locator('[data-field="day"]').fill(tomorrow);
	await dialog.locator('[data-slot]').first().click();
	await dialog.locator('[data-submit="book"]').click();
	await expect(dialog).toHaveCount(0);
	return tomorrow;
}

/** Issue 18: a visit booked directly (a customer calls in) and one booked for a special order whose parts arrived. */
test('the booking specialist books a visit directly, and one for a special order whose parts arrived', async ({ browser, request }) => {
	test.setTimeout(90_000);
	const { token } = demoCredentials();
	const auth = { authorization: `Bearer ${token}` };
	// A customer of the shop whose car is out again (a visit earlier, called off).
	const phone = `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
	const past = await checkIn(request, token, { customer: { name: '司马预约', phone } });
	await move(request, token, past, 'cancel', { reason: '客户改天再来' });

	const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(page, '吴婷', '7777');
	await page.goto('/care');
	await page.locator('[data-direct-q]').fill(phone.slice(-6));
	await expect(async () => {
		await page.getByRole('button', { name: /查找|Find/ }).first().click();
		await expect(page.locator(`[data-direct-car]`)).toHaveCount(1, { timeout: 1000 });
	}).toPass({ timeout: 20_000 });
	const dialog = page.locator('dialog[data-book-dialog]');
	await opened(page.locator('[data-direct-car]'), dialog);
	await expect(dialog).toContainText(past.plate);
	const day = await bookTomorrow(page, dialog);
	await expect(page.getByRole('status')).toContainText(past.plate);
	const tomorrowsBookings = await (await request.get(`/api/v1/appointments?from=${day}&to=${day}`, { headers: auth })).json();
	expect(tomorrowsBookings.items).toContainEqual(expect.objectContaining({ plate: past.plate, source: 'desk', status: 'booked' }));

	// A special order for another car whose parts arrived: "book the visit" opens the same dialog for that car.
	const other = await checkIn(request, token, { customer: { name: '欧阳订货', phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` } });
	await move(request, token, other, 'cancel', { reason: '配件未到' });
	const registered = await page.request.post('/api/v1/special-orders', {
		headers: { origin: new URL(page.url()).origin },
		data: { customerName: '欧阳订货', plate: other.plate, model: '卡罗拉 Corolla', lines: [{ number: 'X-1', name: '前保险杠', qty: 1 }] }
	});
	expect(registered.status(), await registered.text()).toBe(201);
	const so = (await registered.json()) as { id: number };
	await page.goto(`/care?book=${encodeURIComponent(other.plate)}&so=${so.id}`);
	await expect(dialog).toBeVisible({ timeout: 20_000 });
	await expect(dialog).toContainText(other.plate);
	await bookTomorrow(page, dialog);
	const after = await (await request.get(`/api/v1/appointments?from=${addDaysToDay(day, 0)}&to=${day}`, { headers: auth })).json();
	expect(after.items).toContainEqual(expect.objectContaining({ plate: other.plate, source: 'special_order', specialOrderId: so.id }));
});
