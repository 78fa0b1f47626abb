/**
 * `npm run bench:start`: seconds from `npm start` to a ready server on a fresh data directory
 * (the demo loaded with its 90 days of history), once built. Issue 16's budget: under 15 s on this
 * machine. Runs `node src/serve.js` as `npm start` does (PITWALL_SKIP_BUILD: the build must exist),
 * waits until GET /api/v1/health (or any answer) comes back, prints the seconds, stops it.
 * RUNS (default 3) fresh starts; PORT (default 4331).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 4331);
const runs = Number(process.env.RUNS ?? 3);

async function once(): Promise<number> {
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-start-'));
	const began = performance.now();
	const child = spawn(process.execPath, ['--min-semi-space-size=16', 'src/serve.js'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), PITWALL_DATA_DIR: dir, ORIGIN: `http://localhost:${port}`, PITWALL_SKIP_BUILD: '1' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	try {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
			const ok = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`).then(
				(r) => r.status > 0,
				() => false
			);
			if (ok) return (performance.now() - began) / 1000;
			await new Promise((r) => setTimeout(r, 50));
		}
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
		rmSync(dir, { recursive: true, force: true });
	}
}

const seconds: number[] = [];
for (let i = 0; i < runs; i++) {
	const s = await once();
	seconds.push(s);
	console.log(`start ${i + 1}: ${s.toFixed(2)} s to a ready server (fresh data dir, demo with ${process.env.PITWALL_HISTORY_DAYS ?? 90} days of history)`);
}
console.log(`npm start to ready: max ${Math.max(...seconds).toFixed(2)} s over ${runs} fresh starts (budget 15 s)`);
