import { expect, test, type Locator } from './fixtures';
import Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { e2eDataDir, signIn } from './demo';
import { toStoreLocal } from '../../src/lib/domain/time';
import { addDaysToDay, addMonthsToDay } from '../../src/lib/domain/care';

/** Clicks until what it opens is there (a click before the page has hydrated does nothing). */
async function opened(button: Locator, dialog: Locator) {
	await expect(async () => {
		if (!(await dialog.isVisible())) await button.click();
		await expect(dialog).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
}

type Car = { id: number; plate: string; km: number };

/** Two cars of different customers, not in the workshop, not booked, their sale unknown (whatever the demo's care data). */
function twoCars(): { cars: Car[]; timeZone: string; opensAt: string; closesAt: string } {
	const db = new Sqlite(join(e2eDataDir, 'pitwall.db'), { readonly: true });
	const store = db.prepare('select time_zone, opens_at, closes_at from stores order by id limit 1').get() as { time_zone: string; opens_at: string; closes_at: string };
	const rows = db
		.prepare(
			`select v.id, v.plate, v.customer_id, max(coalesce(v.last_mileage, 0), coalesce((select max(mileage) from repair_orders r where r.vehicle_id = v.id), 0)) as km
			 from vehicles v
			 where v.sale_day is null
			   and not exists (select 1 from repair_orders r where r.vehicle_id = v.id and r.stage not in ('delivered', 'followed_up', 'cancelled'))
			   and not exists (select 1 from appointments a where a.customer_id = v.customer_id and a.status = 'booked')
			   and not exists (select 1 from care_calls c where c.customer_id = v.customer_id)
			   and (select count(*) from vehicles w where w.customer_id = v.customer_id) = 1
			 order by v.id desc limit 2`
		)
		.all() as { id: number; plate: string; customer_id: number; km: number }[];
	db.close();
	return { cars: rows.map((r) => ({ id: r.id, plate: r.plate, km: r.km })), timeZone: store.time_zone, opensAt: store.opens_at, closesAt: store.closes_at };
}

/** Customer care (issue 18): the booking specialist works the due list, books a visit; the desk sees it live and checks the car in from it. */
test('the booking specialist works the due list and books a visit; the desk checks the car in from its booking', async ({ browser, baseURL }) => {
	const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true })).newPage();
	await signIn(tablet, '吴婷', '7777', 'tablet');
	const { cars, timeZone, opensAt, closesAt } = twoCars();
	expect(cars).toHaveLength(2);
	const now = Date.now();
	const today = toStoreLocal(now, timeZone).slice(0, 10);
	// Sold five months less ten days ago, driven little: the first service falls due in ten days.
	for (const car of cars) {
		// As the booking specialist (the dealer's system token does not set sales).
		const res = await tablet.request.post('/api/v1/vehicles/sale', {
			headers: { origin: baseURL! },
			data: { vehicleId: car.id, saleDay: addMonthsToDay(addDaysToDay(today, 10), -5), saleMileage: Math.max(0, car.km - 300) }
		});
		expect(res.status(), await res.text()).toBe(200);
	}
	const [called, booked] = cars;

	// The desk is open first: the booking must reach it live.
	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	await expect(desk.locator('[data-bookings]')).toBeVisible();

	await tablet.goto('/care');
	await expect(tablet.locator('[data-tab="due_soon"][aria-selected="true"]')).toBeVisible();
	const rowA = tablet.locator(`[data-care-row][data-list="due_soon"][data-plate="${called.plate}"]`);
	await expect(rowA).toBeVisible();
	await expect(rowA).toContainText(/首保|First service/);

	// No answer: one tap, and the customer leaves the list for today.
	await rowA.locator('[data-outcome="no_answer"]').click();
	await expect(rowA).toHaveCount(0);

	// Book the other car: the next slot today that has not begun (tomorrow's first if the day is over).
	const rowB = tablet.locator(`[data-care-row][data-list="due_soon"][data-plate="${booked.plate}"]`);
	const dialog = tablet.locator('dialog[data-book-dialog]');
	await opened(rowB.locator('[data-action="book"]'), dialog);
	const hhmm = toStoreLocal(now, timeZone).slice(11, 16);
	const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
	let slot = '';
	for (let t = toMin(opensAt); t + 60 <= toMin(closesAt); t += 60) {
		const s = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
		if (t > toMin(hhmm) + 2) {
			slot = s;
			break;
		}
	}
	const bookToday = slot !== '';
	const day = bookToday ? today : addDaysToDay(today, 1);
	if (!bookToday) slot = opensAt;
	await dialog.locator('[data-field="day"]').fill(day);
	await dialog.locator(`[data-slot="${slot}"]`).click();
	// The service that is due comes picked; another operation is found in the catalogue.
	await expect(dialog.locator('[data-picked="MNT-5K"]')).toBeVisible();
	await dialog.locator('[data-field="ops-search"]').fill('MNT-CABF');
	await dialog.locator('[data-op="MNT-CABF"]').click();
	await expect(dialog.locator('[data-picked="MNT-CABF"]')).toBeVisible();
	await dialog.locator('[data-advisor]', { hasText: '李娜' }).click();
	await dialog.locator('[data-submit="book"]').click();
	await expect(dialog).toHaveCount(0);
	// Booked: off the call list (the customer is coming).
	await expect(rowB).toHaveCount(0);

	// The desk sees it live, with its operation and advisor.
	const item = desk.locator(`[data-booking][data-plate="${booked.plate}"]`);
	await expect(item).toBeVisible();
	await expect(item).toHaveAttribute('data-status', 'booked');
	await expect(item).toContainText('李娜');
	await expect(item).toContainText(/首次保养|First service/);
	test.skip(!bookToday, 'the store is closed for today: a booking for tomorrow is checked in tomorrow');

	// Check in from the booking: the form starts with the car, its customer and the operation.
	const form = desk.locator('dialog[data-checkin]');
	await opened(item.locator('[data-action="checkin-booking"]'), form);
	await expect(form.locator('[data-field="plate"]')).toHaveValue(booked.plate);
	await expect(form.locator('[data-field="customerName"]')).not.toHaveValue('');
	await expect(form.locator('[data-selected-op="MNT-5K"]')).toBeVisible();
	await expect(form.locator('[data-selected-op="MNT-CABF"]')).toBeVisible();
	await form.locator('[data-wash="no"]').click();
	await form.locator('[data-old-parts="leave"]').click();
	await form.locator('[data-submit="checkin"]').click();
	await expect(form).toHaveCount(0);

	// The booking turns arrived.
	await expect(item).toHaveAttribute('data-status', 'arrived');
});

/** A lost customer's car gets its sale day and the customer a tag on /care; the desk calls off a booking. */
test('the booking specialist sets a sale day and a tag; the desk cancels a booking', async ({ browser, baseURL }) => {
	const origin = { origin: baseURL! };
	const manager = await (await browser.newContext()).newPage();
	await signIn(manager, '郑伟', '8888');
	const tags = (await (await manager.request.get('/api/v1/customer-tags')).json()).items as { symbol: string; retired: boolean }[];
	if (!tags.some((t) => t.symbol === '+' && !t.retired)) {
		const res = await manager.request.post('/api/v1/customer-tags', { headers: origin, data: { symbol: '+', colour: 'green', meaningZh: '重要客户', meaningEn: 'Valued customer' } });
		expect(res.ok(), await res.text()).toBe(true);
	}

	const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true })).newPage();
	await signIn(tablet, '吴婷', '7777', 'tablet');
	await tablet.goto('/care');
	await expect(async () => {
		await tablet.locator('[data-tab="lost"]').click();
		await expect(tablet.locator('[data-tab="lost"][aria-selected="true"]')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
	const row = tablet.locator('[data-care-row][data-list="lost"]', { has: tablet.locator('[data-action="sale"]') }).first();
	await expect(row).toBeVisible();
	const plate = (await row.getAttribute('data-plate'))!;
	const same = tablet.locator(`[data-care-row][data-list="lost"][data-plate="${plate}"]`);

	const sale = tablet.locator('dialog[data-sale-dialog]');
	await opened(row.locator('[data-action="sale"]'), sale);
	await sale.locator('[data-field="saleDay"]').fill('2023-03-15');
	await sale.locator('[data-field="saleMileage"]').fill('12');
	await sale.locator('[data-submit="sale"]').click();
	await expect(sale).toHaveCount(0);
	await expect(same.locator('[data-action="sale"]')).toHaveCount(0);

	const tagsDialog = tablet.locator('dialog[data-tags-dialog]');
	await opened(same.locator('[data-action="tags"]'), tagsDialog);
	await tagsDialog.locator('[data-tag-option="+"]').click();
	await tagsDialog.locator('[data-submit="tags"]').click();
	await expect(tagsDialog).toHaveCount(0);
	await expect(same.locator('[data-tag="+"]')).toBeVisible();

	// A visit booked for tomorrow afternoon, called off at the desk.
	const car = twoCars().cars[0];
	const { timeZone } = twoCars();
	const tomorrow = addDaysToDay(toStoreLocal(Date.now(), timeZone).slice(0, 10), 1);
	const booked = await tablet.request.post('/api/v1/appointments', { headers: origin, data: { vehicleId: car.id, start: `${tomorrow}T15:00`, operations: ['MNT-STD'], source: 'desk' } });
	expect(booked.status(), await booked.text()).toBe(201);
	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '李娜', '1111');
	await desk.goto('/desk');
	const item = desk.locator(`[data-booking][data-plate="${car.plate}"]`);
	await expect(item).toBeVisible();
	const cancel = desk.locator('dialog[data-cancel-dialog]');
	await opened(item.locator('[data-action="cancel-booking"]'), cancel);
	await cancel.locator('[data-field="reason"]').fill('客户改期');
	await cancel.locator('[data-submit="cancel-booking"]').click();
	await expect(cancel).toHaveCount(0);
	await expect(item).toHaveCount(0);
});
