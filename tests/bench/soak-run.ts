/**
 * What the soak runs share (soak:board, soak:kpi): a deadline that ends the run naming what it was
 * doing, the run's own copy of the build (the working tree may be rebuilt during a half-hour run),
 * the demo shop simulating its days at SPEED, a wall board open in headless Chromium at 1920×1080
 * as the demo's paired display of that board, and memory read after a forced garbage collection.
 * It always ends: the server and the browser are stopped however the run ends.
 */
import { chromium, type Page } from '@playwright/test';
import Sqlite from 'better-sqlite3';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../browser';
import { demoDisplayPurpose, demoKey } from '../../src/lib/server/demo-keys';
import { startPitwall, within } from './server';

export interface SoakOptions {
	/** The npm script's name (soak:board): the messages and the build copy's folder. */
	name: string;
	board: 'bays' | 'kpi';
	port: number;
	minutes: number;
	speed: number;
}

export interface Soak {
	server: Awaited<ReturnType<typeof startPitwall>>;
	page: Page;
	/** Page loads so far (a reload would hide a leak). */
	loads(): number;
	/** Says what the run is doing now (the deadline's message names it). */
	phase(what: string): void;
	/** After a forced garbage collection: the JS heap in MB and the DOM nodes. */
	memory(what: string): Promise<{ heapMb: number; nodes: number }>;
	/** The events the server has written (GET /healthz). */
	seq(): Promise<number>;
}

/** The key of the demo's pre-paired display of `board`, as `npm start` prints its link. */
function demoBoardKey(dataDir: string, board: string): string {
	const db = new Sqlite(join(dataDir, 'pitwall.db'), { readonly: true });
	const secret = (db.prepare("select value from meta where key = 'demo_secret'").get() as { value: string }).value;
	const display = db.prepare('select id from displays where board = ? and revoked_at is null order by id limit 1').get(board) as { id: number } | undefined;
	db.close();
	if (!display) throw new Error(`the demo pairs no ${board} display`);
	return demoKey(secret, demoDisplayPurpose(display.id));
}

/** Runs `body` against the board; exit code 1 if it throws, 2 if the whole run outlasts MINUTES + DEADLINE_SLACK_MINUTES (default 5). */
export async function soak(options: SoakOptions, body: (s: Soak) => Promise<void>): Promise<void> {
	const deadlineMs = (options.minutes + Number(process.env.DEADLINE_SLACK_MINUTES ?? 5)) * 60_000;
	let phase = 'copying the build';
	const deadline = setTimeout(() => {
		console.error(`\n${options.name} FAILED: not finished within ${deadlineMs / 60_000} minutes (MINUTES + DEADLINE_SLACK_MINUTES), while ${phase}.`);
		process.exit(2); // startPitwall's exit hook stops the server; Playwright closes its browser on exit
	}, deadlineMs);
	const buildCopy = `.bench-build/${options.name.replace(/\W/g, '-')}-${options.port}`;
	if (!process.env.KEEP_BUILD_COPY) {
		rmSync(buildCopy, { recursive: true, force: true });
		cpSync('build', buildCopy, { recursive: true });
	}
	phase = 'starting the server';
	const server = await startPitwall(options.port, { PITWALL_SIMULATE: String(options.speed), PITWALL_BUILD_DIR: buildCopy });
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
	try {
		const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		await ctx.addCookies([{ name: 'pw_display', value: demoBoardKey(server.dataDir, options.board), url: server.base }]);
		const page = await ctx.newPage();
		const cdp = await ctx.newCDPSession(page);
		await cdp.send('Performance.enable');
		let loads = 0;
		page.on('load', () => loads++);
		await body({
			server,
			page,
			loads: () => loads,
			phase: (what) => (phase = what),
			async memory(what) {
				await within(cdp.send('HeapProfiler.collectGarbage'), 30_000, `${what}: forced GC`);
				const { metrics } = await within(cdp.send('Performance.getMetrics'), 30_000, `${what}: performance metrics`);
				const metric = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
				return { heapMb: metric('JSHeapUsedSize') / 1048576, nodes: metric('Nodes') };
			},
			async seq() {
				const health = await (await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(15_000) })).json();
				return health.database.seq as number;
			}
		});
		await ctx.close();
	} catch (e) {
		console.error(`\n${options.name} FAILED while ${phase}: ${e instanceof Error ? e.message : e}`);
		process.exitCode = 1;
	} finally {
		phase = 'stopping';
		await within(browser.close(), 15_000, 'closing the browser').catch(() => {});
		await server.stop();
		clearTimeout(deadline);
	}
}
