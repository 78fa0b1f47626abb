/**
 * Soak run of the bay board (issue 5): the board open in headless Chromium while the demo
 * shop simulates its day at 60x, for MINUTES real minutes (default 30 = 30 simulated hours).
 *   npx tsx tests/bench/soak.ts        (npm run soak:board; MINUTES=5 for a short run)
 * Each simulated hour it forces a garbage collection and reads the JS heap and the DOM node
 * count; it prints the first hour against the last (budget: heap grows < 10%, nodes flat).
 * It always ends: each sample has its own timeouts, and the whole run must finish within
 * MINUTES + DEADLINE_SLACK_MINUTES (default 5, for the start and the board's first load); past it
 * the bench stops the server and the browser and fails (exit 2), naming what it was doing
 * (tests/bench/soak-run.ts, shared with soak:kpi).
 */
import { soak } from './soak-run';

const MINUTES = Number(process.env.MINUTES ?? 30);
const SPEED = Number(process.env.SPEED ?? 60);

await soak({ name: 'soak:board', board: 'bays', port: Number(process.env.SOAK_PORT ?? 4320), minutes: MINUTES, speed: SPEED }, async ({ server, page, phase, memory, seq, loads }) => {
	phase('loading the board');
	await page.goto(`${server.base}/board/bays`, { timeout: 60_000 });
	await page.locator('.board[data-status="live"] [data-bay]').first().waitFor({ timeout: 60_000 });
	const samples: { minute: number; heapMb: number; nodes: number; seq: number; status: string }[] = [];
	const started = Date.now();
	for (let minute = 1; minute <= MINUTES; minute++) {
		phase(`waiting for simulated hour ${minute}`);
		await new Promise((r) => setTimeout(r, started + minute * 60_000 - Date.now()));
		phase(`sampling simulated hour ${minute}`);
		const { heapMb, nodes } = await memory(`hour ${minute}`);
		const status = (await page.locator('.board').getAttribute('data-status', { timeout: 30_000 })) ?? '?';
		samples.push({ minute, heapMb, nodes, seq: await seq(), status });
		const s = samples.at(-1)!;
		console.log(`  simulated hour ${String(minute).padStart(2)}: heap ${s.heapMb.toFixed(2)} MB, DOM nodes ${s.nodes}, events ${s.seq}, board ${s.status}`);
	}
	const first = samples[0];
	const last = samples.at(-1)!;
	const growth = (last.heapMb - first.heapMb) / first.heapMb;
	console.log(`\nSoak: ${MINUTES} real minutes at ${SPEED}x (${(MINUTES * SPEED) / 60} simulated hours), ${last.seq - first.seq} events, page loads ${loads()}`);
	console.log(`  JS heap after GC: first hour ${first.heapMb.toFixed(2)} MB, last hour ${last.heapMb.toFixed(2)} MB, growth ${(growth * 100).toFixed(1)}%   (budget < 10%)  ${growth < 0.1 ? 'PASS' : 'MISS'}`);
	console.log(`  DOM nodes: first hour ${first.nodes}, last hour ${last.nodes}, max ${Math.max(...samples.map((x) => x.nodes))}`);
});
