import { expect, test, type Locator, type Page } from './fixtures';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoCredentials, demoLinks, jobInBay, signIn } from './demo';

/**
 * Issue 19 end to end: the technician's tablet (1024x768, touch) raises an add-on with two photos;
 * the customer's page (390x844) shows them beside the add-on, full screen on a tap, and the customer
 * approves; the advisor's desk shows the approval with the photos; and the lounge's HTML and socket
 * frames never carry a photo's address.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));
const loaded = (imgs: Locator) => imgs.evaluateAll((list) => list.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));

function recordFrames(page: Page): string[] {
	const frames: string[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
	return frames;
}

test('a finding photographed on the tablet reaches the customer, who approves it; the desk sees the approval with the photos; the lounge never gets a photo', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const s = demoLinks();

	// The lounge TV watches throughout.
	const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const tv = await tvContext.newPage();
	const tvFrames = recordFrames(tv);
	await tv.goto(`/board/lounge?key=${s.loungeKey}`);
	await expect(tv.locator('.lounge')).toHaveAttribute('data-status', 'live');

	// The technician, on the tablet, finds worn pads and photographs them twice.
	const tabletContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
	const tablet = await tabletContext.newPage();
	await signIn(tablet, '刘海峰', '3333', 'tablet');
	const job = await jobInBay(request, token, { team: 'T2' });
	await tablet.goto('/tech');
	await expect(tablet.locator('.page')).toHaveAttribute('data-status', 'live');
	const card = tablet.locator(`[data-ro="${job.number}"]`);
	await card.locator('[data-action="addon"]').tap();
	const sheet = tablet.locator('dialog[data-sheet="addon"]');
	await sheet.locator('textarea[name="finding"]').fill('前刹车片磨损至 2 毫米');
	await sheet.locator('[data-safety="yes"]').tap();
	await sheet.locator('input[name="q"]').fill('前刹车片');
	await sheet.locator('[data-code="BRK-PAD-F"]').tap();
	await sheet.getByTestId('addon-photo-take').locator('input[type="file"]').setInputFiles([fixture('brake-pad.jpg'), fixture('brake-disc.jpg')]);
	await sheet.locator('input[name="photo-caption"]').fill('左前刹车片');
	await sheet.locator('[data-submit]').tap();
	await expect(sheet).toBeHidden();
	const addonId = await card.locator('[data-addon]').last().getAttribute('data-addon');
	const strip = tablet.getByTestId(`tech-addon-photos-${addonId}`);
	await expect(strip.locator('img')).toHaveCount(2, { timeout: 20_000 });

	// The customer's phone: the finding with both photos, full screen on a tap; they approve.
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
	const phone = await phoneContext.newPage();
	const phoneFrames = recordFrames(phone);
	await phone.goto(s.link(job.id));
	await expect(phone.locator('[data-status-page]')).toHaveAttribute('data-live', 'live');
	const photos = phone.getByTestId(`status-addon-photos-${addonId}`);
	await expect(photos.locator('img')).toHaveCount(2);
	await photos.scrollIntoViewIfNeeded();
	await expect.poll(() => loaded(photos.locator('img'))).toEqual([true, true]);
	for (const img of await photos.locator('img').all()) await expect(img).toHaveAttribute('src', /^\/api\/v1\/status\/[^/]+\/photos\/\d+\/thumb$/);
	await photos.locator('button').first().tap();
	const full = phone.locator('dialog[open] img');
	await expect.poll(() => loaded(full)).toEqual([true]);
	await phone.keyboard.press('Escape');
	await expect(phone.locator('dialog[open]')).toHaveCount(0);
	await phone.locator(`[data-customer-addon="${addonId}"] [data-answer-button="approve"]`).tap();
	await expect(phone.locator('[data-answer="saved"]')).toBeVisible();

	// The advisor's desk: the add-on approved, with its two photos.
	const deskContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const desk = await deskContext.newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await desk.locator(`[data-column] [data-ro="${job.number}"]`).first().click();
	const panel = desk.locator('[data-panel]');
	await expect(panel).toHaveAttribute('data-panel', job.number);
	const deskPhotos = desk.getByTestId(`desk-addon-photos-${addonId}`);
	await expect(deskPhotos.locator('img')).toHaveCount(2);
	await deskPhotos.scrollIntoViewIfNeeded();
	await expect.poll(() => loaded(deskPhotos.locator('img'))).toEqual([true, true]);
	await expect(panel.locator(`[data-addon="${addonId}"]`)).toHaveAttribute('data-addon-status', 'approved');

	// Neither the lounge's page nor any frame it received names a photo; the customer's never a staff image address.
	const lounge = [await tv.content(), ...tvFrames].join('\n');
	expect(lounge).not.toMatch(/\/photos\//);
	expect(lounge).not.toMatch(/"photos"|walkaround/);
	const customer = [await phone.content(), ...phoneFrames].join('\n');
	expect(customer).not.toContain('/api/v1/photos/');
	expect(customer).not.toMatch(/takenBy|刘海峰/);

	await Promise.all([tvContext.close(), tabletContext.close(), phoneContext.close(), deskContext.close()]);
});

test('without JavaScript (a slow phone that has not loaded its scripts yet) the customer still sees the photos and their answer is saved', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const s = demoLinks();
	const headers = { authorization: `Bearer ${token}` };
	const job = await jobInBay(request, token, {});
	const raised = await request.post(`/api/v1/repair-orders/${job.id}/addons`, {
		headers,
		data: { expectedVersion: job.version, finding: '雨刮片老化', safety: false, operations: [{ nameZh: '更换雨刮片', nameEn: 'Wiper blades', minutes1: 10, minutes2: 10 }] }
	});
	expect(raised.status()).toBe(201);
	const addonId = ((await raised.json()) as { addons: { id: number }[] }).addons.at(-1)!.id;
	const up = await request.post(`/api/v1/repair-orders/${job.id}/photos?addonId=${addonId}`, { headers: { ...headers, 'content-type': 'image/jpeg' }, data: readFileSync(fixture('scratch-left.jpg')) });
	expect(up.status()).toBe(201);

	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
	const phone = await context.newPage();
	await phone.goto(s.link(job.id));
	const photos = phone.getByTestId(`status-addon-photos-${addonId}`);
	await expect(photos.locator('img')).toHaveCount(1);
	const answered = phone.waitForResponse((r) => r.request().method() === 'POST');
	await phone.locator(`[data-customer-addon="${addonId}"] [data-answer-button="approve"]`).click();
	expect((await answered).status()).toBe(200);
	await expect(phone.locator('[data-answer="saved"]')).toBeVisible();
	const after = await request.get(`/api/v1/repair-orders/${job.id}`, { headers });
	expect(((await after.json()) as { addons: { id: number; status: string }[] }).addons.find((a) => a.id === addonId)?.status).toBe('approved');
	await context.close();
});
