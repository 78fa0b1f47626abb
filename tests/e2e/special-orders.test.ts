import { expect, test } from './fixtures';
import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { e2eDataDir, signIn, uniquePlate } from './demo';

const desk = { viewport: { width: 1280, height: 800 } };

/** A bin of the demo parts room (where an arrived part waits). */
function aBin(): string {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const { code } = db.prepare('select code from part_bins order by id limit 1').get() as { code: string };
	db.close();
	return code;
}

test('an advisor registers a special order at the desk; the parts room moves it to arrived; the advisor is told on the desk and acknowledges it', async ({ browser }) => {
	const plate = uniquePlate();
	const advisor = await (await browser.newContext(desk)).newPage();
	const partsContext = await browser.newContext(desk);
	const parts = await partsContext.newPage();

	// ── register on /desk/special-orders ───────────────────────
	await signIn(advisor, '李娜', '1111');
	await advisor.goto('/desk/special-orders');
	await expect(advisor.locator('.live')).toHaveAttribute('data-status', 'live');
	await advisor.locator('[data-action="register-new"]').click();
	const form = advisor.locator('dialog[data-register-dialog]');
	await expect(form).toBeVisible();
	await form.locator('[data-field="plate"]').fill(plate);
	await form.locator('[data-field="model"]').fill('凯美瑞 Camry');
	await form.locator('[data-field="customerName"]').fill('欧阳建国');
	await form.locator('[data-field="customerPhone"]').fill('13912345678');
	// A part the store has never stocked, typed as the supplier spells it.
	await form.locator('[data-add-line]').click();
	await form.locator('[data-field="lines.0.number"]').fill('52119-06923');
	await form.locator('[data-field="lines.0.name"]').fill('前保险杠');
	await form.locator('[data-field="lines.0.qty"]').fill('1');
	// Without the model, the form refuses and says which field.
	await form.locator('[data-field="model"]').fill('');
	await form.locator('[data-submit="register"]').click();
	await expect(form.locator('[role="alert"]')).not.toBeEmpty();
	await expect(form).toBeVisible();
	await form.locator('[data-field="model"]').fill('凯美瑞 Camry');
	await form.locator('[data-submit="register"]').click();
	await expect(form).toBeHidden();

	// The board shows it at once, in full (the advisor calls customers), under "registered"; its panel opens.
	const card = advisor.locator('[data-column="registered"] [data-special-order]', { hasText: '欧阳建国' });
	await expect(card).toBeVisible();
	const id = Number(await card.getAttribute('data-special-order'));
	await expect(advisor.locator(`[data-order-detail="${id}"]`)).toBeVisible();
	await expect(advisor.locator(`[data-order-detail="${id}"] [data-history="registered"]`)).toContainText('李娜');

	// ── the parts room moves it along over the API ─────────────
	await signIn(parts, '周敏', '6666');
	const api = partsContext.request;
	const origin = new URL(parts.url()).origin;
	let order = await (await api.get(`/api/v1/special-orders/${id}`)).json();
	expect(order.customerName).toBe('欧**'); // the parts room sees the name masked, no phone
	expect(order).not.toHaveProperty('customerPhone');
	const step = async (action: string, fields: Record<string, unknown> = {}) => {
		const res = await api.post(`/api/v1/special-orders/${id}/steps`, { data: { action, expectedVersion: order.version, ...fields }, headers: { origin } });
		expect(res.status(), `${action}: ${await res.text()}`).toBe(200);
		order = await res.json();
	};
	await step('review');
	await step('order', { supplierRef: 'GTMC-PO-E2E' });
	const bin = aBin();
	await step('arrive', { bin });
	expect(order.step).toBe('arrived');

	// The advisor's board moved it live.
	await expect(advisor.locator(`[data-column="arrived"] [data-special-order="${id}"]`)).toBeVisible();

	// ── the desk tells the advisor ─────────────────────────────
	await advisor.goto('/desk');
	const alert = advisor.locator(`[data-arrived-order="${id}"]`);
	await expect(alert).toBeVisible();
	await expect(alert).toContainText('欧阳建国');
	await expect(alert).toContainText(bin);
	await alert.locator(`[data-seen="${id}"]`).click();
	await expect(alert).toBeHidden();
	const after = await (await api.get(`/api/v1/special-orders/${id}`)).json();
	expect(after.step).toBe('advisor_notified');
	expect(after.steps.at(-1)).toMatchObject({ step: 'advisor_notified', actorName: '李娜' });

	// The desk links to the special orders.
	await advisor.locator('[data-special-orders-link]').click();
	await expect(advisor).toHaveURL(/\/desk\/special-orders$/);
	await expect(advisor.locator(`[data-column="advisor_notified"] [data-special-order="${id}"]`)).toBeVisible();
});
