import { storeSettings } from '$lib/server/core/stores';
import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { equipmentByCode } from '$lib/server/features/equipment/repository';

/**
 * The card hung by the machine, A5 or A6 (`?size=`): its names, code, plan with intervals and next
 * due dates, when it was printed, and a QR (drawn here, on the server) to its page at this plan
 * version, so the page can say when a newer plan makes the card stale.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, 'equipment.manage', 'equipment.setService');
	const app = await getApp();
	const equipment = await equipmentByCode(app.db, user.storeId, event.params.code);
	if (!equipment) error(404, { message: `No machine ${event.params.code}` });
	const size = event.url.searchParams.get('size')?.toUpperCase() === 'A6' ? 'A6' : 'A5';
	// The card names its store: machines of a dealer group's stores share codes (every store has its LIFT-M1).
	const store = await storeSettings(app.db, user.storeId);
	const url = `${event.url.origin}/equipment/${encodeURIComponent(equipment.code)}?store=${encodeURIComponent(store.code)}&v=${equipment.planVersion}`;
	const qr = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
	event.setHeaders({ 'cache-control': 'no-store' });
	return { equipment, size: size as 'A5' | 'A6', url, qr, now: app.now() };
};
