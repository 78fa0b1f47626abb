import { expect, test } from './fixtures';
import { checkIn, demoCredentials, freeBay, move, signIn } from './demo';

// Issue 13: dispatch names the technicians on the car; the tablet, the bay board and the desk name
// exactly them (not the team's first members), whole.

test('dispatch names two technicians, the team leader joins on his tablet; the tablet, the board and the desk name them, whole', async ({ browser, request }) => {
	const { token, boardKey } = demoCredentials();
	const headers = { authorization: `Bearer ${token}` };
	const teams = (await (await request.get('/api/v1/teams', { headers })).json()).items as { code: string; technicians: { id: number; name: string; isLeader: boolean }[] }[];
	const t2 = teams.find((t) => t.code === 'T2')!;
	const liu = t2.technicians.find((t) => t.name === '刘海峰')!;
	const other = t2.technicians.find((t) => t.id !== liu.id && !t.isLeader) ?? t2.technicians.find((t) => t.id !== liu.id)!;

	let order = await move(request, token, await checkIn(request, token, { wash: false }), 'submit');
	const bay = await freeBay(request, token, 'mechanical');
	order = await move(request, token, order, 'dispatch', { bay, team: 'T2', crewSize: 2, technicians: [liu.id, other.id] });
	expect((order as unknown as { technicians: { id: number }[] }).technicians.map((t) => t.id)).toEqual([liu.id, other.id]);

	// 刘海峰 sees both names on his tablet and starts the job there.
	const tablet = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
	await signIn(tablet, '刘海峰', '3333', 'tablet');
	await tablet.goto('/tech');
	const job = tablet.locator(`[data-ro="${order.number}"]`);
	await expect(job.locator('[data-on-job]')).toContainText(liu.name);
	await expect(job.locator('[data-on-job]')).toContainText(other.name);
	await job.locator('[data-action="start"]').click();
	await expect(job).toHaveAttribute('data-stage', 'in_progress');
	// Those on the job are not offered to join it.
	await expect(job.locator('[data-action="join"]')).toHaveCount(0);

	// The team leader, not named, lends a hand: one tap on his tablet puts him on it.
	const leader = t2.technicians.find((t) => t.isLeader)!;
	const tablet2 = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
	await signIn(tablet2, leader.name, '4444', 'tablet');
	await tablet2.goto('/tech');
	const job2 = tablet2.locator(`[data-ro="${order.number}"]`);
	await job2.locator('[data-action="join"]').click();
	await expect(job2.locator('[data-on-job]')).toContainText(leader.name);
	await expect(job2.locator('[data-action="join"]')).toHaveCount(0);

	// The wall: that bay names both, each name whole.
	const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await wall.goto(`/board/bays?key=${boardKey}`);
	const crew = wall.locator(`[data-bay="${bay}"] [data-crew]`);
	await expect(crew).toContainText(liu.name);
	await expect(crew).toContainText(other.name);
	await expect(crew).toContainText(leader.name);
	// Whole: nothing overflows the crew line, and each name lies inside the card.
	expect(await crew.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
	const card = (await wall.locator(`[data-bay="${bay}"]`).boundingBox())!;
	for (const name of await crew.locator('.name').all()) {
		const box = (await name.boundingBox())!;
		expect(box.x >= card.x - 1 && box.x + box.width <= card.x + card.width + 1 && box.y + box.height <= card.y + card.height + 1).toBe(true);
	}

	// The desk: the order's workshop section names them.
	const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
	await signIn(desk, '赵强', '2222');
	await desk.goto('/desk');
	await desk.locator(`[data-ro="${order.number}"]`).first().click();
	const onJob = desk.locator('[data-panel] [data-on-job]');
	await expect(onJob).toContainText(liu.name);
	await expect(onJob).toContainText(other.name);
});
