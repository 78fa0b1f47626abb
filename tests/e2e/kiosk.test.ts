import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from './fixtures';
import { demoCredentials, e2eDataDir, jobInBay, signIn, type OrderJson } from './demo';

/** The parts room's touch screen: 1280x800, fingers (tap), a USB scanner that types fast and ends with Enter. */
test.use({ viewport: { width: 1280, height: 800 }, hasTouch: true });

type Part = { id: number; number: string; barcode: string | null; nameZh: string; binCode: string | null; onHand: number };
type Line = { id: number; number: string; binCode: string | null; confirmedAt: number | null };

/** Opens the kiosk: not signed in, it sends the picker to the kiosk's sign-in, which brings them back. */
async function signInAtKiosk(page: Page, name: string, pin: string) {
	await page.goto('/kiosk/parts');
	await expect(page).toHaveURL(/\/signin\?device=kiosk&next=%2Fkiosk%2Fparts/);
	const dots = page.locator('form.pad .dots');
	await expect(async () => {
		await page.locator('.tile', { hasText: name }).first().tap();
		await expect(dots).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 20_000 });
	for (const digit of pin) await page.locator('form.pad .keys button', { hasText: new RegExp(`^${digit}$`) }).tap();
	await expect(dots).toHaveAttribute('data-length', String(pin.length));
	await page.getByRole('button', { name: /登录|Sign in/ }).tap();
	await page.waitForURL((u) => u.pathname === '/kiosk/parts');
	await expect(page.locator('.kiosk')).toHaveAttribute('data-status', 'live');
}

/** What a USB scanner does: the code's characters a few ms apart, then Enter. */
async function scan(page: Page, code: string) {
	await page.keyboard.type(code, { delay: 5 });
	await page.keyboard.press('Enter');
}

async function parts(request: APIRequestContext, token: string, q: string): Promise<Part[]> {
	const res = await request.get(`/api/v1/parts?q=${encodeURIComponent(q)}&limit=50`, { headers: { authorization: `Bearer ${token}` } });
	expect(res.status()).toBe(200);
	return (await res.json()).items;
}

/** The PIN a demo person signs for parts with: technicians 3333, team leaders 4444. */
function demoPin(name: string): string {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const { role } = db.prepare('select role from users where name = ?').get(name) as { role: string };
	db.close();
	return role === 'team_leader' ? '4444' : '3333';
}

test('a picker searches on the on-screen keyboard, scans a pick list through (a wrong part refused), issues it with the technician PIN; the desk sees parts ready', async ({ page, browser, request }) => {
	const { token } = demoCredentials();
	await signInAtKiosk(page, '周敏', '6666');
	await expect(page.locator('[data-picker]')).toHaveText('周敏');
	for (const tab of await page.locator('[data-tab]').all()) expect((await tab.boundingBox())!.height).toBeGreaterThanOrEqual(48);

	// Search by tapping pinyin initials: hhs → 火花塞 (spark plug), with its bin on the plan.
	await page.locator('[data-tab="search"]').tap();
	for (const key of 'hhs') await page.locator(`[data-key="${key}"]`).tap();
	await expect(page.locator('[data-kiosk-search]')).toHaveValue('hhs');
	const first = page.locator('[data-result]').first();
	await expect(first).toContainText('火花塞');
	for (const key of await page.locator('[data-key]').all()) {
		const box = (await key.boundingBox())!;
		expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
	}
	await first.tap();
	const bin = (await page.locator('[data-part-bin]').textContent())!.trim();
	expect(bin).toMatch(/^[A-Z]-\d+-\d+-\d+$/);
	await expect(page.locator('[data-bin-map]')).toHaveAttribute('data-highlighted', bin);
	await expect(page.locator('[data-bin-map] [data-marked]')).toHaveAttribute('data-bin', bin);

	// A scan of a code nobody knows: a clear message, the box keeps the scan.
	await scan(page, 'NOPE-12345');
	await expect(page.locator('[data-message]')).toContainText('NOPE-12345');
	await expect(page.locator('[data-kiosk-search]')).toHaveValue('NOPE-12345');

	// A scan of a real part's number opens it with its map, wherever the focus is.
	const [plug] = (await parts(request, token, 'hhs')).filter((p) => p.binCode);
	await page.locator('[data-tab="queue"]').focus();
	await scan(page, plug.number);
	await expect(page.locator('[data-tab="search"]')).toHaveAttribute('aria-selected', 'true');
	await expect(page.locator('[data-part]')).toHaveAttribute('data-part', plug.number);
	await expect(page.locator('[data-bin-map]')).toHaveAttribute('data-highlighted', plug.binCode!);

	// A technician's request arrives in the queue live.
	await page.locator('[data-tab="queue"]').tap();
	const stocked = (q: string) => parts(request, token, q).then((list) => list.filter((p) => p.binCode && p.onHand >= 3));
	const [filter] = await stocked('04152');
	const [wiper] = await stocked('85222');
	const [wrong] = (await stocked('87139')).filter((p) => p.id !== filter.id && p.id !== wiper.id);
	const order: OrderJson = await jobInBay(request, token);
	const created = await request.post(`/api/v1/repair-orders/${order.id}/parts-requests`, {
		headers: { authorization: `Bearer ${token}` },
		data: { expectedVersion: order.version, note: '保养用', lines: [{ partId: filter.id, qty: 1 }, { partId: wiper.id, qty: 2 }] }
	});
	expect(created.status(), await created.text()).toBe(201);
	const card = page.locator(`[data-ro="${order.number}"]`);
	await expect(card).toBeVisible();
	await expect(card).toContainText(order.plate.split('·')[1]);
	await card.tap();

	// Its lines in walking order; a wrong part scanned is refused with the part expected and its bin.
	const list = page.locator('[data-picklist]');
	await expect(list.locator('[data-line]')).toHaveCount(2);
	const lines = await page.evaluate(() => [...document.querySelectorAll('[data-line]')].map((el) => el.getAttribute('data-line')));
	const byNumber = new Map([filter, wiper].map((p) => [p.number, p]));
	const firstLine = byNumber.get(lines[0]!)!;
	await scan(page, wrong.barcode ?? wrong.number);
	const refusal = page.locator('[data-refusal="wrong_part"]');
	await expect(refusal).toBeVisible();
	await expect(refusal.locator('[data-expected]')).toHaveAttribute('data-expected', firstLine.number);
	await expect(refusal.locator('[data-expected-bin]')).toHaveAttribute('data-expected-bin', firstLine.binCode!);
	await expect(list.locator('[data-confirmed="true"]')).toHaveCount(0);
	await expect(list.locator('[data-action="issue"]')).toBeDisabled();

	// The first part by scanner, the second by a tap on its big Confirm.
	await scan(page, firstLine.number);
	await expect(list.locator(`[data-line="${firstLine.number}"]`)).toHaveAttribute('data-confirmed', 'true');
	await expect(refusal).toBeHidden();
	const second = list.locator(`[data-line="${lines[1]}"]`);
	const confirm = second.locator('[data-action="confirm-line"]');
	expect((await confirm.boundingBox())!.height).toBeGreaterThanOrEqual(48);
	await confirm.tap();
	await expect(second).toHaveAttribute('data-confirmed', 'true');

	// Issue: the technician on the job taps their name and types their PIN.
	await list.locator('[data-action="issue"]').tap();
	const dialog = page.locator('[data-issue-dialog]');
	const receiver = dialog.locator('[data-receiver]').first();
	const name = (await receiver.getAttribute('data-receiver'))!;
	await receiver.tap();
	// A wrong PIN first: refused, nothing issued.
	for (const d of '0000') await dialog.locator(`[data-pin-key="${d}"]`).tap();
	await dialog.locator('[data-action="confirm-issue"]').tap();
	await expect(dialog.locator('[data-issue-error]')).toBeVisible();
	for (const d of demoPin(name)) await dialog.locator(`[data-pin-key="${d}"]`).tap();
	await dialog.locator('[data-action="confirm-issue"]').tap();
	await expect(dialog.locator('[data-slip]')).toHaveAttribute('data-slip', /^CK\d{8}-\d{3}$/);
	await dialog.locator('[data-action="back-after-issue"]').tap();
	await expect(page.locator(`[data-issued]`, { hasText: order.number })).toBeVisible();
	await expect(card).toHaveCount(0);

	// The desk sees "parts ready" on the car's card.
	const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const deskPage = await desk.newPage();
	await signIn(deskPage, '李娜', '1111');
	await deskPage.goto('/desk');
	await expect(deskPage.locator(`[data-ro="${order.number}"] [data-parts]`)).toHaveAttribute('data-parts', 'ready');
	await desk.close();
});

test('a note-only request gets its parts from the kiosk search; signing out goes back to the kiosk sign-in', async ({ page, request }) => {
	const { token } = demoCredentials();
	await signInAtKiosk(page, '周敏', '6666');
	const order = await jobInBay(request, token);
	const created = await request.post(`/api/v1/repair-orders/${order.id}/parts-requests`, {
		headers: { authorization: `Bearer ${token}` },
		data: { expectedVersion: order.version, note: '左前雨刮片一个' }
	});
	expect(created.status(), await created.text()).toBe(201);
	await page.locator(`[data-ro="${order.number}"]`).tap();
	const list = page.locator('[data-picklist]');
	await expect(list).toContainText('左前雨刮片一个');
	await expect(list.locator('[data-line]')).toHaveCount(0);
	await list.locator('[data-action="add-line"]').tap();
	// ygp → 雨刮片 (wiper blade)
	for (const key of 'ygp') await page.locator(`[data-key="${key}"]`).tap();
	await page.locator('[data-result]').first().tap();
	const number = await page.locator('[data-part]').getAttribute('data-part');
	await page.locator('[data-action="add-to-list"]').tap();
	await expect(list.locator(`[data-line="${number}"]`)).toBeVisible();
	await expect(list.locator(`[data-line="${number}"]`)).toHaveAttribute('data-confirmed', 'false');

	// Signed out, the kiosk goes back to its sign-in.
	await page.locator('[data-action="sign-out"]').tap();
	await expect(page).toHaveURL(/\/signin\?device=kiosk/);
	// Nobody signed in (and no paired screen): the page itself sends the browser to the kiosk sign-in.
	const stranger = await request.get('/kiosk/parts', { maxRedirects: 0 });
	expect(stranger.status()).toBe(303);
	expect(stranger.headers()['location']).toBe('/signin?device=kiosk&next=%2Fkiosk%2Fparts');
});

test('a screen paired to the parts board shows the kiosk read-only: queue, search and the map, and "sign in to pick"', async ({ browser, baseURL, request: api }) => {
	const screen = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
	const desk = await browser.newContext();
	const tv = await screen.newPage();
	const admin = await desk.newPage();

	await tv.goto('/pair');
	const code = await tv.locator('[data-code]').getAttribute('data-code');
	await signIn(admin, '陈静', '9999');
	// A parts-board screen of the test's own (the command takes any board; the form's list is the admin's).
	const name = `Parts kiosk ${Date.now()}`;
	const created = await admin.request.post('/admin?/createDisplay', { form: { name, board: 'parts', language: 'zh-CN' }, headers: { origin: baseURL!, 'x-sveltekit-action': 'true' } });
	expect(created.status()).toBe(200);
	await admin.goto('/admin');
	const displayId = await admin.locator('#displays tr', { hasText: name }).getAttribute('data-display');
	const paired = await admin.request.post('/admin?/pairDisplay', { form: { code: code!, displayId: displayId! }, headers: { origin: baseURL!, 'x-sveltekit-action': 'true' } });
	expect(await paired.text()).toContain('success');
	await expect(tv).not.toHaveURL(/\/pair$/, { timeout: 10_000 });

	await tv.goto('/kiosk/parts');
	const kiosk = tv.locator('.kiosk');
	await expect(kiosk).toHaveAttribute('data-mode', 'display');
	await expect(kiosk).toHaveAttribute('data-status', 'live');
	await expect(tv.locator('[data-action="sign-out"]')).toHaveCount(0);

	// Search and the map work for anyone at the counter.
	await tv.locator('[data-tab="search"]').tap();
	for (const key of 'hhs') await tv.locator(`[data-key="${key}"]`).tap();
	await tv.locator('[data-result]').first().tap();
	const bin = (await tv.locator('[data-part-bin]').textContent())!.trim();
	await expect(tv.locator('[data-bin-map]')).toHaveAttribute('data-highlighted', bin);

	// The queue shows, live, but nothing is picked from a screen nobody signed in to; the API refuses it too.
	await tv.locator('[data-tab="queue"]').tap();
	const { token } = demoCredentials();
	const [part] = await parts(api, token, '90919');
	const order = await jobInBay(api, token);
	const asked = await api.post(`/api/v1/repair-orders/${order.id}/parts-requests`, { headers: { authorization: `Bearer ${token}` }, data: { expectedVersion: order.version, lines: [{ partId: part.id, qty: 1 }] } });
	expect(asked.status(), await asked.text()).toBe(201);
	const request = tv.locator(`[data-ro="${order.number}"]`);
	await expect(request).toBeVisible();
	const id = await request.getAttribute('data-request');
	await request.tap();
	await expect(tv.locator('[data-picklist]')).toBeVisible();
	await expect(tv.locator('[data-action="confirm-line"]')).toHaveCount(0);
	await expect(tv.locator('[data-action="issue"]')).toHaveCount(0);
	const refused = await tv.request.post(`/api/v1/parts-requests/${id}/confirm`, { data: { code: 'X' } });
	expect(refused.status()).toBe(401);

	await tv.locator('[data-action="sign-in"]').tap();
	await expect(tv).toHaveURL(/\/signin\?device=kiosk&next=%2Fkiosk%2Fparts/);
	await screen.close();
	await desk.close();
});
