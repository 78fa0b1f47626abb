import { expect, test } from './fixtures';
import { bays, demoCredentials, epochTimes, jobInBay, move, signIn } from './demo';
import { countdown } from '../../src/lib/domain/countdown';

const auth = () => ({ authorization: `Bearer ${demoCredentials().token}` });

type Job = { id: number; plate: string; stage: string; bayId: number | null; crewSize: number | null; workedMs: number; runningSince: number | null; operations: { minutes1: number; minutes2: number; status: 'active' | 'pending' | 'declined' }[] };

/** The jobs being worked on in a bay now, as the API has them. */
async function jobsInBays(request: import('@playwright/test').APIRequestContext): Promise<Job[]> {
	const { items } = await (await request.get('/api/v1/repair-orders?stage=in_progress', { headers: auth() })).json();
	return epochTimes(items as Job[]).filter((j) => j.bayId !== null);
}

/**
 * A job past its standard time: the day has some; if the day has moved on, one of the test's own
 * with a one-minute standard time, a minute after it starts.
 */
async function lateJob(request: import('@playwright/test').APIRequestContext, keep: number[] = []): Promise<Job> {
	const found = (await jobsInBays(request)).find((j) => !keep.includes(j.id) && countdown(j, Date.now()).level === 'red');
	if (found) return found;
	const quick = epochTimes(await jobInBay(request, demoCredentials().token, { keep, order: { operations: [{ nameZh: '快速检查', nameEn: 'Quick check', minutes1: 1, minutes2: 1 }] } })) as unknown as Job;
	await expect.poll(() => countdown(quick, Date.now()).level, { timeout: 90_000, intervals: [1000] }).toBe('red');
	return quick;
}

test('the board counts down, overdue jobs go red and count up, and a TV clock 17 minutes fast changes nothing', async ({ page, request }) => {
	test.setTimeout(150_000);
	const { token } = demoCredentials();
	// A job of the test's own, just started: on time.
	const onTime = epochTimes(await jobInBay(request, token)) as unknown as Job;
	const late = await lateJob(request, [onTime.id]);

	// The TV's wall clock is 17 minutes ahead of the server's.
	await page.clock.setSystemTime(new Date(Date.now() + 17 * 60_000));
	await page.goto(`/board/bays?key=${demoCredentials().boardKey}`);
	await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
	expect(await page.evaluate(() => Date.now()) - Date.now()).toBeGreaterThan(16 * 60_000);

	const remaining = async (plate: string) => Number(await page.locator('[data-bay]', { hasText: plate }).locator('.countdown').getAttribute('data-remaining-s'));
	// Within a second of the server's own arithmetic, despite the TV's clock (the board redraws
	// four times a second, so allow it one redraw after going live).
	await expect
		.poll(async () => Math.abs((await remaining(onTime.plate)) - Math.round(countdown(onTime, Date.now()).remainingMs / 1000)), { timeout: 2000 })
		.toBeLessThanOrEqual(1);
	const a = await remaining(onTime.plate);
	await page.waitForTimeout(2100);
	expect(await remaining(onTime.plate)).toBeLessThanOrEqual(a - 2);

	const lateBay = page.locator('[data-bay]', { hasText: late.plate });
	await expect(lateBay).toHaveClass(/red/);
	const over = await remaining(late.plate);
	expect(over).toBeLessThan(0);
	await expect(lateBay.locator('.countdown')).toHaveText(/^\+/);
	await page.waitForTimeout(1100);
	expect(await remaining(late.plate)).toBeLessThan(over);
	expect(Math.abs((await remaining(late.plate)) - Math.round(countdown(late, Date.now()).remainingMs / 1000))).toBeLessThanOrEqual(1);

	// The header figures and every bay, idle or out of service, are on the wall.
	await expect(page.locator('[data-stat="in"]')).toHaveText(/^\d+$/);
	const all = await bays(request, token);
	await expect(page.locator('[data-bay]')).toHaveCount(all.length);
	await expect(page.locator('[data-stage="out_of_service"]')).toHaveCount(all.filter((b) => !b.inService).length);
});

test('the board fits 1080p and 4K without scrolling', async ({ page }) => {
	for (const [width, height] of [
		[1920, 1080],
		[3840, 2160]
	]) {
		await page.setViewportSize({ width, height });
		await page.goto(`/board/bays?key=${demoCredentials().boardKey}`);
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
		const overflow = await page.evaluate(() => ({ x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight }));
		expect(overflow.x).toBeLessThanOrEqual(0);
		expect(overflow.y).toBeLessThanOrEqual(0);
		const plate = await page.locator('[data-bay] .plate').first().boundingBox();
		expect(plate!.height).toBeGreaterThan(height * 0.035); // large enough to read from six metres
	}
});

test('read from five metres: an 8-character plate whole at 1080p and 4K, a paused job marked and why, a team check without a countdown, lanes that say +N more', async ({ page, request }) => {
	test.setTimeout(90_000);
	const { token } = demoCredentials();
	// The tests' own plates are green new-energy ones: 粤B·E1xxxx, 8 characters.
	let paused = await jobInBay(request, token);
	expect(paused.plate.replace('·', '')).toHaveLength(8);
	let checked = await jobInBay(request, token, { keep: [paused.id] });
	paused = await move(request, token, paused, 'pause', { reason: 'parts' });
	checked = await move(request, token, checked, 'finish');
	expect(checked.stage).toBe('team_check');

	for (const [width, height] of [
		[1920, 1080],
		[3840, 2160]
	]) {
		await page.setViewportSize({ width, height });
		await page.goto(`/board/bays?key=${demoCredentials().boardKey}`);
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
		for (const o of [paused, checked]) {
			const plate = page.locator('[data-bay]', { hasText: o.plate }).locator('[data-plate]');
			await expect(plate).toHaveText(o.plate);
			await expect.poll(() => plate.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
			expect((await plate.boundingBox())!.height).toBeGreaterThan(height * 0.03);
		}
	}

	const pausedBay = page.locator('[data-bay]', { hasText: paused.plate });
	await expect(pausedBay).toHaveAttribute('data-paused', 'parts');
	await expect(pausedBay.locator('.stage')).toHaveText(/等待配件|Waiting for parts/);
	await expect(pausedBay.locator('.countdown')).toHaveClass(/stopped/);
	const checkBay = page.locator('[data-bay]', { hasText: checked.plate });
	await expect(checkBay).toHaveAttribute('data-stage', 'team_check');
	await expect(checkBay.locator('.countdown')).toHaveCount(0);
	await expect(checkBay.locator('[data-waits="team_check"]')).toBeVisible();

	// A wall short of room: every lane shows what fits and says how many more it holds.
	await page.setViewportSize({ width: 1920, height: 640 });
	await expect
		.poll(async () =>
			page.locator('[data-lane]').evaluateAll((lanes) =>
				lanes.map((l) => Number(l.getAttribute('data-count')) - l.querySelectorAll('li[data-stage]').length - Number(l.querySelector('[data-more]')?.getAttribute('data-more') ?? 0))
			)
		)
		.toEqual([0, 0, 0, 0]);
	// The lanes re-fit after the resize (a ResizeObserver, then a render): wait for it, never a
	// lane whose rows run past its bottom.
	await expect
		.poll(() => page.locator('[data-lane] .rows').evaluateAll((rows) => rows.filter((r) => r.scrollHeight > r.clientHeight + 1).length))
		.toBe(0);
	const hidden = await page.locator('[data-lane]').evaluateAll((lanes) => lanes.filter((l) => l.querySelector('[data-more]')).length);
	if (hidden > 0) await expect(page.locator('[data-lane] [data-more]').first()).toHaveText(/还有 \d+ 台|\+\d+ more/);
});

test("the dispatcher's desk lists the jobs past their standard time, from the server's overdue watch", async ({ page, request }) => {
	test.setTimeout(150_000);
	await lateJob(request);
	// Whatever is late now (the day has some; other tests may have added or finished some).
	const { items } = await (await request.get('/api/v1/repair-orders?stage=in_progress', { headers: auth() })).json();
	const late = epochTimes(items as (Job & { number: string })[]).filter((j) => countdown(j, Date.now()).level === 'red');
	expect(late.length).toBeGreaterThan(0);
	await signIn(page, '赵强', '2222');
	await page.goto('/desk');
	// The watch looks every 10 seconds: each late job is on the dispatcher's list, and the count says how many are.
	for (const j of late) await expect(page.locator(`[data-overdue="${j.number}"]`)).toHaveCount(1, { timeout: 20_000 });
	const listed = await page.locator('[data-overdue]').count();
	await expect(page.locator('[data-alerts]')).toHaveAttribute('data-alerts', String(listed));
});
