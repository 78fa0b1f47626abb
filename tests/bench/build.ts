import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** What the build is made from (as src/serve.js reckons it). */
const sources = ['src', 'db', 'static', 'project.inlang', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/** Newest modification time under `path`, the generated messages and hidden files excepted. */
export function newest(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let max = stat.mtimeMs;
	for (const entry of readdirSync(path)) if (entry !== 'paraglide' && !entry.startsWith('.')) max = Math.max(max, newest(join(path, entry)));
	return max;
}

/**
 * The production build for a bench: built when older than its sources (as `npm start` does, unless
 * PITWALL_SKIP_BUILD is set), then copied to .bench-build/<name>, whose path it answers. The working
 * tree may be rebuilt while the bench runs, and a server whose chunks vanish under it fails. The
 * copy is inside the project, so that its imports find node_modules; the caller removes it.
 */
export function benchBuild(name: string): string {
	const entry = join(root, 'build/handler.js');
	const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
	if (!process.env.PITWALL_SKIP_BUILD && built < Math.max(...sources.map((s) => newest(join(root, s))))) {
		console.log(built ? `bench:${name}: the sources changed since the last build: building…` : `bench:${name}: no build yet: building…`);
		execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', timeout: 10 * 60_000 });
	}
	if (!existsSync(entry)) throw new Error('there is no build: run npm run build');
	const copy = join(root, '.bench-build', name);
	rmSync(copy, { recursive: true, force: true });
	cpSync(join(root, 'build'), copy, { recursive: true });
	return copy;
}
