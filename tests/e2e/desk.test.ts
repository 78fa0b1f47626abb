import { expect, test, type Page } from './fixtures';
import { bays, demoCredentials, freeBay, jobInBay, readyCar, signIn, uniquePlate } from './demo';

const desk = { viewport: { width: 1280, height: 800 } };

/** Opens /desk and waits until the live state is in. */
async function openDesk(page: Page) {
	await page.goto('/desk');
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');
	await expect(page.locator('[data-ro]').first()).toBeVisible();
	// Set once: still there at the end means the page never reloaded.
	await page.evaluate(() => ((window as unknown as { deskMarker: number }).deskMarker = 7));
}

const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { deskMarker?: number }).deskMarker);

test('an advisor checks a car in, it appears live and goes to the workshop; the dispatcher dispatches it and the advisor sees it at once', async ({ browser, request }) => {
	const { token } = demoCredentials();
	// A car the shop has never seen.
	const PLATE = uniquePlate();
	const advisorContext = await browser.newContext(desk);
	const dispatcherContext = await browser.newContext(desk);
	const page = await advisorContext.newPage();
	const page2 = await dispatcherContext.newPage();

	await signIn(page, '李娜', '1111');
	await openDesk(page);

	// ── check-in ───────────────────────────────────────────────
	await page.locator('[data-action="checkin"]').click();
	const form = page.locator('dialog[data-checkin]');
	await expect(form).toBeVisible();
	await form.locator('[data-field="plate"]').fill(PLATE);
	await form.locator('[data-field="plate"]').press('Enter');
	await expect(form.locator('[data-lookup="new"]')).toBeVisible();
	await form.locator('[data-field="model"]').fill('凯美瑞 Camry');
	await form.locator('[data-field="colour"]').fill('珍珠白');
	await form.locator('[data-field="customerName"]').fill('陈先生');
	await form.locator('[data-field="phone"]').fill('13800000000');
	// A catalogue operation found by its Chinese name.
	await form.locator('[data-op-search]').fill('保养');
	await form.locator('[data-code="MNT-STD"]').click();
	await expect(form.locator('[data-selected-op="MNT-STD"]')).toBeVisible();
	// The promise is suggested from the standard times and the load, and filled in.
	await expect(form.locator('[data-suggestion]')).toHaveAttribute('data-suggestion', /Z$/);
	await expect(form.locator('[data-field="promise"]')).not.toHaveValue('');
	// Wash and old parts must be asked: submitting without them marks them.
	await form.locator('[data-submit="checkin"]').click();
	await expect(form.getByRole('alert')).not.toBeEmpty();
	await form.locator('[data-wash="yes"]').click();
	await form.locator('[data-old-parts="leave"]').click();
	await form.locator('[data-payment="wechat"]').click();
	await form.locator('[data-field="concerns"]').fill('保养，刹车有点软');
	await form.locator('[data-submit="checkin"]').click();
	await expect(form).toBeHidden();

	// The card appears in the first column by itself, and its panel opens.
	const card = page.locator('[data-column="intake"] [data-ro]', { hasText: PLATE });
	await expect(card).toHaveAttribute('data-stage', 'checked_in');
	const ro = (await card.getAttribute('data-ro'))!;
	expect(ro).toMatch(/^RO\d{8}-\d{3}$/);
	const panel = page.locator('[data-panel]');
	await expect(panel).toHaveAttribute('data-panel', ro);
	await expect(panel).toContainText('常规保养');
	// Only what the stage allows and an advisor may do.
	await expect(panel.locator('[data-actions] [data-action]')).toHaveCount(2);
	await panel.locator('[data-action="submit"]').click();
	await expect(card).toHaveAttribute('data-stage', 'waiting_dispatch');
	await expect(panel.locator('[data-action="dispatch"]')).toHaveCount(0);

	// ── free the alignment bay: a job only dispatched there is cancelled at the desk; else the
	// workshop moves its job on ──
	const alignment = (await bays(request, token)).find((b) => b.kind === 'alignment' && b.inService)!;
	const holder = alignment.heldBy
		? ((await (await request.get(`/api/v1/repair-orders/${alignment.heldBy.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { number: string; stage: string })
		: null;
	if (holder?.stage === 'dispatched') {
		await page.locator(`[data-column="workshop"] [data-ro="${holder.number}"]`).click();
		await expect(panel).toHaveAttribute('data-stage', 'dispatched');
		await panel.locator('[data-action="cancel"]').click();
		await expect(panel.locator('[data-submit="cancel"]')).toBeDisabled(); // a reason is required
		await panel.locator('[data-field="cancel_reason"]').fill('客户改约明天');
		await panel.locator('[data-submit="cancel"]').click();
		await expect(panel).toHaveAttribute('data-stage', 'cancelled');
	} else if (holder) await freeBay(request, token, 'alignment');
	// Out of service, and taken by another car: the bays the dispatcher must not be offered.
	const now = await bays(request, token);
	// (The demo's M4 is held by its lift, not out of service as a bay: either is not offered.)
	const outOfService = now.find((b) => !b.inService || b.hold)!;
	const taken = now.find((b) => b.inService && b.heldBy)!;

	// ── the dispatcher, on another desk ─────────────────────────
	await signIn(page2, '赵强', '2222');
	await openDesk(page2);
	await expect(page2.locator('[data-action="checkin"]')).toHaveCount(0);
	await page2.locator('[data-ro]', { hasText: PLATE }).click();
	const panel2 = page2.locator('[data-panel]');
	await expect(panel2).toHaveAttribute('data-stage', 'waiting_dispatch');
	await panel2.locator('[data-action="dispatch"]').click();
	const dialog = page2.locator('dialog[data-dispatch]');
	await expect(dialog).toBeVisible();
	// Out-of-service and occupied bays are not offered.
	await expect(dialog.locator(`[data-bay="${outOfService.code}"]`)).toHaveCount(0);
	await expect(dialog.locator(`[data-bay="${taken.code}"]`)).toHaveCount(0);
	await dialog.locator(`[data-bay="${alignment.code}"]`).click();
	await dialog.locator('[data-team="T1"]').click();
	await expect(dialog.locator('[data-team="T1"] [data-load-jobs]')).toBeVisible();
	await dialog.locator('[data-crew="2"]').click();
	await expect(dialog.locator('[data-standard-minutes]')).toHaveAttribute('data-standard-minutes', '30');
	await dialog.locator('[data-crew="1"]').click();
	await expect(dialog.locator('[data-standard-minutes]')).toHaveAttribute('data-standard-minutes', '45');
	await dialog.locator('[data-submit="dispatch"]').click();
	await expect(dialog).toBeHidden();
	await expect(panel2).toHaveAttribute('data-stage', 'dispatched');

	// The advisor's desk shows it in the workshop, without a reload.
	const moved = page.locator('[data-column="workshop"] [data-ro]', { hasText: PLATE });
	await expect(moved).toHaveAttribute('data-stage', 'dispatched');
	await expect(moved).toContainText(alignment.code);
	await expect(moved.locator('[data-countdown]')).toHaveAttribute('data-countdown', String(45 * 60));
	expect(await notReloaded(page)).toBe(7);

	// ── an add-on: raised in the workshop, answered by the customer through the advisor ──
	if ((await panel.getAttribute('data-panel')) !== ro) await moved.click();
	await expect(panel).toHaveAttribute('data-panel', ro);
	// The advisor starts cancelling while the dispatcher changes the order...
	await panel.locator('[data-action="cancel"]').click();
	await panel.locator('[data-field="cancel_reason"]').fill('客户不修了');

	await panel2.locator('[data-action="addon_raise"]').click();
	await panel2.locator('[data-field="finding"]').fill('前刹车片磨损到极限');
	await panel2.locator('[data-field="safety"]').check();
	await panel2.locator('[data-op-search]').fill('brake pad');
	await panel2.locator('[data-code="BRK-PAD-F"]').click();
	await panel2.locator('[data-submit="addon_raise"]').click();
	await expect(panel2.locator('[data-addon-status="pending"]')).toBeVisible();

	// ...so the cancel is refused as a conflict naming who changed it, and nothing is cancelled.
	await expect(moved.locator('[data-flag="addon"]')).toBeVisible();
	await panel.locator('[data-submit="cancel"]').click();
	await expect(panel.locator('[data-notice="conflict"]')).toContainText('赵强');
	await expect(panel).toHaveAttribute('data-stage', 'dispatched');

	// The pending add-on is prominent: on the card, in the toolbar, at the top of the panel.
	await expect(page.locator('[data-pending-addons]')).toBeVisible();
	const addon = panel.locator('[data-addon-status="pending"]');
	await expect(addon).toContainText('前刹车片磨损到极限');
	await expect(panel.locator('[data-op-status="pending"]')).toHaveCount(1);
	// The dispatcher may not answer for the customer.
	await expect(panel2.locator('[data-action="addon_approve"]')).toHaveCount(0);
	await addon.locator('[data-action="addon_approve"]').click();
	await expect(panel.locator('[data-addon-status="approved"]')).toBeVisible();
	await expect(panel.locator('[data-op-status="pending"]')).toHaveCount(0);
	await expect(moved.locator('[data-flag="addon"]')).toHaveCount(0);
	// The dispatcher's desk shows the answer too; the standard time now includes the pads.
	await expect(panel2.locator('[data-addon-status="approved"]')).toBeVisible();
	await expect(moved.locator('[data-countdown]')).toHaveAttribute('data-countdown', String((45 + 50) * 60));
	expect(await notReloaded(page)).toBe(7);
	expect(await notReloaded(page2)).toBe(7);

	await advisorContext.close();
	await dispatcherContext.close();
});

test('ready: the customer is called and a pickup agreed; delivery records the next service; the follow-up call is recorded', async ({ browser, request }) => {
	// The test's own car, ready for pickup.
	const ro = (await readyCar(request, demoCredentials().token)).number;
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await signIn(page, '李娜', '1111');
	await openDesk(page);

	const card = page.locator(`[data-column="ready"] [data-ro="${ro}"]`);
	await card.click();
	const panel = page.locator('[data-panel]');
	await expect(panel).toHaveAttribute('data-panel', ro);
	await expect(panel.locator('[data-ready] a[data-call]')).toHaveAttribute('href', /^tel:\+?\d{7,}$/);
	await expect(panel.locator('[data-phone]')).toBeVisible();

	// Tomorrow at 17:30, store time (the field is in store time, and suggests a time today).
	const suggested = await panel.locator('[data-field="pickup"]').inputValue();
	const tomorrow = new Date(Date.parse(`${suggested.slice(0, 10)}T00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	await panel.locator('[data-field="pickup"]').fill(`${tomorrow}T17:30`);
	await panel.locator('[data-action="set_pickup"]').click();
	await expect(panel.locator('[data-pickup]')).toContainText('17:30');
	await expect(card).toContainText('17:30');

	await panel.locator('[data-action="deliver"]').click();
	const deliver = panel.locator('[data-deliver]');
	await expect(deliver).toBeVisible();
	await deliver.locator('[data-field="next_date"]').fill('2030-06-30');
	await deliver.locator('[data-field="next_mileage"]').fill('25000');
	await deliver.locator('[data-field="follow_up_time"]').fill('工作日晚上 19:00 后');
	await deliver.locator('[data-submit="deliver"]').click();

	const delivered = page.locator(`[data-column="delivered"] [data-ro="${ro}"]`);
	await expect(delivered).toHaveAttribute('data-stage', 'delivered');
	await expect(panel).toHaveAttribute('data-stage', 'delivered');
	await expect(panel).toContainText('25,000 km');
	await expect(panel).toContainText('2030-06-30');

	// No answer keeps the call open; satisfied closes it.
	await panel.locator('[data-action="follow_up"][data-outcome="no_answer"]').click();
	await expect(panel.locator('[data-followup]')).toContainText(/未接通|No answer/);
	await expect(panel).toHaveAttribute('data-stage', 'delivered');
	await panel.locator('[data-action="follow_up"][data-outcome="satisfied"]').click();
	await expect(delivered).toHaveAttribute('data-stage', 'followed_up');
	await expect(panel.locator('[data-action]')).toHaveCount(0);
	expect(await notReloaded(page)).toBe(7);
	await context.close();
});

test('the desk tells the advisor which cars will be later than promised; confirming the new time takes it off', async ({ browser, request }) => {
	const { token } = demoCredentials();
	// Promised in 5 minutes, with 85 minutes of standard time still to do: it cannot make it.
	const res = await request.post('/api/v1/repair-orders', {
		headers: { authorization: `Bearer ${token}` },
		data: { vehicle: { plate: uniquePlate(), model: '凯美瑞 Camry' }, customer: { name: '赶时间', phone: '13900007777' }, operations: ['MNT-STD', 'BRK-SVC'], promisedAt: new Date(Date.now() + 5 * 60_000).toISOString() }
	});
	expect(res.ok()).toBe(true);
	const page = await (await browser.newContext(desk)).newPage();
	await signIn(page, '李娜', '1111');
	await openDesk(page);
	const stat = page.locator('[data-slipped-orders]');
	await expect(stat).toBeVisible();
	const count = Number(await stat.getAttribute('data-slipped-orders'));
	expect(count).toBeGreaterThanOrEqual(1);
	// It opens the car to call about (the soonest promise first), with the time to confirm.
	await stat.click();
	const panel = page.locator('[data-panel]');
	await expect(panel.locator('[data-ready-slipped]')).toBeVisible();
	await panel.locator('[data-action="announce_ready_time"]').click();
	await expect(panel.locator('[data-ready-slipped]')).toHaveCount(0);
	if (count === 1) await expect(stat).toHaveCount(0);
	else await expect(stat).toHaveAttribute('data-slipped-orders', String(count - 1));
	expect(await notReloaded(page)).toBe(7);
});


test('checking a car in again brings up what its customer declined last time, safety first, so the advisor asks again', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const headers = { authorization: `Bearer ${token}` };
	let o = await jobInBay(request, token);
	const raise = async (finding: string, safety: boolean) => {
		const r = await request.post(`/api/v1/repair-orders/${o.id}/addons`, { headers, data: { expectedVersion: o.version, finding, safety, operations: ['MNT-STD'] } });
		expect(r.status()).toBe(201);
		o = await r.json();
		return (o.addons as { id: number; finding?: string }[]).find((a) => a.finding === finding)!.id;
	};
	const decline = async (addonId: number) => {
		const r = await request.post(`/api/v1/repair-orders/${o.id}/addons/${addonId}/decision`, { headers, data: { expectedVersion: o.version, approved: false } });
		expect(r.status()).toBe(200);
		o = await r.json();
	};
	const wipers = await raise('雨刮片老化', false);
	const pads = await raise('前刹车片 2 mm', true);
	await decline(wipers);
	await decline(pads);

	const context = await browser.newContext(desk);
	const page = await context.newPage();
	await signIn(page, '李娜', '1111');
	await openDesk(page);
	await page.locator('[data-action="checkin"]').click();
	const form = page.locator('dialog[data-checkin]');
	await form.locator('[data-field="plate"]').fill(o.plate);
	await form.locator('[data-field="plate"]').press('Enter');
	await expect(form.locator('[data-lookup="found"]')).toBeVisible();
	const declined = form.getByTestId('declined-work');
	await expect(declined.locator('li')).toHaveText([/安全\s*前刹车片 2 mm/, /雨刮片老化/]);
	await expect(declined.locator('li').first()).toContainText(o.number);
	// Another plate clears it.
	await form.locator('[data-field="plate"]').fill(uniquePlate());
	await form.locator('[data-field="plate"]').press('Enter');
	await expect(form.locator('[data-lookup="new"]')).toBeVisible();
	await expect(declined).toHaveCount(0);
	await context.close();
});
