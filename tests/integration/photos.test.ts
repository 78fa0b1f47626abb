import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { sessionCookie, startServer } from './harness';
import { DISPLAY_COOKIE } from '$lib/server/features/access/service';
import { statusToken } from '$lib/server/features/repair-orders/status-link';
import { customerView } from '$lib/domain/privacy';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { pruneStorePhotos, sweepOrphanFiles } from '$lib/server/features/photos/retention';
import { MAX_PHOTOS_PER_FINDING } from '$lib/domain/photos';

/**
 * Photos on the job (issue 19), against the real server: an upload is stored resized, upright and
 * without its metadata; it is served to its store's staff and to its own customer's link only; every
 * refusal (not an image by its content, a bomb, the limits, another store's order, a delivered car)
 * stores nothing; erasure and retention take the files with the rows.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'photos', name));
const PAD = fixture('brake-pad.jpg');
const DISC = fixture('brake-disc.jpg');
const TEXT = fixture('not-a-photo.jpg');

/** A PNG whose header claims `w` x `h` pixels, with a few bytes of data: decoding it would take gigabytes. */
function pngBomb(w: number, h: number): Buffer {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf: Buffer) => {
		let c = 0xffffffff;
		for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(body));
		return Buffer.concat([len, body, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 0; // greyscale
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

/** The EXIF block names a GPS sub-directory (tag 0x8825), in either byte order. */
const hasGps = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

interface Answer<T = Record<string, unknown>> {
	status: number;
	body: T;
	headers: Headers;
}

async function call<T = Record<string, unknown>>(url: string, path: string, init: { method?: string; cookie?: string; body?: BodyInit; json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
	const headers: Record<string, string> = { origin: url, ...init.headers };
	if (init.cookie) headers.cookie = init.cookie;
	let body = init.body;
	if (init.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(init.json);
	}
	const res = await fetch(`${url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
	const type = res.headers.get('content-type') ?? '';
	const out = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
	return { status: res.status, body: out as T, headers: res.headers };
}

const upload = (url: string, cookie: string, orderId: number, bytes: Buffer, query = '', headers: Record<string, string> = {}) =>
	call(url, `/api/v1/repair-orders/${orderId}/photos${query}`, { cookie, body: new Uint8Array(bytes), headers: { 'content-type': 'image/jpeg', ...headers } });

/** A car in a bay (the demo's), with an add-on just raised on it for its customer to approve. */
async function orderWithAddon(s: Server, advisor: string, nth = 0) {
	const job = await s.app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').orderBy('id').offset(nth).limit(1).executeTakeFirstOrThrow();
	const raised = await call<{ addons: { id: number }[]; version: number }>(s.url, `/api/v1/repair-orders/${job.id}/addons`, {
		cookie: advisor,
		json: { expectedVersion: job.version, finding: '前刹车片 2 mm', safety: true, operations: [{ nameZh: '更换前刹车片', nameEn: 'Front brake pads', minutes1: 60, minutes2: 40 }] }
	});
	expect(raised.status).toBe(201);
	return { id: job.id, addonId: raised.body.addons.at(-1)!.id };
}

function filesOf(s: Server): string[] {
	const root = s.app.photos.root;
	if (!existsSync(root)) return [];
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => join(d.parentPath, d.name))
		.sort();
}

const photoRows = async (s: Server) => Number((await s.app.db.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('photos on the job', () => {
	it('stores an upload upright, resized and without EXIF (no GPS), serves it to staff and to its own customer only', async () => {
		server = await startServer();
		const s = server;
		const advisor = await sessionCookie(s.app, 'service_advisor');
		const { id, addonId } = await orderWithAddon(s, advisor);
		// The demo shop has photos of its own: this test counts its own.
		const demoFiles = filesOf(s);
		const demoRows = await photoRows(s);

		// The fixture is what a phone writes: on its side (orientation 6), with a GPS position.
		const original = await sharp(PAD).metadata();
		expect([original.width, original.height, original.orientation]).toEqual([1800, 2400, 6]);
		expect(hasGps(original.exif)).toBe(true);

		const up = await upload(s.url, advisor, id, PAD, `?addonId=${addonId}&caption=${encodeURIComponent('左前刹车片')}`, { 'idempotency-key': 'pad-1' });
		expect(up.status).toBe(201);
		expect(up.body).toMatchObject({ addonId, caption: '左前刹车片', width: 1600, height: 1200, spot: null });
		const photoId = up.body.id as number;

		// On the order's view (what the desk and the tablet get live), with its place.
		const view = await repairOrderView(s.app.db, id);
		expect(view!.photos).toEqual([expect.objectContaining({ id: photoId, addonId, caption: '左前刹车片' })]);

		// The stored files: upright (landscape), 1600 and 320 px, no metadata at all.
		const files = filesOf(s).filter((f) => !demoFiles.includes(f));
		expect(files).toHaveLength(2);
		for (const f of files) {
			const bytes = readFileSync(f);
			const meta = await sharp(bytes).metadata();
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.orientation).toBeUndefined();
			expect(meta.width! > meta.height!).toBe(true);
			expect(bytes.includes(Buffer.from('PitwallTestPhone'))).toBe(false);
		}

		// Staff of the store: the image, inline, kept privately.
		const thumb = await call(s.url, `/api/v1/photos/${photoId}/thumb`, { cookie: advisor });
		expect(thumb.status).toBe(200);
		expect(thumb.headers.get('content-type')).toBe('image/jpeg');
		expect(thumb.headers.get('cache-control')).toContain('private');
		const t = await sharp(thumb.body as unknown as Buffer).metadata();
		expect([t.width, t.height]).toEqual([320, 240]);
		expect((await call(s.url, `/api/v1/photos/${photoId}/original`, { cookie: advisor })).status).toBe(404);
		// Nobody signed in, and a wall screen (the lounge's key): no image.
		expect((await call(s.url, `/api/v1/photos/${photoId}/thumb`)).status).toBe(401);
		const lounge = new URL(s.app.demoScreens.find((d) => d.board === 'lounge')!.path, 'http://x').searchParams.get('key')!;
		expect((await call(s.url, `/api/v1/photos/${photoId}/display`, { cookie: `${DISPLAY_COOKIE}=${lounge}` })).status).toBe(401);

		// The customer's own link: their photo; another order's link: 404, as for a bad link.
		const token = statusToken(s.app.statusSecret, id);
		const mine = await call(s.url, `/api/v1/status/${token}/photos/${photoId}/display`);
		expect(mine.status).toBe(200);
		expect(mine.headers.get('referrer-policy')).toBe('no-referrer');
		const other = await s.app.db.selectFrom('repair_orders').select('id').where('id', '!=', id).where('stage', '=', 'in_progress').executeTakeFirstOrThrow();
		expect((await call(s.url, `/api/v1/status/${statusToken(s.app.statusSecret, other.id)}/photos/${photoId}/thumb`)).status).toBe(404);
		expect((await call(s.url, `/api/v1/status/${id}.${'A'.repeat(43)}/photos/${photoId}/thumb`)).status).toBe(404);
		// The customer's link's view shows the photo beside its add-on; the lounge's view shows none.
		const asCustomer = customerView(view!, { withAddons: true, labourRate: 200 })!;
		expect(asCustomer.addons![0].photos).toEqual([{ id: photoId, caption: '左前刹车片', spot: null, width: 1600, height: 1200 }]);
		expect(JSON.stringify(customerView(view!, { withAddons: false, labourRate: 200 }))).not.toContain('photo');

		// A retry with the same Idempotency-Key answers as the first and stores nothing twice.
		const again = await upload(s.url, advisor, id, PAD, `?addonId=${addonId}&caption=${encodeURIComponent('左前刹车片')}`, { 'idempotency-key': 'pad-1' });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ id: photoId, replayed: true });
		expect(await photoRows(s)).toBe(demoRows + 1);
		expect(filesOf(s)).toHaveLength(demoFiles.length + 2);

		// Once the add-on is decided, its photos leave the customer's page, and their address with them.
		const ro = await s.app.db.selectFrom('repair_orders').select('version').where('id', '=', id).executeTakeFirstOrThrow();
		expect((await call(s.url, `/api/v1/repair-orders/${id}/addons/${addonId}/decision`, { cookie: advisor, json: { expectedVersion: ro.version, approved: true } })).status).toBe(200);
		expect((await call(s.url, `/api/v1/status/${token}/photos/${photoId}/thumb`)).status).toBe(404);
		expect((await call(s.url, `/api/v1/photos/${photoId}/thumb`, { cookie: advisor })).status).toBe(200);
	});

	it('refuses what is not a photo, a bomb, the limits, another store and a delivered car, and stores nothing', async () => {
		server = await startServer();
		const s = server;
		const advisor = await sessionCookie(s.app, 'service_advisor');
		const { id, addonId } = await orderWithAddon(s, advisor, 1);
		const before = { rows: await photoRows(s), files: filesOf(s), seq: await s.app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow() };
		const unchanged = async () => {
			expect(await photoRows(s)).toBe(before.rows);
			expect(filesOf(s)).toEqual(before.files);
			expect(await s.app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).toEqual(before.seq);
		};

		// A text file named .jpg: refused by its content.
		const text = await upload(s.url, advisor, id, TEXT, `?addonId=${addonId}`);
		expect(text.status).toBe(415);
		expect(text.body).toMatchObject({ error: 'not_an_image', field: 'file' });
		// A PNG claiming 60000 x 60000 pixels: refused from its header, before decoding.
		const bomb = await upload(s.url, advisor, id, pngBomb(60_000, 60_000), `?addonId=${addonId}`, { 'content-type': 'image/png' });
		expect(bomb.status).toBe(413);
		expect(bomb.body).toMatchObject({ error: 'bad_image_size', field: 'file' });
		expect(String(bomb.body.message)).toContain('60000x60000');
		// A JPEG cut short: the header reads, the pixels do not.
		const cut = await upload(s.url, advisor, id, DISC.subarray(0, 4000), `?addonId=${addonId}`);
		expect(cut.status).toBe(415);
		// Over 20 MB: refused before it is read.
		const huge = Buffer.concat([DISC, Buffer.alloc(21 * 1024 * 1024)]);
		const over = await upload(s.url, advisor, id, huge, `?addonId=${addonId}`);
		expect(over.status).toBe(413);
		expect(over.body).toMatchObject({ error: 'body_too_large', field: 'file' });
		// Where it goes: an unknown add-on, a spot on a finding, a spot that is not on the car, a caption too long.
		expect((await upload(s.url, advisor, id, DISC, '?addonId=999999')).body).toMatchObject({ error: 'not_found', field: 'addonId' });
		expect((await upload(s.url, advisor, id, DISC, `?addonId=${addonId}&spot=front`)).body).toMatchObject({ error: 'invalid_input', field: 'spot' });
		expect((await upload(s.url, advisor, id, DISC, '?spot=under')).body).toMatchObject({ error: 'invalid_input', field: 'spot' });
		expect((await upload(s.url, advisor, id, DISC, `?caption=${'长'.repeat(201)}`)).body).toMatchObject({ error: 'invalid_input', field: 'caption' });
		// Another store's order: as if it did not exist.
		const other = await s.app.db.insertInto('stores').values({ code: 'S2', name_zh: '二店', name_en: 'Store 2', created_at: Date.now() }).returning('id').executeTakeFirstOrThrow();
		const ro = await s.app.db.selectFrom('repair_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const { id: foreign } = await s.app.db
			.insertInto('repair_orders')
			.values({ ...ro, id: undefined, store_id: other.id, number: 'RO-OTHER-001', rework_count: 0, version: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect((await upload(s.url, advisor, foreign, DISC)).status).toBe(404);
		// A delivered car: its photos are its record.
		const delivered = await s.app.db.selectFrom('repair_orders').select('id').where('stage', '=', 'delivered').executeTakeFirstOrThrow();
		expect((await upload(s.url, advisor, delivered.id, DISC)).body).toMatchObject({ error: 'order_closed', field: 'id' });
		// A wall screen and someone not signed in may not upload; a cross-site page may not either.
		expect((await upload(s.url, '', id, DISC)).status).toBe(401);
		expect((await upload(s.url, advisor, id, DISC, '', { origin: 'https://evil.example' })).status).toBe(403);
		await unchanged();

		// Six photos on a finding; the seventh is refused and leaves no file behind.
		const distinct = await Promise.all(
			Array.from({ length: MAX_PHOTOS_PER_FINDING + 1 }, (_, i) => sharp(DISC).rotate().resize(400 + i * 10).jpeg().toBuffer())
		);
		for (const photo of distinct.slice(0, MAX_PHOTOS_PER_FINDING)) expect((await upload(s.url, advisor, id, photo, `?addonId=${addonId}`)).status).toBe(201);
		const files = filesOf(s);
		const seventh = await upload(s.url, advisor, id, distinct[MAX_PHOTOS_PER_FINDING], `?addonId=${addonId}`);
		expect(seventh.status).toBe(409);
		expect(seventh.body).toMatchObject({ error: 'too_many_photos', field: 'addonId' });
		expect(filesOf(s)).toEqual(files);
		expect(await photoRows(s)).toBe(before.rows + MAX_PHOTOS_PER_FINDING);
	});

	it('lets a technician of the job add and remove, refuses another team, and takes files with removal', async () => {
		server = await startServer();
		const s = server;
		const job = await s.app.db.selectFrom('repair_orders').select(['id', 'team_id']).where('stage', '=', 'in_progress').where('team_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
		const users = await s.app.db.selectFrom('users').select(['id', 'team_id']).where('role', '=', 'technician').execute();
		const mine = users.find((u) => u.team_id === job.team_id)!;
		const theirs = users.find((u) => u.team_id !== job.team_id)!;
		const cookieOf = async (userId: number) => {
			const { randomToken, sha256 } = await import('$lib/server/features/access/secrets');
			const { SESSION_COOKIE } = await import('$lib/server/features/access/service');
			const token = randomToken(32);
			await s.app.db.insertInto('sessions').values({ token_hash: sha256(token), user_id: userId, device_kind: 'tablet', created_at: Date.now(), last_seen_at: Date.now(), ended_at: null }).execute();
			return `${SESSION_COOKIE}=${token}`;
		};
		const tech = await cookieOf(mine.id);
		const other = await cookieOf(theirs.id);
		const demoFiles = filesOf(s);
		expect((await upload(s.url, other, job.id, DISC, '?spot=left')).status).toBe(403);
		const up = await upload(s.url, tech, job.id, DISC, '?spot=left&caption=scratch');
		expect(up.status).toBe(201);
		expect(up.body).toMatchObject({ spot: 'left', addonId: null });
		expect(filesOf(s)).toHaveLength(demoFiles.length + 2);
		expect((await call(s.url, `/api/v1/photos/${up.body.id}/remove`, { cookie: other, method: 'POST' })).status).toBe(403);
		const removed = await call(s.url, `/api/v1/photos/${up.body.id}/remove`, { cookie: tech, method: 'POST' });
		expect(removed.status).toBe(200);
		expect(filesOf(s)).toEqual(demoFiles);
		expect((await call(s.url, `/api/v1/photos/${up.body.id}/thumb`, { cookie: tech })).status).toBe(404);
	});

	it('erasing a customer removes their photos, rows and files; retention prunes old ones; stray files are swept', async () => {
		server = await startServer();
		const s = server;
		const advisor = await sessionCookie(s.app, 'service_advisor');
		const admin = await sessionCookie(s.app, 'admin');
		const manager = await sessionCookie(s.app, 'manager');
		const demoFiles = filesOf(s);
		const demoRows = await photoRows(s);
		const created = await call<{ id: number }>(s.url, '/api/v1/repair-orders', { cookie: advisor, json: { vehicle: { plate: '粤B·PH0003', model: '大众 途观L' }, customer: { name: '欧阳照片', phone: '13911112222' }, operations: ['MNT-STD'] } });
		const a = { id: created.body.id };
		expect((await upload(s.url, advisor, a.id, PAD, '?spot=left&caption=old%20scratch')).status).toBe(201);
		// Another customer's walk-around photo stays through the first one's erasure.
		const b = await call<{ id: number }>(s.url, '/api/v1/repair-orders', { cookie: advisor, json: { vehicle: { plate: '粤B·PH0004', model: '本田 雅阁' }, customer: { name: '另一位', phone: '13922223333' }, operations: ['MNT-STD'] } });
		const kept = await upload(s.url, advisor, b.body.id, DISC, '?spot=front');
		expect(kept.status).toBe(201);
		expect(filesOf(s)).toHaveLength(demoFiles.length + 4);

		// The car leaves (cancelled here: closed either way), then the customer asks to be forgotten.
		const ro = await s.app.db.selectFrom('repair_orders').select(['version', 'customer_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
		expect((await call(s.url, `/api/v1/repair-orders/${a.id}/transitions`, { cookie: advisor, json: { action: 'cancel', expectedVersion: ro.version, reason: 'customer left' } })).status).toBe(200);
		const erased = await call(s.url, `/api/v1/customers/${ro.customer_id}/erase`, { cookie: admin, json: { confirm: '欧阳照片', request: 'asked at the desk' } });
		expect(erased.status).toBe(200);
		expect(erased.body).toMatchObject({ photos: 1 });
		expect(await photoRows(s)).toBe(demoRows + 1);
		expect(filesOf(s)).toHaveLength(demoFiles.length + 2);

		// Retention: the manager keeps photos 30 days; a photo 31 days old goes, with its files.
		expect((await call(s.url, '/api/v1/photos/settings', { cookie: manager, json: { retentionDays: 10 } })).status).toBe(400);
		expect((await call(s.url, '/api/v1/photos/settings', { cookie: advisor, json: { retentionDays: 30 } })).status).toBe(403);
		expect((await call(s.url, '/api/v1/photos/settings', { cookie: manager, json: { retentionDays: 30 } })).body).toMatchObject({ retentionDays: 30 });
		expect(await pruneStorePhotos(s.app, s.app.storeId)).toBe(0);
		await s.app.db.updateTable('photos').set({ taken_at: s.app.now() - 31 * 86_400_000 }).where('id', '=', kept.body.id as number).execute();
		expect(await pruneStorePhotos(s.app, s.app.storeId)).toBe(1);
		expect(await photoRows(s)).toBe(demoRows);
		expect(filesOf(s)).toEqual(demoFiles);
		const pruned = await s.app.db.selectFrom('events').select(['type', 'payload']).where('type', '=', 'photo.pruned').executeTakeFirstOrThrow();
		expect(JSON.parse(pruned.payload).data).toMatchObject({ pruned: 1, retentionDays: 30 });

		// A file no row names (a crash between writing and committing) is swept once past the grace.
		const dir = join(s.app.photos.root, String(s.app.storeId));
		mkdirSync(dir, { recursive: true });
		const stray = join(dir, `${'a'.repeat(64)}-thumb.jpg`);
		writeFileSync(stray, 'x');
		expect(await sweepOrphanFiles(s.app, s.app.storeId)).toBe(0);
		expect(await sweepOrphanFiles(s.app, s.app.storeId, -1000)).toBe(1);
		expect(existsSync(stray)).toBe(false);
	});
});
