import { expect, test } from './fixtures';
import { demoCredentials, freeBay, signIn } from './demo';

// Issue 13: the workshop supervisor takes a lift out of service (and back) from the browser, without
// the admin's right to change the bays themselves; the bay board shows it at once.

test('the supervisor takes a bay out of service with a reason, the board shows it, and brings it back', async ({ browser, request }) => {
	const { token, boardKey } = demoCredentials();
	const bay = await freeBay(request, token, 'mechanical');
	const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await signIn(page, '赵强', '2222');
	await page.goto('/admin#bays');
	const row = page.locator(`#bays tr[data-bay="${bay}"]`);
	await expect(row).toHaveAttribute('data-in-service', 'true');
	// Not the admin: no adding or editing bays, only in and out of service.
	await expect(page.locator('#bays [data-action="add-bay"]')).toHaveCount(0);
	await expect(row.locator('[data-action="edit"]')).toHaveCount(0);

	const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await wall.goto(`/board/bays?key=${boardKey}`);
	await expect(wall.locator(`[data-bay="${bay}"]`)).toBeVisible();

	await row.locator('[data-action="out-of-service"]').click();
	const dialog = page.locator('dialog[data-bay-service]');
	await dialog.locator('input[name="reason"]').fill('举升机年检');
	await dialog.locator('[data-submit="out-of-service"]').click();
	await expect(row).toHaveAttribute('data-in-service', 'false');
	await expect(row).toContainText('举升机年检');
	await expect(wall.locator(`[data-bay="${bay}"]`)).toContainText('举升机年检');

	await row.locator('[data-action="back-in-service"]').click();
	await expect(row).toHaveAttribute('data-in-service', 'true');
	await expect(wall.locator(`[data-bay="${bay}"]`)).not.toContainText('举升机年检');
});
