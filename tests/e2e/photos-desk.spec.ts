import { expect, test, type APIRequestContext, type Locator, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoCredentials, jobInBay, move, signIn, uniquePlate, type OrderJson } from './demo';

/** Issue 19 at the service desk: the check-in's walk-around photos, the slip, and a finding's photos beside the customer's answer. */
const desk = { viewport: { width: 1280, height: 800 } };
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/photos/${name}`, import.meta.url));

/** Every image in `imgs` is loaded from the server (a broken or refused one has naturalWidth 0). */
async function allLoaded(imgs: Locator, count: number) {
	await expect(imgs).toHaveCount(count);
	await expect.poll(() => imgs.evaluateAll((els) => els.filter((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0).length)).toBe(count);
}

async function openOrder(page: Page, number: string) {
	await page.goto('/desk');
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');
	await page.locator(`[data-ro="${number}"]`).first().click();
	const panel = page.locator(`[data-panel="${number}"]`);
	await expect(panel).toBeVisible();
	return panel;
}

async function addPhoto(request: APIRequestContext, token: string, orderId: number, addonId: number, file: string) {
	const res = await request.post(`/api/v1/repair-orders/${orderId}/photos?addonId=${addonId}`, {
		headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'idempotency-key': `e2e-desk-${orderId}-${addonId}-${file}` },
		data: readFileSync(fixture(file))
	});
	expect(res.status()).toBe(201);
}

test('the advisor takes walk-around photos at check-in: thumbnails from the server, counted on the outline, printed on the slip; one removed', async ({ browser }) => {
	const context = await browser.newContext(desk);
	const page = await context.newPage();
	await signIn(page, '李娜', '1111');
	await page.goto('/desk');
	await expect(page.locator('.live')).toHaveAttribute('data-status', 'live');

	// The car comes in at the desk; its panel opens with the walk-around first.
	const plate = uniquePlate();
	await page.locator('[data-action="checkin"]').click();
	const form = page.locator('dialog[data-checkin]');
	await form.locator('[data-field="plate"]').fill(plate);
	await form.locator('[data-field="plate"]').press('Enter');
	await expect(form.locator('[data-lookup="new"]')).toBeVisible();
	await form.locator('[data-field="model"]').fill('凯美瑞 Camry');
	await form.locator('[data-field="customerName"]').fill('陈先生');
	await form.locator('[data-field="phone"]').fill('13800000000');
	await form.locator('[data-op-search]').fill('保养');
	await form.locator('[data-code="MNT-STD"]').click();
	await expect(form.locator('[data-field="promise"]')).not.toHaveValue('');
	await form.locator('[data-wash="no"]').click();
	await form.locator('[data-old-parts="leave"]').click();
	await form.locator('[data-payment="wechat"]').click();
	await form.locator('[data-submit="checkin"]').click();
	await expect(form).toBeHidden();
	const panel = page.locator('[data-panel]');
	await expect(panel).toHaveAttribute('data-stage', 'checked_in');
	await expect(panel).toHaveAttribute('aria-label', plate);

	const walk = panel.locator('[data-walkaround]');
	await expect(walk).toHaveAttribute('data-prominent', 'true');
	const take = walk.getByTestId('walkaround-photo-take').locator('input[type="file"]');

	await walk.getByTestId('walkaround-spot-left').click();
	await expect(walk.getByTestId('walkaround-spot-left')).toHaveAttribute('aria-pressed', 'true');
	await walk.locator('[data-field="walkaround_caption"]').fill('左前门划痕');
	await take.setInputFiles(fixture('scratch-left.jpg'));
	await expect(walk.getByTestId('walkaround-spot-left')).toHaveAttribute('data-count', '1');

	await walk.getByTestId('walkaround-spot-front').click();
	await take.setInputFiles(fixture('brake-disc.jpg'));
	await expect(walk.getByTestId('walkaround-spot-front')).toHaveAttribute('data-count', '1');

	const thumbs = walk.getByTestId('walkaround-photos').locator('img');
	await allLoaded(thumbs, 2);
	await expect(walk.locator('[data-testid="walkaround-photos"] [data-spot="left"]')).toContainText('左前门划痕');
	// Stored: the queue has handed them over to the order's own thumbnails.
	await expect(walk.getByTestId('photo-queued')).toHaveCount(0);

	// The printed check-in sheet: both, with their spot and caption.
	const slip = await context.newPage();
	// The panel's own link to the printable slip.
	const slipHref = (await panel.locator('a[href^="/desk/slip/"]').getAttribute('href'))!;
	await slip.goto(slipHref);
	const printed = slip.getByTestId('slip-photos');
	await allLoaded(printed.locator('img'), 2);
	await expect(printed.locator('[data-spot="left"]')).toContainText('左前门划痕');
	await expect(printed.locator('[data-spot="front"]')).toBeVisible();
	await slip.close();

	// Taken by mistake: removed, after a confirm.
	await walk.locator('[data-action="walkaround_edit"]').click();
	await walk.locator('[data-spot="front"] [data-action="photo_remove"]').click();
	await walk.locator('[data-submit="photo_remove"]').click();
	await expect(walk.getByTestId('walkaround-spot-front')).toHaveAttribute('data-count', '0');
	await expect(walk.getByTestId('walkaround-spot-left')).toHaveAttribute('data-count', '1');
	await expect(walk.getByTestId('walkaround-photos').locator('img')).toHaveCount(1);
	await context.close();
});

test("the desk shows a finding's photos beside the customer's answer, and the declined one's at delivery", async ({ browser, request }) => {
	const { token } = demoCredentials();
	const headers = { authorization: `Bearer ${token}` };
	let o: OrderJson = await jobInBay(request, token);
	const raise = async (finding: string) => {
		const res = await request.post(`/api/v1/repair-orders/${o.id}/addons`, { headers, data: { expectedVersion: o.version, finding, safety: false, operations: [{ nameZh: '更换刹车片', nameEn: 'Replace pads', minutes1: 30, minutes2: 20 }] } });
		expect(res.status()).toBe(201);
		o = await res.json();
		return o.addons.find((a) => a.status === 'pending')!.id;
	};
	const approved = await raise('前刹车片 2 mm / front pads 2 mm');
	await addPhoto(request, token, o.id, approved, 'brake-pad.jpg');
	await addPhoto(request, token, o.id, approved, 'brake-disc.jpg');
	const decide = async (id: number, yes: boolean) => {
		o = await (await request.get(`/api/v1/repair-orders/${o.id}`, { headers })).json();
		const res = await request.post(`/api/v1/repair-orders/${o.id}/addons/${id}/decision`, { headers, data: { expectedVersion: o.version, approved: yes } });
		expect(res.status()).toBe(200);
		o = await res.json();
	};
	await decide(approved, true);
	const declined = await raise('雨刮片老化 / wipers worn');
	await addPhoto(request, token, o.id, declined, 'scratch-left.jpg');
	await decide(declined, false);
	for (const a of ['finish', 'team_check_pass', 'qc_pass']) o = await move(request, token, o, a);

	const context = await browser.newContext(desk);
	const page = await context.newPage();
	await signIn(page, '李娜', '1111');
	const panel = await openOrder(page, o.number);
	await expect(panel.locator(`[data-addon="${approved}"]`)).toHaveAttribute('data-addon-status', 'approved');
	await allLoaded(panel.getByTestId(`desk-addon-photos-${approved}`).locator('img'), 2);
	await allLoaded(panel.getByTestId(`desk-addon-photos-${declined}`).locator('img'), 1);

	// At delivery the advisor goes through what was declined, with its photo.
	await panel.locator('[data-action="deliver"]').click();
	await expect(panel.locator(`[data-declined="${declined}"]`)).toContainText('雨刮片老化');
	await allLoaded(panel.getByTestId(`desk-declined-photos-${declined}`).locator('img'), 1);
	await context.close();
});

test('the manager sets how long photos are kept on /admin; a value out of range is refused at the field', async ({ browser }) => {
	const context = await browser.newContext(desk);
	const page = await context.newPage();
	await signIn(page, '郑伟', '8888');
	await page.goto('/admin#photos');
	const form = page.locator('[data-photo-settings]');
	const days = form.locator('[data-field="retentionDays"]');
	await expect(days).not.toHaveValue('');
	// Hydrated and loaded: the save button is enabled once the current setting is in.
	await expect(form.locator('[data-submit="photo_settings"]')).toBeEnabled();
	await days.fill('20');
	await form.locator('[data-submit="photo_settings"]').click();
	await expect(form.locator('[data-error="retentionDays"]')).toBeVisible();
	await days.fill('1095');
	await form.locator('[data-submit="photo_settings"]').click();
	await expect(form.getByRole('status')).toContainText('1095');
	await expect(form.locator('[data-error="retentionDays"]')).toHaveCount(0);
	// The manager's own session reads it back from the server.
	const saved = await (await page.request.get('/api/v1/photos/settings')).json();
	expect(saved.retentionDays).toBe(1095);
	await context.close();
});
