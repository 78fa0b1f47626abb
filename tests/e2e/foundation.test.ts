import { expect, test, type APIRequestContext } from './fixtures';
import { demoCredentials, jobInBay, uniquePlate } from './demo';

const auth = () => ({ authorization: `Bearer ${demoCredentials().token}` });

/** A job of the test's own, just started in a bay freed for it (nothing else will touch it). */
async function inProgressOrder(request: APIRequestContext) {
	const o = await jobInBay(request, demoCredentials().token);
	expect(o.stage).toBe('in_progress');
	return o;
}

test('home page lists the screens, in Chinese by default and in English on request', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('h1')).toHaveText('Pitwall 车间看板');
	await expect(page.getByRole('link', { name: /车间工位看板/ })).toHaveAttribute('href', '/board/bays');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('link', { name: /Workshop bay board/ })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('healthz reports the database and version', async ({ request }) => {
	const res = await request.get('/healthz');
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body).toMatchObject({ status: 'ok', database: { status: 'ok', journalMode: 'wal' }, live: { attached: true } });
	expect(body.database.seq).toBeGreaterThan(0);
	expect(typeof body.version).toBe('string');
});

test('a command through the JSON API shows on the bay board without reload', async ({ page, request }) => {
	await page.goto(`/board/bays?key=${demoCredentials().boardKey}`);
	await expect(page).toHaveURL(/\/board\/bays$/);
	await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
	await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
	const order = await inProgressOrder(request);
	const bay = page.locator('[data-bay]', { hasText: order.plate });
	await expect(bay).toHaveAttribute('data-stage', 'in_progress');
	await expect(bay.locator('.countdown')).toHaveAttribute('data-deadline', /Z$/);

	const paused = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, {
		data: { action: 'pause', reason: 'parts', expectedVersion: order.version },
		headers: auth()
	});
	expect(paused.status()).toBe(200);
	await expect(bay).toHaveAttribute('data-stage', 'paused');
	await expect(bay.locator('.countdown')).not.toHaveAttribute('data-deadline', /.*/);
	const frozen = await bay.locator('.countdown').getAttribute('data-remaining-s');
	await page.waitForTimeout(1500);
	await expect(bay.locator('.countdown')).toHaveAttribute('data-remaining-s', frozen!);

	const resumed = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, {
		data: { action: 'resume', expectedVersion: order.version + 1 },
		headers: auth()
	});
	expect(resumed.status()).toBe(200);
	await expect(bay).toHaveAttribute('data-stage', 'in_progress');
	expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
});

test('bad input is refused with the field and the reason, and changes nothing', async ({ request }) => {
	const count = async () => (await (await request.get('/api/v1/repair-orders?limit=500', { headers: auth() })).json()).items.length;
	const order = await inProgressOrder(request);
	const before = await count();
	const bad = await request.post('/api/v1/repair-orders', {
		headers: auth(),
		data: { vehicle: { plate: 'nope', model: 'Camry' }, customer: { name: 'A', phone: '13800000000' }, operations: ['MNT-STD'] }
	});
	expect(bad.status()).toBe(400);
	expect(await bad.json()).toMatchObject({ error: 'invalid_input', field: 'vehicle.plate' });
	const notJson = await request.post('/api/v1/repair-orders', { data: 'x', headers: { ...auth(), 'content-type': 'application/xml' } });
	expect(notJson.status()).toBe(400);
	const stale = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, { data: { action: 'pause', reason: 'parts', expectedVersion: order.version - 1 }, headers: auth() });
	expect(stale.status()).toBe(409);
	expect(await stale.json()).toMatchObject({ error: 'version_conflict', currentVersion: order.version });
	const wrong = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, { data: { action: 'deliver', expectedVersion: order.version }, headers: auth() });
	expect(wrong.status()).toBe(409);
	expect(await wrong.json()).toMatchObject({ error: 'transition_refused', allowedActions: ['pause', 'finish', 'set_crew'] });
	const missing = await request.post('/api/v1/repair-orders/999999/transitions', { data: { action: 'submit', expectedVersion: 1 }, headers: auth() });
	expect(missing.status()).toBe(404);
	const forged = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, {
		data: { action: 'pause', reason: 'parts', expectedVersion: order.version },
		headers: { ...auth(), origin: 'https://evil.example' }
	});
	expect(forged.status()).toBe(403);
	const anonymous = await request.get('/api/v1/repair-orders');
	expect(anonymous.status()).toBe(401);
	expect(await anonymous.json()).toMatchObject({ error: 'unauthorized', field: 'Authorization' });
	// Nothing was written: no new order, and the order is as it was.
	expect(await count()).toBe(before);
	const same = await (await request.get(`/api/v1/repair-orders/${order.id}`, { headers: auth() })).json();
	expect(same).toMatchObject({ stage: 'in_progress', version: order.version });
});

test('a retried create with the same Idempotency-Key applies once', async ({ request }) => {
	const data = { vehicle: { plate: uniquePlate(), model: '铂智4X bZ4X', colour: '星河灰' }, customer: { name: '周女士', phone: '13900000000' }, operations: ['MNT-STD'] };
	const headers = { ...auth(), 'idempotency-key': `dms-order-${Date.now()}-${Math.random()}` };
	const first = await request.post('/api/v1/repair-orders', { data, headers });
	expect(first.status()).toBe(201);
	const again = await request.post('/api/v1/repair-orders', { data, headers });
	expect(again.status()).toBe(200);
	const [a, b] = [await first.json(), await again.json()];
	expect(b).toMatchObject({ id: a.id, seq: a.seq, replayed: true });
});
