import { expect, test } from './fixtures';
import { checkIn, demoCredentials, freeBay, move, signIn } from './demo';

// Issue 15: a bay knows its lift. The dispatcher marks a lift out of service: the bay board shows
// the bay unavailable with the machine and the reason, and the desk's dispatch does not offer it
// and says why; the repair logged brings it back on both, live.

test('a lift out of service takes its bay off the board and out of dispatch; the repair brings it back', async ({ browser, request }) => {
	const { token, boardKey } = demoCredentials();

	// The wall: the demo's M4 is held by its lift's hydraulic leak.
	const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await wall.goto(`/board/bays?key=${boardKey}`);
	const m4 = wall.locator('[data-bay="M4"]');
	await expect(m4).toHaveAttribute('data-stage', 'unavailable');
	await expect(m4).toHaveAttribute('data-hold', 'out_of_service');
	await expect(m4).toContainText('LIFT-M4');
	await expect(m4).toContainText('举升机液压泄漏，待厂家上门维修');

	// A free mechanical bay, and a car waiting for dispatch.
	const bay = await freeBay(request, token, 'mechanical');
	const lift = `LIFT-${bay}`;
	const card = wall.locator(`[data-bay="${bay}"]`);
	await expect(card).toHaveAttribute('data-stage', 'idle');
	let order = await checkIn(request, token);
	order = await move(request, token, order, 'submit');

	const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await signIn(page, '赵强', '2222');
	await page.goto('/desk');
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');

	// The dispatcher takes the lift out of service.
	const reason = '举升机链条异响，待检修';
	const off = await page.request.post(`/api/v1/equipment/${lift}/service`, { data: { inService: false, reason } });
	expect(off.ok(), await off.text()).toBe(true);

	// The board: unavailable, with the machine and the reason.
	await expect(card).toHaveAttribute('data-stage', 'unavailable');
	await expect(card).toHaveAttribute('data-hold-lift', lift);
	await expect(card).toContainText(lift);
	await expect(card).toContainText(reason);

	// The desk's dispatch: not offered, and says why.
	await page.locator('[data-ro]', { hasText: order.plate }).click();
	await page.locator('[data-panel] [data-action="dispatch"]').click();
	const dialog = page.locator('dialog[data-dispatch]');
	await expect(dialog).toBeVisible();
	await expect(dialog.locator(`[data-bay="${bay}"]`)).toHaveCount(0);
	await expect(dialog.locator(`[data-unavailable-bay="${bay}"]`)).toHaveText(new RegExp(`${bay}：举升机 ${lift} 停用 — ${reason}`));
	await expect(dialog.locator('[data-unavailable-bay="M4"]')).toContainText('举升机液压泄漏');
	// The server refuses it too, saying why.
	const refused = await page.request.post(`/api/v1/repair-orders/${order.id}/transitions`, { data: { action: 'dispatch', expectedVersion: order.version, bay, team: 'T1', crewSize: 1 } });
	expect(refused.status()).toBe(409);
	expect(await refused.json()).toMatchObject({ error: 'bay_unavailable', field: 'bay' });

	// The repair, logged, brings it back: on the board and in the open dialog, live.
	const repaired = await page.request.post(`/api/v1/equipment/${lift}/log`, { data: { kind: 'repair', notes: '更换链条并调整', backInService: true } });
	expect(repaired.ok(), await repaired.text()).toBe(true);
	await expect(card).toHaveAttribute('data-stage', 'idle');
	await expect(card).not.toContainText(reason);
	await expect(dialog.locator(`[data-unavailable-bay="${bay}"]`)).toHaveCount(0);
	await dialog.locator(`[data-bay="${bay}"]`).click();
	await dialog.locator('[data-team="T1"]').click();
	await dialog.locator('[data-submit="dispatch"]').click();
	await expect(dialog).toBeHidden();
	await expect(card).toContainText(order.plate.slice(-4));
});
