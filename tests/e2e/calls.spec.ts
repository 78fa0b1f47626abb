import { expect, test } from '@playwright/test';
import { bays, demoCredentials, jobInBay, signIn } from './demo';

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

	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await desk.locator('[data-open-calls]').click();
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
