import { expect, test } from './fixtures';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCredentials, signIn, startOwnServer } from './demo';

/**
 * A store with twenty bays on one bay board (a server of its own: the shared demo keeps its ten).
 * Up to ten the board draws two rows of five at full size; beyond, more rows and every card's
 * contents smaller together (bay-grid.ts), so a busy card still shows its plate, crew and countdown
 * whole instead of losing its last lines below the card's edge.
 */
const port = 4191;
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-many-bays-'));
let server: ChildProcess | null = null;

const startServer = () => startOwnServer(port, dataDir);

test.afterAll(() => {
	server?.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

for (const [width, height] of [
	[1920, 1080],
	[3840, 2160]
]) {
	test(`twenty bays on one board at ${width}×${height}: every card whole, its countdown inside it`, async ({ browser }) => {
		server ??= await startServer();
		const { boardKey } = demoCredentials(dataDir);
		const admin = await (await browser.newContext({ baseURL: base })).newPage();
		await signIn(admin, '陈静', '9999');
		const bays = async () => ((await (await admin.request.get('/api/v1/bays')).json()).items as unknown[]).length;
		// The admin adds the store's other ten bays, as /admin does.
		for (let i = (await bays()) + 1; i <= 20; i++) {
			const r = await admin.request.post('/api/v1/bays', { headers: { origin: base }, data: { code: `X${i}`, nameZh: `快修${i}号工位`, nameEn: `Express bay ${i}`, kind: 'mechanical', sort: 100 + i } });
			expect(r.status(), await r.text()).toBe(201);
		}
		expect(await bays()).toBe(20);

		const context = await browser.newContext({ viewport: { width, height } });
		const page = await context.newPage();
		await page.goto(`${base}/board/bays?key=${boardKey}`);
		await expect(page.locator('.board')).toHaveAttribute('data-status', 'live');
		const cards = page.locator('.bays > [data-bay]');
		await expect(cards).toHaveCount(20);
		await expect(page.locator('.bays')).toHaveAttribute('data-scale', /^0\.\d+$/);
		// No card's contents pass its edge (by more than the rounding the ten-bay board has too).
		const over = await cards.evaluateAll((els) => els.map((e) => [e.getAttribute('data-bay'), e.scrollHeight - e.clientHeight, e.scrollWidth - e.clientWidth]));
		for (const [bay, down, across] of over) {
			expect(down, `bay ${bay}`).toBeLessThanOrEqual(3);
			expect(across, `bay ${bay}`).toBeLessThanOrEqual(0);
		}
		// Every busy card's countdown is on the screen, inside its card.
		const countdowns = page.locator('.bays [data-bay] .countdown');
		expect(await countdowns.count()).toBeGreaterThan(0);
		for (const countdown of await countdowns.all()) {
			const card = countdown.locator('xpath=ancestor::article[1]');
			const [c, k] = [await countdown.boundingBox(), await card.boundingBox()];
			expect(c!.y + c!.height).toBeLessThanOrEqual(k!.y + k!.height + 1);
			expect(c!.x + c!.width).toBeLessThanOrEqual(k!.x + k!.width + 1);
		}
		await page.screenshot({ path: test.info().outputPath(`board-20-bays-${width}.png`) });
		await context.close();
	});
}
