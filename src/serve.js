// @ts-check
/**
 * `npm start`: the production server. One HTTP server carries SvelteKit's pages and JSON
 * API and Socket.IO. Builds first when the build is missing or older than the sources, so
 * `npm ci && npm start` works on a fresh clone.
 *
 *   node src/serve.js            build if needed, then serve
 *   node src/serve.js --reset          delete the database first, load the demo shop, serve
 *   node src/serve.js --reset --exit   the same, but exit once the demo is loaded (npm run db:reset)
 */
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// Node's thread pool (file reads, PIN hashing, sharp's photo resizing) is made on first use: room
// for two photos being resized (issue 19) beside the rest, on any number of cores.
process.env.UV_THREADPOOL_SIZE ??= '8';
// PITWALL_BUILD_DIR: a copy of a build to serve (a long soak run keeps its own while the tree is rebuilt).
const buildEntry = join(resolve(root, process.env.PITWALL_BUILD_DIR ?? 'build'), 'handler.js');
const reset = process.argv.includes('--reset');
const exitAfterInit = process.argv.includes('--exit');

/** @param {string} path @returns {number} */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let max = stat.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide' || entry.startsWith('.')) continue;
		max = Math.max(max, newest(join(path, entry)));
	}
	return max;
}

function buildIfStale() {
	const sources = ['src', 'db', 'static', 'project.inlang', 'svelte.config.js', 'vite.config.ts', 'package.json'];
	const built = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0;
	if (built >= Math.max(...sources.map((s) => newest(join(root, s))))) return;
	console.log(built ? 'Sources changed since the last build: building…' : 'No build yet: building…');
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
		cwd: root,
		stdio: 'inherit'
	});
}

// The end-to-end tests build once, then start servers that must not rebuild under them.
if (!process.env.PITWALL_SKIP_BUILD) buildIfStale();
else if (!existsSync(buildEntry)) throw new Error('PITWALL_SKIP_BUILD is set but there is no build: run npm run build');

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(root, process.env.PITWALL_DATA_DIR ?? 'data');
process.env.PITWALL_DATA_DIR = dataDir;

if (reset) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `pitwall.db${suffix}`), { force: true });
	// The photos belong to the database's orders: they go with it (unless kept elsewhere on purpose).
	if (!process.env.PITWALL_PHOTO_DIR) rmSync(join(dataDir, 'photos'), { recursive: true, force: true });
	console.log(`Deleted the database in ${dataDir}`);
}

// adapter-node assumes https when ORIGIN is unset, and would refuse form posts over plain
// http. Without ORIGIN, the origin is taken from the request as the device sent it.
const forwardedProto = !process.env.ORIGIN;
if (forwardedProto) process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';

/** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
let handle = (_req, res) => {
	res.statusCode = 503;
	res.end('starting');
};
const server = createServer((req, res) => {
	if (forwardedProto && !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
	handle(req, res);
});
// Importing the handler starts the app (hooks.server init). The composition comes from the same
// bundle: adapter-node puts src/hooks.server.ts in its own chunk, which re-exports composeServer
// (src/lib/server/core/http.ts), so the server, the API and the pages share one app.
/** @type {{ handler: any }} */
let built;
try {
	built = await import(pathToFileURL(buildEntry).href);
} catch (error) {
	// What stops the start (a database that does not answer, a bad setting) in one line, and a non-zero exit.
	console.error(`Pitwall could not start: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
const { handler } = built;
const hooksDir = join(dirname(buildEntry), 'server/chunks/entries');
const hooksChunk = existsSync(hooksDir) && readdirSync(hooksDir).find((f) => /^hooks\.server\.js-[\w-]+\.js$/.test(f));
if (!hooksChunk) throw new Error(`no hooks.server chunk in ${hooksDir}: rebuild with npm run build`);
const hooks = await import(pathToFileURL(join(hooksDir, hooksChunk)).href);
if (typeof hooks.composeServer !== 'function') throw new Error(`${hooksChunk} does not export composeServer: rebuild with npm run build`);
/** @type {{ app: { demoScreens: { name: string; path: string }[]; demoToken: string | null; setupCode: string | null }; serve: (req: any, res: any, pages: any) => void }} */
let composed;
try {
	composed = await hooks.composeServer(server);
} catch (error) {
	console.error(`Pitwall could not start: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
handle = (req, res) => composed.serve(req, res, handler);

if (exitAfterInit) {
	console.log('Database ready.');
	process.exit(0);
}

const app = composed.app;

server.listen(port, process.env.HOST ?? '0.0.0.0', () => {
	const base = `http://localhost:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
	const screens = [
		['/', 'home: every screen'],
		['/desk', 'service desk (advisors, dispatcher)'],
		['/tech', 'technician tablet'],
		['/qc', 'final QC'],
		['/kiosk/parts', 'parts-room touch kiosk (search, bin map, picking)'],
		['/desk/special-orders', 'special orders (desk)'],
		['/equipment', 'equipment: machines, maintenance plans and their labels'],
		['/care', 'customer care: first and second services due, at-risk and lost customers, bookings'],
		['/manager', "service manager's dashboard (figures and charts), /manager/log the day's workshop log"],
		['/board/equipment', 'equipment maintenance board (wall screen: pair it, or the demo link below)'],
		['/signin', 'staff sign-in (PIN)'],
		['/admin', 'admin: wall screens, API tokens, audit'],
		['/pair', 'pair a new wall screen (then /board/bays, /board/lounge, /board/parts, /board/equipment, /board/kpi)'],
		['/healthz', 'health (JSON)'],
		['/api/v1/repair-orders', 'JSON API']
	];
	console.log(`Pitwall is running on ${base}`);
	for (const [path, what] of screens) console.log(`  ${(base + path).padEnd(44)} ${what}`);
	if (app.demoScreens.length) {
		console.log('Demo wall screens (already paired; the link carries the screen key):');
		for (const d of app.demoScreens) console.log(`  ${base}${d.path}   ${d.name}`);
	}
	if (app.demoToken) console.log(`Demo API token (write): ${app.demoToken}`);
	if (app.setupCode) console.log(`First run: open ${base}/setup and type this set-up code to create the admin: ${app.setupCode}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
