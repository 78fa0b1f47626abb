// @ts-check
/**
 * `npm run backup`: an online, consistent copy of a single store's SQLite database and its photos,
 * taken while the server runs and writes (issue 20; docs/deploy.md).
 *
 *   node src/backup.js               into <data dir>/backups/<YYYYMMDD-HHMMSS>/ (UTC)
 *   node src/backup.js /mnt/backups  into /mnt/backups/<YYYYMMDD-HHMMSS>/
 *
 * The folder holds `pitwall.db` (journal_mode=DELETE: one self-contained file), `photos/<store>/…`
 * and `manifest.json` (time, version, last event seq, counts, the db file's sha256). It is written
 * as `<name>.partial` and renamed once complete, so a folder without that suffix is a whole backup.
 *
 * The database is copied with SQLite's online backup API (better-sqlite3's `db.backup()`) in one
 * step: one read transaction, so the copy is the database as it stood at one commit, while the
 * server's writers carry on (WAL). Photos' files are never changed once written (temp file, then
 * rename): they are hard-linked when the backup is on the same filesystem, else copied. They are
 * taken before the database (everything on disk then), and again after it for any photo the copied
 * database names that arrived in between; the manifest lists any still missing.
 *
 * Reads PITWALL_DATA_DIR and PITWALL_PHOTO_DIR as `npm start` does (src/serve.js, settings.ts).
 * One line per result on stdout; on failure one line on stderr and exit code 1.
 */
import Sqlite from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * The data folder and the photos' folder, resolved as `npm start` resolves them: the data folder
 * against the project's folder (src/serve.js), the photos' against the working directory
 * (settings.ts); the same under `npm run`, which runs in the project's folder.
 */
export function locations(env = process.env) {
	const dataDir = resolve(root, env.PITWALL_DATA_DIR ?? 'data');
	const photoDir = env.PITWALL_PHOTO_DIR ? resolve(env.PITWALL_PHOTO_DIR) : join(dataDir, 'photos');
	return { dataDir, photoDir, dbFile: join(dataDir, 'pitwall.db') };
}

export function version() {
	try {
		return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

/** YYYYMMDD-HHMMSS in UTC. */
export function stamp(date = new Date()) {
	return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** @param {string} file */
export function sha256File(file) {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** @param {string} file */
function fsyncFile(file) {
	const fd = openSync(file, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

/**
 * A photo file into `to`: a hard link when on the same filesystem (the file is never changed in
 * place, only added or removed), else a copy. Returns false when the source is gone.
 * @param {string} from @param {string} to @returns {'linked' | 'copied' | false}
 */
export function linkOrCopy(from, to) {
	if (existsSync(to)) return 'linked';
	mkdirSync(dirname(to), { recursive: true });
	try {
		linkSync(from, to);
		return 'linked';
	} catch (e) {
		const code = /** @type {NodeJS.ErrnoException} */ (e).code;
		if (code === 'ENOENT') return false;
		if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw e;
	}
	try {
		copyFileSync(from, to);
		// On another disk (a USB drive) the copy reaches it before the backup says it is done.
		fsyncFile(to);
		return 'copied';
	} catch (e) {
		if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return false;
		throw e;
	}
}

/**
 * The photo files under a photos folder: `<store>/<64 hex>-<size>.jpg`, nothing else (no temporary
 * files, nothing a restore kept aside).
 * @param {string} dir @returns {string[]} paths relative to dir
 */
export function photoFiles(dir) {
	if (!existsSync(dir)) return [];
	const out = [];
	for (const store of readdirSync(dir, { withFileTypes: true })) {
		if (!store.isDirectory() || !/^\d+$/.test(store.name)) continue;
		for (const name of readdirSync(join(dir, store.name))) {
			if (/^[0-9a-f]{64}-[a-z]+\.jpg$/.test(name)) out.push(join(store.name, name));
		}
	}
	return out.sort();
}

/**
 * What a database file holds: its last event, counts, and the photo files its rows name.
 * @param {Sqlite.Database} db
 */
export function describe(db) {
	/** @param {string} sql */
	const one = (sql) => /** @type {any} */ (db.prepare(sql).pluck().get());
	const count = (/** @type {string} */ table) => Number(one(`select count(*) from ${table}`));
	const photos = /** @type {{ store_id: number; file_key: string }[]} */ (db.prepare('select store_id, file_key from photos').all());
	return {
		lastSeq: Number(one('select coalesce(max(seq), 0) from events')),
		epoch: one("select value from meta where key = 'epoch'") ?? null,
		counts: { stores: count('stores'), repairOrders: count('repair_orders'), photos: photos.length, events: count('events'), users: count('users') },
		photoFiles: photos.flatMap((p) => ['thumb', 'display'].map((size) => join(String(p.store_id), `${p.file_key}-${size}.jpg`)))
	};
}

/** @param {Sqlite.Database} db @returns {string} */
export function integrity(db) {
	const rows = /** @type {string[]} */ (db.prepare('pragma integrity_check').pluck().all());
	return rows.join('; ');
}

/** @param {number} n */
export function size(n) {
	return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`;
}

/** @param {unknown} e */
export function reason(e) {
	const err = /** @type {NodeJS.ErrnoException} */ (e);
	if (err?.code === 'ENOSPC') return `disk full (${err.path ?? err.message})`;
	if (err?.code === 'EACCES' || err?.code === 'EPERM') return `not allowed: ${err.path ?? err.message}`;
	if (err?.code === 'EROFS') return `read-only filesystem: ${err.path ?? err.message}`;
	return err?.message ?? String(e);
}

/** Thrown for a refusal: its message is the one line printed. */
export class Refusal extends Error {}

/**
 * @param {{ target?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void; now?: Date }} [options]
 */
export async function backup(options = {}) {
	const log = options.log ?? console.log;
	const { dataDir, photoDir, dbFile } = locations(options.env);
	if (!existsSync(dataDir)) throw new Refusal(`no data folder at ${dataDir} (PITWALL_DATA_DIR)`);
	if (!existsSync(dbFile)) throw new Refusal(`no database at ${dbFile} (PITWALL_DATA_DIR)`);
	const parent = resolve(options.target ?? join(dataDir, 'backups'));
	mkdirSync(parent, { recursive: true });
	const now = options.now ?? new Date();
	let name = stamp(now);
	for (let n = 2; existsSync(join(parent, name)) || existsSync(join(parent, `${name}.partial`)); n++) name = `${stamp(now)}-${n}`;
	const finalDir = join(parent, name);
	const dir = `${finalDir}.partial`;
	mkdirSync(dir);
	try {
		// 1. Every photo file on disk now (a photo the database names was written before its commit).
		const stats = { linked: 0, copied: 0 };
		const take = (/** @type {string} */ rel) => {
			const how = linkOrCopy(join(photoDir, rel), join(dir, 'photos', rel));
			if (how) stats[how]++;
			return how;
		};
		for (const rel of photoFiles(photoDir)) take(rel);

		// 2. The database, online, in one step (one read transaction: one consistent state).
		const copy = join(dir, 'pitwall.db');
		const source = new Sqlite(dbFile, { fileMustExist: true, timeout: 10_000 });
		try {
			await source.backup(copy, { progress: () => 0x7fffffff });
		} finally {
			source.close();
		}
		const db = new Sqlite(copy, { fileMustExist: true });
		let facts;
		try {
			// One self-contained file: no -wal beside it to lose on the way off-site.
			db.pragma('journal_mode = DELETE');
			const check = integrity(db);
			if (check !== 'ok') throw new Refusal(`the copy fails its integrity check: ${check.slice(0, 200)}`);
			facts = describe(db);
		} finally {
			db.close();
		}
		fsyncFile(copy);

		// 3. Photos the copy names that arrived after step 1.
		const missing = [];
		for (const rel of facts.photoFiles) {
			if (existsSync(join(dir, 'photos', rel))) continue;
			if (!take(rel)) missing.push(rel);
		}
		const files = photoFiles(join(dir, 'photos'));
		const photoBytes = files.reduce((sum, rel) => sum + statSync(join(dir, 'photos', rel)).size, 0);

		const manifest = {
			format: 1,
			createdAt: now.toISOString(),
			pitwallVersion: version(),
			source: { dataDir, photoDir },
			database: { file: 'pitwall.db', bytes: statSync(copy).size, sha256: sha256File(copy), lastSeq: facts.lastSeq, epoch: facts.epoch, integrity: 'ok' },
			counts: facts.counts,
			photos: { dir: 'photos', files: files.length, bytes: photoBytes, missing, sizes: Object.fromEntries(files.map((rel) => [rel, statSync(join(dir, 'photos', rel)).size])) }
		};
		writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
		fsyncFile(join(dir, 'manifest.json'));
		fsyncFile(dir);
		renameSync(dir, finalDir);
		fsyncFile(dirname(finalDir));

		log(`backup: ${finalDir}`);
		log(`database: ${size(manifest.database.bytes)}, last event seq ${facts.lastSeq}, ${facts.counts.repairOrders} repair orders, ${facts.counts.photos} photos, integrity ok, sha256 ${manifest.database.sha256}`);
		log(`photos: ${files.length} files (${size(photoBytes)}; ${stats.linked} hard-linked, ${stats.copied} copied) from ${photoDir}`);
		if (missing.length) log(`warning: ${missing.length} photo files the database names were already gone (removed during the backup?): listed in manifest.json`);
		return { dir: finalDir, manifest };
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
}

/** Runs `main` as a command: one line and exit code 1 on failure. @param {() => Promise<unknown>} main @param {string} what */
export function runCli(main, what) {
	if (process.env.PITWALL_DATABASE_URL) {
		// A dealer group's PostgreSQL is backed up as PostgreSQL is: pg_dump, or base backups with WAL archiving (docs/deploy.md).
		console.error(`${what}: PITWALL_DATABASE_URL is set: this database is PostgreSQL; use pg_dump / pg_restore (docs/deploy.md, "Backups")`);
		process.exit(1);
	}
	main().then(
		() => process.exit(0),
		(e) => {
			console.error(`${what} failed: ${e instanceof Refusal ? e.message : reason(e)}`);
			process.exit(1);
		}
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	runCli(() => backup({ target: process.argv[2] }), 'backup');
}
