// @ts-check
/**
 * Runs a command beside a throwaway PostgreSQL cluster (issue 20): `initdb` in a temporary folder,
 * `pg_ctl start` on a free loopback port, the command with PITWALL_TEST_DATABASE_URL pointing at
 * it, then the cluster stopped and its folder deleted, whatever the command's outcome.
 *
 *   node tests/tools/with-postgres.js npx vitest run tests/integration
 *   node tests/tools/with-postgres.js --keep      start one and print its URL (stop: pg_ctl -D <dir> stop)
 *
 * PostgreSQL comes from Debian's packages (`apt-get install postgresql`); as root the cluster runs
 * as the `postgres` user (initdb refuses root). Durability is off: it is thrown away.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest PostgreSQL's programs (/usr/lib/postgresql/<version>/bin), or those on PATH. */
export function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (existsSync(root)) {
		const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
		if (versions.length > 0) return join(root, versions[0], 'bin');
	}
	return '';
}

/** @returns {Promise<number>} */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/**
 * Starts a cluster; returns its URL (the `postgres` database, user `pitwall`, no password on loopback) and a stop.
 * @param {{ port?: number, maxConnections?: number }} [options]
 */
export async function startCluster(options = {}) {
	const bin = postgresBin();
	const tool = (/** @type {string} */ name) => (bin ? join(bin, name) : name);
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-pg-'));
	const asRoot = process.getuid?.() === 0;
	/** @type {(name: string, args: string[]) => void} */
	const run = (name, args) => {
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', tool(name), ...args]] : [tool(name), args];
		execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
	};
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		chownSync(dir, uid, gid);
	}
	const port = options.port ?? (await freePort());
	const data = join(dir, 'data');
	run('initdb', ['-D', data, '-A', 'trust', '-U', 'pitwall', '--no-locale', '-E', 'UTF8']);
	const settings = [
		`-p ${port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		// Thousands of small databases made and dropped: no background vacuuming, no WAL for replicas, no JIT.
		'-c autovacuum=off',
		'-c wal_level=minimal',
		'-c max_wal_senders=0',
		'-c jit=off',
		`-c max_connections=${options.maxConnections ?? 400}`,
		'-c shared_buffers=64MB'
	].join(' ');
	run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings, '-w', 'start']);
	return {
		url: `postgres://pitwall@127.0.0.1:${port}/postgres`,
		dir,
		port,
		/** Stops it now (`-m immediate`: a crash, as for a killed server) or cleanly. */
		stop(mode = 'fast') {
			try {
				run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
			} catch {
				// already stopped
			}
		},
		/** Starts it again on the same port and folder (a restart under load). */
		start() {
			run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings, '-w', 'start']);
		},
		remove() {
			this.stop('immediate');
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

const invoked = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invoked) {
	const args = process.argv.slice(2);
	const cluster = await startCluster();
	if (args[0] === '--keep') {
		console.log(cluster.url);
		console.error(`stop it with: pg_ctl -D ${join(cluster.dir, 'data')} stop`);
	} else {
		console.log(`PostgreSQL for the tests at ${cluster.url}`);
		// The demo templates' photo files (src/lib/server/db/demo-seed.ts), gone with the cluster.
		const seeds = mkdtempSync(join(tmpdir(), 'pitwall-seeds-'));
		const child = spawn(args[0], args.slice(1), { stdio: 'inherit', env: { ...process.env, PITWALL_TEST_DATABASE_URL: cluster.url, PITWALL_TEST_SEED_DIR: seeds } });
		const stopAll = () => {
			cluster.remove();
			rmSync(seeds, { recursive: true, force: true });
		};
		for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
		child.on('exit', (code, signal) => {
			stopAll();
			process.exit(code ?? (signal ? 1 : 0));
		});
	}
}
