import { it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { searchParts } from '$lib/server/features/parts/repository';
import { loadPartsRoom } from '../../db/seed/parts';
import { benchZones, generateParts } from '../../db/seed/parts-data';
import { clearPartsRoom, percentile } from './parts-room';

/**
 * The parts search's server-side budget (issue 14: 20 ms p95 with 20,000 parts), part of
 * `npm run bench:parts`: a file database, the demo store's parts room replaced by 20,000
 * generated parts, then searchParts() timed for each kind of query the kiosk sends.
 */
it('searching 20,000 parts, server side', async () => {
	const count = Number(process.env.PARTS ?? 20_000);
	const rounds = Number(process.env.ROUNDS ?? 200);
	const dir = mkdtempSync(join(tmpdir(), 'pitwall-parts-'));
	const app = await openApp({ ...readSettings({}), dataDir: dir, demo: true });
	try {
		const storeId = 1;
		await clearPartsRoom(app.db, storeId);
		const parts = generateParts(count);
		const t0 = performance.now();
		await loadPartsRoom(app.db, storeId, Date.now(), { zones: benchZones, parts });
		console.log(`loaded ${count} parts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
		const pick = (i: number) => parts[(i * 7919) % parts.length];
		const kinds: Record<string, (i: number) => string> = {
			'number prefix (5 chars)': (i) => pick(i).number.slice(0, 5),
			'number prefix (8 chars, dash typed or not)': (i) => (i % 2 ? pick(i).number.slice(0, 8) : pick(i).number.replace('-', '').slice(0, 8)),
			'Chinese substring': (i) => ['滤', '刹车片', '支架', '机油滤清器', '保险杠', '密封圈', '传感器', '雨刮'][i % 8],
			'pinyin initials': (i) => ['jlq', 'scp', 'jylqq', 'ktlx', 'bxg', 'hhs', 'qdd', 'fdjg'][i % 8],
			'full pinyin prefix': (i) => ['shache', 'jiyou', 'kongtiao', 'baoxian', 'yugua'][i % 5],
			'English / model': (i) => ['brake', 'filter', 'camry', 'bumper', 'sensor', 'highlander'][i % 6],
			'exact number (a scan)': (i) => pick(i).number
		};
		const lines: string[] = [];
		for (const [kind, query] of Object.entries(kinds)) {
			for (let i = 0; i < 20; i++) await searchParts(app.db, storeId, query(i)); // warm up
			const times: number[] = [];
			let hits = 0;
			for (let i = 0; i < rounds; i++) {
				const q = query(i + 100);
				const t = performance.now();
				hits += (await searchParts(app.db, storeId, q)).length;
				times.push(performance.now() - t);
			}
			lines.push(`${kind.padEnd(44)} p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  max ${Math.max(...times).toFixed(2)} ms  (avg ${(hits / rounds).toFixed(1)} hits)`);
		}
		console.log(`\nsearchParts over ${count} parts, ${rounds} queries each (budget: p95 ≤ 20 ms):\n${lines.join('\n')}`);
	} finally {
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	}
});
