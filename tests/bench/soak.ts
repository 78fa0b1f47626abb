/**
 * Soak run of the bay board (issue 5): the board open in headless Chromium while the demo
 * shop simulates its day at 60x, for MINUTES real minutes (default 30 = 30 simulated hours).
 *   npx tsx tests/bench/soak.ts        (npm run soak:board; MINUTES=5 for a short run)
 * Each simulated hour it forces a garbage collection and reads the JS heap and the DOM node
 * count; it prints the first hour against the last (budget: heap grows < 10%, nodes flat).
 * It always ends: each sample has its own timeouts, and the whole run must finish within
 * MINUTES + DEADLINE_SLACK_MINUTES (default 5, for the start and the board's first load); past it
 * the bench stops the server and the browser and fails (exit 2), naming what it was doing.
 */
import { chromium } from '@playwright/test';
import { cpSync, rmSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../browser';
import { startPitwall, within } from './server';

const MINUTES = Number(process.env.MINUTES ?? 30);
const SPEED = Number(process.env.SPEED ?? 60);
const DEADLINE_MS = (MINUTES + Number(process.env.DEADLINE_SLACK_MINUTES ?? 5)) * 60_000;

/** What the soak is doing now: the deadline's message names it. */
let phase = 'copying the build';
const deadline = setTimeout(() => {
	console.error(`\nsoak:board FAILED: not finished within ${DEADLINE_MS / 60_000} minutes (MINUTES + DEADLINE_SLACK_MINUTES), while ${phase}.`);
	process.exit(2); // startPitwall's exit hook stops the server; Playwright closes its browser on exit
}, DEADLINE_MS);

// Its own copy of the build: the working tree may be rebuilt during a half-hour run.
if (!process.env.KEEP_BUILD_COPY) {
	rmSync('.bench-build/soak', { recursive: true, force: true });
	cpSync('build', '.bench-build/soak', { recursive: true });
}
phase = 'starting the server';
const server = await startPitwall(4320, { PITWALL_SIMULATE: String(SPEED), PITWALL_BUILD_DIR: '.bench-build/soak' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
	const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	await ctx.addCookies([{ name: 'pw_display', value: server.boardKey, url: server.base }]);
	const page = await ctx.newPage();
	const cdp = await ctx.newCDPSession(page);
	await cdp.send('Performance.enable');
	let reloads = 0;
	page.on('load', () => reloads++);
	phase = 'loading the board';
	await page.goto(`${server.base}/board/bays`, { timeout: 60_000 });
	await page.locator('.board[data-status="live"] [data-bay]').first().waitFor({ timeout: 60_000 });

	const samples: { minute: number; heapMb: number; nodes: number; seq: number; status: string }[] = [];
	const started = Date.now();
	for (let minute = 1; minute <= MINUTES; minute++) {
		phase = `waiting for simulated hour ${minute}`;
		await new Promise((r) => setTimeout(r, started + minute * 60_000 - Date.now()));
		phase = `sampling simulated hour ${minute}`;
		await within(cdp.send('HeapProfiler.collectGarbage'), 30_000, `hour ${minute}: forced GC`);
		const { metrics } = await within(cdp.send('Performance.getMetrics'), 30_000, `hour ${minute}: performance metrics`);
		const metric = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
		const health = await (await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(15_000) })).json();
		const status = (await page.locator('.board').getAttribute('data-status', { timeout: 30_000 })) ?? '?';
		samples.push({ minute, heapMb: metric('JSHeapUsedSize') / 1048576, nodes: metric('Nodes'), seq: health.database.seq, status });
		const s = samples.at(-1)!;
		console.log(`  simulated hour ${String(minute).padStart(2)}: heap ${s.heapMb.toFixed(2)} MB, DOM nodes ${s.nodes}, events ${s.seq}, board ${s.status}`);
	}
	const first = samples[0];
	const last = samples.at(-1)!;
	const growth = (last.heapMb - first.heapMb) / first.heapMb;
	console.log(`\nSoak: ${MINUTES} real minutes at ${SPEED}x (${MINUTES * SPEED / 60} simulated hours), ${last.seq - first.seq} events, page loads ${reloads}`);
	console.log(`  JS heap after GC: first hour ${first.heapMb.toFixed(2)} MB, last hour ${last.heapMb.toFixed(2)} MB, growth ${(growth * 100).toFixed(1)}%   (budget < 10%)  ${growth < 0.1 ? 'PASS' : 'MISS'}`);
	console.log(`  DOM nodes: first hour ${first.nodes}, last hour ${last.nodes}, max ${Math.max(...samples.map((x) => x.nodes))}`);
	await ctx.close();
} catch (e) {
	console.error(`\nsoak:board FAILED while ${phase}: ${e instanceof Error ? e.message : e}`);
	process.exitCode = 1;
} finally {
	phase = 'stopping';
	await within(browser.close(), 15_000, 'closing the browser').catch(() => {});
	await server.stop();
	clearTimeout(deadline);
}
