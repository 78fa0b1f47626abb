import { expect, test, type Locator } from './fixtures';
import { fileURLToPath } from 'node:url';
import { demoCredentials, jobInBay, signIn } from './demo';

/** The technician's tablet (issue 19): 1024x768, touch. */
const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true };
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));
const isUpload = (url: URL) => /^\/api\/v1\/repair-orders\/\d+\/photos$/.test(url.pathname);

/** Every <img> of the locator has loaded from the server (a broken or unloaded image has no natural width). */
const loaded = (imgs: Locator) => imgs.evaluateAll((list) => list.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));

test('a technician raises an add-on with two photos on poor Wi-Fi: the sheet closes at once, the queue retries, the job shows the thumbnails from the server', async ({ browser, request }) => {
	const context = await browser.newContext(tablet);
	const page = await context.newPage();
	await signIn(page, '刘海峰', '3333', 'tablet');
	const { number: ro } = await jobInBay(request, demoCredentials().token, { team: 'T2' });
	await page.goto('/tech');
	await expect(page.locator('.page')).toHaveAttribute('data-status', 'live');
	const job = page.locator(`[data-ro="${ro}"]`);
	await expect(job).toHaveAttribute('data-stage', 'in_progress');

	// The workshop's Wi-Fi drops: every upload fails until the test has seen the queue retry.
	let blocked = true;
	let attempts = 0;
	await page.route(isUpload, async (route) => {
		attempts += 1;
		if (blocked) await route.abort('internetdisconnected');
		else await route.continue();
	});

	await job.locator('[data-action="addon"]').click();
	const sheet = page.locator('dialog[data-sheet="addon"]');
	await sheet.locator('textarea[name="finding"]').fill('前刹车片磨损至 2 毫米');
	await sheet.locator('[data-safety="yes"]').click();
	await sheet.locator('input[name="q"]').fill('前刹车片');
	await sheet.locator('[data-code="BRK-PAD-F"]').click();
	// Three photos taken, previewed; the third removed before sending.
	const camera = sheet.getByTestId('addon-photo-take').locator('input[type="file"]');
	await camera.setInputFiles([fixture('brake-pad.jpg'), fixture('brake-disc.jpg')]);
	await camera.setInputFiles([fixture('scratch-left.jpg')]);
	await expect(sheet.locator('[data-photo-preview]')).toHaveCount(3);
	// The previews show before anything is sent (blob: images, allowed by the page's CSP).
	await expect.poll(() => loaded(sheet.locator('[data-photo-preview] img'))).toEqual([true, true, true]);
	await sheet.locator('[data-photo-preview] button').nth(2).tap();
	await expect(sheet.locator('[data-photo-preview]')).toHaveCount(2);
	await sheet.locator('input[name="photo-caption"]').fill('左前轮');
	await sheet.locator('[data-submit]').tap();

	// The sheet does not wait for the photos.
	await expect(sheet).toBeHidden();
	const addon = job.locator('[data-addon]').last();
	await expect(addon).toContainText('前刹车片磨损至 2 毫米');
	const addonId = await addon.getAttribute('data-addon');
	await expect(page.locator('[data-photos-pending]')).toHaveAttribute('data-photos-pending', '2');
	await expect(addon.locator('[data-testid="photo-queued"][data-state="retrying"]')).toHaveCount(1);
	expect(attempts).toBeGreaterThanOrEqual(1);

	// The network comes back: both go up, hand over to the server's thumbnails, and the line goes.
	blocked = false;
	const strip = page.getByTestId(`tech-addon-photos-${addonId}`);
	await expect(strip.locator('img')).toHaveCount(2, { timeout: 15_000 });
	await expect(page.locator('[data-photos-pending]')).toHaveCount(0);
	await expect(addon.locator('[data-testid="photo-queued"]')).toHaveCount(0);
	await strip.scrollIntoViewIfNeeded();
	for (const img of await strip.locator('img').all()) await expect(img).toHaveAttribute('src', /^\/api\/v1\/photos\/\d+\/thumb$/);
	await expect.poll(() => loaded(strip.locator('img'))).toEqual([true, true]);
	await expect(strip.locator('img').first()).toHaveAttribute('alt', '左前轮');

	// A tap opens the photo full screen, from the display size.
	await strip.locator('button').first().tap();
	const viewer = page.locator('dialog img[src$="/display"]');
	await expect.poll(() => loaded(viewer)).toEqual([true]);
	await page.keyboard.press('Escape');
	await expect(viewer).toHaveCount(0);

	// Another photo for the same finding later, from the job itself.
	await page.getByTestId(`tech-addon-photo-add-${addonId}`).locator('input[type="file"]').setInputFiles([fixture('scratch-left.jpg')]);
	await expect(strip.locator('img')).toHaveCount(3);
	await expect.poll(() => loaded(strip.locator('img'))).toEqual([true, true, true]);

	await context.close();
});
