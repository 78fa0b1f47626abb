/**
 * Soak run of the bay board (issue 5): the board open in headless Chromium while the demo
 * shop simulates its day at 60x, for MINUTES real minutes (default 30 = 30 simulated hours).
 *   npx tsx tests/bench/soak.ts        (npm run soak:board; MINUTES=5 for a short run)
 * Each simulated hour it forces a garbage collection and reads the JS heap and the DOM node
 * count; it prints the first hour against the last (budget: heap grows < 10%, nodes flat).
 */
import { chromium } from '@playwright/test';
import { cpSync, rmSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../browser';
import { startPitwall } from './server';

const MINUTES = Number(process.env.MINUTES ?? 30);
const SPEED = Number(process.env.SPEED ?? 60);

// Its own copy of the build: the working tree may be rebuilt during a half-hour run.
if (!process.env.KEEP_BUILD_COPY) {
	rmSync('.bench-build/soak', { recursive: true, force: true });
	cpSync('build', '.bench-build/soak', { recursive: true });
}
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
	await page.goto(`${server.base}/board/bays`);
	await page.locator('.board[data-status="live"] [data-bay]').first().waitFor();

	const samples: { minute: number; heapMb: number; nodes: number; seq: number; status: string }[] = [];
	const started = Date.now();
	for (let minute = 1; minute <= MINUTES; minute++) {
		await new Promise((r) => setTimeout(r, started + minute * 60_000 - Date.now()));
		await cdp.send('HeapProfiler.collectGarbage');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const metric = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
		const health = await (await fetch(`${server.base}/healthz`)).json();
		const status = (await page.locator('.board').getAttribute('data-status')) ?? '?';
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
} finally {
	await browser.close();
	await server.stop();
}
