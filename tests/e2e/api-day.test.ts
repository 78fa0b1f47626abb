import { expect, test, type APIRequestContext } from './fixtures';
import { demoCredentials, freeBay, move, type OrderJson } from './demo';

/** A working day of orders through every path, over HTTP against the real server and database. */

let token: string;
const headers = () => ({ authorization: `Bearer ${token}` });
test.beforeAll(() => {
	token = demoCredentials().token;
});

type Order = OrderJson;

// Unique per run and per worker restart: a plate may hold only one open order.
let plateNo = Math.floor(Math.random() * 90_000);
async function checkIn(request: APIRequestContext, extra: Record<string, unknown> = {}): Promise<Order> {
	plateNo++;
	const res = await request.post('/api/v1/repair-orders', {
		headers: headers(),
		data: {
			vehicle: { plate: `粤B·F${String(10000 + (plateNo % 90_000))}`, model: '凯美瑞 Camry', colour: '珍珠白' },
			customer: { name: `测试客户${plateNo}`, phone: `1390000${String(plateNo % 10_000).padStart(4, '0')}` },
			operations: ['MNT-STD'],
			...extra
		}
	});
	expect(res.status(), await res.text()).toBe(201);
	return res.json();
}

async function post(request: APIRequestContext, path: string, data: unknown, status = 201): Promise<Order> {
	const res = await request.post(path, { headers: headers(), data });
	expect(res.status(), await res.text()).toBe(status);
	return res.json();
}

test('maintenance without wash: check-in to follow-up', async ({ request }) => {
	let o = await checkIn(request, { wash: false, promisedAt: new Date(Date.now() + 3600_000).toISOString() });
	expect(o.stage).toBe('checked_in');
	o = await move(request, token, o, 'submit');
	o = await move(request, token, o, 'dispatch', { bay: await freeBay(request, token), team: 'T1', crewSize: 2 });
	expect(o).toMatchObject({ stage: 'dispatched', crewSize: 2 });
	for (const a of ['start', 'finish', 'team_check_pass']) o = await move(request, token, o, a);
	o = await move(request, token, o, 'qc_pass');
	expect(o.stage).toBe('ready'); // no wash chosen
	o = await move(request, token, o, 'set_pickup', { pickupAt: new Date(Date.now() + 7200_000).toISOString() });
	expect(o.stage).toBe('ready');
	o = await move(request, token, o, 'deliver', { nextServiceDate: '2027-05-27', nextServiceMileage: 25000, followUpTime: '晚上 7 点后' });
	expect(o).toMatchObject({ stage: 'delivered', nextServiceDate: '2027-05-27', nextServiceMileage: 25000, followUpTime: '晚上 7 点后' });
	o = await move(request, token, o, 'follow_up', { outcome: 'no_answer' });
	expect(o).toMatchObject({ stage: 'delivered', followUpOutcome: 'no_answer' });
	o = await move(request, token, o, 'follow_up', { outcome: 'satisfied' });
	expect(o.stage).toBe('followed_up');
});

test('brakes with wash: add-on approved, paused for approval, failed QC and rework', async ({ request }) => {
	let o = await checkIn(request, { operations: ['BRK-SVC'], wash: true });
	o = await move(request, token, o, 'submit');
	o = await move(request, token, o, 'dispatch', { bay: await freeBay(request, token), team: 'T2', crewSize: 1 });
	o = await move(request, token, o, 'start');
	o = await post(request, `/api/v1/repair-orders/${o.id}/addons`, { expectedVersion: o.version, finding: '前刹车盘磨损超限 / front discs worn', safety: true, operations: ['MNT-STD'] });
	const addon = o.addons[0];
	expect(addon).toMatchObject({ status: 'pending', safety: true });
	expect(o.operations.find((op) => op.code === 'MNT-STD')?.status).toBe('pending');
	o = await move(request, token, o, 'pause', { reason: 'approval' });
	o = await post(request, `/api/v1/repair-orders/${o.id}/addons/${addon.id}/decision`, { expectedVersion: o.version, approved: true }, 200);
	expect(o.addons[0]).toMatchObject({ status: 'approved', decidedVia: 'advisor' });
	expect(o.operations.find((op) => op.code === 'MNT-STD')?.status).toBe('active');
	const again = await request.post(`/api/v1/repair-orders/${o.id}/addons/${addon.id}/decision`, { headers: headers(), data: { expectedVersion: o.version, approved: false } });
	expect(again.status()).toBe(409);
	expect(await again.json()).toMatchObject({ error: 'already_decided' });
	for (const a of ['resume', 'finish', 'team_check_pass']) o = await move(request, token, o, a);
	o = await move(request, token, o, 'qc_fail', { reason: '刹车异响仍在 / brake noise remains' });
	expect(o).toMatchObject({ stage: 'in_progress', reworkCount: 1, lastQcFailReason: '刹车异响仍在 / brake noise remains' });
	o = await post(request, `/api/v1/repair-orders/${o.id}/parts-requests`, { expectedVersion: o.version, note: '前刹车片 1 套' });
	for (const a of ['finish', 'team_check_pass', 'qc_pass']) o = await move(request, token, o, a);
	expect(o.stage).toBe('wash');
	o = await move(request, token, o, 'wash_done');
	o = await move(request, token, o, 'deliver');
	expect(o.stage).toBe('delivered');
});

test('a declined safety recommendation stays on the order for delivery', async ({ request }) => {
	let o = await checkIn(request, { operations: ['MNT-STD', { nameZh: '检查异响', nameEn: 'Check noise', minutes1: 20, minutes2: 15 }] });
	o = await move(request, token, o, 'submit');
	o = await move(request, token, o, 'dispatch', { bay: await freeBay(request, token), team: 'T3', crewSize: 1 });
	o = await move(request, token, o, 'start');
	o = await post(request, `/api/v1/repair-orders/${o.id}/addons`, { expectedVersion: o.version, finding: '轮胎老化开裂 / tyres cracked', safety: true, operations: [{ nameZh: '更换轮胎', nameEn: 'Replace tyres', minutes1: 40, minutes2: 25 }] });
	o = await post(request, `/api/v1/repair-orders/${o.id}/addons/${o.addons[0].id}/decision`, { expectedVersion: o.version, approved: false }, 200);
	expect(o.addons[0]).toMatchObject({ status: 'declined', safety: true });
	expect(o.operations.filter((op) => op.status === 'declined')).toHaveLength(1);
	for (const a of ['finish', 'team_check_pass', 'qc_pass', 'deliver']) o = await move(request, token, o, a);
	const delivered = await (await request.get(`/api/v1/repair-orders/${o.id}`, { headers: headers() })).json();
	expect(delivered.addons).toEqual([expect.objectContaining({ finding: '轮胎老化开裂 / tyres cracked', safety: true, status: 'declined' })]);
});

test('an accident car: the supervisor inspects, then the advisor; and a cancelled order', async ({ request }) => {
	let o = await checkIn(request, { kind: 'accident', operations: ['BDY-BUMP-F'] });
	o = await move(request, token, o, 'submit');
	o = await move(request, token, o, 'dispatch', { bay: await freeBay(request, token, 'body'), team: 'BODY', crewSize: 2 });
	for (const a of ['start', 'finish', 'team_check_pass', 'qc_pass']) o = await move(request, token, o, a);
	expect(o.stage).toBe('advisor_check');
	o = await move(request, token, o, 'advisor_check_pass');
	expect(o.stage).toBe('ready');

	let c = await checkIn(request);
	c = await move(request, token, c, 'submit');
	const refused = await request.post(`/api/v1/repair-orders/${c.id}/transitions`, { headers: headers(), data: { action: 'cancel', expectedVersion: c.version } });
	expect(refused.status()).toBe(400);
	expect(await refused.json()).toMatchObject({ field: 'reason' });
	c = await move(request, token, c, 'cancel', { reason: '客户改约 / customer rebooked' });
	expect(c).toMatchObject({ stage: 'cancelled', cancelReason: '客户改约 / customer rebooked' });
});

test('two dispatches of the same car at once: one wins, the other is told; retries with a key apply once', async ({ request }) => {
	let o = await checkIn(request);
	o = await move(request, token, o, 'submit');
	const bay = await freeBay(request, token);
	const [a, b] = await Promise.all(
		['T1', 'T2'].map((team) => request.post(`/api/v1/repair-orders/${o.id}/transitions`, { headers: headers(), data: { action: 'dispatch', bay, team, crewSize: 1, expectedVersion: o.version } }))
	);
	expect([a.status(), b.status()].sort()).toEqual([200, 409]);
	const loser = [a, b].find((r) => r.status() === 409)!;
	expect(await loser.json()).toMatchObject({ error: 'version_conflict', currentVersion: o.version + 1, changedBy: 'Demo DMS' });

	const key = { ...headers(), 'idempotency-key': `retry-${Date.now()}` };
	const current = await (await request.get(`/api/v1/repair-orders/${o.id}`, { headers: headers() })).json();
	const first = await request.post(`/api/v1/repair-orders/${o.id}/transitions`, { headers: key, data: { action: 'start', expectedVersion: current.version } });
	const retry = await request.post(`/api/v1/repair-orders/${o.id}/transitions`, { headers: key, data: { action: 'start', expectedVersion: current.version } });
	expect(first.status()).toBe(200);
	expect(retry.status()).toBe(200);
	const [f, r] = [await first.json(), await retry.json()];
	expect(r).toMatchObject({ seq: f.seq, version: f.version, replayed: true });
});

test('the OpenAPI document describes the API from the same schemas', async ({ request }) => {
	const doc = await (await request.get('/api/v1/openapi.json')).json();
	expect(doc.openapi).toBe('3.1.0');
	expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/repair-orders', '/repair-orders/{id}', '/repair-orders/{id}/transitions']));
	const actions = doc.components.schemas.Transition.oneOf.map((s: { properties: { action: { const: string } } }) => s.properties.action.const);
	expect(actions).toEqual(expect.arrayContaining(['submit', 'dispatch', 'pause', 'qc_fail', 'deliver', 'follow_up', 'cancel']));
	expect(doc.components.schemas.CreateRepairOrder.required).toEqual(expect.arrayContaining(['vehicle', 'customer', 'operations']));
});
