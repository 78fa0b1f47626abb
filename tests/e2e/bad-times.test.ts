import { expect, test, type Browser, type Page } from './fixtures';
import Sqlite from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { checkIn, demoCredentials, e2eDataDir, jobInBay, move, readyCar, signIn, type OrderJson } from './demo';
import { demoDisplayPurpose, demoKey } from '../../src/lib/server/demo-keys';

/**
 * A time already stored out of range (past JavaScript's last Date, year 9999, 1970) never blanks a
 * screen: the API refuses such input now, but an old row or a migration could still hold one.
 * The test's own orders get bad times straight in the database; every screen that shows them
 * answers, shows the order, marks the time and throws nothing. The rows are put back at the end.
 */

/** Past JavaScript's last valid Date (8.64e15): `new Date(t)` is Invalid Date. */
const PAST_JS = 8_700_000_000_000_000;
/** 9999-12-31T23:59:59Z: a valid Date, but no shop's time. */
const YEAR_9999 = 253_402_300_799_000;

const db = () => new Sqlite(join(e2eDataDir, 'pitwall.db'));

function secrets() {
	const d = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const meta = (key: string) => (d.prepare('select value from meta where key = ?').get(key) as { value: string }).value;
	const lounge = d.prepare("select id from displays where board = 'lounge' order by id limit 1").get() as { id: number };
	const statusSecret = meta('status_secret');
	const demoSecret = meta('demo_secret');
	d.close();
	return {
		loungeKey: demoKey(demoSecret, demoDisplayPurpose(lounge.id)),
		/** The customer link, as src/lib/server/features/repair-orders/status-link.ts makes it. */
		link: (id: number) => `/status/${id}.${createHmac('sha256', statusSecret).update(`status:${id}`).digest('base64url')}`
	};
}

/** '粤B·E12345' → '粤B·***45', as the lounge, the slip and the customer's page show it. */
const masked = (plate: string) => {
	const clean = plate.replace(/[·.\s-]/g, '');
	return `${clean.slice(0, 2)}·***${clean.slice(-2)}`;
};

const columns = ['promised_at', 'pickup_at', 'stage_since', 'running_since', 'worked_ms', 'ready_at', 'announced_ready_at', 'checked_in_at'] as const;
type Column = (typeof columns)[number];

/** Writes bad times into orders' rows; returns a function that puts the old values back. */
function spoil(changes: { id: number; set: Partial<Record<Column, number>> }[]): () => void {
	const d = db();
	const saved = changes.map(({ id }) => d.prepare(`select id, ${columns.join(', ')} from repair_orders where id = ?`).get(id) as Record<string, number | null>);
	for (const { id, set } of changes) {
		const keys = Object.keys(set);
		d.prepare(`update repair_orders set ${keys.map((k) => `${k} = @${k}`).join(', ')} where id = @id`).run({ ...set, id });
	}
	d.close();
	return () => {
		const d2 = db();
		for (const row of saved) d2.prepare(`update repair_orders set ${columns.map((k) => `${k} = @${k}`).join(', ')} where id = @id`).run(row);
		d2.close();
	};
}

/** A page that records every uncaught error in it. */
async function watched(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; errors: string[] }> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() === 'error' && /Invalid|RangeError/.test(msg.text())) errors.push(`${page.url()}: console: ${msg.text()}`);
	});
	return { page, errors };
}

async function noInvalidText(page: Page) {
	await expect(page.locator('body')).not.toContainText(/Invalid|NaN|Infinity/);
}

test('orders with out-of-range times show on every screen, each such time marked, nothing thrown', async ({ browser, request }) => {
	test.setTimeout(240_000);
	const { token, boardKey } = demoCredentials();
	const { loungeKey, link } = secrets();

	// The test's own cars, one per stage that a screen shows differently.
	const soon = new Date(Date.now() + 3 * 3600_000).toISOString();
	// (Each bay is freed by moving some other job on: the job in a bay comes after the ready car, and is kept.)
	const ready = await readyCar(request, token);
	const waiting: OrderJson = await move(request, token, await checkIn(request, token, { promisedAt: soon }), 'submit');
	const inBay = await jobInBay(request, token, { team: 'T1', order: { promisedAt: soon } });
	let qc = await jobInBay(request, token, { keep: [inBay.id] });
	for (const a of ['finish', 'team_check_pass']) qc = await move(request, token, qc, a);
	expect(qc.stage).toBe('final_qc');

	const restore = spoil([
		{ id: waiting.id, set: { promised_at: PAST_JS, stage_since: 0 } },
		{ id: inBay.id, set: { promised_at: YEAR_9999, stage_since: 0, running_since: 0, worked_ms: PAST_JS } },
		{ id: ready.id, set: { pickup_at: YEAR_9999, stage_since: 0, ready_at: PAST_JS } },
		{ id: qc.id, set: { stage_since: PAST_JS, announced_ready_at: 0, promised_at: PAST_JS } }
	]);
	const errors: string[] = [];
	try {
		// The service desk: every order in its column, each bad time a marked placeholder; the panels open.
		const desk = await watched(browser);
		await signIn(desk.page, '李娜', '1111');
		await desk.page.goto('/desk');
		for (const o of [waiting, inBay, ready, qc]) await expect(desk.page.locator(`[data-ro="${o.number}"]`)).toBeVisible();
		await expect(desk.page.locator(`[data-ro="${waiting.number}"] [data-bad-time]`).first()).toBeVisible();
		await expect(desk.page.locator(`[data-ro="${ready.number}"] [data-bad-time]`).first()).toBeVisible();
		for (const o of [waiting, inBay, ready, qc]) {
			await desk.page.locator(`[data-ro="${o.number}"]`).click();
			await expect(desk.page.locator('[data-panel]')).toHaveAttribute('data-panel', o.number);
			await expect(desk.page.locator('[data-panel]')).toContainText(o.plate);
			await noInvalidText(desk.page);
		}
		await expect(desk.page.locator('[data-panel] [data-bad-time]').first()).toBeVisible();

		// The check-in slip of each.
		for (const o of [waiting, inBay, ready, qc]) {
			const res = await desk.page.goto(`/desk/slip/${o.id}`);
			expect(res?.status(), `slip ${o.id}`).toBe(200);
			await expect(desk.page.locator('body')).toContainText(masked(o.plate));
			await noInvalidText(desk.page);
		}
		await desk.page.goto(`/desk/slip/${waiting.id}`);
		await expect(desk.page.locator('[data-bad-time]').first()).toBeVisible();
		errors.push(...desk.errors);

		// The bay board: the job in its bay with a countdown, the waiting car in its lane.
		const bays = await watched(browser, { width: 1920, height: 1080 });
		await bays.page.goto(`/board/bays?key=${boardKey}`);
		await expect(bays.page.locator('.board')).toHaveAttribute('data-status', 'live');
		await expect(bays.page.locator('[data-bay]', { hasText: inBay.plate })).toBeVisible();
		await expect(bays.page.locator('[data-lane="waiting"] li', { hasText: waiting.plate })).toBeVisible();
		await expect(bays.page.locator('[data-lane="ready"] li', { hasText: ready.plate })).toBeVisible();
		await expect(bays.page.locator('[data-lane="waiting"] li', { hasText: waiting.plate }).locator('[data-bad-time]')).toBeVisible();
		await noInvalidText(bays.page);
		errors.push(...bays.errors);

		// The customers' own pages.
		const phone = await watched(browser, { width: 390, height: 844 });
		for (const o of [waiting, inBay, ready, qc]) {
			const res = await phone.page.goto(link(o.id));
			expect(res?.status(), `status ${o.id}`).toBe(200);
			await expect(phone.page.locator('[data-status-page]')).toHaveAttribute('data-live', 'live');
			await expect(phone.page.locator('[data-status-page]')).toContainText(masked(o.plate));
			await noInvalidText(phone.page);
		}
		await phone.page.goto(link(waiting.id));
		await expect(phone.page.locator('[data-status-page] [data-bad-time]').first()).toBeVisible();
		errors.push(...phone.errors);

		// The tablet of the job's team, and QC.
		const tablet = await watched(browser, { width: 1024, height: 768 });
		await signIn(tablet.page, '李伟', '3333', 'tablet');
		await tablet.page.goto('/tech');
		await expect(tablet.page.locator(`[data-ro="${inBay.number}"]`)).toBeVisible();
		await noInvalidText(tablet.page);
		await signIn(tablet.page, '孙磊', '5555', 'tablet');
		await tablet.page.goto('/qc');
		await expect(tablet.page.locator(`[data-ro="${qc.number}"]`)).toBeVisible();
		await noInvalidText(tablet.page);
		errors.push(...tablet.errors);

		// The lounge pages through today's cars: wait for each of the test's own to come round.
		const tv = await watched(browser, { width: 1920, height: 1080 });
		await tv.page.goto(`/board/lounge?key=${loungeKey}`);
		await expect(tv.page.locator('.lounge')).toHaveAttribute('data-status', 'live');
		for (const o of [waiting, inBay, qc]) {
			const row = tv.page.locator(`[data-lounge-row="${o.id}"]`);
			await expect(row).toBeVisible({ timeout: 90_000 });
			await expect(row).toContainText(masked(o.plate));
			await expect(row.locator('[data-bad-time]')).toBeVisible();
			await noInvalidText(tv.page);
		}
		await expect(tv.page.locator('.lounge')).toHaveAttribute('data-status', 'live');
		errors.push(...tv.errors);
		expect(errors).toEqual([]);
	} finally {
		restore();
	}
});
