import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCredentials } from '../e2e/demo';

/** Starts the production server (already built) on a fresh demo database, for the benchmarks. */
export async function startPitwall(port: number, env: Record<string, string> = {}) {
	const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-'));
	const child: ChildProcess = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: String(port), PITWALL_DATA_DIR: dataDir, PITWALL_SKIP_BUILD: '1', ORIGIN: `http://localhost:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Pitwall is running')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	const base = `http://localhost:${port}`;
	return {
		base,
		pid: child.pid!,
		...demoCredentials(dataDir),
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
