import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import iconv from 'iconv-lite';
import { sessionCookie, startServer } from './harness';
import { execute, type Actor } from '$lib/server/core/commands';
import { requestParts } from '$lib/server/features/repair-orders/commands';
import type { Role } from '$lib/domain/permissions';

/** The parts room's CSV: bins, parts and stock in UTF-8, UTF-8 with BOM and GBK; a preview writes nothing, a bad file changes nothing. */

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Row = { line: number; key: string; action: string; errors: { field: string; message: string }[]; changes?: { field: string; from: unknown; to: unknown }[] };
type Answer = { status: number; body: Record<string, unknown> & { rows?: Row[]; counts?: Record<string, number> }; text: string; headers: Record<string, unknown> };

function call(url: string, method: string, path: string, cookie: string, body?: Buffer | string, contentType = 'text/csv'): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { cookie };
		if (body !== undefined) headers['content-type'] = contentType;
		const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: Answer['body'] = {};
				try {
					json = JSON.parse(text);
				} catch {
					// a CSV download
				}
				resolve({ status: res.statusCode ?? 0, body: json, text, headers: res.headers });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const utf8Bom = (text: string) => Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
const gbk = (text: string) => iconv.encode(text, 'gbk');

async function setUp() {
	server = await startServer();
	const { app, url } = server;
	const parts = await sessionCookie(app, 'parts');
	const count = async (table: 'events' | 'parts' | 'part_bins' | 'part_zones' | 'stock_movements') =>
		Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const counts = async () => ({
		events: await count('events'),
		parts: await count('parts'),
		bins: await count('part_bins'),
		zones: await count('part_zones'),
		movements: await count('stock_movements')
	});
	const api = (method: string, path: string, body?: Buffer | string, cookie = parts) => call(url, method, path, cookie, body);
	return { app, url, parts, counts, api };
}

const bins = ['库区,库区名称,库区英文名称,库位,货架,层,位置', 'X,测试区,Test zone,X-1-1,1,1,1', 'X,,,X-1-2,1,1,2', 'Y,油液测试区,,Y-1-1,1,1,1', 'X,,,X-1-3,1,2,1'].join('\r\n');
const parts = [
	'配件编号,条码,名称,英文名称,适用车型,单位,单价（元）,安全库存,库位',
	'90915-TSTA1,6900000000017,机油滤清器,Oil filter,凯美瑞 Camry,个,58.50,10,X-1-1',
	'04465-TSTB2,,前刹车片,Front brake pads,雷凌 Levin,套,"1,280.00",4,X-1-2',
	'08880-TSTC3,,机油 5W-30,Engine oil 5W-30,,升,72,0,Y-1-1'
].join('\r\n');

describe('parts room CSV', () => {
	it('imports bins, parts and stock from UTF-8, UTF-8 with BOM and GBK, after a preview that writes nothing', async () => {
		const { api, counts, app } = await setUp();
		const start = await counts();

		// Bins in GBK (an older DMS), Chinese headers.
		const binPreview = await api('POST', '/api/v1/part-bins/import?preview=1', gbk(bins));
		expect(binPreview.status).toBe(200);
		expect(binPreview.body.encoding).toBe('gbk');
		expect(binPreview.body.applied).toBe(false);
		expect(binPreview.body.counts).toMatchObject({ create: 4, error: 0 });
		expect(await counts()).toEqual(start);
		const binApplied = await api('POST', '/api/v1/part-bins/import', gbk(bins));
		expect(binApplied.status).toBe(200);
		expect(binApplied.body.applied).toBe(true);
		const zones = await app.db.selectFrom('part_zones').selectAll().where('code', 'in', ['X', 'Y']).orderBy('code').execute();
		expect(zones.map((z) => [z.code, z.name_zh, z.name_en])).toEqual([
			['X', '测试区', 'Test zone'],
			['Y', '油液测试区', '油液测试区']
		]);
		const afterBins = await counts();
		expect(afterBins).toMatchObject({ bins: start.bins + 4, zones: start.zones + 2, events: start.events + 1 });

		// Parts in UTF-8 with a BOM: prices in yuan become fen, pinyin keys are written.
		const partPreview = await api('POST', '/api/v1/parts/import?preview=1', utf8Bom(parts));
		expect(partPreview.body.encoding).toBe('utf-8-bom');
		expect(partPreview.body.rows!.map((r) => [r.line, r.key, r.action])).toEqual([
			[2, '90915-TSTA1', 'create'],
			[3, '04465-TSTB2', 'create'],
			[4, '08880-TSTC3', 'create']
		]);
		expect(await counts()).toEqual(afterBins);
		expect((await api('POST', '/api/v1/parts/import', utf8Bom(parts))).body.applied).toBe(true);
		const filter = await app.db.selectFrom('parts as p').innerJoin('part_bins as b', 'b.id', 'p.bin_id').selectAll('p').select('b.code as bin').where('number', '=', '90915-TSTA1').executeTakeFirstOrThrow();
		expect(filter).toMatchObject({ price: 5850, min_qty: 10, bin: 'X-1-1', barcode: '6900000000017', pinyin: expect.stringContaining('jiyoulvqingqi'), initials: expect.stringContaining('jylqq'), unit: '个', on_hand: 0 });
		expect((await app.db.selectFrom('parts').select('price').where('number', '=', '04465-TSTB2').executeTakeFirstOrThrow()).price).toBe(128000);

		// Stock in plain UTF-8 (English headers): movements of kind import with the actor; a bin moves the part.
		const stock = ['number,on_hand,bin', '90915-TSTA1,12,', '04465-TSTB2,3,X-1-3', '08880-TSTC3,0,'].join('\n');
		const stockPreview = await api('POST', '/api/v1/stock/import?preview=1', utf8(stock));
		expect(stockPreview.body.encoding).toBe('utf-8');
		expect(stockPreview.body.rows!.map((r) => [r.key, r.action])).toEqual([
			['90915-TSTA1', 'update'],
			['04465-TSTB2', 'update'],
			['08880-TSTC3', 'unchanged']
		]);
		expect(stockPreview.body.rows![1].changes).toEqual([
			{ field: 'on_hand', from: 0, to: 3 },
			{ field: 'bin', from: 'X-1-2', to: 'X-1-3' }
		]);
		const beforeStock = await counts();
		expect((await api('POST', '/api/v1/stock/import', utf8(stock))).body.applied).toBe(true);
		expect(await counts()).toMatchObject({ movements: beforeStock.movements + 2, events: beforeStock.events + 1 });
		const moves = await app.db.selectFrom('stock_movements').selectAll().where('kind', '=', 'import').orderBy('id').execute();
		expect(moves.map((m) => [m.qty, m.on_hand_after, m.actor_name, m.from_bin_id !== null])).toEqual([
			[12, 12, '周敏', false],
			[3, 3, '周敏', true]
		]);

		// The exports read back what was imported (UTF-8 with BOM), and a re-import is idempotent.
		const exported = await api('GET', '/api/v1/parts.csv');
		expect(exported.status).toBe(200);
		expect(String(exported.headers['content-type'])).toContain('text/csv');
		expect(exported.text.charCodeAt(0)).toBe(0xfeff);
		expect(exported.text).toContain('90915-TSTA1,6900000000017,机油滤清器,Oil filter,凯美瑞 Camry,个,58.50,10,X-1-1');
		const beforeAgain = await counts();
		for (const [path, kind] of [
			['/api/v1/part-bins.csv', '/api/v1/part-bins/import'],
			['/api/v1/parts.csv', '/api/v1/parts/import'],
			['/api/v1/stock.csv', '/api/v1/stock/import']
		]) {
			const file = (await api('GET', path)).text;
			const again = await api('POST', kind, Buffer.from(file, 'utf8'));
			expect(again.status, path).toBe(200);
			expect(again.body.applied).toBe(true);
			expect(again.body.counts!.unchanged).toBe(again.body.rows!.length);
			expect(again.body.counts!.unchanged).toBeGreaterThan(0);
		}
		// Unchanged rows are counted and not written: no event, no movement.
		expect(await counts()).toEqual(beforeAgain);

		// A change shows its fields from → to.
		const changed = parts.replace('58.50,10,X-1-1', '60.00,10,X-1-2');
		const preview = await api('POST', '/api/v1/parts/import?preview=1', utf8(changed));
		expect(preview.body.rows![0]).toMatchObject({ action: 'update', changes: [{ field: 'price', from: '58.50', to: '60.00' }, { field: 'bin', from: 'X-1-1', to: 'X-1-2' }] });
		// The brake pads were moved to X-1-3 by the stock file: the parts file puts them back.
		expect(preview.body.rows![1]).toMatchObject({ action: 'update', changes: [{ field: 'bin', from: 'X-1-3', to: 'X-1-2' }] });
		expect(preview.body.counts).toMatchObject({ update: 2, unchanged: 1 });
	});

	it('refuses a file with wrong columns (400 naming the column) and rows in error (422 with lines and reasons), changing nothing', async () => {
		const { api, counts } = await setUp();
		await api('POST', '/api/v1/part-bins/import', utf8(bins));
		await api('POST', '/api/v1/parts/import', utf8(parts));
		const start = await counts();

		const noPrice = await api('POST', '/api/v1/parts/import', utf8('配件编号,名称,库位\r\n1-A,x,X-1-1'));
		expect(noPrice.status).toBe(400);
		expect(noPrice.body).toMatchObject({ error: 'missing_columns', field: 'file', missing: ['price'] });
		expect(String(noPrice.body.message)).toContain('price');
		const noBin = await api('POST', '/api/v1/part-bins/import?preview=1', gbk('库区,货架,层\r\nX,1,1'));
		expect(noBin.status).toBe(400);
		expect(noBin.body.missing).toEqual(['bin']);
		expect((await api('POST', '/api/v1/stock/import', utf8('number,count\n1,2'))).body.missing).toEqual(['on_hand']);
		expect((await api('POST', '/api/v1/stock/import', utf8(''))).status).toBe(400);

		const badParts = [
			'number,name_zh,name_en,price,min_qty,bin',
			'11111-AAAAA,好的,Good,10.00,1,X-1-1',
			'22222-BBBBB,负价,Negative,-5.00,1,X-1-1',
			'33333-CCCCC,太贵,Absurd,99999999.00,1,X-1-1',
			'44444-DDDDD,三位小数,Decimals,1.234,1,X-1-1',
			'11111-AAAAA,重复,Twice,10.00,1,X-1-1',
			'',
			'55555-EEEEE,负库存,Negative min,1.00,-3,X-1-1',
			'66666-FFFFF,没有库位,No bin,1.00,1,Z-9-9',
			'77777-GGGGG,,No name,1.00,1,X-1-1',
			'88888-HHHHH,太多,Absurd min,1.00,9999999,X-1-1'
		].join('\r\n');
		const refused = await api('POST', '/api/v1/parts/import', utf8(badParts));
		expect(refused.status).toBe(422);
		expect(refused.body).toMatchObject({ error: 'invalid_rows', field: 'file', applied: false });
		const errs = Object.fromEntries(refused.body.rows!.filter((r) => r.action === 'error').map((r) => [r.line, r.errors.map((e) => e.field).join(',')]));
		expect(errs).toEqual({ 3: 'price', 4: 'price', 5: 'price', 6: 'number', 8: 'min_qty', 9: 'bin', 10: 'name_zh', 11: 'min_qty' });
		expect(refused.body.rows!.find((r) => r.line === 6)!.errors[0].message).toContain('line 2');
		expect(refused.body.rows!.find((r) => r.line === 3)!.errors[0].message).toContain('negative');
		expect(await counts()).toEqual(start);

		const badBins = ['zone,bin,rack,shelf,position', 'X,X-2-1,2,1,1', 'X,X-2-1,2,2,1', 'Q,Q-1-1,1,1,1', 'X,X-2-3,-1,1,1', 'X,X 2 4,1,1,1', 'X,X-2-5,2,1,1', 'X,X-2-6,1,1,1'].join('\n');
		const binRefused = await api('POST', '/api/v1/part-bins/import', gbk(badBins));
		expect(binRefused.status).toBe(422);
		expect(Object.fromEntries(binRefused.body.rows!.filter((r) => r.action === 'error').map((r) => [r.line, r.errors[0].field]))).toEqual({ 3: 'bin', 4: 'zone_name_zh', 5: 'rack', 6: 'bin', 7: 'position', 8: 'position' });
		// Two bins at one place: in the file, and against a bin already there.
		expect(binRefused.body.rows!.find((r) => r.line === 7)!.errors[0].message).toContain('X-2-1 on line 2');
		expect(binRefused.body.rows!.find((r) => r.line === 8)!.errors[0].message).toContain('bin X-1-1 is already');
		// A number written differently is the part already there.
		const spelled = await api('POST', '/api/v1/parts/import?preview=1', utf8('number,name_zh,price\n90915tsta1,机滤,1'));
		expect(spelled.body.rows![0]).toMatchObject({ action: 'error', errors: [{ field: 'number' }] });

		const badStock = ['配件编号,库存', '90915-TSTA1,5', '90915-TSTA1,6', '00000-NOPE0,1', '04465-TSTB2,-2', '08880-TSTC3,100001', '08880-TSTC3,1.5'].join('\r\n');
		const stockRefused = await api('POST', '/api/v1/stock/import', utf8Bom(badStock));
		expect(stockRefused.status).toBe(422);
		expect(Object.fromEntries(stockRefused.body.rows!.filter((r) => r.action === 'error').map((r) => [r.line, r.errors[0].field]))).toEqual({
			3: 'number',
			4: 'number',
			5: 'on_hand',
			6: 'on_hand',
			7: 'on_hand'
		});
		expect(await counts()).toEqual(start);
	});

	it('redraws the open pick lists that hold a part whose stock or bin a file changed', async () => {
		const { api, app } = await setUp();
		await api('POST', '/api/v1/part-bins/import', utf8(bins));
		await api('POST', '/api/v1/parts/import', utf8(parts));
		const filter = await app.db.selectFrom('parts').select('id').where('number', '=', '90915-TSTA1').executeTakeFirstOrThrow();
		// A technician on a job in progress asks for the filter.
		const job = await app.db
			.selectFrom('repair_orders as ro')
			.innerJoin('job_technicians as j', 'j.repair_order_id', 'ro.id')
			.innerJoin('users as u', 'u.technician_id', 'j.technician_id')
			.selectAll('u')
			.select(['ro.id as roId', 'ro.version as roVersion'])
			.where('ro.stage', '=', 'in_progress')
			.where('u.active', '=', 1)
			.executeTakeFirstOrThrow();
		const tech: Actor = { kind: 'user', storeId: app.storeId, id: job.id, name: job.name, role: job.role as Role, teamId: job.team_id, technicianId: job.technician_id, deviceKind: 'tablet', sessionHash: 'tech' };
		await execute(app.commands, requestParts, { id: job.roId, expectedVersion: job.roVersion, lines: [{ partId: filter.id, qty: 1 }] }, { actor: tech });
		const list = await app.db.selectFrom('parts_request_lines').select('request_id').where('part_id', '=', filter.id).executeTakeFirstOrThrow();

		expect((await api('POST', '/api/v1/stock/import', utf8('number,on_hand,bin\n90915-TSTA1,7,X-1-3\n04465-TSTB2,2,'))).status).toBe(200);
		const event = await app.db.selectFrom('events').select('payload').where('type', '=', 'stock.imported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(event.payload).entities).toEqual([{ kind: 'pickList', id: list.request_id }]);
	});

	it('asks for part.manage (stock: stock.adjust), and refuses a file over 5 MB', async () => {
		const { api, app, counts } = await setUp();
		const advisor = await sessionCookie(app, 'service_advisor');
		const admin = await sessionCookie(app, 'admin');
		expect((await api('POST', '/api/v1/parts/import?preview=1', utf8(parts), advisor)).status).toBe(403);
		expect((await api('GET', '/api/v1/parts.csv', undefined, advisor)).status).toBe(403);
		expect((await api('POST', '/api/v1/part-bins/import', utf8(bins), admin)).status).toBe(200);
		// The admin keeps the catalogue but does not count stock.
		expect((await api('POST', '/api/v1/stock/import?preview=1', utf8('number,on_hand\n1,1'), admin)).status).toBe(403);
		const start = await counts();
		const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
		expect((await api('POST', '/api/v1/parts/import', big)).status).toBe(413);
		expect(await counts()).toEqual(start);
	});
});
