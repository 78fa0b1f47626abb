import { expect, test } from './fixtures';
import { checkIn, demoCredentials, move, signIn } from './demo';

test('a fresh browser pairs as a wall screen end to end, shows its board, and goes back to pairing when revoked', async ({ browser }) => {
	const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const desk = await browser.newContext();
	const tvPage = await tv.newPage();
	const adminPage = await desk.newPage();

	// Nobody signed in: the board sends a new TV to pairing.
	await tvPage.goto('/board/bays');
	await expect(tvPage).toHaveURL(/\/pair$/);
	const code = await tvPage.locator('[data-code]').getAttribute('data-code');
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await expect(tvPage.locator('.qr svg')).toBeVisible();

	await signIn(adminPage, '陈静', '9999');
	await adminPage.goto('/admin');
	// A name of the test's own: other screens may have been made before.
	const name = `Workshop TV south ${Date.now()}`;
	await adminPage.locator('#displays form[action="?/createDisplay"] input[name="name"]').fill(name);
	await adminPage.locator('#displays form[action="?/createDisplay"] select[name="language"]').selectOption('en');
	await adminPage.locator('#displays form[action="?/createDisplay"] button').click();
	const row = adminPage.locator('#displays tr', { hasText: name });
	await expect(row).toBeVisible();
	const displayId = await row.getAttribute('data-display');

	// A wrong code is refused with a message; the right one pairs.
	const pair = adminPage.locator('#pair');
	await pair.locator('input[name="code"]').fill('ZZZZ-ZZZZ');
	await pair.locator('select[name="displayId"]').selectOption(displayId!);
	await pair.locator('button').click();
	await expect(pair.getByRole('alert')).toContainText('code');
	await pair.locator('input[name="code"]').fill(code!.toLowerCase());
	await pair.locator('button').click();
	await expect(pair.locator('.ok')).toBeVisible();

	// The TV finds out by itself and opens its board, in the language the admin chose.
	await expect(tvPage).toHaveURL(/\/board\/bays$/, { timeout: 10_000 });
	await expect(tvPage.locator('.board')).toHaveAttribute('data-status', 'live');
	await expect(tvPage.locator('[data-bay]').first()).toBeVisible();
	await expect(tvPage.locator('h1')).toHaveText('Workshop');
	const cookies = await tv.cookies();
	expect(cookies.find((c) => c.name === 'pw_display')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

	// The same code cannot pair twice.
	await pair.locator('input[name="code"]').fill(code!);
	await pair.locator('button').click();
	await expect(pair.getByRole('alert')).toContainText('already used');

	await adminPage.reload();
	await expect(adminPage.locator(`tr[data-display="${displayId}"] [data-online="true"]`)).toBeVisible();

	// Revoked: the live screen is cut off at once and goes back to pairing.
	await adminPage.locator(`tr[data-display="${displayId}"] button`, { hasText: 'Revoke' }).or(adminPage.locator(`tr[data-display="${displayId}"] button.danger`)).click();
	await expect(tvPage).toHaveURL(/\/pair$/, { timeout: 10_000 });
	await tv.close();
	await desk.close();
});

test('staff sign in with a PIN on the keypad; a wrong PIN says so; switch user is one tap', async ({ page }) => {
	await page.goto('/signin?device=tablet');
	// Tapped until the page has hydrated and the PIN pad opens.
	await expect(async () => {
		await page.locator('.tile', { hasText: '赵强' }).click();
		await expect(page.locator('form.pad')).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 20_000 });
	for (const d of '1234') await page.getByRole('button', { name: d, exact: true }).click();
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await expect(page.getByRole('alert')).toHaveText(/密码错误|Wrong PIN/);
	for (const d of '2222') await page.getByRole('button', { name: d, exact: true }).click();
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await expect(page).toHaveURL(/\/$/);
	const session = (await page.context().cookies()).find((c) => c.name === 'pw_session');
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
	expect(Buffer.from(session!.value, 'base64url').length).toBeGreaterThanOrEqual(16);

	// A dispatcher's admin page has the bays (in and out of service) and nothing of the admin's.
	const res = await page.goto('/admin');
	expect(res?.status()).toBe(200);
	await expect(page.locator('#bays')).toBeVisible();
	await expect(page.locator('#staff')).toHaveCount(0);
	await expect(page.locator('#tokens')).toHaveCount(0);

	await signIn(page, '陈静', '9999');
	await page.goto('/admin');
	await page.getByRole('button', { name: /切换用户|Switch user/ }).click();
	await expect(page).toHaveURL(/\/signin$/);
	expect((await page.context().cookies()).find((c) => c.name === 'pw_session')).toBeUndefined();
});

test('the sign-in page says how long the chosen person stays signed in here: a technician at the desk PC gets a tablet’s minutes', async ({ page }) => {
	await page.goto('/signin?device=desk');
	await expect(page.locator('header .muted')).toHaveText(/10 小时|10 h/);
	await expect(async () => {
		await page.locator('.tile', { hasText: '李伟' }).click();
		await expect(page.locator('form.pad')).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 20_000 });
	await expect(page.locator('[data-person-idle]')).toHaveText(/闲置 5 分钟|after 5 min/);
	await page.locator('.tile', { hasText: '李娜' }).click();
	await expect(page.locator('[data-person-idle]')).toHaveText(/闲置 10 小时|after 10 h/);
});

test('a technician cannot run a supervisor command, and a forged origin is refused', async ({ page, request }) => {
	// A car of the test's own, waiting for dispatch.
	const { token } = demoCredentials();
	const waiting = await move(request, token, await checkIn(request, token), 'submit');
	await signIn(page, '李伟', '3333', 'tablet');
	const tech = page.context().request;
	const list = await tech.get('/api/v1/repair-orders?stage=waiting_dispatch');
	expect(list.status()).toBe(200);
	const items = ((await list.json()).items as { id: number; version: number }[]).filter((o) => o.id === waiting.id);
	expect(items).toHaveLength(1);
	const res = await tech.post(`/api/v1/repair-orders/${items[0].id}/transitions`, {
		data: { action: 'dispatch', bay: 'M1', team: 'T1', crewSize: 1, expectedVersion: items[0].version },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(res.status()).toBe(403);
	expect(await res.json()).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/may not repairOrder.dispatch/) });
	const forged = await request.post('/signin', { form: { userId: '1', pin: '1111' }, headers: { origin: 'https://evil.example' } });
	expect(forged.status()).toBe(403);
	// Nothing changed: the order is as it was.
	const again = await (await tech.get(`/api/v1/repair-orders/${items[0].id}`)).json();
	expect(again).toMatchObject({ stage: 'waiting_dispatch', version: items[0].version, bayId: null });
});
