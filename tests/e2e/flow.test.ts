import { expect, test } from './fixtures';
import { demoCredentials, freeBay, signIn } from './demo';

/**
 * One car's whole visit across the screens, each in its own browser: the advisor checks it in at
 * the desk, the dispatcher dispatches it, the technician starts, pauses and finishes on the tablet,
 * the team leader signs, QC passes it, the advisor records the wash and delivers. Every step shows
 * on the advisor's desk without a reload.
 */
test('check-in to delivery across desk, tablet and QC, live on the other screens', async ({ browser, request }) => {
	const plate = `粤B·F${String(20000 + Math.floor(Math.random() * 70000))}`;
	const advisor = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	const dispatcher = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();

	await signIn(advisor, '李娜', '1111');
	await advisor.goto('/desk');
	await expect(advisor.locator('.live')).toHaveAttribute('data-status', 'live');
	await advisor.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
	const card = advisor.locator('[data-column] [data-ro]', { hasText: plate });
	const stageOnDesk = (stage: string) => expect(card).toHaveAttribute('data-stage', stage, { timeout: 10_000 });

	// Check-in at the desk.
	await advisor.locator('[data-action="checkin"]').click();
	const form = advisor.locator('dialog[data-checkin]');
	await form.locator('[data-field="plate"]').fill(plate);
	await form.locator('[data-field="plate"]').press('Enter');
	await form.locator('[data-field="model"]').fill('雷凌 Levin');
	await form.locator('[data-field="customerName"]').fill('黄女士');
	await form.locator('[data-field="phone"]').fill('13700000000');
	await form.locator('[data-op-search]').fill('MNT');
	await form.locator('[data-code="MNT-STD"]').click();
	await form.locator('[data-wash="yes"]').click();
	await form.locator('[data-old-parts="leave"]').click();
	await form.locator('[data-payment="cash"]').click();
	await form.locator('[data-submit="checkin"]').click();
	await stageOnDesk('checked_in');
	const ro = (await card.getAttribute('data-ro'))!;
	await advisor.locator('[data-panel] [data-action="submit"]').click();
	await stageOnDesk('waiting_dispatch');

	// Dispatch at the supervisor's desk, to a bay freed for the test.
	const bay = await freeBay(request, demoCredentials().token);
	await signIn(dispatcher, '赵强', '2222');
	await dispatcher.goto('/desk');
	await dispatcher.locator(`[data-ro="${ro}"]`).click();
	await dispatcher.locator('[data-panel] [data-action="dispatch"]').click();
	const dialog = dispatcher.locator('dialog[data-dispatch]');
	await dialog.locator(`[data-bay="${bay}"]`).click();
	await dialog.locator('[data-team="T1"]').click();
	await dialog.locator('[data-crew="1"]').click();
	await dialog.locator('[data-submit="dispatch"]').click();
	await stageOnDesk('dispatched');

	// The technician of team T1 on the tablet: start, pause for parts, resume, finish.
	await signIn(tablet, '李伟', '3333', 'tablet');
	await tablet.goto('/tech');
	const job = tablet.locator(`[data-ro="${ro}"]`);
	await job.locator('[data-action="start"]').click();
	await stageOnDesk('in_progress');
	await job.locator('[data-action="pause"]').click();
	await tablet.locator('[data-reason="parts"]').click();
	await stageOnDesk('paused');
	await job.locator('[data-action="resume"]').click();
	await stageOnDesk('in_progress');
	await job.locator('[data-action="finish"]').click();
	await tablet.locator('dialog[data-sheet="finish"] [data-confirm]').click();
	await stageOnDesk('team_check');

	// The team leader signs the check with a recommendation for the customer; QC passes the car.
	await signIn(tablet, '王建华', '4444', 'tablet');
	await tablet.goto('/tech');
	await tablet.locator(`[data-ro="${ro}"] [data-action="team_check_pass"]`).click();
	await tablet.locator('dialog[data-sheet="sign"] textarea[name="recommendations"]').fill('后轮胎剩 3 mm，建议 5000 公里内更换');
	await tablet.locator('dialog[data-sheet="sign"] [data-confirm]').click();
	await stageOnDesk('final_qc');
	await signIn(tablet, '孙磊', '5555', 'tablet');
	await tablet.goto('/qc');
	await tablet.locator(`[data-ro="${ro}"] [data-action="qc_pass"]`).click();
	await stageOnDesk('wash');

	// The advisor records the wash and delivers.
	const panel = advisor.locator('[data-panel]');
	// The order's panel is still open from check-in (a click on its card would close it).
	if ((await panel.count()) === 0 || (await panel.getAttribute('data-panel')) !== ro) await card.click();
	await expect(panel).toHaveAttribute('data-panel', ro);
	// The advisor has the team leader's recommendation to go through with the customer, signed.
	await expect(panel.locator('[data-recommendations]')).toContainText('后轮胎剩 3 mm，建议 5000 公里内更换');
	await expect(panel.locator('[data-recommendations]')).toContainText('王建华');
	await panel.locator('[data-action="wash_done"]').click();
	await stageOnDesk('ready');
	await panel.locator('[data-action="deliver"]').click();
	await panel.locator('[data-deliver] [data-field="next_mileage"]').fill('20000');
	await panel.locator('[data-deliver] [data-submit="deliver"]').click();
	await stageOnDesk('delivered');
	expect(await advisor.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(1);

	// The audit trail names everyone who touched it.
	await signIn(dispatcher, '陈静', '9999');
	await dispatcher.goto(`/admin?ro=${ro}`);
	const audit = dispatcher.locator('#audit table');
	for (const name of ['李娜', '赵强', '李伟', '王建华', '孙磊']) await expect(audit).toContainText(name);
});
