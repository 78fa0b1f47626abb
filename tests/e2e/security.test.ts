import { expect, test } from './fixtures';
import { demoCredentials } from './demo';

// Hardening found by an attack run (issue 12): framing, redirects off-site.

test('staff screens and boards may not be framed by another site, and say so in their headers', async ({ request }) => {
	const { boardKey } = demoCredentials();
	for (const path of ['/signin', '/desk', '/pair', `/board/bays?key=${boardKey}`]) {
		const res = await request.get(path);
		expect(res.status(), path).toBe(200);
		const headers = res.headers();
		expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
		expect(headers['x-frame-options'], path).toBe('DENY');
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['referrer-policy'], path).toBeTruthy();
	}
});

test('a path like //evil.example/ with a screen key never redirects off-site', async ({ request, baseURL }) => {
	for (const path of ['//evil.example/?key=x', '//evil.example/board/bays?key=x', '/\\evil.example/?key=x']) {
		const res = await request.get(`${baseURL}${path}`, { maxRedirects: 0 });
		const location = res.headers()['location'];
		if (location) expect(new URL(location, baseURL).host, path).toBe(new URL(baseURL!).host);
	}
});

test('sign-in with next=/\\evil.example/phish stays on this site', async ({ page, baseURL }) => {
	await page.goto(`/signin?device=desk&next=${encodeURIComponent('/\\evil.example/phish')}`);
	const dots = page.locator('form.pad .dots');
	await expect(async () => {
		await page.locator('.tile', { hasText: '李娜' }).first().click();
		await expect(dots).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 20_000 });
	// The form would carry the address too, were it not cleaned: plant it as an attacker's page would.
	await page.evaluate(() => document.querySelectorAll<HTMLInputElement>('input[name="next"]').forEach((i) => (i.value = '/\\evil.example/phish')));
	await page.keyboard.type('1111');
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
	expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
});

test('the live screens keep working under the content security policy', async ({ page }) => {
	const blocked: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy|Refused to/i.test(msg.text())) blocked.push(msg.text());
	});
	const { boardKey } = demoCredentials();
	await page.goto(`/board/bays?key=${boardKey}`);
	await expect(page.locator('[data-bay]').first()).toBeVisible();
	await expect(page.locator('[data-remaining-s]').first()).toBeVisible();
	expect(blocked).toEqual([]);
});
