import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';

/** Empties a store's parts room (for the benchmark's 20,000 parts): movements, requests' lines, parts, bins, zones. */
export async function clearPartsRoom(db: Kysely<Database>, storeId: number): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('stock_movements').where('store_id', '=', storeId).execute();
		const parts = tx.selectFrom('parts').select('id').where('store_id', '=', storeId);
		await tx.deleteFrom('parts_request_lines').where('part_id', 'in', parts).execute();
		await tx.deleteFrom('issue_slip_lines').where('part_id', 'in', parts).execute();
		await tx.updateTable('special_orders').set({ bin_id: null }).where('store_id', '=', storeId).execute();
		await tx.updateTable('special_order_lines').set({ part_id: null }).where('part_id', 'in', parts).execute();
		await tx.deleteFrom('parts').where('store_id', '=', storeId).execute();
		await tx.deleteFrom('part_bins').where('store_id', '=', storeId).execute();
		await tx.deleteFrom('part_zones').where('store_id', '=', storeId).execute();
	});
}

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
