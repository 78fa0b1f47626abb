import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from './fixtures';
import { signIn } from './demo';
import { realStoreBase, realStoreSetupCode } from './real-store';

/**
 * A real store sets itself up from nothing, through the browser only, to its first car delivered:
 * the first-run set-up creates the admin; in /admin the admin names the store, adds a team, its
 * people, two bays and a catalogue of two operations (one from a CSV file); then the advisor checks
 * a car in, the dispatcher dispatches it, the technician works it on the tablet, the team leader
 * and QC pass it and the advisor delivers it. Its own server (playwright.config.ts): PITWALL_DEMO=0
 * on an empty database, with the set-up code fixed by PITWALL_SETUP_CODE.
 */
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: realStoreBase });

const admin = { name: '王静', pin: '90901' };
const people = [
	{ name: '李娜', latin: 'Li Na', role: 'service_advisor', pin: '1111', team: false },
	{ name: '赵强', latin: 'Zhao Qiang', role: 'dispatcher', pin: '2222', team: false },
	{ name: '李伟', latin: 'Li Wei', role: 'technician', pin: '3333', team: true },
	{ name: '黄志伟', latin: 'Huang Zhiwei', role: 'technician', pin: '3334', team: true },
	{ name: '王建华', latin: 'Wang Jianhua', role: 'team_leader', pin: '4444', team: true },
	{ name: '孙磊', latin: 'Sun Lei', role: 'qc_inspector', pin: '5555', team: false }
] as const;
const who = (role: string) => people.find((p) => p.role === role)!;
const plate = `粤B·D${String(10000 + Math.floor(Math.random() * 89999))}`;

async function desk(browser: Browser, width = 1280, height = 800): Promise<Page> {
	return (await browser.newContext({ baseURL: realStoreBase, viewport: { width, height } })).newPage();
}

/** /admin, hydrated: its lists have been read from the API. */
async function openAdmin(page: Page) {
	await page.goto('/admin');
	await expect(page.locator('form[data-form="store"]')).toBeVisible({ timeout: 20_000 });
}

test('first run: the set-up code creates the one admin, who can sign in', async ({ page }) => {
	await page.goto('/');
	await page.goto('/signin');
	await expect(page).toHaveURL(/\/setup$/);
	await page.locator('input[name="code"]').fill('WRONG-CODE-0000');
	await page.locator('input[name="name"]').fill(admin.name);
	await page.locator('input[name="pin"]').fill(admin.pin);
	await page.locator('input[name="pin2"]').fill(admin.pin);
	await page.locator('form button').click();
	await expect(page.locator('[role="alert"]')).toBeVisible();

	await page.locator('input[name="code"]').fill(realStoreSetupCode);
	await page.locator('input[name="pin"]').fill(admin.pin);
	await page.locator('input[name="pin2"]').fill(admin.pin);
	await page.locator('form button').click();
	await expect(page).toHaveURL(/\/signin/);
	await signIn(page, admin.name, admin.pin);
	await openAdmin(page);
});

test('the admin sets up the store, a team, its people, two bays and the catalogue in /admin', async ({ browser }) => {
	const page = await desk(browser);
	await signIn(page, admin.name, admin.pin);
	await openAdmin(page);

	// The store's names.
	const store = page.locator('form[data-form="store"]');
	await store.locator('input[name="nameZh"]').fill('广州天河丰田 4S 店');
	await store.locator('input[name="nameEn"]').fill('Tianhe Toyota');
	await store.locator('input[name="labourRate"]').fill('260');
	await store.locator('[data-submit="store"]').click();
	await expect(store.locator('.ok')).toBeVisible();

	// A team.
	await page.locator('[data-action="add-team"]').click();
	const team = page.locator('dialog[data-team-dialog]');
	await team.locator('input[name="code"]').fill('T1');
	await team.locator('input[name="nameZh"]').fill('机修一组');
	await team.locator('input[name="nameEn"]').fill('Mechanical 1');
	await team.locator('[data-kind="mechanical"]').click();
	await team.locator('[data-submit="team"]').click();
	await expect(team).toHaveCount(0);
	await expect(page.locator('#teams tr[data-team="T1"]')).toBeVisible();

	// Its people, and the rest of the staff.
	for (const p of people) {
		await page.locator('[data-action="add-staff"]').click();
		const form = page.locator('dialog[data-staff-dialog="new"]');
		await form.locator('input[name="name"]').fill(p.name);
		await form.locator('input[name="nameLatin"]').fill(p.latin);
		await form.locator('select[name="role"]').selectOption(p.role);
		if (p.team) await form.locator('select[name="teamId"]').selectOption({ index: 1 });
		await form.locator('input[name="pin"]').fill(p.pin);
		await form.locator('input[name="pin2"]').fill(p.pin);
		await form.locator('[data-submit="staff"]').click();
		await expect(form).toHaveCount(0);
		await expect(page.locator(`#staff tr[data-name="${p.name}"]`)).toBeVisible();
	}
	await expect(page.locator('#teams tr[data-team="T1"]')).toContainText('王建华');

	// A second person of the same name in the same role is refused next to the name.
	await page.locator('[data-action="add-staff"]').click();
	const dup = page.locator('dialog[data-staff-dialog="new"]');
	await dup.locator('input[name="name"]').fill('李伟');
	await dup.locator('select[name="role"]').selectOption('technician');
	await dup.locator('select[name="teamId"]').selectOption({ index: 1 });
	await dup.locator('input[name="pin"]').fill('3335');
	await dup.locator('input[name="pin2"]').fill('3335');
	await dup.locator('[data-submit="staff"]').click();
	await expect(dup.locator('.ui-field', { has: page.locator('input[name="name"]') }).locator('.ui-field__error')).toBeVisible();
	await dup.locator('button.close').click();

	// Two bays; a bay code used twice is refused next to the code.
	for (const [code, sort] of [
		['M1', 1],
		['M2', 2]
	] as const) {
		await page.locator('[data-action="add-bay"]').click();
		const bay = page.locator('dialog[data-bay-dialog]');
		await bay.locator('input[name="code"]').fill(code);
		await bay.locator('input[name="sort"]').fill(String(sort));
		await bay.locator('input[name="nameZh"]').fill(`机修工位 ${code}`);
		await bay.locator('input[name="nameEn"]').fill(`Mechanical ${code}`);
		await bay.locator('[data-kind="mechanical"]').click();
		await bay.locator('[data-submit="bay"]').click();
		await expect(bay).toHaveCount(0);
		await expect(page.locator(`#bays tr[data-bay="${code}"]`)).toBeVisible();
	}
	await page.locator('[data-action="add-bay"]').click();
	const again = page.locator('dialog[data-bay-dialog]');
	await again.locator('input[name="code"]').fill('M1');
	await again.locator('input[name="nameZh"]').fill('重复');
	await again.locator('input[name="nameEn"]').fill('Duplicate');
	await again.locator('[data-submit="bay"]').click();
	await expect(again.locator('.ui-field', { has: page.locator('input[name="code"]') }).locator('.ui-field__error')).toBeVisible();
	await again.locator('button.close').click();

	// One operation by hand (two technicians longer than one is refused next to that field) ...
	await page.locator('[data-action="add-operation"]').click();
	const op = page.locator('dialog[data-op-dialog]');
	await op.locator('input[name="code"]').fill('MNT-STD');
	await op.locator('input[name="category"]').fill('保养');
	await op.locator('input[name="nameZh"]').fill('常规保养');
	await op.locator('input[name="nameEn"]').fill('Standard maintenance');
	await op.locator('input[name="minutes1"]').fill('60');
	await op.locator('input[name="minutes2"]').fill('70');
	await op.locator('[data-submit="operation"]').click();
	await expect(op.locator('.ui-field', { has: page.locator('input[name="minutes2"]') }).locator('.ui-field__error')).toBeVisible();
	await op.locator('input[name="minutes2"]').fill('40');
	await op.locator('[data-submit="operation"]').click();
	await expect(op).toHaveCount(0);
	await expect(page.locator('#catalogue tr[data-op="MNT-STD"]')).toBeVisible();

	// ... and one from a CSV file: a preview first, then applied.
	const csv = page.locator('[data-csv="standard-times"]');
	await csv.locator('input[data-upload="standard-times"]').setInputFiles({
		name: 'catalogue.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('\uFEFFcode,name_zh,name_en,category,minutes_1,minutes_2\r\nBRK-SVC,刹车保养,Brake service,制动,45,30\r\nMNT-STD,常规保养,Standard maintenance,保养,60,40\r\n', 'utf8')
	});
	await expect(csv.locator('tr[data-row-action="create"]')).toHaveCount(1);
	await expect(csv.locator('tr[data-row-action="unchanged"]')).toHaveCount(1);
	await expect(page.locator('#catalogue tr[data-op="BRK-SVC"]')).toHaveCount(0);
	await csv.locator('[data-apply="standard-times"]').click();
	await expect(csv.locator('[data-applied]')).toBeVisible();
	await expect(page.locator('#catalogue tr[data-op="BRK-SVC"]')).toBeVisible();

	// Both lists download as CSV (UTF-8 with BOM, for Excel), the way the import reads them.
	for (const [kind, line] of [
		['staff', '李伟,Li Wei,technician,T1,'],
		['standard-times', 'BRK-SVC,刹车保养,Brake service,制动,45,30']
	] as const) {
		const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[data-download="${kind}"]`).click()]);
		const text = readFileSync(await download.path(), 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		expect(text).toContain(line);
	}

	// The audit trail says it in words.
	await page.goto('/admin?kind=bay.#audit');
	await expect(page.locator('#audit tbody tr').first()).toBeVisible();
	await expect(page.locator('#audit table')).not.toContainText('bay.created');
});

test('the new store takes its first car from check-in to delivery', async ({ browser }) => {
	const advisor = await desk(browser, 1920, 1080);
	const dispatcher = await desk(browser);
	const tablet = await desk(browser, 1024, 768);

	await signIn(advisor, who('service_advisor').name, who('service_advisor').pin);
	await advisor.goto('/desk');
	await expect(advisor.locator('.live')).toHaveAttribute('data-status', 'live');
	const card = advisor.locator('[data-column] [data-ro]', { hasText: plate });
	const stageOnDesk = (stage: string) => expect(card).toHaveAttribute('data-stage', stage, { timeout: 10_000 });

	// Check-in at the desk, with an operation from the new catalogue.
	await advisor.locator('[data-action="checkin"]').click();
	const form = advisor.locator('dialog[data-checkin]');
	await form.locator('[data-field="plate"]').fill(plate);
	await form.locator('[data-field="plate"]').press('Enter');
	await form.locator('[data-field="model"]').fill('凯美瑞 Camry');
	await form.locator('[data-field="customerName"]').fill('陈先生');
	await form.locator('[data-field="phone"]').fill('13800000000');
	await form.locator('[data-op-search]').fill('BRK');
	await form.locator('[data-code="BRK-SVC"]').click();
	await form.locator('[data-wash="no"]').click();
	await form.locator('[data-old-parts="leave"]').click();
	await form.locator('[data-payment="cash"]').click();
	await form.locator('[data-submit="checkin"]').click();
	await stageOnDesk('checked_in');
	const ro = (await card.getAttribute('data-ro'))!;
	await advisor.locator('[data-panel] [data-action="submit"]').click();
	await stageOnDesk('waiting_dispatch');

	// The dispatcher gives it bay M1 and team T1.
	await signIn(dispatcher, who('dispatcher').name, who('dispatcher').pin);
	await dispatcher.goto('/desk');
	await dispatcher.locator(`[data-ro="${ro}"]`).click();
	await dispatcher.locator('[data-panel] [data-action="dispatch"]').click();
	const dialog = dispatcher.locator('dialog[data-dispatch]');
	await dialog.locator('[data-bay="M1"]').click();
	await dialog.locator('[data-team="T1"]').click();
	await dialog.locator('[data-crew="1"]').click();
	await dialog.locator('[data-submit="dispatch"]').click();
	await stageOnDesk('dispatched');

	// Taking M1 out of service now asks first, naming the car on it; cancelled, nothing changes.
	await signIn(dispatcher, admin.name, admin.pin);
	await openAdmin(dispatcher);
	await dispatcher.locator('#bays tr[data-bay="M1"] [data-action="out-of-service"]').click();
	const service = dispatcher.locator('dialog[data-bay-service]');
	await service.locator('input[name="reason"]').fill('举升机检修');
	await service.locator('[data-submit="out-of-service"]').click();
	await expect(service.locator('[data-confirm-occupied]')).toContainText(ro);
	await service.locator('button.close').click();
	await expect(dispatcher.locator('#bays tr[data-bay="M1"]')).toHaveAttribute('data-in-service', 'true');

	// The technician works it on the tablet.
	const tech = who('technician');
	await signIn(tablet, tech.name, tech.pin, 'tablet');
	await tablet.goto('/tech');
	const job = tablet.locator(`[data-ro="${ro}"]`);
	await job.locator('[data-action="start"]').click();
	await stageOnDesk('in_progress');
	await job.locator('[data-action="finish"]').click();
	await tablet.locator('dialog[data-sheet="finish"] [data-confirm]').click();
	await stageOnDesk('team_check');

	// The team leader signs the check; QC passes the car.
	await signIn(tablet, who('team_leader').name, who('team_leader').pin, 'tablet');
	await tablet.goto('/tech');
	await tablet.locator(`[data-ro="${ro}"] [data-action="team_check_pass"]`).click();
	await tablet.locator('dialog[data-sheet="sign"] [data-confirm]').click();
	await stageOnDesk('final_qc');
	await signIn(tablet, who('qc_inspector').name, who('qc_inspector').pin, 'tablet');
	await tablet.goto('/qc');
	await tablet.locator(`[data-ro="${ro}"] [data-action="qc_pass"]`).click();
	await stageOnDesk('ready');

	// The advisor delivers it.
	const panel = advisor.locator('[data-panel]');
	if ((await panel.count()) === 0 || (await panel.getAttribute('data-panel')) !== ro) await card.click();
	await expect(panel).toHaveAttribute('data-panel', ro);
	await panel.locator('[data-action="deliver"]').click();
	await panel.locator('[data-deliver] [data-field="next_mileage"]').fill('20000');
	await panel.locator('[data-deliver] [data-submit="deliver"]').click();
	await stageOnDesk('delivered');

	// The audit trail names everyone who touched it, in words.
	await dispatcher.goto(`/admin?ro=${ro}#audit`);
	const audit = dispatcher.locator('#audit table');
	for (const p of [who('service_advisor'), who('dispatcher'), tech, who('team_leader'), who('qc_inspector')]) await expect(audit).toContainText(p.name);
	await expect(audit).not.toContainText('repairOrder.deliver');
});

test('a year on, the group opens a second store: the admin makes this store a dealer group from /admin', async ({ browser }) => {
	const page = await desk(browser);
	await signIn(page, admin.name, admin.pin);
	await openAdmin(page);
	const found = page.locator('[data-group-found]');
	await expect(found).toBeVisible();
	// Asked first; cancelling changes nothing.
	await found.locator('[data-action="found-group"]').click();
	await found.getByRole('button', { name: /取消|Cancel/ }).click();
	await expect(found.locator('[data-action="found-group-confirm"]')).toHaveCount(0);
	await found.locator('[data-action="found-group"]').click();
	await found.locator('[data-action="found-group-confirm"]').click();
	// The page comes back with the group's part: this store, and the admin as the group's admin, off the staff list.
	await expect(page.locator('[data-group-store]')).toHaveCount(1, { timeout: 15_000 });
	await expect(page.locator('[data-group-store]')).toHaveAttribute('aria-current', 'true');
	await expect(page.locator(`[data-group-person="${admin.name}"]`)).toBeVisible();
	await expect(page.locator('[data-group-found]')).toHaveCount(0);
	await expect(page.locator('nav a[href="#staff"] [data-count]')).toHaveAttribute('data-count', String(people.length));
	// The second store is opened from the same section.
	const form = page.locator('form[data-form="new-store"]');
	await form.locator('input[name="code"]').fill('gz-panyu');
	await form.locator('input[name="nameZh"]').fill('广汽丰田番禺店');
	await form.locator('input[name="nameEn"]').fill('GAC Toyota Panyu');
	await form.locator('[data-submit="new-store"]').click();
	await expect(page.locator('[data-group-store="gz-panyu"]')).toBeVisible();
	await page.context().close();
});
