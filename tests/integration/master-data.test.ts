import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import iconv from 'iconv-lite';
import { sessionCookie, startServer } from './harness';
import { resolvePrincipal, signIn } from '$lib/server/features/access/service';
import type { Principal } from '$lib/server/features/access/principal';
import { execute } from '$lib/server/core/commands';
import { unlockSignin } from '$lib/server/features/access/commands';

/** Setting up a store through the JSON API: each refusal names its field and changes nothing; CSV in three encodings. */

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, unknown>; text: string; headers: Record<string, unknown> };
function call(url: string, method: string, path: string, cookie: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { cookie };
		if (body !== undefined) headers['content-type'] = contentType;
		const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: Record<string, unknown> = {};
				try {
					json = JSON.parse(text);
				} catch {
					// a CSV download
				}
				resolve({ status: res.statusCode ?? 0, body: json, text, headers: res.headers });
			});
		});
		req.on('error', reject);
		req.end(body === undefined ? undefined : Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body));
	});
}

async function setUp() {
	server = await startServer();
	const { app, url } = server;
	const admin = await sessionCookie(app, 'admin');
	const events = async () => Number((await app.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return { app, url, admin, events, api: (method: string, path: string, body?: unknown, type?: string) => call(url, method, path, admin, body, type) };
}

describe('master data of a store', () => {
	it('refuses what a store must not hold, naming the field, and writes nothing', async () => {
		const { api, events, app } = await setUp();
		const before = await events();
		const cases: [string, Promise<Answer>, number, string][] = [
			['a bay code already used', api('POST', '/api/v1/bays', { code: 'M1', nameZh: '机电1', nameEn: 'Mech 1', kind: 'mechanical' }), 409, 'code'],
			['a team code already used', api('POST', '/api/v1/teams', { code: 'T1', nameZh: '一组', nameEn: 'One', kind: 'mechanical' }), 409, 'code'],
			['zero minutes', api('POST', '/api/v1/standard-times', { code: 'X-0', nameZh: '零', nameEn: 'Zero', category: 'misc', minutes1: 0, minutes2: 0 }), 400, 'minutes1'],
			['negative minutes', api('POST', '/api/v1/standard-times', { code: 'X-1', nameZh: '负', nameEn: 'Negative', category: 'misc', minutes1: -5, minutes2: 3 }), 400, 'minutes1'],
			['two technicians slower than one', api('POST', '/api/v1/standard-times', { code: 'X-2', nameZh: '慢', nameEn: 'Slow', category: 'misc', minutes1: 30, minutes2: 45 }), 400, 'minutes2'],
			['a name already in that role', api('POST', '/api/v1/staff', { name: '李娜', role: 'service_advisor', pin: '123456' }), 409, 'name'],
			['a technician without a team', api('POST', '/api/v1/staff', { name: '新技师', role: 'technician', pin: '123456' }), 400, 'teamId'],
			['a PIN of letters', api('POST', '/api/v1/staff', { name: '新顾问', role: 'service_advisor', pin: 'abcd' }), 400, 'pin'],
			['an unknown time zone', api('POST', '/api/v1/store', { expectedVersion: 1, timeZone: 'Mars/Olympus' }), 400, 'timeZone'],
			['closing before opening', api('POST', '/api/v1/store', { expectedVersion: 1, opensAt: '18:00', closesAt: '08:00' }), 400, 'closesAt']
		];
		for (const [what, pending, status, field] of cases) {
			const answer = await pending;
			expect({ what, status: answer.status, field: answer.body.field }).toEqual({ what, status, field });
		}
		// The store's last admin cannot be deactivated.
		const staff = (await api('GET', '/api/v1/staff')).body.items as { id: number; role: string; version: number }[];
		const admin = staff.find((p) => p.role === 'admin')!;
		const last = await api('POST', `/api/v1/staff/${admin.id}/active`, { expectedVersion: admin.version, active: false });
		expect([last.status, last.body.error, last.body.field]).toEqual([409, 'last_admin', 'id']);
		expect(await events()).toBe(before);
		expect((await app.db.selectFrom('users').select('active').where('id', '=', admin.id).executeTakeFirstOrThrow()).active).toBe(1);
	});

	it('a technician added by the admin signs in and appears on the team list the boards show', async () => {
		const { api, app } = await setUp();
		const team = ((await api('GET', '/api/v1/teams')).body.items as { id: number; code: string }[])[0];
		const added = await api('POST', '/api/v1/staff', { name: '欧阳修远', nameLatin: 'Ouyang Xiuyuan', role: 'technician', teamId: team.id, pin: '246810' });
		expect(added.status).toBe(201);
		const teams = (await api('GET', '/api/v1/teams')).body.items as { id: number; technicians: { name: string }[] }[];
		expect(teams.find((t) => t.id === team.id)!.technicians.map((t) => t.name)).toContain('欧阳修远');
		await expect(signIn(app.commands, { userId: added.body.id as number, pin: '246810', device: 'tab-9', deviceKind: 'tablet', address: '10.0.0.9' }, Date.now())).resolves.toMatchObject({ role: 'technician' });
		// Deactivated: off the team list and unable to sign in; history keeps the row.
		const off = await api('POST', `/api/v1/staff/${added.body.id}/active`, { expectedVersion: added.body.version, active: false });
		expect(off.status).toBe(200);
		const after = (await api('GET', '/api/v1/teams')).body.items as { id: number; technicians: { name: string }[] }[];
		expect(after.find((t) => t.id === team.id)!.technicians.map((t) => t.name)).not.toContain('欧阳修远');
		expect((await app.db.selectFrom('users').select('name').where('id', '=', added.body.id as number).executeTakeFirst())?.name).toBe('欧阳修远');
	});

	it('asks before taking a bay with a car on it out of service, then pauses the job with the reason', async () => {
		const { api, app } = await setUp();
		const job = await app.db.selectFrom('repair_orders as r').innerJoin('bays as b', 'b.id', 'r.bay_id').select(['r.id', 'r.number', 'b.code', 'b.version']).where('r.stage', '=', 'in_progress').executeTakeFirstOrThrow();
		const asked = await api('POST', `/api/v1/bays/${job.code}/service`, { expectedVersion: job.version, inService: false, reason: '举升机漏油' });
		expect([asked.status, asked.body.error, asked.body.order]).toEqual([409, 'bay_occupied_confirm', job.number]);
		const done = await api('POST', `/api/v1/bays/${job.code}/service`, { expectedVersion: job.version, inService: false, reason: '举升机漏油', confirm: true });
		expect(done.status).toBe(200);
		const ro = await app.db.selectFrom('repair_orders').select(['stage', 'pause_reason', 'pause_note']).where('id', '=', job.id).executeTakeFirstOrThrow();
		expect(ro).toEqual({ stage: 'paused', pause_reason: 'other', pause_note: '举升机漏油' });
	});

	it('imports the catalogue from UTF-8, UTF-8 with BOM and GBK files, previews first, and a file with an error changes nothing', async () => {
		const { api, app } = await setUp();
		const header = 'code,name_zh,name_en,category,minutes_1,minutes_2\r\n';
		const rows = ['NEW-1,更换雨刮,Wiper blades,misc,15,10', 'MNT-STD,常规保养,Routine maintenance,maintenance,50,35'];
		const count = async () => Number((await app.db.selectFrom('standard_times').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
		const before = await count();
		for (const [encoding, bytes] of [
			['utf-8', Buffer.from(header + rows.join('\r\n'))],
			['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header + rows.join('\r\n'))])],
			['gbk', iconv.encode(header + rows.join('\r\n'), 'gbk')]
		] as const) {
			const preview = await api('POST', '/api/v1/standard-times/import', bytes, 'text/csv');
			expect(preview.status, encoding).toBe(200);
			expect(preview.body.encoding).toBe(encoding);
			expect((preview.body.rows as { key: string; action: string }[]).map((r) => [r.key, r.action])).toEqual([
				['NEW-1', 'create'],
				['MNT-STD', 'update']
			]);
			expect(await count()).toBe(before);
		}
		const applied = await api('POST', '/api/v1/standard-times/import?apply=1', iconv.encode(header + rows.join('\r\n'), 'gbk'), 'text/csv');
		expect(applied.body.applied).toBe(true);
		expect(await app.db.selectFrom('standard_times').select(['name_zh', 'minutes_1']).where('code', '=', 'NEW-1').executeTakeFirst()).toEqual({ name_zh: '更换雨刮', minutes_1: 15 });
		// One bad row: the preview says which and why; applying it writes nothing.
		const bad = Buffer.from(header + 'NEW-2,补胎,Tyre repair,tyres,20,10\r\nNEW-3,错误,Wrong,misc,10,25');
		const refused = await api('POST', '/api/v1/standard-times/import?apply=1', bad, 'text/csv');
		expect(refused.status).toBe(422);
		expect((refused.body.rows as { line: number; action: string; errors: { field: string }[] }[])[1]).toMatchObject({ line: 3, action: 'error', errors: [{ field: 'minutes_2' }] });
		expect(await app.db.selectFrom('standard_times').select('code').where('code', '=', 'NEW-2').executeTakeFirst()).toBeUndefined();
		// Export: UTF-8 with BOM, every operation.
		const csv = await api('GET', '/api/v1/standard-times.csv');
		expect(csv.text.startsWith('\uFEFFcode,name_zh')).toBe(true);
		expect(csv.text).toContain('NEW-1,更换雨刮');
	});

	it('imports staff from a GBK file: new people with PINs, a person already there updated, errors per row', async () => {
		const { api, app } = await setUp();
		const header = 'name,name_latin,role,team_code,pin\r\n';
		const file = iconv.encode(header + '周杰,Zhou Jie,technician,T2,135790\r\n李娜,Li Na (desk 2),service_advisor,,\r\n无组技师,,technician,,111111\r\n', 'gbk');
		const preview = await api('POST', '/api/v1/staff/import', file, 'text/csv');
		expect((preview.body.rows as { action: string }[]).map((r) => r.action)).toEqual(['create', 'update', 'error']);
		const refused = await api('POST', '/api/v1/staff/import?apply=1', file, 'text/csv');
		expect(refused.status).toBe(422);
		expect(await app.db.selectFrom('users').select('id').where('name', '=', '周杰').executeTakeFirst()).toBeUndefined();
		const good = iconv.encode(header + '周杰,Zhou Jie,technician,T2,135790\r\n', 'gbk');
		expect((await api('POST', '/api/v1/staff/import?apply=1', good, 'text/csv')).body.applied).toBe(true);
		const person = await app.db.selectFrom('users').select(['id', 'role', 'technician_id']).where('name', '=', '周杰').executeTakeFirstOrThrow();
		expect(person.role).toBe('technician');
		expect(person.technician_id).not.toBeNull();
		const csv = await api('GET', '/api/v1/staff.csv');
		expect(csv.text).toContain('周杰,Zhou Jie,technician,T2,');
	});

	it('lets only the admin and the service manager change master data', async () => {
		const { app, url } = await setUp();
		const advisor = await sessionCookie(app, 'service_advisor');
		const tried = await call(url, 'POST', '/api/v1/bays', advisor, { code: 'Z9', nameZh: '新', nameEn: 'New', kind: 'mechanical' });
		expect(tried.status).toBe(403);
		expect((await call(url, 'GET', '/api/v1/staff', advisor)).status).toBe(403);
		const manager = await sessionCookie(app, 'manager');
		expect((await call(url, 'POST', '/api/v1/bays', manager, { code: 'Z9', nameZh: '新', nameEn: 'New', kind: 'mechanical' })).status).toBe(201);
	});

	it("a manager manages the staff but not the admins: an admin's account would give them the admin's rights", async () => {
		const { app, url, admin, events } = await setUp();
		const manager = await sessionCookie(app, 'manager');
		type Person = { id: number; name: string; role: string; version: number };
		const staff = async () => (await call(url, 'GET', '/api/v1/staff', admin)).body.items as Person[];
		const theAdmin = (await staff()).find((p) => p.role === 'admin')!;
		const advisor = (await staff()).find((p) => p.role === 'service_advisor')!;
		const before = await events();
		// Refused, each naming the role, and nothing written: a new admin, an advisor made admin, the admin's PIN, the admin deactivated or made something else.
		for (const [path, body] of [
			['/api/v1/staff', { name: '新管理员', role: 'admin', pin: '4321' }],
			[`/api/v1/staff/${advisor.id}`, { expectedVersion: advisor.version, role: 'admin' }],
			[`/api/v1/staff/${theAdmin.id}/pin`, { pin: '4321' }],
			[`/api/v1/staff/${theAdmin.id}/active`, { expectedVersion: theAdmin.version, active: false }],
			[`/api/v1/staff/${theAdmin.id}`, { expectedVersion: theAdmin.version, role: 'service_advisor' }]
		] as const) {
			const refused = await call(url, 'POST', path, manager, body);
			expect({ path, status: refused.status, body: refused.body }).toMatchObject({ path, status: 403, body: { error: 'forbidden', field: 'role' } });
		}
		expect(await events()).toBe(before);
		// Nor lifts an admin's sign-in lock (more guesses at the admin's PIN); the admin does.
		await app.db.insertInto('signin_failures').values({ key: `user:${theAdmin.id}`, store_id: app.storeId, user_id: theAdmin.id, device: 'd', failures: 10, last_failed_at: Date.now(), locked_at: Date.now() }).execute();
		const asPrincipal = async (cookie: string) => (await resolvePrincipal(app.db, { session: cookie.split('=')[1] }, Date.now())) as Extract<Principal, { kind: 'user' }>;
		await expect(execute(app.commands, unlockSignin, { userId: theAdmin.id }, { actor: await asPrincipal(manager) })).rejects.toMatchObject({ status: 403, field: 'userId' });
		expect(await app.db.selectFrom('signin_failures').select('key').where('user_id', '=', theAdmin.id).execute()).toHaveLength(1);
		await execute(app.commands, unlockSignin, { userId: theAdmin.id }, { actor: await asPrincipal(admin) });
		expect(await app.db.selectFrom('signin_failures').select('key').where('user_id', '=', theAdmin.id).execute()).toHaveLength(0);
		// A staff file with an admin in it: the manager's preview says so on the row, and nothing is applied.
		const file = 'name,name_latin,role,team_code,pin\n新管理员,,admin,,4321\n';
		const preview = await call(url, 'POST', '/api/v1/staff/import', manager, file, 'text/csv');
		expect(JSON.stringify(preview.body)).toContain('only an admin adds or changes an admin');
		// The manager still manages everyone else; the admin makes an admin.
		expect((await call(url, 'POST', `/api/v1/staff/${advisor.id}`, manager, { expectedVersion: advisor.version, name: '李娜娜' })).status).toBe(200);
		expect((await call(url, 'POST', '/api/v1/staff', admin, { name: '新管理员', role: 'admin', pin: '4321' })).status).toBe(201);
	});
});
