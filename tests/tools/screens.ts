/**
 * Renders screens at their real sizes in both languages, for a person to look at:
 *   npx tsx tests/tools/screens.ts [baseUrl] [outDir]
 * (against a running server, e.g. `npm start`). Writes PNGs to tests/e2e/screens/ by default.
 */
import { chromium } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../browser';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? 'tests/e2e/screens';
const only = process.env.SCREENS?.split(',');

/**
 * A customer's link for the status page: read from the server's database (PITWALL_DATA_DIR,
 * default ./data), preferring a car with an add-on waiting for the customer.
 */
function statusPath(): string {
	const file = join(process.env.PITWALL_DATA_DIR ?? 'data', 'pitwall.db');
	if (!existsSync(file)) return '/status/none';
	const db = new Sqlite(file, { readonly: true });
	const secret = (db.prepare("select value from meta where key = 'status_secret'").get() as { value: string } | undefined)?.value ?? '';
	const row = (db.prepare("select repair_order_id as id from addons where status = 'pending' order by id desc limit 1").get() ??
		db.prepare("select id from repair_orders where stage = 'in_progress' order by id limit 1").get()) as { id: number };
	db.close();
	return `/status/${row.id}.${createHmac('sha256', secret).update(`status:${row.id}`).digest('base64url')}`;
}

/** `as`: sign in first as this demo person (name tile, PIN). */
/** `full`: the whole page, scrolled. `print`: rendered as printed (print media; also a PDF next to the PNG, A4 landscape, with its page numbers). */
const shots: { name: string; path: string; width: number; height: number; as?: [string, string]; click?: string; tap?: string[]; print?: boolean; full?: boolean }[] = [
	{ name: 'home-desktop', path: '/', width: 1280, height: 800 },
	{ name: 'home-phone', path: '/', width: 390, height: 844 },
	{ name: 'signin-tablet', path: '/signin?device=tablet', width: 1024, height: 768, click: '陈静' },
	{ name: 'signin-kiosk', path: '/signin?device=kiosk', width: 1280, height: 800 },
	{ name: 'pair-1080p', path: '/pair', width: 1920, height: 1080 },
	// A dealer group (the server started with PITWALL_DEMO_STORES=2): the store picker, the staff bar's switcher, /admin's group section.
	{ name: 'signin-group-tablet', path: '/signin?device=tablet&store=sz-nanshan', width: 1024, height: 768, click: '黄总' },
	{ name: 'desk-group-1280', path: '/desk', width: 1280, height: 800, as: ['黄总', '8080'] },
	{ name: 'group-overview-1280', path: '/group', width: 1280, height: 800, as: ['黄总', '8080'] },
	{ name: 'group-overview-1920', path: '/group', width: 1920, height: 1080, as: ['黄总', '8080'] },
	{ name: 'admin-group-1280', path: '/admin#group', width: 1280, height: 800, as: ['集团IT 高工', '9090'], full: true },
	{ name: 'admin-desk', path: '/admin', width: 1280, height: 800, as: ['陈静', '9999'] },
	// A store running alone (one demo store): its admin may make it a dealer group's first store.
	// The service manager's staff list: an admin's row has no buttons (only an admin changes an admin).
	{ name: 'admin-staff-manager-1280', path: '/admin#staff', width: 1280, height: 800, as: ['郑伟', '8888'] },
	{ name: 'admin-found-group-1280', path: '/admin#group', width: 1280, height: 800, as: ['陈静', '9999'], tap: ['[data-action="found-group"]'] },
	{ name: 'desk-1280', path: '/desk', width: 1280, height: 800, as: ['李娜', '1111'] },
	{ name: 'desk-1920', path: '/desk', width: 1920, height: 1080, as: ['李娜', '1111'] },
	{ name: 'tech-tablet', path: '/tech', width: 1024, height: 768, as: ['刘海峰', '3333'] },
	{ name: 'tech-leader', path: '/tech', width: 1024, height: 768, as: ['张国栋', '4444'] },
	{ name: 'qc-tablet', path: '/qc', width: 1024, height: 768, as: ['孙磊', '5555'] },
	{ name: 'desk-dispatcher', path: '/desk', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'bays-1080p', path: '/board/bays', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'bays-4k', path: '/board/bays', width: 3840, height: 2160, as: ['赵强', '2222'] },
	// The lounge in the screen's locale (zh-CN / en), and with both languages on every label.
	{ name: 'lounge-1080p', path: '/board/lounge', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'lounge-4k', path: '/board/lounge', width: 3840, height: 2160, as: ['赵强', '2222'] },
	{ name: 'lounge-both-1080p', path: '/board/lounge?lang=both', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'lounge-both-4k', path: '/board/lounge?lang=both', width: 3840, height: 2160, as: ['赵强', '2222'] },
	{ name: 'status-phone', path: statusPath(), width: 390, height: 844 },
	{ name: 'status-invalid-phone', path: '/status/1.AAAA', width: 390, height: 844 },
	{ name: 'slip-desk', path: '/desk/slip/1', width: 1280, height: 900, as: ['李娜', '1111'] },
	// The parts room: the kiosk's queue, a pick list, the search with the part on the plan, special orders.
	{ name: 'kiosk-queue-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'] },
	{ name: 'kiosk-queue-1080p', path: '/kiosk/parts', width: 1920, height: 1080, as: ['周敏', '6666'] },
	{ name: 'kiosk-picklist-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'], tap: ['[data-pick-list], [data-request]'] },
	{ name: 'kiosk-search-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'], tap: ['[data-tab="search"]', '[data-key="j"]', '[data-key="l"]', '[data-key="q"]'] },
	{ name: 'kiosk-map-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'], tap: ['[data-tab="search"]', '[data-key="j"]', '[data-key="l"]', '[data-key="q"]', '[data-result]'] },
	{ name: 'kiosk-map-1080p', path: '/kiosk/parts', width: 1920, height: 1080, as: ['周敏', '6666'], tap: ['[data-tab="search"]', '[data-key="b"]', '[data-key="x"]', '[data-key="g"]', '[data-result]'] },
	{ name: 'kiosk-special-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'], tap: ['[data-tab="special"]'] },
	{ name: 'special-desk-1280', path: '/desk/special-orders', width: 1280, height: 800, as: ['李娜', '1111'] },
	{ name: 'parts-board-1080p', path: '/board/parts', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'parts-board-4k', path: '/board/parts', width: 3840, height: 2160, as: ['赵强', '2222'] },
	{ name: 'tech-parts-tablet', path: '/tech', width: 1024, height: 768, as: ['刘海峰', '3333'] },
	{ name: 'admin-parts', path: '/admin#parts', width: 1280, height: 800, as: ['周敏', '6666'] },
	// Equipment: the machine's page by its QR on a phone (a visitor, then staff), the list, the wall board.
	{ name: 'equipment-phone-visitor', path: '/equipment/LIFT-M4', width: 390, height: 844 },
	{ name: 'equipment-phone-staff', path: '/equipment/WB-01', width: 390, height: 844, as: ['张国栋', '4444'] },
	{ name: 'equipment-list', path: '/equipment', width: 1024, height: 768, as: ['赵强', '2222'] },
	{ name: 'equipment-board-1080p', path: '/board/equipment', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'equipment-board-4k', path: '/board/equipment', width: 3840, height: 2160, as: ['赵强', '2222'] },
	// The manager's figures on the wall (each slide), and the daily workshop log on screen and as printed.
	{ name: 'kpi-board-today-1080p', path: '/board/kpi?slide=0', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-month-1080p', path: '/board/kpi?slide=1', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-stages-1080p', path: '/board/kpi?slide=2', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-teams-1080p', path: '/board/kpi?slide=3', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-today-4k', path: '/board/kpi?slide=0', width: 3840, height: 2160, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-month-4k', path: '/board/kpi?slide=1', width: 3840, height: 2160, as: ['郑伟', '8888'] },
	{ name: 'kpi-board-teams-4k', path: '/board/kpi?slide=3', width: 3840, height: 2160, as: ['郑伟', '8888'] },
	{ name: 'workshop-log-1080p', path: '/manager/log', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'workshop-log-print', path: '/manager/log', width: 1123, height: 794, as: ['郑伟', '8888'], print: true },
	// The manager's dashboard (issue 16): today (live) and this month; `full`: the whole page, scrolled.
	{ name: 'manager-1080p', path: '/manager', width: 1920, height: 1080, as: ['郑伟', '8888'] },
	{ name: 'manager-full-1080p', path: '/manager', width: 1920, height: 1080, as: ['郑伟', '8888'], full: true },
	{ name: 'manager-month-full-1080p', path: '/manager', width: 1920, height: 1080, as: ['郑伟', '8888'], tap: ['[data-range="month"]'], full: true },
	{ name: 'manager-1366', path: '/manager', width: 1366, height: 768, as: ['郑伟', '8888'] },
	// Calls (issue 17): raise some first (POST /api/v1/calls), then the tablet, the board and the kiosk.
	{ name: 'calls-tech-tablet', path: '/tech', width: 1024, height: 768, as: ['刘海峰', '3333'] },
	{ name: 'calls-tech-sheet', path: '/tech', width: 1024, height: 768, as: ['刘海峰', '3333'], tap: ['[data-action="call"]', '[data-target="parts"]'] },
	{ name: 'calls-bays-1080p', path: '/board/bays', width: 1920, height: 1080, as: ['赵强', '2222'] },
	{ name: 'calls-kiosk-1280', path: '/kiosk/parts', width: 1280, height: 800, as: ['周敏', '6666'] }
];

async function signIn(page: import('@playwright/test').Page, name: string, pin: string) {
	await page.goto(`${base}/signin?device=desk`);
	await page.waitForLoadState('networkidle'); // hydrated: the tiles answer taps
	await page.locator('.tile', { hasText: name }).first().click();
	await page.keyboard.type(pin);
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
for (const locale of ['zh-CN', 'en']) {
	const context = await browser.newContext();
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: base }]);
	for (const shot of shots) {
		if (only && !only.some((o) => shot.name.startsWith(o))) continue;
		const page = await context.newPage();
		await page.setViewportSize({ width: shot.width, height: shot.height });
		if (shot.as) await signIn(page, ...shot.as);
		await page.goto(base + shot.path);
		await page.waitForLoadState('networkidle');
		if (shot.click) await page.locator('.tile', { hasText: shot.click }).first().click();
		for (const target of shot.tap ?? []) {
			await page.locator(target).first().click();
			await page.waitForTimeout(400);
		}
		await page.waitForTimeout(1500);
		const file = `${out}/${shot.name}-${locale}.png`;
		if (shot.print) {
			await page.emulateMedia({ media: 'print' });
			await page.pdf({ path: file.replace(/\.png$/, '.pdf'), format: 'A4', landscape: true, preferCSSPageSize: true });
		}
		await page.screenshot({ path: file, fullPage: !!shot.print || !!shot.full });
		console.log(file);
		await page.close();
		await context.clearCookies({ name: 'pw_session' });
	}
	await context.close();
}
await browser.close();
