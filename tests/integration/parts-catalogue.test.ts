import { afterEach, describe, expect, it } from 'vitest';
import { refused, sessionCookie, startServer, call as jsonCall } from './harness';
import { randomToken, sha256 } from '$lib/server/features/access/secrets';
import { DISPLAY_COOKIE, SESSION_COOKIE } from '$lib/server/features/access/service';
import type { Role } from '$lib/domain/permissions';
import type { PartView } from '$lib/live/protocol';
import { z } from 'zod';
import { defineCommand, execute } from '$lib/server/core/commands';
import { changeStock } from '$lib/server/features/parts/commands';

/**
 * The parts catalogue and stock through the JSON API (issue 14): parts, zones and bins, receiving,
 * counting and moving stock with every movement and its actor, the kiosk's search by each key,
 * the reorder and slow-mover lists, who may read and change what, and store separation.
 * The parts here live in a second store of their own (the demo store next door has its own room).
 */

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

type Answer = { status: number; body: Record<string, any> };
const call = (url: string, method: string, path: string, cookie: string | null, body?: unknown): Promise<Answer> => jsonCall<Answer['body']>(url, method, path, cookie, body);

const DAY = 24 * 3600_000;

/** A second store with people of each role signed in, and a wall screen of each board; the clock can be moved on. */
async function setUp() {
	let clock = Date.now();
	server = await startServer({ now: () => clock });
	const { app, url } = server;
	const now = Date.now();
	const { id: storeId } = await app.db
		.insertInto('stores')
		.values({ code: 'north', name_zh: '北区店', name_en: 'North store', time_zone: 'Asia/Shanghai', created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	const cookies = {} as Record<'parts' | 'technician' | 'manager' | 'service_advisor', string>;
	const names: Record<keyof typeof cookies, string> = { parts: '北区备件', technician: '北区技师', manager: '北区经理', service_advisor: '北区顾问' };
	for (const role of Object.keys(names) as (keyof typeof cookies)[]) {
		const { id } = await app.db
			.insertInto('users')
			.values({ store_id: storeId, name: names[role], name_latin: null, role: role as Role, team_id: null, technician_id: null, pin_hash: 'x', created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const token = randomToken(32);
		await app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: id, device_kind: 'desk', created_at: now, last_seen_at: now, ended_at: null }).execute();
		cookies[role] = `${SESSION_COOKIE}=${token}`;
	}
	const screen = async (board: string) => {
		const key = randomToken(24);
		await app.db.insertInto('displays').values({ store_id: storeId, name: `北区 ${board}`, board, key_hash: sha256(key), paired_at: now, created_at: now }).execute();
		return `${DISPLAY_COOKIE}=${key}`;
	};
	const as = (who: string | null) => (method: string, path: string, body?: unknown) => call(url, method, path, who, body);
	const count = async (table: 'parts' | 'stock_movements' | 'part_bins' | 'part_zones' | 'events') =>
		Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return {
		app,
		url,
		storeId,
		cookies,
		parts: as(cookies.parts),
		tech: as(cookies.technician),
		manager: as(cookies.manager),
		as,
		screen,
		count,
		advance: (ms: number) => (clock += ms),
		now: () => clock
	};
}

type Ctx = Awaited<ReturnType<typeof setUp>>;

/** Zones A and B, three bins, and the parts the search is tried on. */
async function room(ctx: Ctx) {
	const { parts } = ctx;
	for (const zone of [
		{ code: 'A', nameZh: '常用件区', nameEn: 'Common parts', kind: 'common' },
		{ code: 'B', nameZh: '钣金件区', nameEn: 'Sheet metal', kind: 'sheet_metal' }
	]) {
		expect((await parts('POST', '/api/v1/part-zones', zone)).status).toBe(201);
	}
	for (const bin of [
		{ code: 'A-1-1', zone: 'A', rack: 1, shelf: 1, position: 1 },
		{ code: 'A-1-2', zone: 'A', rack: 1, shelf: 2 },
		{ code: 'B-2-1', zone: 'b', rack: 2, shelf: 1 }
	]) {
		expect((await parts('POST', '/api/v1/part-bins', bin)).status).toBe(201);
	}
	const made: Record<string, PartView> = {};
	for (const p of [
		{ number: '04152-YZZA1', barcode: '4987654321012', nameZh: '机滤器', nameEn: 'Oil filter element', models: '凯美瑞 Camry / 雷凌 Levin', price: 6800, minQty: 10, bin: 'A-1-1' },
		{ number: '04465-06090', nameZh: '前刹车片', nameEn: 'Front brake pads', models: '凯美瑞 Camry', price: 42000, minQty: 4, bin: 'A-1-2' },
		{ number: '52119-06903', nameZh: '前保险杠', nameEn: 'Front bumper cover', models: '汉兰达 Highlander', price: 180000, bin: 'B-2-1' },
		{ number: '90915-YZZD1', nameZh: '机油滤清器', nameEn: 'Oil filter', models: '致炫 Yaris L', price: 5200, minQty: 2 },
		{ number: '08886-02505', nameZh: 'ATF 变速箱油', nameEn: 'ATF WS', unit: '升', models: '', price: 9500 }
	]) {
		const answer = await parts('POST', '/api/v1/parts', p);
		expect(answer.status, p.number).toBe(201);
		made[p.number] = answer.body as unknown as PartView;
	}
	return made;
}

describe('the parts catalogue', () => {
	it('creates zones, bins and parts; refuses duplicates and bad input by field, and writes nothing then', async () => {
		const ctx = await setUp();
		const made = await room(ctx);
		const filter = made['04152-YZZA1'];
		expect(filter).toMatchObject({ number: '04152-YZZA1', nameZh: '机滤器', binCode: 'A-1-1', zoneCode: 'A', onHand: 0, price: 6800, minQty: 10, unit: '个', low: true, version: 1 });
		expect(filter).not.toHaveProperty('pinyin');
		const keys = await ctx.app.db.selectFrom('parts').select(['pinyin', 'initials']).where('id', '=', filter.id).executeTakeFirstOrThrow();
		expect(keys).toEqual({ pinyin: 'jilvqi lvqi qi jiluqi luqi', initials: 'jlq' });

		const before = { parts: await ctx.count('parts'), bins: await ctx.count('part_bins'), zones: await ctx.count('part_zones'), events: await ctx.count('events'), movements: await ctx.count('stock_movements') };
		const base = { nameZh: '空气滤芯', nameEn: 'Air filter', price: 3000 };
		const cases: [string, string, unknown, number, string, string?][] = [
			['a number already used', '/api/v1/parts', { ...base, number: '04152-YZZA1' }, 409, 'number', 'number_taken'],
			['the same number without its dash', '/api/v1/parts', { ...base, number: '04152yzza1' }, 409, 'number', 'number_taken'],
			['a barcode another part has', '/api/v1/parts', { ...base, number: '17801-0Y040', barcode: '4987654321012' }, 409, 'barcode', 'barcode_taken'],
			['no number', '/api/v1/parts', { ...base, number: '  ' }, 400, 'number'],
			['no Chinese name', '/api/v1/parts', { ...base, number: '17801-0Y040', nameZh: ' ' }, 400, 'nameZh'],
			['a name of 500 characters', '/api/v1/parts', { ...base, number: '17801-0Y040', nameEn: 'x'.repeat(500) }, 400, 'nameEn'],
			['a negative price', '/api/v1/parts', { ...base, number: '17801-0Y040', price: -1 }, 400, 'price'],
			['a price in yuan with cents', '/api/v1/parts', { ...base, number: '17801-0Y040', price: 30.5 }, 400, 'price'],
			['an absurd price', '/api/v1/parts', { ...base, number: '17801-0Y040', price: 10_000_001 }, 400, 'price'],
			['a price as text', '/api/v1/parts', { ...base, number: '17801-0Y040', price: '30' }, 400, 'price'],
			['a negative threshold', '/api/v1/parts', { ...base, number: '17801-0Y040', minQty: -2 }, 400, 'minQty'],
			['an unknown bin', '/api/v1/parts', { ...base, number: '17801-0Y040', bin: 'Z-9-9' }, 404, 'bin'],
			['a zone code already used', '/api/v1/part-zones', { code: 'a', nameZh: '重复', nameEn: 'Again', kind: 'common' }, 409, 'code', 'code_taken'],
			['a zone of an unknown kind', '/api/v1/part-zones', { code: 'C', nameZh: '油液区', nameEn: 'Fluids', kind: 'garden' }, 400, 'kind'],
			['a bin code already used', '/api/v1/part-bins', { code: 'a-1-1', zone: 'A', rack: 3, shelf: 1 }, 409, 'code', 'code_taken'],
			['a second bin at one place', '/api/v1/part-bins', { code: 'A-1-1B', zone: 'A', rack: 1, shelf: 1, position: 1 }, 409, 'position', 'place_taken'],
			['a bin in an unknown zone', '/api/v1/part-bins', { code: 'Q-1-1', zone: 'Q', rack: 1, shelf: 1 }, 404, 'zone'],
			['rack 0', '/api/v1/part-bins', { code: 'A-0-1', zone: 'A', rack: 0, shelf: 1 }, 400, 'rack'],
			['rack 100', '/api/v1/part-bins', { code: 'A-100-1', zone: 'A', rack: 100, shelf: 1 }, 400, 'rack'],
			['shelf 21', '/api/v1/part-bins', { code: 'A-1-21', zone: 'A', rack: 1, shelf: 21 }, 400, 'shelf'],
			['position 1.5', '/api/v1/part-bins', { code: 'A-1-5', zone: 'A', rack: 1, shelf: 5, position: 1.5 }, 400, 'position'],
			['a bin code with spaces', '/api/v1/part-bins', { code: 'A 1 1', zone: 'A', rack: 1, shelf: 4 }, 400, 'code']
		];
		for (const [what, path, body, status, field, code] of cases) {
			const answer = await ctx.parts('POST', path, body);
			expect({ what, status: answer.status, field: answer.body.field }).toEqual({ what, status, field });
			if (code) expect(answer.body.error, what).toBe(code);
			expect(answer.body.message, what).toBeTruthy();
		}
		const after = { parts: await ctx.count('parts'), bins: await ctx.count('part_bins'), zones: await ctx.count('part_zones'), events: await ctx.count('events'), movements: await ctx.count('stock_movements') };
		expect(after).toEqual(before);

		// An edit names the version it saw; the new name gives new pinyin keys.
		const stale = await ctx.parts('POST', `/api/v1/parts/${filter.id}`, { expectedVersion: 7, nameEn: 'Oil filter' });
		expect([stale.status, stale.body.error, stale.body.currentVersion]).toEqual([409, 'version_conflict', 1]);
		const renamed = await ctx.parts('POST', `/api/v1/parts/${filter.id}`, { expectedVersion: 1, nameZh: '机油滤芯', price: 7000, number: '04152-YZZA1' });
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ nameZh: '机油滤芯', price: 7000, version: 2 });
		expect((await ctx.app.db.selectFrom('parts').select('initials').where('id', '=', filter.id).executeTakeFirstOrThrow()).initials).toBe('jylx');
		const taken = await ctx.parts('POST', `/api/v1/parts/${filter.id}`, { expectedVersion: 2, number: '04465 06090' });
		expect([taken.status, taken.body.error, taken.body.field]).toEqual([409, 'number_taken', 'number']);

		// Zones and bins change too (and keep their codes unique).
		const map = (await ctx.parts('GET', '/api/v1/part-bins')).body as { zones: { id: number; code: string; version: number }[]; bins: { id: number; code: string; version: number; zoneCode: string }[] };
		expect(map.zones.map((z) => z.code)).toEqual(['A', 'B']);
		expect(map.bins.map((b) => b.code)).toEqual(['A-1-1', 'A-1-2', 'B-2-1']);
		const b = map.bins.find((x) => x.code === 'B-2-1')!;
		const clash = await ctx.parts('POST', `/api/v1/part-bins/${b.id}`, { expectedVersion: b.version, code: 'A-1-2' });
		expect([clash.status, clash.body.error, clash.body.field]).toEqual([409, 'code_taken', 'code']);
		const moved = await ctx.parts('POST', `/api/v1/part-bins/${b.id}`, { expectedVersion: b.version, code: 'B-2-2', shelf: 2 });
		expect(moved.body).toMatchObject({ code: 'B-2-2', shelf: 2, zoneCode: 'B', version: 2 });
		const zoneB = map.zones.find((z) => z.code === 'B')!;
		const zoneClash = await ctx.parts('POST', `/api/v1/part-zones/${zoneB.id}`, { expectedVersion: zoneB.version, code: 'A' });
		expect([zoneClash.status, zoneClash.body.error]).toEqual([409, 'code_taken']);
		expect((await ctx.parts('POST', `/api/v1/part-zones/${zoneB.id}`, { expectedVersion: zoneB.version, nameEn: 'Body panels' })).body).toMatchObject({ nameEn: 'Body panels', version: 2 });
	});

	it('receives, counts and moves stock: each a movement with its actor; absurd quantities are refused and change nothing', async () => {
		const ctx = await setUp();
		const made = await room(ctx);
		const pads = made['04465-06090'];
		const received = await ctx.parts('POST', `/api/v1/parts/${pads.id}/receive`, { qty: 12, note: '到货 PO-1182' });
		expect(received.status).toBe(200);
		expect(received.body).toMatchObject({ onHand: 12, low: false, binCode: 'A-1-2', version: 2 });

		const before = { movements: await ctx.count('stock_movements'), events: await ctx.count('events') };
		const bad: [string, string, unknown, string][] = [
			['receive nothing', 'receive', { qty: 0 }, 'qty'],
			['receive a negative', 'receive', { qty: -5 }, 'qty'],
			['receive half a unit', 'receive', { qty: 2.5 }, 'qty'],
			['receive a million', 'receive', { qty: 1_000_000 }, 'qty'],
			['receive a string', 'receive', { qty: '12' }, 'qty'],
			['receive without a quantity', 'receive', {}, 'qty'],
			['receive into an unknown bin', 'receive', { qty: 1, bin: 'X-1-1' }, 'bin'],
			['count below zero', 'adjust', { count: -1, reason: '盘点' }, 'count'],
			['count 100,001', 'adjust', { count: 100_001, reason: '盘点' }, 'count'],
			['count as text', 'adjust', { count: 'ten', reason: '盘点' }, 'count'],
			['count without a reason', 'adjust', { count: 3 }, 'reason'],
			['count with a blank reason', 'adjust', { count: 3, reason: '   ' }, 'reason'],
			['move to an unknown bin', 'move', { bin: 'Z-1-1' }, 'bin'],
			['move to the bin it is in', 'move', { bin: 'a-1-2' }, 'bin'],
			['move nowhere', 'move', {}, 'bin']
		];
		for (const [what, action, body, field] of bad) {
			const answer = await ctx.parts('POST', `/api/v1/parts/${pads.id}/${action}`, body);
			expect({ what, status: answer.status >= 400 && answer.status < 500, field: answer.body.field }).toEqual({ what, status: true, field });
		}
		expect({ movements: await ctx.count('stock_movements'), events: await ctx.count('events') }).toEqual(before);
		expect((await ctx.app.db.selectFrom('parts').select('on_hand').where('id', '=', pads.id).executeTakeFirstOrThrow()).on_hand).toBe(12);

		const counted = await ctx.parts('POST', `/api/v1/parts/${pads.id}/adjust`, { count: 9, reason: '盘点：3 套包装破损' });
		expect(counted.body).toMatchObject({ onHand: 9 });
		const movedTo = await ctx.parts('POST', `/api/v1/parts/${pads.id}/move`, { bin: 'B-2-1' });
		expect(movedTo.body).toMatchObject({ binCode: 'B-2-1', zoneCode: 'B', onHand: 9 });
		// Received into another bin: the part lives there now.
		const into = await ctx.manager('POST', `/api/v1/parts/${pads.id}/receive`, { qty: 1, bin: 'A-1-1' });
		expect(into.body).toMatchObject({ binCode: 'A-1-1', onHand: 10 });

		const history = await ctx.tech('GET', `/api/v1/parts/${pads.id}`);
		expect(history.status).toBe(200);
		expect(history.body.part).toMatchObject({ id: pads.id, onHand: 10 });
		const rows = (history.body.movements as { kind: string; qty: number; onHandAfter: number; fromBinCode: string | null; toBinCode: string | null; reason: string | null; actorName: string }[]).map(
			({ kind, qty, onHandAfter, fromBinCode, toBinCode, reason, actorName }) => [kind, qty, onHandAfter, fromBinCode, toBinCode, reason, actorName]
		);
		expect(rows).toEqual([
			['receive', 1, 10, 'B-2-1', 'A-1-1', null, '北区经理'],
			['move', 0, 9, 'A-1-2', 'B-2-1', null, '北区备件'],
			['adjust', -3, 9, 'A-1-2', null, '盘点：3 套包装破损', '北区备件'],
			['receive', 12, 12, null, 'A-1-2', '到货 PO-1182', '北区备件']
		]);
		const stored = await ctx.app.db.selectFrom('stock_movements').select(['store_id', 'actor_id', 'at']).where('part_id', '=', pads.id).execute();
		expect(stored.every((m) => m.store_id === ctx.storeId && m.actor_id !== null && m.at === ctx.now())).toBe(true);
		// One event each, by whom and about which part.
		const events = await ctx.app.db.selectFrom('events').select(['type', 'actor_name', 'subject_kind', 'subject_id']).where('store_id', '=', ctx.storeId).where('type', 'like', 'stock.%').orderBy('seq').execute();
		expect(events.map((e) => [e.type, e.actor_name, e.subject_kind, e.subject_id])).toEqual([
			['stock.received', '北区备件', 'part', pads.id],
			['stock.adjusted', '北区备件', 'part', pads.id],
			['stock.moved', '北区备件', 'part', pads.id],
			['stock.received', '北区经理', 'part', pads.id]
		]);

		// A count with a stale version is refused; an edit that changes the bin is a move as well.
		const stale = await ctx.parts('POST', `/api/v1/parts/${pads.id}/adjust`, { count: 1, reason: 'x', expectedVersion: 1 });
		expect([stale.status, stale.body.error]).toEqual([409, 'version_conflict']);
		const current = (await ctx.parts('GET', `/api/v1/parts/${pads.id}`)).body.part as PartView;
		await ctx.parts('POST', `/api/v1/parts/${pads.id}`, { expectedVersion: current.version, bin: null });
		const last = (await ctx.parts('GET', `/api/v1/parts/${pads.id}`)).body.movements[0];
		expect(last).toMatchObject({ kind: 'move', fromBinCode: 'A-1-1', toBinCode: null, qty: 0 });
	});

	it('finds parts by number with or without dashes, Chinese, pinyin and its initials, English, model and barcode; exact first', async () => {
		const ctx = await setUp();
		await room(ctx);
		const search = async (q: string) => {
			const answer = await ctx.tech('GET', `/api/v1/parts?q=${encodeURIComponent(q)}`);
			expect(answer.status, q).toBe(200);
			return (answer.body.items as PartView[]).map((p) => p.number);
		};
		expect(await search('04152y')).toEqual(['04152-YZZA1']);
		expect(await search('04152-Y')).toEqual(['04152-YZZA1']);
		expect(await search('04152YZZA1')).toEqual(['04152-YZZA1']);
		expect(await search('0415')).toEqual(['04152-YZZA1']);
		expect(await search('4987654321012')).toEqual(['04152-YZZA1']);
		// 滤 is in two names; the whole name first.
		expect(await search('滤')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		expect(await search('机油滤清器')).toEqual(['90915-YZZD1']);
		expect(await search('滤清')).toEqual(['90915-YZZD1']);
		// Initials: the whole name exactly first, then from the start, then from a later syllable.
		expect(await search('jlq')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		expect(await search('JLQ')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		// The whole initials, then an abbreviation from the first syllable (机滤 for 机油滤清器).
		expect(await search('jylqq')).toEqual(['90915-YZZD1']);
		expect(await search('jl')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		expect(await search('lq')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		expect(await search('jy')).toEqual(['90915-YZZD1']);
		// Full pinyin from the start of the name or of a syllable, never from inside one.
		expect(await search('jilv')).toEqual(['04152-YZZA1']);
		expect(await search('jilu')).toEqual(['04152-YZZA1']);
		expect(await search('lvqi')).toEqual(['04152-YZZA1', '90915-YZZD1']);
		expect(await search('lvqing')).toEqual(['90915-YZZD1']);
		expect(await search('ilv')).toEqual([]);
		expect(await search('shache')).toEqual(['04465-06090']);
		expect(await search('bsxy')).toEqual(['08886-02505']);
		expect(await search('atf')).toEqual(['08886-02505']);
		// English (any case), the exact name first; models.
		expect(await search('oil filter')).toEqual(['90915-YZZD1', '04152-YZZA1']);
		expect(await search('BRAKE')).toEqual(['04465-06090']);
		expect(await search('camry')).toEqual(['04152-YZZA1', '04465-06090']);
		expect(await search('汉兰达')).toEqual(['52119-06903']);
		// LIKE's own characters are plain text.
		expect(await search('%')).toEqual([]);
		expect(await search('_')).toEqual([]);
		expect(await search('nothing like it')).toEqual([]);
		// A limit; no q lists the first parts by number.
		expect((await ctx.tech('GET', '/api/v1/parts?q=0&limit=2')).body.items).toHaveLength(2);
		expect((await ctx.tech('GET', '/api/v1/parts?limit=0')).body.field).toBe('limit');
		expect(((await ctx.tech('GET', '/api/v1/parts')).body.items as PartView[]).map((p) => p.number)).toEqual(['04152-YZZA1', '04465-06090', '08886-02505', '52119-06903', '90915-YZZD1']);

		// A scan or a typed number names one part exactly.
		expect((await ctx.tech('GET', '/api/v1/parts/lookup?code=4987654321012')).body.part.number).toBe('04152-YZZA1');
		expect((await ctx.tech('GET', '/api/v1/parts/lookup?code=04152yzza1')).body.part.number).toBe('04152-YZZA1');
		const unknown = await ctx.tech('GET', '/api/v1/parts/lookup?code=9999-XYZ');
		expect([unknown.status, unknown.body.error, unknown.body.field]).toEqual([404, 'unknown_code', 'code']);
		expect(unknown.body.message).toContain('9999-XYZ');
		expect((await ctx.tech('GET', '/api/v1/parts/lookup?code=04152')).status).toBe(404);
		expect((await ctx.tech('GET', '/api/v1/parts/lookup?code=')).status).toBe(400);
	});

	it('lists what to reorder and the slow movers with their value', async () => {
		const ctx = await setUp();
		const made = await room(ctx);
		const id = (n: string) => made[n].id;
		await ctx.parts('POST', `/api/v1/parts/${id('04152-YZZA1')}/receive`, { qty: 3 }); // 3 of 10: low
		await ctx.parts('POST', `/api/v1/parts/${id('04465-06090')}/receive`, { qty: 4 }); // 4 of 4: fine
		await ctx.parts('POST', `/api/v1/parts/${id('52119-06903')}/receive`, { qty: 2 }); // no threshold
		await ctx.parts('POST', `/api/v1/parts/${id('90915-YZZD1')}/receive`, { qty: 1 }); // 1 of 2: low
		await ctx.parts('POST', `/api/v1/parts/${id('08886-02505')}/receive`, { qty: 20 });
		const reorder = (await ctx.parts('GET', '/api/v1/parts/reorder')).body.items as (PartView & { suggested: number })[];
		expect(reorder.map((p) => [p.number, p.onHand, p.minQty, p.suggested])).toEqual([
			['04152-YZZA1', 3, 10, 17],
			['90915-YZZD1', 1, 2, 3]
		]);

		// Nothing is slow on the day the parts came in.
		expect((await ctx.parts('GET', '/api/v1/parts/slow')).body).toMatchObject({ items: [], count: 0, slowValue: 0, stockValue: 3 * 6800 + 4 * 42000 + 2 * 180000 + 5200 + 20 * 9500, days: 90 });
		// 100 days on, two of them were issued last week (the picking work writes last_issued_at).
		ctx.advance(100 * DAY);
		await ctx.app.db.updateTable('parts').set({ last_issued_at: ctx.now() - 7 * DAY }).where('id', 'in', [id('04152-YZZA1'), id('08886-02505')]).execute();
		const slow = (await ctx.manager('GET', '/api/v1/parts/slow')).body;
		expect((slow.items as (PartView & { value: number })[]).map((p) => [p.number, p.value])).toEqual([
			['52119-06903', 360_000],
			['04465-06090', 168_000],
			['90915-YZZD1', 5200]
		]);
		expect(slow.count).toBe(3);
		expect(slow.slowValue).toBe(533_200);
		expect(slow.stockValue).toBe(533_200 + 3 * 6800 + 20 * 9500);
		expect(slow.slowShare).toBeCloseTo(533_200 / slow.stockValue);
		// A shorter window and a limit.
		const week = (await ctx.manager('GET', '/api/v1/parts/slow?days=5&limit=1')).body;
		expect([week.count, week.items.length, week.items[0].number]).toEqual([5, 1, '52119-06903']);
		expect((await ctx.manager('GET', '/api/v1/parts/slow?days=0')).body.field).toBe('days');
	});

	it("keeps stores apart, lets a technician and the parts kiosk read but not change stock, and documents every route", async () => {
		const ctx = await setUp();
		const made = await room(ctx);
		const filter = made['04152-YZZA1'];
		// The demo store next door has its own 机油滤清器 and parts numbered 04152-…; none of it shows here.
		const demoPart = await ctx.app.db.selectFrom('parts').select(['id', 'number']).where('store_id', '!=', ctx.storeId).where('name_zh', '=', '机油滤清器').executeTakeFirstOrThrow();
		for (const q of ['机油滤清器', 'jylqq', '0415', 'oil filter']) {
			const items = (await ctx.tech('GET', `/api/v1/parts?q=${encodeURIComponent(q)}`)).body.items as PartView[];
			expect(items.every((p) => Object.values(made).some((m) => m.id === p.id)), q).toBe(true);
		}
		expect((await ctx.tech('GET', `/api/v1/parts/${demoPart.id}`)).status).toBe(404);
		expect((await ctx.tech('GET', `/api/v1/parts/lookup?code=${encodeURIComponent(demoPart.number)}`)).status).toBe(404);
		expect((await ctx.parts('POST', `/api/v1/parts/${demoPart.id}/receive`, { qty: 1 })).status).toBe(404);
		const demoBin = await ctx.app.db.selectFrom('part_bins').select('code').where('store_id', '!=', ctx.storeId).executeTakeFirstOrThrow();
		expect((await ctx.parts('POST', `/api/v1/parts/${filter.id}/move`, { bin: demoBin.code })).status).toBe(404);
		// And the demo store's parts manager sees none of ours.
		const demoParts = await sessionCookie(ctx.app, 'parts');
		expect(((await ctx.as(demoParts)('GET', '/api/v1/parts?q=jlq')).body.items as PartView[]).some((p) => p.id === filter.id)).toBe(false);
		expect((await ctx.as(demoParts)('GET', '/api/v1/part-bins')).body.bins.some((b: { code: string }) => b.code === 'B-2-1')).toBe(false);

		// A technician searches and reads, but neither receives, counts, moves nor edits.
		expect((await ctx.tech('GET', '/api/v1/parts/reorder')).status).toBe(200);
		for (const [path, body] of [
			[`/api/v1/parts/${filter.id}/adjust`, { count: 5, reason: '盘点' }],
			[`/api/v1/parts/${filter.id}/receive`, { qty: 5 }],
			[`/api/v1/parts/${filter.id}/move`, { bin: 'A-1-2' }],
			[`/api/v1/parts/${filter.id}`, { expectedVersion: 1, price: 1 }],
			['/api/v1/parts', { number: 'X-1', nameZh: '某件', nameEn: 'Thing', price: 1 }],
			['/api/v1/part-bins', { code: 'A-9-1', zone: 'A', rack: 9, shelf: 1 }]
		] as const) {
			const answer = await ctx.tech('POST', path, body);
			expect([path, answer.status, answer.body.error]).toEqual([path, 403, 'forbidden']);
		}
		// An advisor neither (reading is fine).
		expect((await ctx.as(ctx.cookies.service_advisor)('POST', `/api/v1/parts/${filter.id}/adjust`, { count: 5, reason: '盘点' })).status).toBe(403);

		// The parts kiosk's wall screen searches, looks up and draws the plan before anyone signs in; no more.
		const kiosk = ctx.as(await ctx.screen('parts'));
		expect(((await kiosk('GET', '/api/v1/parts?q=jlq')).body.items as PartView[]).map((p) => p.id)).toEqual([filter.id, made['90915-YZZD1'].id]);
		expect((await kiosk('GET', '/api/v1/parts/lookup?code=04152-YZZA1')).status).toBe(200);
		expect((await kiosk('GET', '/api/v1/part-bins')).body.bins).toHaveLength(3);
		for (const path of ['/api/v1/parts/reorder', '/api/v1/parts/slow', `/api/v1/parts/${filter.id}`]) expect((await kiosk('GET', path)).status, path).toBe(403);
		expect((await kiosk('POST', `/api/v1/parts/${filter.id}/receive`, { qty: 1 })).status).toBe(401);
		// Another board's screen reads nothing; nobody at all is asked to sign in.
		const bays = ctx.as(await ctx.screen('bays'));
		expect((await bays('GET', '/api/v1/parts?q=jlq')).status).toBe(403);
		expect((await bays('GET', '/api/v1/part-bins')).status).toBe(403);
		expect((await ctx.as(null)('GET', '/api/v1/parts?q=jlq')).status).toBe(401);
		expect((await ctx.as(null)('GET', '/api/v1/part-bins')).status).toBe(401);

		// The OpenAPI document lists every catalogue route.
		const doc = (await ctx.tech('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
		for (const [path, method] of [
			['/parts', 'get'],
			['/parts', 'post'],
			['/parts/lookup', 'get'],
			['/parts/reorder', 'get'],
			['/parts/slow', 'get'],
			['/parts/{id}', 'get'],
			['/parts/{id}', 'post'],
			['/parts/{id}/receive', 'post'],
			['/parts/{id}/adjust', 'post'],
			['/parts/{id}/move', 'post'],
			['/part-bins', 'get'],
			['/part-bins', 'post'],
			['/part-bins/{id}', 'post'],
			['/part-zones', 'post'],
			['/part-zones/{id}', 'post']
		]) {
			expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
		}
		expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Part', 'StockMovement', 'PartZone', 'PartBin']));
	});

	it('a stock change carries the pick lists that hold the part, so the kiosk sees it at once', async () => {
		const ctx = await setUp();
		const demoParts = ctx.as(await sessionCookie(ctx.app, 'parts'));
		// A request on a demo order in the demo store, for one of its parts.
		const ro = await ctx.app.db.selectFrom('repair_orders').select('id').where('stage', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
		const part = await ctx.app.db.selectFrom('parts').select(['id', 'store_id']).where('name_zh', '=', '机油滤清器').where('store_id', '!=', ctx.storeId).executeTakeFirstOrThrow();
		const { id: requestId } = await ctx.app.db
			.insertInto('parts_requests')
			.values({ repair_order_id: ro.id, note: '', requested_by: '王师傅', requested_at: ctx.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		await ctx.app.db.insertInto('parts_request_lines').values({ request_id: requestId, part_id: part.id, qty: 1 }).execute();
		const answer = await demoParts('POST', `/api/v1/parts/${part.id}/receive`, { qty: 2 });
		expect(answer.status).toBe(200);
		const event = await ctx.app.db.selectFrom('events').select('payload').where('seq', '=', answer.body.seq).executeTakeFirstOrThrow();
		expect(JSON.parse(event.payload).entities).toContainEqual({ kind: 'pickList', id: requestId });
		// A part on no open request changes no pick list.
		const other = await ctx.app.db.selectFrom('parts').select('id').where('store_id', '=', part.store_id).where('id', '!=', part.id).orderBy('id').executeTakeFirstOrThrow();
		const quiet = await demoParts('POST', `/api/v1/parts/${other.id}/receive`, { qty: 2 });
		const quietEvent = await ctx.app.db.selectFrom('events').select('payload').where('seq', '=', quiet.body.seq).executeTakeFirstOrThrow();
		expect(JSON.parse(quietEvent.payload).entities).toEqual([]);
	});

	it('changeStock (for the other parts commands) never takes stock below zero, and records an issue with its time', async () => {
		const ctx = await setUp();
		const made = await room(ctx);
		const pads = made['04465-06090'];
		await ctx.parts('POST', `/api/v1/parts/${pads.id}/receive`, { qty: 2 });
		const take = defineCommand({
			type: 'test.take',
			permission: () => 'partsRequest.issue',
			schema: z.object({ partId: z.number(), qty: z.number() }),
			async handle(tx, input, env) {
				const result = await changeStock(tx, env, { partId: input.partId, kind: 'issue', delta: -input.qty, reason: 'test' });
				return { result, event: { type: 'test.taken', subjectKind: 'part', subjectId: input.partId, data: {}, images: [] } };
			}
		});
		const actor = { kind: 'user' as const, storeId: ctx.storeId, id: 1, name: '北区备件', role: 'parts' as const, teamId: null, technicianId: null, deviceKind: 'desk' as const, sessionHash: 'x' };
		const movements = await ctx.count('stock_movements');
		const short = await refused(execute(ctx.app.commands, take, { partId: pads.id, qty: 3 }, { actor }));
		expect([short.status, short.code, short.details]).toEqual([409, 'shortage', { partId: pads.id, number: '04465-06090', onHand: 2, want: 3 }]);
		expect(await ctx.count('stock_movements')).toBe(movements);
		const { result } = await execute(ctx.app.commands, take, { partId: pads.id, qty: 2 }, { actor });
		expect(result).toEqual({ onHandBefore: 2, onHandAfter: 0 });
		const row = await ctx.app.db.selectFrom('parts').select(['on_hand', 'last_issued_at']).where('id', '=', pads.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ on_hand: 0, last_issued_at: ctx.now() });
		const last = (await ctx.parts('GET', `/api/v1/parts/${pads.id}`)).body.movements[0];
		expect(last).toMatchObject({ kind: 'issue', qty: -2, onHandAfter: 0, fromBinCode: 'A-1-2', actorName: '北区备件' });
		// Another store's part is not there at all.
		const demo = await ctx.app.db.selectFrom('parts').select('id').where('store_id', '!=', ctx.storeId).executeTakeFirstOrThrow();
		expect((await refused(execute(ctx.app.commands, take, { partId: demo.id, qty: 1 }, { actor }))).status).toBe(404);
	});
});
