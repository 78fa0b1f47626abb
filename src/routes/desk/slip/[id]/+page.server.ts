import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { statusToken } from '$lib/server/features/repair-orders/status-link';
import { maskPlate, publicReadyAt } from '$lib/domain/privacy';

/** The printable check-in slip: the order, and the customer's own link as a QR code. */
export const load: PageServerLoad = async (event) => {
	requireStaff(event, 'repairOrder.create', 'repairOrder.set_pickup', 'repairOrder.deliver');
	const app = await getApp();
	const id = Number(event.params.id);
	const ro = Number.isInteger(id) && id > 0 ? await repairOrderView(app.db, id) : undefined;
	const store = await app.db.selectFrom('stores').select(['name_zh', 'name_en']).where('id', '=', app.storeId).executeTakeFirstOrThrow();
	if (!ro) error(404, { message: `repair order ${event.params.id} does not exist` });
	const url = `${event.url.origin}/status/${statusToken(app.statusSecret, ro.id)}`;
	const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	event.setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	return {
		number: ro.number,
		plate: maskPlate(ro.plate),
		model: ro.model,
		colour: ro.colour,
		promisedAt: publicReadyAt(ro),
		checkedInAt: ro.checkedInAt,
		shop: store.name_zh,
		url,
		qr
	};
};
