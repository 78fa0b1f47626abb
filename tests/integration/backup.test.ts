import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { sessionCookie, startServer } from './harness';

/**
 * The single store's backup and restore (issue 20), as an operator runs them: `npm run backup`
 * while the server runs and commands keep writing, more changes, the server stopped,
 * `npm run restore -- <dir>`, the server started again on exactly the backup's state. The commands
 * run as child processes (src/backup.js, src/restore.js), the server on a real data folder.
 */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
const temps: string[] = [];
afterEach(async () => {
	await server?.close();
	server = undefined;
});
afterAll(() => {
	for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const root = join(import.meta.dirname, '..', '..');
const PAD = readFileSync(join(root, 'tests', 'fixtures', 'photos', 'scratch-left.jpg'));

function temp(): string {
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-backup-'));
	temps.push(dir);
	return dir;
}

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs `node src/<script> args` as npm run would, with the data folder in the environment. */
function run(script: 'backup.js' | 'restore.js', args: string[], dataDir: string): Promise<Run> {
	return new Promise((resolve) => {
		execFile(process.execPath, [join(root, 'src', script), ...args], { cwd: root, env: { ...process.env, PITWALL_DATA_DIR: dataDir, PITWALL_PHOTO_DIR: '' } }, (error, stdout, stderr) => {
			resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
		});
	});
}

/** The same, but started now and awaited later: the server keeps taking commands meanwhile. */
function start(script: 'backup.js', args: string[], dataDir: string): { exited: () => boolean; done: Promise<Run> } {
	const child = spawn(process.execPath, [join(root, 'src', script), ...args], { cwd: root, env: { ...process.env, PITWALL_DATA_DIR: dataDir, PITWALL_PHOTO_DIR: '' } });
	let stdout = '';
	let stderr = '';
	let exited = false;
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', (d) => (stderr += d));
	const done = new Promise<Run>((resolve) =>
		child.on('close', (code) => {
			exited = true;
			resolve({ code: code ?? 1, stdout, stderr });
		})
	);
	return { exited: () => exited, done };
}

async function call<T = Record<string, unknown>>(url: string, path: string, init: { cookie: string; json?: unknown; body?: Uint8Array; headers?: Record<string, string> }) {
	const headers: Record<string, string> = { origin: url, cookie: init.cookie, ...init.headers };
	let body: BodyInit | undefined = init.body as BodyInit | undefined;
	if (init.json !== undefined) {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(init.json);
	}
	const res = await fetch(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body });
	const type = res.headers.get('content-type') ?? '';
	return { status: res.status, type, body: (type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as T };
}

let plates = 0;
async function checkIn(s: Server, advisor: string): Promise<{ id: number; seq: number }> {
	const n = String(++plates).padStart(4, '0');
	const created = await call<{ id: number; seq: number }>(s.url, '/api/v1/repair-orders', {
		cookie: advisor,
		json: { vehicle: { plate: `粤B·BK${n}`, model: '丰田 卡罗拉' }, customer: { name: `备份${n}`, phone: `1390000${n}` }, operations: ['MNT-STD'] }
	});
	expect(created.status).toBe(201);
	return created.body;
}

const lastSeq = (file: string) => {
	const db = new Sqlite(file, { readonly: true });
	try {
		return Number(db.prepare('select max(seq) from events').pluck().get());
	} finally {
		db.close();
	}
};

/** A backup of a data folder with one car and one walk-around photo; the server stopped after. */
async function backedUp() {
	const dataDir = temp();
	server = await startServer({ dataDir });
	const advisor = await sessionCookie(server.app, 'service_advisor');
	await checkIn(server, advisor);
	await server.close();
	server = undefined;
	const made = await run('backup.js', [join(dataDir, 'backups')], dataDir);
	expect(made.code).toBe(0);
	const dir = made.stdout.match(/^backup: (.+)$/m)![1];
	return { dataDir, dir };
}

describe('npm run backup / npm run restore (SQLite, one store)', () => {
	it('backs up while commands write, and a restore brings back exactly that state: the later car gone, the photo served', async () => {
		const dataDir = temp();
		server = await startServer({ dataDir });
		let s = server;
		const advisor = await sessionCookie(s.app, 'service_advisor');

		// Before: a car checked in, with a walk-around photo of its scratch.
		const car = await checkIn(s, advisor);
		const photo = await call<{ id: number }>(s.url, `/api/v1/repair-orders/${car.id}/photos?spot=left&caption=scratch`, { cookie: advisor, body: new Uint8Array(PAD), headers: { 'content-type': 'image/jpeg', 'idempotency-key': 'bk-photo-1' } });
		expect(photo.status).toBe(201);
		const image = await call<Buffer>(s.url, `/api/v1/photos/${photo.body.id}/display`, { cookie: advisor });
		expect(image.status).toBe(200);

		// The backup runs as its own process while check-ins keep committing.
		const written: { id: number; seq: number }[] = [];
		for (let i = 0; i < 3; i++) written.push(await checkIn(s, advisor));
		const backup = start('backup.js', [], dataDir);
		let duringBackup = 0;
		while (!backup.exited()) {
			written.push(await checkIn(s, advisor));
			duringBackup++;
		}
		const made = await backup.done;
		expect(made.stderr).toBe('');
		expect(made.code).toBe(0);
		expect(duringBackup).toBeGreaterThan(0);
		const dir = made.stdout.match(/^backup: (.+)$/m)![1];
		expect(dir.startsWith(join(dataDir, 'backups'))).toBe(true);
		expect(made.stdout).toMatch(/^database: .*integrity ok, sha256 [0-9a-f]{64}$/m);
		expect(made.stdout).toMatch(/^photos: \d+ files/m);

		// The copy is consistent: it opens, its integrity is ok, and it holds exactly the check-ins
		// committed up to its last seq (a state the database was in), none after.
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
		const copy = new Sqlite(join(dir, 'pitwall.db'), { readonly: true });
		let copied: number[];
		try {
			expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
			expect(Number(copy.prepare('select max(seq) from events').pluck().get())).toBe(manifest.database.lastSeq);
			copied = copy.prepare(`select id from repair_orders where id in (${[car, ...written].map((w) => w.id).join(',')}) order by id`).pluck().all() as number[];
			expect(copy.prepare('select count(*) from photos where id = ?').pluck().get(photo.body.id)).toBe(1);
		} finally {
			copy.close();
		}
		const upTo = manifest.database.lastSeq as number;
		expect(copied).toEqual([car, ...written].filter((w) => w.seq <= upTo).map((w) => w.id));
		expect(written.some((w) => w.seq > upTo)).toBe(true);
		expect(manifest).toMatchObject({ format: 1, pitwallVersion: expect.any(String), database: { file: 'pitwall.db', integrity: 'ok' }, photos: { missing: [] } });
		expect(manifest.counts.photos).toBeGreaterThan(0);
		const photoFiles = readdirSync(join(dir, 'photos'), { recursive: true }).filter((f) => String(f).endsWith('.jpg'));
		expect(photoFiles.length).toBe(manifest.photos.files);

		// While the server runs, restore refuses and changes nothing.
		const seqBefore = lastSeq(join(dataDir, 'pitwall.db'));
		const busy = await run('restore.js', [dir], dataDir);
		expect(busy.code).toBe(1);
		expect(busy.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore failed: a server is using .*pitwall\.db: stop it first/)]);
		expect(readdirSync(dataDir).filter((f) => f.includes('restor'))).toEqual([]);

		// Later changes: another car with its own photo.
		const later = await checkIn(s, advisor);
		const laterPhoto = await call<{ id: number }>(s.url, `/api/v1/repair-orders/${later.id}/photos?spot=front`, { cookie: advisor, body: new Uint8Array(PAD), headers: { 'content-type': 'image/jpeg', 'idempotency-key': 'bk-photo-2' } });
		expect(laterPhoto.status).toBe(201);
		expect(lastSeq(join(dataDir, 'pitwall.db'))).toBeGreaterThan(seqBefore);
		const epochBefore = s.app.epoch;

		// Stop, restore, start again.
		await s.close();
		server = undefined;
		const restored = await run('restore.js', [dir], dataDir);
		expect(restored.stderr).toBe('');
		expect(restored.code).toBe(0);
		expect(restored.stdout).toMatch(/^checked .*: sha256 ok, integrity ok, last event seq \d+/m);
		expect(restored.stdout).toMatch(/^kept the database it replaced: .*pitwall\.db\.before-restore-\d{8}-\d{6}$/m);
		expect(restored.stdout).toMatch(/^kept the photos it replaced: /m);
		expect(restored.stdout).toMatch(/^restored: /m);
		const aside = readdirSync(dataDir).find((f) => /^pitwall\.db\.before-restore-\d{8}-\d{6}$/.test(f))!;
		expect(lastSeq(join(dataDir, aside))).toBeGreaterThan(upTo);

		server = await startServer({ dataDir });
		s = server;
		expect(await s.app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).toEqual({ m: upTo });
		// A new epoch: screens that saw the later events take a fresh snapshot instead of replaying.
		expect(s.app.epoch).not.toBe(epochBefore);
		const advisor2 = await sessionCookie(s.app, 'service_advisor');
		expect((await call(s.url, `/api/v1/repair-orders/${later.id}`, { cookie: advisor2 })).status).toBe(404);
		expect((await call(s.url, `/api/v1/repair-orders/${car.id}`, { cookie: advisor2 })).status).toBe(200);
		const ids = (await s.app.db.selectFrom('repair_orders').select('id').where('id', 'in', [car, ...written].map((w) => w.id)).orderBy('id').execute()).map((r) => r.id);
		expect(ids).toEqual(copied);
		const served = await call<Buffer>(s.url, `/api/v1/photos/${photo.body.id}/display`, { cookie: advisor2 });
		expect(served.status).toBe(200);
		expect(served.type).toBe('image/jpeg');
		expect(Buffer.compare(served.body, image.body)).toBe(0);
		expect((await call(s.url, `/api/v1/photos/${laterPhoto.body.id}/display`, { cookie: advisor2 })).status).toBe(404);
	});

	it('refuses a damaged backup (changed bytes; a bad page whose manifest was rewritten to match) and changes nothing', async () => {
		const { dataDir, dir } = await backedUp();
		const before = readFileSync(join(dataDir, 'pitwall.db'));

		const changed = join(temp(), 'changed');
		cpSync(dir, changed, { recursive: true });
		const db = readFileSync(join(changed, 'pitwall.db'));
		db[db.length - 100] ^= 0xff;
		writeFileSync(join(changed, 'pitwall.db'), db);
		const refused = await run('restore.js', [changed], dataDir);
		expect(refused.code).toBe(1);
		expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore failed: .*does not match its manifest .*not restored$/)]);

		// The manifest made to agree with a file whose pages are garbage: SQLite's check catches it.
		const garbled = join(temp(), 'garbled');
		cpSync(dir, garbled, { recursive: true });
		const bytes = readFileSync(join(garbled, 'pitwall.db'));
		const pageSize = bytes.readUInt16BE(16) || 65536;
		for (let i = pageSize * 2; i < Math.min(bytes.length, pageSize * 12); i++) bytes[i] = (i * 31) & 0xff;
		writeFileSync(join(garbled, 'pitwall.db'), bytes);
		const manifest = JSON.parse(readFileSync(join(garbled, 'manifest.json'), 'utf8'));
		manifest.database.sha256 = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
		writeFileSync(join(garbled, 'manifest.json'), JSON.stringify(manifest));
		const bad = await run('restore.js', [garbled], dataDir);
		expect(bad.code).toBe(1);
		expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore failed: .*integrity check.*not restored$/)]);

		// A photo cut short on its way to the backup drive (a pulled USB stick): refused by its size.
		const cut = join(temp(), 'cut');
		cpSync(dir, cut, { recursive: true });
		const photo = Object.keys(JSON.parse(readFileSync(join(cut, 'manifest.json'), 'utf8')).photos.sizes)[0];
		writeFileSync(join(cut, 'photos', photo), Buffer.alloc(0));
		const short = await run('restore.js', [cut], dataDir);
		expect(short.code).toBe(1);
		expect(short.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore failed: photo .* is 0 bytes, the manifest says \d+: damaged backup, not restored$/)]);

		// Nothing moved.
		expect(Buffer.compare(readFileSync(join(dataDir, 'pitwall.db')), before)).toBe(0);
		expect(readdirSync(dataDir).filter((f) => f.includes('restor'))).toEqual([]);
		expect(readdirSync(join(dataDir, 'photos')).filter((f) => f.startsWith('.'))).toEqual([]);
	});

	it('restores over a damaged current database (what a restore is for), keeping the damaged one aside', async () => {
		const { dataDir, dir } = await backedUp();
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
		for (const damage of ['garbled pages', 'not a database']) {
			const file = join(dataDir, 'pitwall.db');
			let bytes = readFileSync(file);
			if (damage === 'not a database') bytes = Buffer.from('this is not a database '.repeat(4000));
			else for (let i = 8192; i < Math.min(bytes.length, 8192 * 20); i++) bytes[i] = (i * 31) & 0xff;
			writeFileSync(file, bytes);
			const restored = await run('restore.js', [dir], dataDir);
			expect(restored.stderr, damage).toBe('');
			expect(restored.code, damage).toBe(0);
			expect(restored.stdout).toMatch(/^kept the database it replaced: /m);
			if (damage === 'not a database') expect(restored.stdout).toMatch(/^warning: the current database cannot be read \(file is not a database\); it is kept aside as it is$/m);
			expect(lastSeq(file)).toBe(manifest.database.lastSeq);
			rmSync(join(dataDir, 'photos'), { recursive: true, force: true });
		}
		// Two restores within the same second each keep what they replaced (the second never overwrites the first's).
		expect(readdirSync(dataDir).filter((f) => /^pitwall\.db\.before-restore-[^.]*$/.test(f)).length).toBe(2);
		server = await startServer({ dataDir });
		expect(await server.app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).toEqual({ m: manifest.database.lastSeq });
	});

	it.runIf(process.getuid?.() === 0)('run as root, the restored files belong to the data folder’s owner (the service’s user)', async () => {
		const { dataDir, dir } = await backedUp();
		const service = 65534; // nobody
		chownSync(dataDir, service, service);
		const restored = await run('restore.js', [dir], dataDir);
		expect(restored.code).toBe(0);
		expect(restored.stdout).toMatch(/^files owned by 65534:65534, as the data folder$/m);
		expect(statSync(join(dataDir, 'pitwall.db')).uid).toBe(service);
		const photos = readdirSync(join(dataDir, 'photos'), { recursive: true, withFileTypes: true }).filter((d) => !join(d.parentPath, d.name).includes('.before-restore'));
		expect(photos.length).toBeGreaterThan(0);
		for (const d of photos) expect(statSync(join(d.parentPath, d.name)).uid, d.name).toBe(service);
	});

	it('says why in one line for a missing backup folder, no argument, a folder without a manifest, and a backup with no data folder', async () => {
		const dataDir = temp();
		const missing = await run('restore.js', [join(dataDir, 'no-such-backup')], dataDir);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^restore failed: no backup at .*no-such-backup: not a folder\n$/);

		const none = await run('restore.js', [], dataDir);
		expect(none.code).toBe(1);
		expect(none.stderr).toMatch(/^restore failed: usage: npm run restore -- <backup-dir>/);

		const empty = await run('restore.js', [dataDir], dataDir);
		expect(empty.code).toBe(1);
		expect(empty.stderr).toMatch(/^restore failed: no backup at .*: manifest\.json missing\n$/);

		const noData = await run('backup.js', [], join(dataDir, 'nothing-here'));
		expect(noData.code).toBe(1);
		expect(noData.stderr).toMatch(/^backup failed: no data folder at .*nothing-here \(PITWALL_DATA_DIR\)\n$/);
		expect(existsSync(join(dataDir, 'nothing-here'))).toBe(false);
	});

	it('a backup that cannot be written says why in one line and leaves no half folder', async () => {
		const { dataDir } = await backedUp();
		const blocker = join(temp(), 'a-file');
		writeFileSync(blocker, 'not a folder');
		const failed = await run('backup.js', [join(blocker, 'backups')], dataDir);
		expect(failed.code).toBe(1);
		expect(failed.stderr).toMatch(/^backup failed: .*a-file.*\n$/);
		expect(failed.stdout).toBe('');
		expect(readdirSync(join(dataDir, 'backups')).filter((f) => f.endsWith('.partial'))).toEqual([]);
	});
});
