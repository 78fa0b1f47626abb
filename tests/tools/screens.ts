/**
 * Renders screens at their real sizes in both languages, for a person to look at:
 *   npx tsx tests/tools/screens.ts [baseUrl] [outDir]
 * (against a running server, e.g. `npm start`). Writes PNGs to tests/e2e/screens/ by default.
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../browser';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? 'tests/e2e/screens';
const only = process.env.SCREENS?.split(',');

const shots: { name: string; path: string; width: number; height: number }[] = [
	{ name: 'home-desktop', path: '/', width: 1280, height: 800 },
	{ name: 'home-phone', path: '/', width: 390, height: 844 },
	{ name: 'bays-1080p', path: '/board/bays', width: 1920, height: 1080 },
	{ name: 'bays-4k', path: '/board/bays', width: 3840, height: 2160 }
];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
for (const locale of ['zh-CN', 'en']) {
	const context = await browser.newContext();
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: base }]);
	for (const shot of shots) {
		if (only && !only.some((o) => shot.name.startsWith(o))) continue;
		const page = await context.newPage();
		await page.setViewportSize({ width: shot.width, height: shot.height });
		await page.goto(base + shot.path);
		await page.waitForTimeout(1500);
		const file = `${out}/${shot.name}-${locale}.png`;
		await page.screenshot({ path: file });
		console.log(file);
		await page.close();
	}
	await context.close();
}
await browser.close();
