import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { searchKeys } from '../../src/lib/server/features/parts/search-keys';
import { binsOf, type DemoPart, type DemoZone, seeded } from './parts-data';

const DAY = 86_400_000;

/**
 * Loads a parts room into a store: its zones, every bin of their racks, the parts with stock, and
 * (with `history`) a receipt for each part and its issues over the last 120 days (so the slow
 * movers are the parts nobody took in 90 days). Plain inserts in one transaction: the demo and
 * the benchmark's 20,000 parts load in seconds.
 */
export async function loadPartsRoom(db: Kysely<Database>, storeId: number, now: number, room: { zones: DemoZone[]; parts: DemoPart[]; history?: boolean }): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const zoneIds = new Map<string, number>();
		for (const [sort, z] of room.zones.entries()) {
			const { id } = await tx.insertInto('part_zones').values({ store_id: storeId, code: z.code, name_zh: z.nameZh, name_en: z.nameEn, kind: z.kind, sort }).returning('id').executeTakeFirstOrThrow();
			zoneIds.set(z.code, id);
		}
		const binIds = new Map<string, number>();
		const bins = binsOf(room.zones);
		for (let i = 0; i < bins.length; i += 200) {
			const rows = await tx
				.insertInto('part_bins')
				.values(bins.slice(i, i + 200).map((b) => ({ store_id: storeId, zone_id: zoneIds.get(b.zone)!, code: b.code, rack: b.rack, shelf: b.shelf, position: b.position })))
				.returning(['id', 'code'])
				.execute();
			for (const r of rows) binIds.set(r.code, r.id);
		}
		const rand = seeded(90);
		for (let i = 0; i < room.parts.length; i += 100) {
			const batch = room.parts.slice(i, i + 100);
			const rows = await tx
				.insertInto('parts')
				.values(
					batch.map((p) => ({
						store_id: storeId,
						number: p.number,
						barcode: p.barcode,
						name_zh: p.nameZh,
						name_en: p.nameEn,
						...searchKeys(p.nameZh),
						models: p.models,
						unit: p.unit,
						price: p.price,
						min_qty: p.minQty,
						bin_id: binIds.get(p.binCode) ?? null,
						on_hand: p.onHand,
						last_issued_at: null,
						created_at: now - 400 * DAY
					}))
				)
				.returning(['id'])
				.execute();
			if (!room.history) continue;
			const values: {
				store_id: number; part_id: number; kind: 'receive' | 'issue'; qty: number; on_hand_after: number; to_bin_id: number | null; reason: string | null; actor_id: string | null; actor_name: string; at: number;
			}[] = [];
			const lastIssued: { id: number; at: number }[] = [];
			rows.forEach(({ id }, k) => {
				const p = batch[k];
				const bin = binIds.get(p.binCode) ?? null;
				const issues = Math.round(p.monthly * 4);
				const times = Array.from({ length: issues }, () => now - Math.floor(rand() * 120 * DAY)).sort((a, b) => a - b);
				// The receipt that brought it to today's stock plus what was issued since.
				const received = p.onHand + issues;
				const first = now - 121 * DAY;
				let onHand = received;
				values.push({ store_id: storeId, part_id: id, kind: 'receive', qty: received, on_hand_after: received, to_bin_id: bin, reason: null, actor_id: 'demo', actor_name: '周敏', at: first });
				for (const at of times) {
					onHand -= 1;
					values.push({ store_id: storeId, part_id: id, kind: 'issue', qty: -1, on_hand_after: onHand, to_bin_id: null, reason: null, actor_id: 'demo', actor_name: '周敏', at });
				}
				if (times.length) lastIssued.push({ id, at: times[times.length - 1] });
			});
			for (let j = 0; j < values.length; j += 200) await tx.insertInto('stock_movements').values(values.slice(j, j + 200)).execute();
			for (const l of lastIssued) await tx.updateTable('parts').set({ last_issued_at: l.at }).where('id', '=', l.id).execute();
		}
	});
}
