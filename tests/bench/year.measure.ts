import { it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { Simulator } from '$lib/server/simulation';
import type { CommittedEvent } from '$lib/server/core/hub';
import { pruneIdempotencyKeys } from '$lib/server/core/commands';

/**
 * How big the database grows in a year of the demo shop's days (DAYS=365 by default; DAYS=30
 * for a quick look): the simulation runs the shop through the same commands as people, on a
 * file database, ticking every TICK_MINUTES of simulated time. Prints the events table (rows,
 * average payload, and what the same events would have weighed carrying whole views, as they
 * did before), the idempotency keys, and the database file's size.
 */
it('a simulated year of the demo shop', async () => {
	const days = Number(process.env.DAYS ?? 365);
	const tick = Number(process.env.TICK_MINUTES ?? 5) * 60_000;
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-year-'));
	const start = Date.UTC(2026, 0, 5, 0, 0); // a Monday, 08:00 in Shanghai
	let now = start;
	let oldFormatBytes = 0;
	let events = 0;
	const app = await openApp({ ...readSettings({}), dataDir: dir, demo: true }, { now: () => now });
	const commands = {
		...app.commands,
		now: () => now,
		afterCommit: (e: CommittedEvent) => {
			events++;
			// The payload as it was before: the command's data and a whole copy of every entity.
			oldFormatBytes += Buffer.byteLength(JSON.stringify({ data: (JSON.parse(e.payload!) as { data: unknown }).data, images: e.images }));
		}
	};
	const sim = new Simulator(commands, app.timeZone);
	const began = performance.now();
	for (let day = 0; day < days; day++) {
		for (const end = now + 86_400_000; now < end; now += tick) await sim.tick(now);
		await pruneIdempotencyKeys(app.db, now);
		if ((day + 1) % 30 === 0) console.log(`day ${day + 1}: ${events} events, ${((performance.now() - began) / 1000).toFixed(0)} s`);
	}
	const e = await app.db
		.selectFrom('events')
		.select((eb) => [eb.fn.countAll<number>().as('rows'), sql<number>`avg(length(payload))`.as('avg'), sql<number>`sum(length(payload))`.as('total')])
		.executeTakeFirstOrThrow();
	const orders = await app.db.selectFrom('repair_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	await sql`pragma wal_checkpoint(TRUNCATE)`.execute(app.db);
	const file = statSync(join(dir, 'pitwall.db')).size;
	await app.close();
	rmSync(dir, { recursive: true, force: true });
	const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
	console.log(
		[
			`simulated ${days} days (tick ${tick / 60_000} min) in ${((performance.now() - began) / 1000).toFixed(0)} s`,
			`repair orders: ${orders.n}`,
			`events: ${e.rows} rows, payload avg ${Math.round(e.avg)} B, total ${mb(e.total)}`,
			`the same events with whole views (the old format): avg ${Math.round(oldFormatBytes / Math.max(events, 1))} B, total ${mb(oldFormatBytes)}`,
			`database file: ${mb(file)}`
		].join('\n')
	);
});
