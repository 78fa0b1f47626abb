import { it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { sessionCookie, startServer } from '../integration/harness';
import { benchZones, binsOf, generateParts } from '../../db/seed/parts-data';

/**
 * The 20,000-part store imported from CSV in one go (bins, then parts, then stock), each file
 * previewed and then applied, timed end to end over HTTP. A measurement, not a test:
 * `npx vitest run --config tests/bench/vitest.config.ts tests/bench/parts-csv.measure.ts`.
 */

function post(url: string, path: string, cookie: string, body: Buffer): Promise<{ status: number; body: Record<string, unknown> }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const quote = (v: string | number | null) => {
	const s = v === null ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number | null)[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.map(quote).join(',')).join('\r\n'), 'utf8');

it('imports the 20,000-part store from CSV in one go', async () => {
	const server = await startServer({ demo: true });
	try {
		const cookie = await sessionCookie(server.app, 'parts');
		const zoneName = Object.fromEntries(benchZones.map((z) => [z.code, z]));
		// Bench zones get their own letters so they never meet the demo's bins.
		const re = (code: string) => `Q${code}`;
		const bins = csv([
			['zone', 'zone_name_zh', 'zone_name_en', 'bin', 'rack', 'shelf', 'position'],
			...binsOf(benchZones).map((b) => [re(b.zone), zoneName[b.zone].nameZh, zoneName[b.zone].nameEn, re(b.code), b.rack, b.shelf, b.position])
		]);
		const list = generateParts(20_000);
		const parts = csv([
			['配件编号', '条码', '名称', '英文名称', '适用车型', '单位', '单价', '安全库存', '库位'],
			...list.map((p) => [p.number, p.barcode, p.nameZh, p.nameEn, p.models, p.unit, (p.price / 100).toFixed(2), p.minQty, re(p.binCode)])
		]);
		const stock = csv([['配件编号', '库存'], ...list.map((p) => [p.number, p.onHand])]);
		const lines: string[] = [];
		for (const [name, path, file] of [
			['bins', '/api/v1/part-bins/import', bins],
			['parts', '/api/v1/parts/import', parts],
			['stock', '/api/v1/stock/import', stock]
		] as const) {
			const t0 = performance.now();
			const preview = await post(server.url, `${path}?preview=1`, cookie, file);
			const t1 = performance.now();
			const applied = await post(server.url, path, cookie, file);
			const t2 = performance.now();
			if (applied.status !== 200) throw new Error(`${name}: ${applied.status} ${JSON.stringify(applied.body).slice(0, 400)}`);
			lines.push(
				`${name}: ${(file.length / 1024 / 1024).toFixed(2)} MB, ${JSON.stringify(applied.body.counts)}; preview ${(t1 - t0).toFixed(0)} ms, import (preview again + write) ${(t2 - t1).toFixed(0)} ms (status ${preview.status}/${applied.status})`
			);
		}
		const t3 = performance.now();
		const again = await post(server.url, '/api/v1/parts/import', cookie, parts);
		lines.push(`parts again (all unchanged): ${(performance.now() - t3).toFixed(0)} ms, ${JSON.stringify(again.body.counts)}`);
		console.log(lines.join('\n'));
	} finally {
		await server.close();
	}
});
