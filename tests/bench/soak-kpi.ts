/**
 * Soak run of the KPI wall board (issue 16): the board open in headless Chromium, as its paired
 * display, while the demo shop simulates its days at 60x (the server's clock runs fast, orders
 * move through the same commands as people), for MINUTES real minutes (default 30 = 30 simulated
 * hours, over a store-day change). The board takes turns through its slides every 15 s.
 *   npx tsx tests/bench/soak-kpi.ts        (npm run soak:kpi; MINUTES=5 for a short run)
 * SAMPLES_PER_MINUTE times a real minute (default 4) it forces a garbage collection and reads the JS
 * heap, the DOM node count and the board's Chart.js instances (alive now, and made since the page
 * loaded: they must stay 3 and 3, the charts updated in place and never re-created per slide).
 * It prints every sample, the first simulated hour's averages against the last hour's, and the first
 * hour after the warm-up (WARMUP_HOURS, default 2: V8 compiling the board's code; the heap grows then
 * with no event at all) against the last: flat when that heap growth is < 10% — or, as the board holds
 * more orders through the month, the heap less the orders' own share (fitted over the run) grows
 * < 10% — the DOM nodes stay within 10%, and no chart is made after the first three.
 * Not a test: nothing here is asserted in the test suite. Like soak:board it always ends: each
 * sample has its own timeouts and the whole run must end within MINUTES + DEADLINE_SLACK_MINUTES
 * (default 5), or it stops the server and the browser and fails (exit 2) naming what it was doing.
 */
import { soak } from './soak-run';
import { within } from './server';

const MINUTES = Number(process.env.MINUTES ?? 30);
const SPEED = Number(process.env.SPEED ?? 60);
const PER_MINUTE = Math.max(1, Number(process.env.SAMPLES_PER_MINUTE ?? 4));
/** Simulated hours left out of the baseline: the page's warm-up (it grows without any event too). */
const WARMUP_HOURS = Number(process.env.WARMUP_HOURS ?? 2);

interface Sample {
	at: number;
	hour: number;
	heapMb: number;
	nodes: number;
	chartsAlive: number;
	chartsMade: number;
	slide: string;
	/** Cars in this month (the board's own figure). */
	monthIn: number;
	/** Orders the board holds (kpiOrder entities: open, or in or out since the 1st / a week back). */
	orders: number;
	seq: number;
	status: string;
}

// The demo's pre-paired KPI wall screen (its key in the display cookie, as its printed link leaves it).
await soak({ name: 'soak:kpi', board: 'kpi', port: Number(process.env.SOAK_PORT ?? 4321), minutes: MINUTES, speed: SPEED }, async ({ server, page, phase, memory, seq, loads }) => {
	phase('loading the board');
	await page.goto(`${server.base}/board/kpi`, { timeout: 60_000 });
	await page.locator('.wall[data-status="live"] .board[data-loaded="true"] [data-tile="cars-in"]').waitFor({ timeout: 60_000 });

	const samples: Sample[] = [];
	const started = Date.now();
	const total = MINUTES * PER_MINUTE;
	for (let i = 1; i <= total; i++) {
		const hour = (i - 1) / PER_MINUTE; // simulated hours since the start, at 60x
		phase(`waiting for sample ${i} (simulated hour ${hour.toFixed(2)})`);
		await new Promise((r) => setTimeout(r, Math.max(0, started + (i * 60_000) / PER_MINUTE - Date.now())));
		phase(`sampling ${i}`);
		const { heapMb, nodes } = await memory(`sample ${i}`);
		const board = await within(
			page.evaluate(() => {
				const b = document.querySelector('.board');
				const w = document.querySelector('.wall');
				return {
					alive: Number(b?.getAttribute('data-charts-alive')),
					made: Number(b?.getAttribute('data-charts-made')),
					slide: b?.getAttribute('data-slide') ?? '?',
					monthIn: Number(document.querySelector('[data-month-in]')?.getAttribute('data-month-in')),
					orders: Number(b?.getAttribute('data-orders')),
					status: w?.getAttribute('data-status') ?? '?'
				};
			}),
			30_000,
			`sample ${i}: the board's attributes`
		);
		const s: Sample = {
			at: Date.now() - started,
			hour,
			heapMb,
			nodes,
			chartsAlive: board.alive,
			chartsMade: board.made,
			slide: board.slide,
			monthIn: board.monthIn,
			orders: board.orders,
			seq: await seq(),
			status: board.status
		};
		samples.push(s);
		console.log(
			`  sim h ${hour.toFixed(2).padStart(5)}: heap ${s.heapMb.toFixed(2)} MB, DOM nodes ${s.nodes}, charts alive ${s.chartsAlive} made ${s.chartsMade}, slide ${s.slide}, orders held ${s.orders}, cars in this month ${s.monthIn}, events ${s.seq}, ${s.status}`
		);
	}
	const avg = (list: Sample[], f: (s: Sample) => number) => list.reduce((sum, s) => sum + f(s), 0) / list.length;
	const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
	const last = samples.slice(-PER_MINUTE);
	// The first simulated hour, as soak:board compares it (it includes the page's warm-up: V8 compiling
	// and tiering up the board's code, heap that grows once without any event), and the first hour
	// after WARMUP_HOURS, the baseline of the verdict.
	const first = samples.slice(0, PER_MINUTE);
	const settled = samples.filter((s) => s.hour >= WARMUP_HOURS);
	const base = settled.slice(0, PER_MINUTE).length ? settled.slice(0, PER_MINUTE) : first;
	const rawGrowth = (avg(last, (s) => s.heapMb) - avg(first, (s) => s.heapMb)) / avg(first, (s) => s.heapMb);
	const heap0 = avg(base, (s) => s.heapMb);
	const heap1 = avg(last, (s) => s.heapMb);
	const heapGrowth = (heap1 - heap0) / heap0;
	const nodes0 = avg(first, (s) => s.nodes);
	const nodes1 = avg(last, (s) => s.nodes);
	const nodeGrowth = (nodes1 - nodes0) / nodes0;
	// The board holds more orders as the month goes on (the channel carries every order since the 1st):
	// heap that grows with them is data, not a leak. Fit heap = a + b × orders over the samples after
	// the warm-up; what is left (the residual) must stay flat.
	const fit = settled.length >= 2 ? settled : samples;
	const mx = avg(fit, (s) => s.orders);
	const my = avg(fit, (s) => s.heapMb);
	const sxx = fit.reduce((sum, s) => sum + (s.orders - mx) ** 2, 0);
	const perOrder = sxx === 0 ? 0 : fit.reduce((sum, s) => sum + (s.orders - mx) * (s.heapMb - my), 0) / sxx;
	const residual = (s: Sample) => s.heapMb - perOrder * (s.orders - mx);
	const res0 = avg(base, residual);
	const res1 = avg(last, residual);
	const residualGrowth = (res1 - res0) / res0;
	const maxMade = Math.max(...samples.map((s) => s.chartsMade));
	const maxAlive = Math.max(...samples.map((s) => s.chartsAlive));
	const chartsFlat = maxMade === 3 && maxAlive === 3;
	const flat = (heapGrowth < 0.1 || residualGrowth < 0.1) && Math.abs(nodeGrowth) < 0.1 && chartsFlat;
	console.log(`\nsoak:kpi: ${MINUTES} real minutes at ${SPEED}x (${(MINUTES * SPEED) / 60} simulated hours), ${samples.at(-1)!.seq - samples[0].seq} events, ${samples.length} samples, page loads ${loads()}`);
	console.log(`  JS heap after GC, first simulated hour avg ${avg(first, (s) => s.heapMb).toFixed(2)} MB (with the warm-up), last hour avg ${heap1.toFixed(2)} MB, growth ${pct(rawGrowth)}`);
	console.log(`  JS heap after GC, first hour after ${WARMUP_HOURS} h of warm-up avg ${heap0.toFixed(2)} MB, last hour avg ${heap1.toFixed(2)} MB, growth ${pct(heapGrowth)}   (budget < 10%)`);
	console.log(
		`  orders held: then ${avg(base, (s) => s.orders).toFixed(0)}, last hour ${avg(last, (s) => s.orders).toFixed(0)}; fit over ${fit.length} samples: heap ≈ ${(my - perOrder * mx).toFixed(2)} MB + ${(perOrder * 1024).toFixed(1)} KB per order;` +
			` heap less the orders' share: ${res0.toFixed(2)} MB then, ${res1.toFixed(2)} MB last hour, growth ${pct(residualGrowth)}   (budget < 10%)`
	);
	console.log(`  DOM nodes, first hour avg ${nodes0.toFixed(0)}, last hour avg ${nodes1.toFixed(0)}, growth ${pct(nodeGrowth)}, max ${Math.max(...samples.map((s) => s.nodes))}`);
	console.log(`  Chart.js instances: alive at most ${maxAlive}, made in all ${maxMade} (3 and 3: made once, updated in place)`);
	console.log(`  memory ${flat ? 'stays FLAT' : 'does NOT stay flat'}`);
	if (!flat) process.exitCode = 1;
});
