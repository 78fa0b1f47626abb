import { expect, test, type Locator, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCredentials, demoLinks, jobInBay, signIn } from './demo';

/**
 * Issue 19 on the customer's own link, on a phone (390x844, touch): the photos of the finding they
 * are asked about, beside it, full screen on tap; photos taken while the page is open arrive live;
 * the answer; and no staff photo address on the link, no photo address at all on the lounge.
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/photos', name));

/** Every socket frame the page sends and receives. */
function recordFrames(page: Page): string[] {
	const frames: string[] = [];
	const text = (payload: string | Buffer) => (typeof payload === 'string' ? payload : payload.toString('utf8'));
	page.on('websocket', (ws) => {
		ws.on('framereceived', (f) => frames.push(text(f.payload)));
		ws.on('framesent', (f) => frames.push(text(f.payload)));
	});
	return frames;
}

/** Whether every image in `strip` has loaded (complete, with pixels). */
const allLoaded = (strip: Locator) => strip.locator('img').evaluateAll((imgs) => imgs.length > 0 && (imgs as HTMLImageElement[]).every((i) => i.complete && i.naturalWidth > 0));

test("the customer's phone shows a finding's two photos beside it, full screen on tap, then approves; no staff photo address on the link, none at all on the lounge", async ({ browser, request }) => {
	const { token } = demoCredentials();
	const secrets = demoLinks();

	// The lounge TV watches the whole time.
	const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const tv = await tvContext.newPage();
	const tvFrames = recordFrames(tv);
	await tv.goto(`/board/lounge?key=${secrets.loungeKey}`);
	await expect(tv.locator('.lounge')).toHaveAttribute('data-status', 'live');

	// A car of the test's own in a bay, with a finding for the customer to answer.
	let order = await jobInBay(request, token);
	const raised = await request.post(`/api/v1/repair-orders/${order.id}/addons`, {
		headers: { authorization: `Bearer ${token}` },
		data: { expectedVersion: order.version, finding: '前刹车片磨损，剩余 2 mm', safety: true, operations: [{ nameZh: '更换前刹车片', nameEn: 'Replace front brake pads', minutes1: 60, minutes2: 40 }] }
	});
	expect(raised.status()).toBe(201);
	order = await raised.json();
	const addonId = order.addons.at(-1)!.id;

	// The advisor, signed in at the desk, sends the photos (her session's cookie).
	const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const desk = await deskContext.newPage();
	await signIn(desk, '李娜', '1111');
	const upload = async (file: string, caption: string) => {
		const res = await desk.request.post(`/api/v1/repair-orders/${order.id}/photos?addonId=${addonId}&caption=${encodeURIComponent(caption)}`, {
			headers: { 'content-type': 'image/jpeg', 'idempotency-key': `photos-status-${order.id}-${file}` },
			data: fixture(file)
		});
		expect(res.status(), await res.text()).toBe(201);
	};
	await upload('brake-pad.jpg', '左前刹车片 2 mm');

	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const phone = await phoneContext.newPage();
	const phoneFrames = recordFrames(phone);
	const link = secrets.link(order.id);
	const opened = await phone.goto(link);
	expect(opened?.status()).toBe(200);
	// The finding's thumbnail is asked for ahead of the page's scripts (its 3G budget: npm run bench:status).
	expect(opened!.headers()['link']).toMatch(new RegExp(`^</api/v1/status/${order.id}\\.[A-Za-z0-9_-]{43}/photos/\\d+/thumb>; rel=preload; as=image`));
	const firstHtml = await phone.content();
	await expect(phone.locator('[data-status-page]')).toHaveAttribute('data-live', 'live');
	await phone.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
	const card = phone.locator(`[data-customer-addon="${addonId}"]`);
	const strip = phone.getByTestId(`status-addon-photos-${addonId}`);
	await expect(card).toContainText('前刹车片磨损');
	await expect(strip.locator('img')).toHaveCount(1);

	// A second photo taken while the customer looks: it arrives on the open page.
	await upload('brake-disc.jpg', '刹车盘');
	await expect(strip.locator('img')).toHaveCount(2);
	expect(await phone.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
	await strip.scrollIntoViewIfNeeded();
	await expect.poll(() => allLoaded(strip)).toBe(true);
	for (const src of await strip.locator('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src') ?? ''))) {
		expect(src).toMatch(new RegExp(`^/api/v1/status/${order.id}\\.[A-Za-z0-9_-]{43}/photos/\\d+/thumb$`));
	}
	// Sized before they load: nothing moves when they arrive; below the fold they wait (lazy).
	expect(await strip.locator('img').first().getAttribute('loading')).toBe('lazy');
	expect(Number(await strip.locator('img').first().getAttribute('width'))).toBeGreaterThan(0);
	const box = await strip.locator('button').first().boundingBox();
	expect(box!.width).toBeGreaterThanOrEqual(90); // a worn pad visible: three across a phone

	// Full screen on a tap; the next photo; closed with ×.
	const viewer = phone.locator('dialog[open]');
	await strip.locator('button').first().tap();
	await expect(viewer).toBeVisible();
	await expect(viewer).toContainText('1 / 2');
	await expect.poll(() => viewer.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0 && i.src.endsWith('/display'))).toBe(true);
	await viewer.getByRole('button', { name: /下一张|Next/ }).tap();
	await expect(viewer).toContainText('2 / 2');
	await viewer.getByRole('button', { name: /关闭|Close/ }).tap();
	await expect(viewer).toHaveCount(0);
	await expect(phone).toHaveURL(new RegExp(`${link.replace('.', '\\.')}$`));

	// The phone's back button closes the photo, not the page; so does Escape.
	await strip.locator('button').nth(1).tap();
	await expect(viewer).toBeVisible();
	await phone.goBack();
	await expect(viewer).toHaveCount(0);
	await expect(phone.locator('[data-status-page]')).toBeVisible();
	await strip.locator('button').first().tap();
	await expect(viewer).toBeVisible();
	await phone.keyboard.press('Escape');
	await expect(viewer).toHaveCount(0);
	await expect(phone).toHaveURL(new RegExp(`${link.replace('.', '\\.')}$`));
	expect(await phone.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

	// The customer approves: the finding leaves the list of questions.
	await card.locator('[data-answer-button="approve"]').tap();
	await expect(phone.locator('[data-answer="saved"]')).toBeVisible();
	await expect(phone.locator('[data-customer-addon]')).toHaveCount(0);
	const after = await (await request.get(`/api/v1/repair-orders/${order.id}`, { headers: { authorization: `Bearer ${token}` } })).json();
	expect(after.addons.find((a: { id: number }) => a.id === addonId)).toMatchObject({ status: 'approved', decidedVia: 'customer_link' });

	// The customer's link: its own photo addresses only, never the staff's.
	expect(phoneFrames.some((f) => f.includes('/photos/') || f.includes('"photos"'))).toBe(true);
	const onPhone = [firstHtml, await phone.content(), ...phoneFrames].join('\n');
	expect(onPhone).not.toContain('/api/v1/photos/');

	// The lounge saw this car move, and never a photo's address.
	await expect.poll(() => tvFrames.some((f) => f.includes(`"id":${order.id}`))).toBe(true);
	const onTv = [await tv.content(), ...tvFrames].join('\n');
	expect(onTv).not.toContain('/photos/');
	expect(onTv).not.toContain('"photos"');

	await tvContext.close();
	await deskContext.close();
	await phoneContext.close();
});
