import { expect, test, type APIRequestContext, type Locator, type Page } from './fixtures';
import { demoCredentials, jobInBay, signIn } from './demo';

const tablet = { viewport: { width: 1024, height: 768 } };

/** A job of the test's own for team T2, dispatched to a bay freed for it: the technician starts it on the tablet. */
async function jobInProgress(page: Page, request: APIRequestContext): Promise<{ ro: string; job: Locator }> {
	const { number: ro } = await jobInBay(request, demoCredentials().token, { team: 'T2', start: false });
	const job = page.locator(`[data-ro="${ro}"]`);
	await expect(job).toHaveAttribute('data-stage', 'dispatched');
	await job.locator('[data-action="start"]').click();
	await expect(job).toHaveAttribute('data-stage', 'in_progress');
	return { ro, job };
}

const remaining = async (job: Locator) => Number(await job.locator('[data-remaining-s]').getAttribute('data-remaining-s'));

test('a technician pauses, resumes, raises an add-on, requests parts and finishes; the team leader sees it live and signs', async ({ browser, request }) => {
	const techContext = await browser.newContext(tablet);
	const leadContext = await browser.newContext(tablet);
	const page = await techContext.newPage();
	const page2 = await leadContext.newPage();

	await signIn(page, '刘海峰', '3333', 'tablet');
	await page.goto('/tech');
	await expect(page.locator('.page')).toHaveAttribute('data-status', 'live');
	// Only team T2's jobs, and the technician's buttons only: no signing, no crew change.
	await expect(page.locator('[data-team]')).toHaveAttribute('data-team', 'T2');
	await expect(page.locator('[data-action="team_check_pass"]')).toHaveCount(0);
	await expect(page.locator('[data-action="set_crew"]')).toHaveCount(0);
	const { ro, job } = await jobInProgress(page, request);
	await expect(job.locator('[data-action]')).toHaveText([/暂停/, /增项/, /申请配件/, /呼叫/, /完工/]);
	for (const box of await job.locator('[data-action]').all()) expect((await box.boundingBox())!.height).toBeGreaterThanOrEqual(56);

	await signIn(page2, '张国栋', '4444', 'tablet');
	await page2.goto('/tech');
	const leaderJob = page2.locator(`[data-ro="${ro}"]`);
	await expect(leaderJob).toHaveAttribute('data-stage', 'in_progress');
	await expect(leaderJob.locator('[data-action="set_crew"]')).toHaveCount(2);

	// The countdown runs while the job is worked on...
	const running = await remaining(job);
	await expect.poll(() => remaining(job), { timeout: 5000 }).toBeLessThan(running);

	// ...pause, with a reason and a note: it stops, and the leader's tablet shows it at once.
	await job.locator('[data-action="pause"]').click();
	const pause = page.locator('dialog[data-sheet="pause"]');
	await pause.getByRole('textbox').fill('等机油滤清器');
	await pause.locator('[data-reason="parts"]').click();
	await expect(pause).toBeHidden();
	await expect(job).toHaveAttribute('data-stage', 'paused');
	await expect(job.locator('[data-pause-reason="parts"]')).toContainText('等机油滤清器');
	const stopped = await remaining(job);
	await page.waitForTimeout(1500);
	expect(await remaining(job)).toBe(stopped);
	await expect(leaderJob).toHaveAttribute('data-stage', 'paused');
	await expect(leaderJob.locator('[data-pause-reason="parts"]')).toBeVisible();

	// A stale version is refused and the card says who changed the job (his own pause, here).
	await page.route('**/transitions', async (route) => {
		const body = route.request().postDataJSON();
		await route.continue({ postData: JSON.stringify({ ...body, expectedVersion: body.expectedVersion - 1 }) });
	});
	await job.locator('[data-action="resume"]').click();
	await expect(job.getByRole('alert')).toContainText('刘海峰 刚刚改动了这个作业');
	await page.unroute('**/transitions');
	await expect(job).toHaveAttribute('data-stage', 'paused');

	await job.locator('[data-action="resume"]').click();
	await expect(job).toHaveAttribute('data-stage', 'in_progress');
	await expect(job.getByRole('alert')).toHaveCount(0);
	await expect.poll(() => remaining(job), { timeout: 5000 }).toBeLessThan(stopped);

	// An add-on: the finding, safety, work from the catalogue; it waits for the customer.
	await job.locator('[data-action="addon"]').click();
	const addon = page.locator('dialog[data-sheet="addon"]');
	await expect(addon.locator('[data-submit]')).toBeDisabled();
	await addon.locator('textarea[name="finding"]').fill('前刹车片磨损至 2 毫米');
	await addon.locator('[data-safety="yes"]').click();
	await addon.locator('input[name="q"]').fill('前刹车片');
	await addon.locator('[data-code="BRK-PAD-F"]').click();
	await expect(addon.locator('[data-picked="BRK-PAD-F"]')).toBeVisible();
	await addon.locator('[data-submit]').click();
	await expect(addon).toBeHidden();
	await expect(page.getByRole('status').filter({ hasText: '增项已提交服务顾问' })).toBeVisible();
	await expect(job.locator('[data-op-status="pending"]')).toContainText(['更换前刹车片']);
	await expect(job.locator('[data-op-status="pending"]')).toContainText(['待客户确认']);
	await expect(job.locator('[data-addon]').last()).toContainText('前刹车片磨损至 2 毫米');
	await expect(leaderJob.locator('[data-op-status="pending"]')).toContainText(['更换前刹车片']);

	// Parts for the job.
	await job.locator('[data-action="parts"]').click();
	const parts = page.locator('dialog[data-sheet="parts"]');
	await parts.locator('textarea[name="note"]').fill('机油滤清器 90915-YZZD2 × 1');
	await parts.locator('[data-submit]').click();
	await expect(parts).toBeHidden();
	await expect(job.locator('[data-parts-request]').last()).toContainText('机油滤清器 90915-YZZD2 × 1');
	await expect(leaderJob.locator('[data-parts-request]').last()).toContainText('刘海峰');

	// Finish (a deliberate second tap), then only the team leader can sign.
	await job.locator('[data-action="finish"]').click();
	await page.locator('dialog[data-sheet="finish"] [data-confirm]').click();
	await expect(job).toHaveAttribute('data-stage', 'team_check');
	await expect(job.locator('[data-action="team_check_pass"]')).toHaveCount(0);
	await expect(leaderJob).toHaveAttribute('data-stage', 'team_check');
	const signed = await remaining(leaderJob);
	await page2.waitForTimeout(1200);
	expect(await remaining(leaderJob)).toBe(signed);

	await leaderJob.locator('[data-action="team_check_pass"]').click();
	await page2.locator('dialog[data-sheet="sign"] [data-confirm]').click();
	await expect(page2.getByRole('status').filter({ hasText: '已签字，转总检' })).toBeVisible();
	// Off to final QC: the job leaves both tablets.
	await expect(leaderJob).toHaveCount(0);
	await expect(job).toHaveCount(0);

	await techContext.close();
	await leadContext.close();
});

test('the tablet is in English too, and a dispatcher sees every team', async ({ browser, request }) => {
	// Jobs for two teams at least, whatever the day has.
	const first = await jobInBay(request, demoCredentials().token, { team: 'T1', start: false });
	await jobInBay(request, demoCredentials().token, { team: 'T3', start: false, keep: [first.id] });
	const context = await browser.newContext(tablet);
	const page = await context.newPage();
	await signIn(page, '赵强', '2222', 'tablet');
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: page.url() }]);
	await page.goto('/tech');
	await expect(page.locator('.page')).toHaveAttribute('data-status', 'live');
	expect(await page.locator('section[data-team]').count()).toBeGreaterThan(1);
	await page.locator('[data-filter="T1"]').click();
	await expect(page.locator('section[data-team]')).toHaveCount(1);
	await expect(page.locator('section[data-team] h2')).toContainText('Mechanical team 1');
	await expect(page.locator('[data-action]').first()).toHaveText(/Start|Resume|Pause|Add-on|Request parts|Finish|Sign|tech\./);
	await context.close();
});
