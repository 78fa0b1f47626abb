import { expect, test } from './fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { request as requests } from '@playwright/test';
import { demoCredentials, jobInBay, startOwnServer } from './demo';

const port = 4190;
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-restart-'));

const startServer = () => startOwnServer(port, dataDir);

test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('after SIGKILL and restart, every acknowledged command is kept and the open board converges without reload', async ({ page }) => {
	const request = await requests.newContext({ baseURL: base });
	let server = await startServer();
	try {
		const { token, boardKey } = demoCredentials(dataDir);
		const headers = { authorization: `Bearer ${token}` };
		await page.goto(`${base}/board/bays?key=${boardKey}`);
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
		await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

		// The test's own job, just started: on time whatever the hour, so the server's overdue watch
		// leaves it alone (a late one it may mark meanwhile, moving its version under the test).
		const order = await jobInBay(request, token);
		let version = order.version;
		let stage = 'in_progress';
		const acknowledged: { seq: number; type: string }[] = [];
		const send = async () => {
			const action = stage === 'in_progress' ? { action: 'pause', reason: 'parts' } : { action: 'resume' };
			const res = await request.post(`${base}/api/v1/repair-orders/${order.id}/transitions`, { data: { ...action, expectedVersion: version }, headers });
			expect(res.status()).toBe(200);
			const body = await res.json();
			acknowledged.push({ seq: body.seq, type: `repairOrder.${action.action}` });
			version = body.version;
			stage = body.stage;
		};

		for (let i = 0; i < 7; i++) await send();
		// Killed right after an acknowledgement: no chance to flush anything more.
		server.kill('SIGKILL');
		await new Promise((r) => server.once('exit', r));
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'offline');
		await expect(page.getByRole('status')).toBeVisible();

		server = await startServer();
		for (let i = 0; i < 3; i++) await send();
		const bay = page.locator('[data-bay]', { hasText: order.plate });
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
		await expect(bay).toHaveAttribute('data-stage', stage);
		await expect(page.getByRole('status')).toHaveCount(0);
		expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(7);

		const db = new Sqlite(join(dataDir, 'pitwall.db'), { readonly: true });
		const stored = db.prepare('select seq, type from events where subject_id = ? and seq >= ?').all(order.id, acknowledged[0].seq) as { seq: number; type: string }[];
		db.close();
		for (const ack of acknowledged) expect(stored).toContainEqual(ack);
	} finally {
		server.kill('SIGKILL');
		await request.dispose();
	}
});
