import { expect, test } from './fixtures';
import { checkIn, demoCredentials, move, signIn } from './demo';

/**
 * A customer's right to be forgotten on /admin (issue 18): the admin finds the customer by phone,
 * is told the car is still in the workshop, and once it is out types the name and erases; the
 * customer is then found no more. (The byte search of the database is tests/integration/erasure.test.ts.)
 */
test('the admin erases a customer on request once their car is out of the workshop', async ({ page, request }) => {
	test.setTimeout(90_000);
	const { token } = demoCredentials();
	const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
	const name = '上官删除测试';
	const order = await checkIn(request, token, { customer: { name, phone } });

	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, '陈静', '9999');
	await page.goto('/admin#erasure');
	const section = page.locator('section#erasure');
	await expect(section).toBeVisible();
	const search = async () => {
		await section.locator('[data-erase-q]').fill(phone.slice(3));
		await section.locator('form').first().getByRole('button', { name: /查找|Find/ }).click();
		await expect(section.locator(`tr[data-customer]`)).toHaveCount(1);
	};
	await expect(async () => {
		await search();
	}).toPass({ timeout: 20_000 });
	const row = section.locator('tr[data-customer]');
	await expect(row).toContainText(name);
	await expect(row).toContainText(order.number);
	await expect(row.getByRole('button')).toBeDisabled();

	// Out of the workshop (the customer called it off), the admin may erase.
	await move(request, token, order, 'cancel', { reason: '客户取消' });
	await search();
	await row.getByRole('button').click();
	const form = section.locator('[data-erase-form]');
	await expect(form).toBeVisible();
	const erase = form.getByRole('button');
	await form.locator('[data-erase-confirm]').fill('别的名字');
	await form.locator('[data-erase-request]').fill('客户来电要求删除 2026-12-01');
	await expect(erase).toBeDisabled();
	await form.locator('[data-erase-confirm]').fill(name);
	await expect(erase).toBeEnabled();
	await erase.click();
	await expect(section.locator('[data-erased]')).toBeVisible();
	await expect(section.locator('[data-erased]')).toContainText(/#\d+/);

	// Found no more by the phone; the order is still there, under the erased name.
	await section.locator('[data-erase-q]').fill(phone.slice(3));
	await section.locator('form').first().getByRole('button', { name: /查找|Find/ }).click();
	await expect(section.getByRole('status')).toBeVisible();
	await expect(section.locator('tr[data-customer]')).toHaveCount(0);
	const after = await request.get(`/api/v1/repair-orders/${order.id}`, { headers: { authorization: `Bearer ${token}` } });
	const body = await after.json();
	expect(body.customerName).toMatch(/^已删除客户 #\d+$/);
	expect(JSON.stringify(body)).not.toContain(phone);
});
