import type { Insertable, Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../src/lib/server/db/schema';
import type { PhotoStore } from '../../src/lib/server/features/photos/storage';
import type { PhotosTable } from '../../src/lib/server/features/photos/table';
import { processPhoto } from '../../src/lib/server/features/photos/images';
import { closedStages } from '../../src/lib/domain/repair-order';

/**
 * The demo's photos (issue 19): today's findings carry the technician's photos (a worn pad, a
 * cracked belt…) and a few cars in the shop have their check-in walk-around (an old scratch, a
 * dent), so every screen that shows photos has some from the start. Drawn here (no files shipped)
 * and stored through the same processing as an upload; one drawing serves every finding of its
 * kind (the stored files are keyed by content).
 */

const W = 1200;
const H = 900;

const drawings: Record<string, string> = {
	brakes: `<rect width="${W}" height="${H}" fill="#3b3f46"/><circle cx="800" cy="600" r="500" fill="#8d949e"/><circle cx="800" cy="600" r="170" fill="#4a4f57"/>
		<path d="M 380 350 A 500 500 0 0 1 1220 350 L 1130 440 A 370 370 0 0 0 470 440 Z" fill="#b8462e"/><rect x="520" y="330" width="560" height="26" fill="#e9c46a"/>`,
	engine: `<rect width="${W}" height="${H}" fill="#25282d"/><circle cx="500" cy="600" r="260" fill="#555b64"/><circle cx="1150" cy="420" r="170" fill="#555b64"/>
		<path d="M 260 560 L 1000 300 L 1320 420 L 740 860 Z" fill="none" stroke="#111" stroke-width="60"/><path d="M 700 470 l 40 30 l -30 25 l 40 30" stroke="#e9c46a" stroke-width="10" fill="none"/>`,
	electrical: `<rect width="${W}" height="${H}" fill="#2f3338"/><rect x="420" y="330" width="760" height="520" rx="30" fill="#1f2226"/>
		<rect x="520" y="270" width="120" height="70" fill="#b8462e"/><rect x="960" y="270" width="120" height="70" fill="#334"/><rect x="600" y="520" width="400" height="140" fill="#e9c46a"/>`,
	alignment: `<rect width="${W}" height="${H}" fill="#3a3d42"/><circle cx="800" cy="600" r="480" fill="#1b1c1f"/><circle cx="800" cy="600" r="280" fill="#9aa1aa"/>
		<path d="M 380 400 A 480 480 0 0 1 560 200" stroke="#c9ccd1" stroke-width="50" fill="none"/>`,
	maintenance: `<rect width="${W}" height="${H}" fill="#d8d2c4"/><rect x="400" y="300" width="800" height="600" fill="#6b5a3e"/>
		<g stroke="#3e3422" stroke-width="14">${Array.from({ length: 12 }, (_, i) => `<line x1="${440 + i * 64}" y1="320" x2="${440 + i * 64}" y2="880"/>`).join('')}</g>`,
	scratch: `<rect width="${W}" height="${H}" fill="#d9dde2"/><rect y="820" width="${W}" height="380" fill="#6f747b"/><rect x="200" y="330" width="1200" height="480" rx="60" fill="#1d4e89"/>
		<path d="M 470 560 L 1000 515" stroke="#e8edf2" stroke-width="10"/><path d="M 490 590 L 950 555" stroke="#e8edf2" stroke-width="6"/>`,
	dent: `<rect width="${W}" height="${H}" fill="#cfd4da"/><rect y="860" width="${W}" height="340" fill="#5e636a"/><rect x="180" y="300" width="1240" height="540" rx="70" fill="#c0392b"/>
		<ellipse cx="1050" cy="600" rx="130" ry="80" fill="#992d22"/><ellipse cx="1030" cy="585" rx="70" ry="40" fill="#d9544a"/>`
};

/** Each drawing processed once per process (a test run opens many demo shops). */
const processed = new Map<string, ReturnType<typeof processPhoto>>();

function picture(kind: string): ReturnType<typeof processPhoto> {
	let p = processed.get(kind);
	if (!p) {
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${drawings[kind] ?? drawings.maintenance}</svg>`;
		p = sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer().then(processPhoto);
		processed.set(kind, p);
	}
	return p;
}

/** The kind of drawing for a finding's text (the history's findings name their part). */
function kindOf(finding: string): string {
	if (/刹车|brake|pad/i.test(finding)) return 'brakes';
	if (/皮带|节气门|belt|throttle|engine/i.test(finding)) return 'engine';
	if (/蓄电池|雨刮|battery|wiper/i.test(finding)) return 'electrical';
	if (/轮胎|定位|tyre|tire|alignment/i.test(finding)) return 'alignment';
	return 'maintenance';
}

export async function loadDemoPhotos(db: Kysely<Database>, photos: PhotoStore, storeId: number, now: number, dayStart: number): Promise<number> {
	const made = new Map<string, Awaited<ReturnType<typeof processPhoto>>>();
	const stored = async (kind: string) => {
		let p = made.get(kind);
		if (!p) {
			p = await picture(kind);
			await photos.put(storeId, p.key, { display: p.display, thumb: p.thumb });
			made.set(kind, p);
		}
		return p;
	};
	const rows: Insertable<PhotosTable>[] = [];
	const row = (p: Awaited<ReturnType<typeof processPhoto>>, o: { orderId: number; addonId: number | null; spot: 'front' | 'rear' | 'left' | 'right' | 'roof' | null; caption: string; by: string; at: number }) =>
		rows.push({ store_id: storeId, repair_order_id: o.orderId, addon_id: o.addonId, spot: o.spot, caption: o.caption, file_key: p.key, width: p.width, height: p.height, bytes: p.display.length, taken_by: o.by, taken_at: Math.min(o.at, now) });

	// Today's findings: the technician's photo of each (a second, closer one for a safety finding).
	const addons = await db
		.selectFrom('addons as a')
		.innerJoin('repair_orders as ro', 'ro.id', 'a.repair_order_id')
		.select(['a.id', 'a.repair_order_id', 'a.finding', 'a.safety', 'a.raised_by', 'a.raised_at'])
		.where('ro.store_id', '=', storeId)
		.where('ro.checked_in_at', '>=', dayStart)
		.where('a.raised_at', '<=', now)
		.orderBy('a.id')
		.execute();
	for (const a of addons) {
		const kind = kindOf(a.finding);
		const p = await stored(kind);
		const [zh] = a.finding.split(' / ');
		row(p, { orderId: a.repair_order_id, addonId: a.id, spot: null, caption: zh, by: a.raised_by, at: a.raised_at + 60_000 });
		if (a.safety) row(p, { orderId: a.repair_order_id, addonId: a.id, spot: null, caption: `${zh}（近拍）`, by: a.raised_by, at: a.raised_at + 90_000 });
	}

	// The walk-around of a few cars in the shop: damage that was there before the workshop touched them.
	const advisors = await db.selectFrom('users').select('name').where('store_id', '=', storeId).where('role', '=', 'service_advisor').orderBy('id').execute();
	const open = await db
		.selectFrom('repair_orders')
		.select(['id', 'checked_in_at'])
		.where('store_id', '=', storeId)
		.where('stage', 'not in', [...closedStages])
		.orderBy('checked_in_at', 'desc')
		.limit(4)
		.execute();
	const walk = [
		{ kind: 'scratch', spot: 'left' as const, caption: '左前门旧划痕 约 15 cm' },
		{ kind: 'dent', spot: 'rear' as const, caption: '后保险杠凹陷（客户知情）' },
		{ kind: 'scratch', spot: 'front' as const, caption: '前保险杠擦痕' }
	];
	for (const [i, o] of open.entries()) {
		for (const w of walk.slice(0, 1 + (i % 3))) row(await stored(w.kind), { orderId: o.id, addonId: null, spot: w.spot, caption: w.caption, by: advisors[i % Math.max(1, advisors.length)]?.name ?? '李娜', at: o.checked_in_at + 120_000 });
	}
	if (rows.length) await db.insertInto('photos').values(rows).execute();
	return rows.length;
}
