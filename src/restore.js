// @ts-check
/**
 * `npm run restore -- <backup-dir>`: puts a backup made by `npm run backup` back in place
 * (issue 20; docs/deploy.md). The server must be stopped first.
 *
 * 1. Checks the backup: manifest.json present, the db file's sha256 as the manifest says, SQLite's
 *    `pragma integrity_check` ok, the photo files its rows name present.
 * 2. Refuses while a server has the database open. The test is SQLite's own lock, not a pid file:
 *    every connection in WAL mode holds a shared lock on the database file for as long as it is
 *    open, so a connection here in `locking_mode=EXCLUSIVE` gets SQLITE_BUSY at `begin exclusive`
 *    while any server (or other program) has it open, and gets it the moment the server exits,
 *    however it ended (the OS drops the locks of a killed process; a pid file would be left behind).
 * 3. Keeps what it replaces: `pitwall.db` becomes `pitwall.db.before-restore-<stamp>` (with any
 *    -wal/-shm), the photos move to `<photo dir>/.before-restore-<stamp>/` (inside the photos
 *    folder, so it also works when that folder is a mount point; the server reads only its
 *    numbered store folders). Nothing is deleted.
 * 4. Copies the backup's database in (a new live epoch, so every screen takes a fresh snapshot
 *    instead of replaying seqs that now mean other events) and its photos.
 */
import Sqlite from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { accessSync, chownSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Refusal, describe, integrity, linkOrCopy, locations, photoFiles, runCli, sha256File, stamp } from './backup.js';

/**
 * Throws a Refusal while another process has the database open. A current database that cannot be
 * read (damaged: often why one restores) is no reason to refuse: it is kept aside as it is, and the
 * answer says so.
 * @param {string} dbFile
 * @returns {string | null} a warning about the current database, if any
 */
export function ensureNotInUse(dbFile) {
	if (!existsSync(dbFile)) return null;
	// Who restores must be able to write the database and its folder: otherwise the lock below cannot
	// be taken, and an error would read as "damaged" while a server may be writing it.
	try {
		accessSync(dbFile, constants.R_OK | constants.W_OK);
		accessSync(dirname(dbFile), constants.W_OK);
	} catch {
		throw new Refusal(`cannot write ${dbFile} or its folder as this user: restore as the service's user (or root), with the server stopped`);
	}
	const db = new Sqlite(dbFile, { fileMustExist: true, timeout: 0 });
	try {
		try {
			db.pragma('locking_mode = EXCLUSIVE');
			db.exec('begin exclusive');
		} catch (e) {
			const code = /** @type {{ code?: string }} */ (e).code ?? '';
			if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
				throw new Refusal(`a server is using ${dbFile}: stop it first (systemctl stop pitwall), then restore`);
			}
			// Only a damaged file is kept aside and replaced; any other trouble (I/O, permissions) refuses.
			if (!code.startsWith('SQLITE_CORRUPT') && !code.startsWith('SQLITE_NOTADB')) {
				throw new Refusal(`cannot lock ${dbFile} (${/** @type {Error} */ (e).message}): not restored; stop the server and check the file`);
			}
			return `the current database cannot be read (${/** @type {Error} */ (e).message}); it is kept aside as it is`;
		}
		db.exec('commit');
		// Fold the WAL into the file, so what is kept aside is one whole file.
		try {
			db.pragma('wal_checkpoint(TRUNCATE)');
		} catch (e) {
			return `the current database is damaged (${/** @type {Error} */ (e).message}); it is kept aside as it is, with its -wal`;
		}
		return null;
	} finally {
		db.close();
	}
}

/**
 * @param {string} backupDir
 * @param {{ env?: NodeJS.ProcessEnv; log?: (line: string) => void; now?: Date }} [options]
 */
export async function restore(backupDir, options = {}) {
	const log = options.log ?? console.log;
	if (!backupDir) throw new Refusal('usage: npm run restore -- <backup-dir> (a folder made by npm run backup)');
	const dir = resolve(backupDir);
	const { dataDir, photoDir, dbFile } = locations(options.env);
	// A running server first: nothing else is worth checking until it is stopped.
	const damaged = ensureNotInUse(dbFile);
	if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Refusal(`no backup at ${dir}: not a folder`);
	const manifestFile = join(dir, 'manifest.json');
	if (!existsSync(manifestFile)) throw new Refusal(`no backup at ${dir}: manifest.json missing${dir.endsWith('.partial') ? ' (an unfinished backup)' : ''}`);
	/** @type {any} */
	let manifest;
	try {
		manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
	} catch {
		throw new Refusal(`${manifestFile} is not readable JSON: damaged backup, not restored`);
	}
	const backupDb = join(dir, manifest?.database?.file ?? 'pitwall.db');
	if (!existsSync(backupDb)) throw new Refusal(`no database in ${dir}: damaged backup, not restored`);
	const sha = sha256File(backupDb);
	if (sha !== manifest.database.sha256) throw new Refusal(`${backupDb} does not match its manifest (sha256 ${sha.slice(0, 12)}…, expected ${String(manifest.database.sha256).slice(0, 12)}…): damaged or changed, not restored`);
	let facts;
	{
		const db = new Sqlite(backupDb, { readonly: true, fileMustExist: true });
		try {
			let check;
			try {
				check = integrity(db);
			} catch (e) {
				check = /** @type {Error} */ (e).message;
			}
			if (check !== 'ok') throw new Refusal(`${backupDb} fails SQLite's integrity check (${check.slice(0, 120)}): not restored`);
			facts = describe(db);
		} finally {
			db.close();
		}
	}
	const backupPhotos = join(dir, manifest.photos?.dir ?? 'photos');
	const missing = facts.photoFiles.filter((rel) => !existsSync(join(backupPhotos, rel)));
	// Each photo as long as when it was backed up (a copy cut short by a pulled drive is refused, not restored).
	/** @type {Record<string, number>} */
	const sizes = manifest.photos?.sizes ?? {};
	for (const [rel, bytes] of Object.entries(sizes)) {
		const file = join(backupPhotos, rel);
		const actual = existsSync(file) ? statSync(file).size : -1;
		if (actual !== bytes) throw new Refusal(`photo ${rel} in ${dir} is ${actual < 0 ? 'missing' : `${actual} bytes`}, the manifest says ${bytes}: damaged backup, not restored`);
	}
	log(`checked ${dir}: sha256 ok, integrity ok, last event seq ${facts.lastSeq}, ${facts.counts.repairOrders} repair orders, ${facts.counts.photos} photos (taken ${manifest.createdAt}, Pitwall ${manifest.pitwallVersion})`);
	if (missing.length) log(`warning: ${missing.length} photo files its rows name are not in the backup; those photos will show as missing`);

	mkdirSync(dataDir, { recursive: true });


	// A name for what is kept aside that nothing has yet (two restores in one second must not overwrite the first's).
	let tag = `before-restore-${stamp(options.now ?? new Date())}`;
	for (let n = 2; ['', '-wal', '-shm'].some((x) => existsSync(`${dbFile}.${tag}${x}`)) || existsSync(join(photoDir, `.${tag}`)) || existsSync(join(photoDir, `.restoring-${tag.slice('before-restore-'.length)}`)); n++) {
		tag = `before-restore-${stamp(options.now ?? new Date())}-${n}`;
	}
	// The new database next to the old first: a full disk stops here, with nothing moved.
	const incoming = `${dbFile}.restoring`;
	const staging = join(photoDir, `.restoring-${tag.slice('before-restore-'.length)}`);
	const undo = () => {
		rmSync(incoming, { force: true });
		rmSync(staging, { recursive: true, force: true });
	};
	undo();
	let photoCount = 0;
	try {
		copyFileSync(backupDb, incoming);
		{
			const db = new Sqlite(incoming, { fileMustExist: true });
			try {
				db.prepare("update meta set value = ? where key = 'epoch'").run(randomUUID());
			} finally {
				db.close();
			}
		}
		// The photos staged inside the photos folder (same filesystem, so the moves below are renames).
		mkdirSync(photoDir, { recursive: true });
		for (const rel of photoFiles(backupPhotos)) {
			if (linkOrCopy(join(backupPhotos, rel), join(staging, rel))) photoCount++;
		}

		// Now keep the current ones aside and put the backup's in place (asked again: a server may
		// have started while the files were copied).
		ensureNotInUse(dbFile);
	} catch (e) {
		undo();
		throw e;
	}
	if (existsSync(dbFile)) {
		for (const suffix of ['', '-wal', '-shm']) {
			if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, `${dbFile}.${tag}${suffix}`);
		}
		if (damaged) log(`warning: ${damaged}`);
		log(`kept the database it replaced: ${dbFile}.${tag}`);
	}
	renameSync(incoming, dbFile);
	const current = readdirSync(photoDir, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d+$/.test(d.name));
	if (current.length) {
		const aside = join(photoDir, `.${tag}`);
		mkdirSync(aside, { recursive: true });
		for (const d of current) renameSync(join(photoDir, d.name), join(aside, d.name));
		log(`kept the photos it replaced: ${aside}`);
	}
	if (existsSync(staging)) {
		for (const d of readdirSync(staging)) renameSync(join(staging, d), join(photoDir, d));
		rmSync(staging, { recursive: true, force: true });
	}
	// Run as root (sudo), the new files would be root's and a service running as its own user could not
	// write its database: they take the data folder's owner.
	if (process.getuid?.() === 0) {
		const { uid, gid } = statSync(dataDir);
		if (uid !== 0) {
			chownSync(dbFile, uid, gid);
			chownSync(photoDir, uid, gid);
			for (const d of readdirSync(photoDir)) if (/^\d+$/.test(d)) chownSync(join(photoDir, d), uid, gid);
			for (const rel of photoFiles(photoDir)) chownSync(join(photoDir, rel), uid, gid);
			log(`files owned by ${uid}:${gid}, as the data folder`);
		}
	}
	log(`restored: ${dbFile} (last event seq ${facts.lastSeq}; a new live epoch, so screens take a fresh snapshot) and ${photoCount} photo files into ${photoDir}`);
	log('start the server again (systemctl start pitwall)');
}

// Run as a command only (importing this file runs nothing), as backup.js.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) runCli(() => restore(process.argv[2]), 'restore');
