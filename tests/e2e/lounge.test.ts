import { expect, test, type Page } from './fixtures';
import Sqlite from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { demoCredentials, e2eDataDir, jobInBay, signIn } from './demo';
import { demoDisplayPurpose, demoKey } from '../../src/lib/server/demo-keys';

/** Read from the demo database: the lounge TV's key, the link secret, and every private string. */
function demoSecrets() {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const meta = (key: string) => (db.prepare('select value from meta where key = ?').get(key) as { value: string }).value;
	const lounge = db.prepare("select id from displays where board = 'lounge' order by id limit 1").get() as { id: number };
	const customers = db.prepare('select name, phone from customers').all() as { name: string; phone: string }[];
	const vehicles = db.prepare('select plate, vin from vehicles').all() as { plate: string; vin: string | null }[];
	const statusSecret = meta('status_secret');
	const demoSecret = meta('demo_secret');
	db.close();
	return {
		loungeKey: demoKey(demoSecret, demoDisplayPurpose(lounge.id)),
		/** The customer link, as src/lib/server/status-link.ts makes it. */
		link: (id: number) => `/status/${id}.${createHmac('sha256', statusSecret).update(`status:${id}`).digest('base64url')}`,
		private: [
			...customers.flatMap((c) => [c.name, c.phone]),
			...vehicles.flatMap((v) => [v.plate, v.plate.split('·')[1] ?? '', v.vin ?? ''])
		].filter((s) => s.length >= 2)
	};
}

/** Records every socket frame the page receives. */
function recordFrames(page: Page): string[] {
	const frames: string[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
	return frames;
}

type Order = { id: number; version: number; plate: string; addons: { id: number; status: string }[] };

/** A car of the test's own, in a bay, gets an add-on for its customer to answer (as a technician would raise it). */
async function raiseAddon(request: import('@playwright/test').APIRequestContext, token: string, skip: number[] = []): Promise<Order> {
	const headers = { authorization: `Bearer ${token}` };
	const job = await jobInBay(request, token, { keep: skip });
	const res = await request.post(`/api/v1/repair-orders/${job.id}/addons`, {
		headers,
		data: { expectedVersion: job.version, finding: '左前轮胎侧面鼓包', safety: true, operations: [{ nameZh: '更换轮胎', nameEn: 'Replace tyre', minutes1: 30, minutes2: 20 }] }
	});
	expect(res.status()).toBe(201);
	return (await res.json()) as Order;
}

test("the lounge and a customer's page carry no customer's name, phone, VIN or full plate: not in the HTML, not in any frame", async ({ browser, request }) => {
	const { token } = demoCredentials();
	const secrets = demoSecrets();
	expect(secrets.private.length).toBeGreaterThan(100);

	const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const tv = await tvContext.newPage();
	const tvFrames = recordFrames(tv);
	await tv.goto(`/board/lounge?key=${secrets.loungeKey}`);
	await expect(tv.locator('.lounge')).toHaveAttribute('data-status', 'live');
	await expect(tv.locator('[data-lounge-row]').first()).toBeVisible();
	await expect(tv.locator('[data-lounge-row]').first()).toContainText('***');

	const order = await raiseAddon(request, token);
	const phone = await phoneContext.newPage();
	const phoneFrames = recordFrames(phone);
	const res = await phone.goto(secrets.link(order.id));
	expect(res?.status()).toBe(200);
	await expect(phone.locator('[data-status-page]')).toHaveAttribute('data-live', 'live');
	await expect(phone.locator('[data-customer-addon]')).toContainText('左前轮胎侧面鼓包');

	// Something happens in the shop while both watch.
	const other = await raiseAddon(request, token, [order.id]);
	await expect.poll(() => tvFrames.some((f) => f.includes(`"id":${other.id}`))).toBe(true);
	await expect.poll(() => phoneFrames.filter((f) => f.includes('delta:v1')).length).toBeGreaterThan(0);

	const everything = [await tv.content(), await phone.content(), ...tvFrames, ...phoneFrames].join('\n');
	for (const secret of secrets.private) expect(everything, secret).not.toContain(secret);

	// A wrong, guessed or garbled link: the same plain page, 404, no hint.
	const bodies: string[] = [];
	for (const path of [`/status/${order.id}.${'A'.repeat(43)}`, '/status/99999.' + 'x'.repeat(43), '/status/nonsense']) {
		const r = await phone.goto(path);
		expect(r?.status()).toBe(404);
		bodies.push(await phone.locator('main').innerText());
	}
	expect(new Set(bodies).size).toBe(1);
	expect(bodies[0]).toMatch(/链接无效|Link not valid/);
	await tvContext.close();
	await phoneContext.close();
});

test('a customer approves an add-on on the phone; the advisor’s desk shows it without reloading', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const secrets = demoSecrets();
	const order = await raiseAddon(request, token);

	const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const desk = await deskContext.newPage();
	await desk.goto('/signin?device=desk');
	await desk.waitForLoadState('networkidle'); // hydrated: the name tiles answer taps
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await expect(desk.locator('.live')).toHaveAttribute('data-status', 'live');
	await desk.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
	await desk.locator(`[data-id="${order.id}"]`).first().click();
	const panel = desk.locator('[data-panel]');
	await expect(panel.locator('[data-addon-status="pending"]')).toContainText('左前轮胎侧面鼓包');

	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const phone = await phoneContext.newPage();
	await phone.goto(secrets.link(order.id));
	await expect(phone.locator('[data-status-page]')).toHaveAttribute('data-live', 'live');
	const card = phone.locator('[data-customer-addon]');
	await expect(card).toContainText('¥120');
	await card.locator('[data-answer-button="approve"]').tap();
	await expect(phone.locator('[data-answer="saved"]')).toBeVisible();
	await expect(phone.locator('[data-customer-addon]')).toHaveCount(0);

	// The desk sees the answer at once, marked as given through the customer's link.
	await expect(panel.locator('[data-addon-status="approved"]')).toBeVisible();
	await expect(panel.locator('[data-addon-status="approved"]')).toContainText(/客户线上确认|customer's link/);
	expect(await desk.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

	// The audit trail names the customer's link.
	const after = await (await request.get(`/api/v1/repair-orders/${order.id}`, { headers: { authorization: `Bearer ${token}` } })).json();
	expect(after.addons.find((a: { id: number }) => a.id === order.addons.at(-1)!.id)).toMatchObject({ status: 'approved', decidedVia: 'customer_link' });
	await deskContext.close();
	await phoneContext.close();
});
