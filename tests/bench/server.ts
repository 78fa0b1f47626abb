import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCredentials } from '../e2e/demo';

/** `promise`, or a rejection naming `what` once `ms` have passed without an answer. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts the production server (already built) on a fresh demo database, for the benchmarks.
 * It must say it is running within `startMs`; it is killed when this process exits, however
 * that happens (a bench's deadline included), and `stop()` kills it if SIGTERM is not enough.
 */
export async function startPitwall(port: number, env: Record<string, string> = {}, startMs = 120_000) {
	const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-'));
	const child: ChildProcess = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: String(port), PITWALL_DATA_DIR: dataDir, PITWALL_SKIP_BUILD: '1', ORIGIN: `http://localhost:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const kill = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	};
	process.once('exit', kill);
	let said = '';
	try {
		await within(
			new Promise<void>((resolve, reject) => {
				child.stdout!.on('data', (chunk: Buffer) => {
					said = (said + chunk.toString()).slice(-4000);
					if (said.includes('Pitwall is running')) resolve();
				});
				child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
			}),
			startMs,
			`the server on port ${port} did not say it was running`
		);
	} catch (e) {
		kill();
		process.off('exit', kill);
		throw new Error(`${e instanceof Error ? e.message : e}; it printed:\n${said.slice(-1500)}`);
	}
	const base = `http://localhost:${port}`;
	return {
		base,
		pid: child.pid!,
		dataDir,
		...demoCredentials(dataDir),
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await within(exited, 10_000, 'server stop').catch(() => child.kill('SIGKILL'));
			}
			kill();
			process.off('exit', kill);
		}
	};
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
