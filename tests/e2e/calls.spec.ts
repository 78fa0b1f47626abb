import { expect, test, type Locator } from './fixtures';
import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { bays, demoCredentials, e2eDataDir, jobInBay, signIn } from './demo';
import { demoDisplayPurpose, demoKey } from '../../src/lib/server/demo-keys';

/** Clicks until what it opens is there (a click before the page has hydrated does nothing). */
async function opened(button: Locator, dialog: Locator) {
	await expect(async () => {
		if (!(await dialog.isVisible())) await button.click();
		await expect(dialog).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
}

/** A demo wall screen of `board`: its id and the key its printed link carries. */
function demoDisplay(board: string): { id: number; key: string } {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const { value } = db.prepare("select value from meta where key = 'demo_secret'").get() as { value: string };
	const { id } = db.prepare('select id from displays where board = ? and revoked_at is null order by id limit 1').get(board) as { id: number };
	db.close();
	return { id, key: demoKey(value, demoDisplayPurpose(id)) };
}

/** Calls (issue 17): a technician's call reaches the parts kiosk, the bay board and the desk. */
test('a technician calls parts from the tablet; the kiosk and the board show it; the picker answers; the desk lists its times', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const o = await jobInBay(request, token, { team: 'T2' });
	const bay = (await bays(request, token)).find((b) => b.id === (o.bayId as number))!.code;

	const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true })).newPage();
	await signIn(tablet, '刘海峰', '3333', 'tablet');
	await tablet.goto('/tech');
	const card = tablet.locator(`[data-ro="${o.number}"]`);
	await card.locator('[data-action="call"]').tap();
	const sheet = tablet.locator('[data-sheet="call"]');
	await sheet.locator('[data-target="parts"]').tap();
	await expect(sheet.locator('[data-reason="parts_needed"]')).toHaveAttribute('aria-pressed', 'true');
	await sheet.locator('[data-send-call]').tap();
	await expect(card.locator('[data-call][data-status="open"]')).toBeVisible();

	const kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
	await signIn(kiosk, '周敏', '6666', 'kiosk');
	await kiosk.goto('/kiosk/parts');
	const row = kiosk.locator(`.kiosk-calls [data-bay="${bay}"]`);
	await expect(row).toBeVisible();

	const board = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(board, '赵强', '2222');
	await board.goto('/board/bays');
	await expect(board.locator(`[data-bay="${bay}"] [data-call-target="parts"]`)).toBeVisible();

	await row.locator('[data-call-action="acknowledge"]').tap();
	await expect(card.locator('[data-call][data-status="acknowledged"]')).toContainText('周敏');
	await expect(board.locator(`[data-bay="${bay}"] [data-call-coming]`)).toContainText('周敏');
	await row.locator('[data-call-action="done"]').tap();
	await expect(card.locator('[data-call][data-status="done"]')).toBeVisible();

	// A second call from the tablet, taken back there: it leaves the card.
	await card.locator('[data-action="call"]').tap();
	await sheet.locator('[data-target="supervisor"]').tap();
	await sheet.locator('[data-send-call]').tap();
	const asked = card.locator('[data-call][data-status="open"]');
	await expect(asked).toBeVisible();
	await asked.locator('[data-call-action="withdraw"]').tap();
	await expect(asked).toHaveCount(0);

	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await opened(desk.locator('[data-open-calls]'), desk.locator('[data-dialog="calls"]'));
	const done = desk.locator(`[data-calls-finished] [data-bay="${bay}"][data-status="done"]`).first();
	await expect(done).toBeVisible();
	await expect(done.locator('[data-call-waited]')).toHaveText(/^\d+:\d\d$/);
	await expect(done.locator('[data-call-to-done]')).toHaveText(/^\d+:\d\d$/);
});

test('nobody answers: the call escalates, red on the board and the desk', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await signIn(adminPage, '陈静', '9999');
	const store = await (await adminPage.request.get('/api/v1/store')).json();
	const saved = await adminPage.request.post('/api/v1/store', { data: { expectedVersion: store.version, callAckSeconds: 15 } });
	expect(saved.status()).toBe(200);

	const o = await jobInBay(request, token, { team: 'T3' });
	const raised = await request.post('/api/v1/calls', { headers: { authorization: `Bearer ${token}` }, data: { bay: String(o.bayId as number), target: 'qc', reason: 'inspection_ready' } });
	expect(raised.status()).toBe(201);
	const { call } = await raised.json();

	const board = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(board, '赵强', '2222');
	await board.goto('/board/bays');
	await expect(board.locator(`[data-bay="${call.bayCode}"] [data-call="${call.id}"][data-escalated]`)).toBeVisible({ timeout: 40_000 });

	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '赵强', '2222');
	await desk.goto('/desk');
	await expect(desk.locator(`[data-desk-calls] [data-call="${call.id}"][data-escalated]`)).toBeVisible();

	const now = await (await adminPage.request.get('/api/v1/store')).json();
	await adminPage.request.post('/api/v1/store', { data: { expectedVersion: now.version, callAckSeconds: 120 } });
});

test('the desk calls 周敏 to a bay; the parts room screen nobody signed in to shows it; the desk withdraws it; the kiosk calls the advisor and takes it back', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const o = await jobInBay(request, token, { team: 'T1' });
	const bay = (await bays(request, token)).find((b) => b.id === (o.bayId as number))!.code;

	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await opened(desk.locator('[data-raise-call]'), desk.locator('[data-sheet="call-bay"]'));
	await desk.locator(`[data-sheet="call-bay"] [data-call-bay="${bay}"]`).click();
	const sheet = desk.locator('[data-sheet="call"]');
	await sheet.locator('[data-target="parts"]').click();
	await sheet.locator('[data-person]', { hasText: '周敏' }).click();
	await sheet.locator('[data-send-call]').click();
	await expect(sheet).toBeHidden();
	const chip = desk.locator(`[data-desk-calls] [data-bay="${bay}"]`).first();
	await expect(chip).toContainText('周敏');

	// The parts room's kiosk, shown by its paired screen (read-only): the call from the parts channel.
	const wall = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await wall.goto(`/kiosk/parts?key=${demoDisplay('parts').key}`);
	await expect(wall.locator('.kiosk')).toHaveAttribute('data-mode', 'display');
	const shown = wall.locator(`[data-wall-calls] [data-bay="${bay}"]`);
	await expect(shown).toBeVisible();

	// The advisor takes it back: gone from the wall, "withdrawn" in the desk's record.
	const dialog = desk.locator('[data-dialog="calls"]');
	await opened(desk.locator('[data-open-calls]'), dialog);
	await dialog.locator(`[data-calls-open] [data-bay="${bay}"] [data-call-action="withdraw"]`).first().click();
	await expect(dialog.locator(`[data-calls-finished] [data-bay="${bay}"][data-status="closed"]`).first()).toBeVisible();
	await expect(shown).toHaveCount(0);

	// The picker on the kiosk calls the car's advisor to the bay, sees it among their calls, and withdraws it.
	const kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
	await signIn(kiosk, '周敏', '6666', 'kiosk');
	await kiosk.goto('/kiosk/parts');
	await opened(kiosk.locator('.kiosk-calls [data-raise-call]'), kiosk.locator('[data-sheet="call-bay"]'));
	await kiosk.locator(`[data-sheet="call-bay"] [data-call-bay="${bay}"]`).tap();
	const ksheet = kiosk.locator('[data-sheet="call"]');
	await ksheet.locator('[data-target="advisor"]').tap();
	await expect(ksheet.locator('[data-reason="approval_needed"]')).toHaveAttribute('aria-pressed', 'true');
	await ksheet.locator('[data-send-call]').tap();
	const mine = kiosk.locator(`.kiosk-calls [data-bay="${bay}"][data-status="open"]`);
	await expect(mine).toBeVisible();
	await mine.locator('[data-call-action="withdraw"]').tap();
	await expect(mine).toHaveCount(0);
});

test('a workshop TV set to speak calls says each new call once, in its language; the admin switches it', async ({ browser, request }) => {
	const { token } = demoCredentials();
	const tv = demoDisplay('bays');
	const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(admin, '陈静', '9999');
	await admin.goto('/admin#displays');
	const toggle = admin.locator(`[data-display="${tv.id}"] [data-display-speech]`);
	await expect(toggle).toHaveAttribute('data-display-speech', 'off');
	await toggle.click();
	await expect(toggle).toHaveAttribute('data-display-speech', 'on');
	try {
		// A call from before the TV loads is not spoken.
		const o1 = await jobInBay(request, token, { team: 'T2' });
		const before = await request.post('/api/v1/calls', { headers: { authorization: `Bearer ${token}` }, data: { bay: String(o1.bayId), target: 'qc', reason: 'inspection_ready' } });
		expect(before.status()).toBe(201);

		const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		await ctx.addInitScript(() => {
			const said: { text: string; lang: string }[] = [];
			(window as unknown as { said: typeof said }).said = said;
			Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: { speak: (u: { text: string; lang: string }) => said.push({ text: u.text, lang: u.lang }), cancel() {}, getVoices: () => [] } });
			(window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = class {
				lang = '';
				constructor(public text: string) {}
			};
		});
		const board = await ctx.newPage();
		await board.goto(`/board/bays?key=${tv.key}`);
		await expect(board.locator('.board')).toHaveAttribute('data-status', 'live');
		const said = () => board.evaluate(() => (window as unknown as { said: { text: string; lang: string }[] }).said);
		const o2 = await jobInBay(request, token, { team: 'T3' });
		const bay = (await bays(request, token)).find((b) => b.id === (o2.bayId as number))!.code;
		const raised = await request.post('/api/v1/calls', { headers: { authorization: `Bearer ${token}` }, data: { bay, target: 'parts', reason: 'parts_needed' } });
		expect(raised.status()).toBe(201);
		await expect(board.locator(`[data-bay="${bay}"] [data-call-target="parts"]`)).toBeVisible();
		await expect.poll(said).toEqual([{ text: `${bay} 工位 呼叫 备件`, lang: 'zh-CN' }]);
		// Asked again and answered: nothing more is said.
		await request.post('/api/v1/calls', { headers: { authorization: `Bearer ${token}` }, data: { bay, target: 'parts', reason: 'parts_needed' } });
		const parts = await (await browser.newContext()).newPage();
		await signIn(parts, '周敏', '6666');
		const { call } = await raised.json();
		expect((await parts.request.post(`/api/v1/calls/${call.id}/acknowledge`, { data: {} })).status()).toBe(200);
		await expect(board.locator(`[data-bay="${bay}"] [data-call-coming]`)).toBeVisible();
		expect(await said()).toHaveLength(1);
	} finally {
		await admin.request.post(`/api/v1/displays/${tv.id}/speech`, { data: { speech: false } });
	}
});
