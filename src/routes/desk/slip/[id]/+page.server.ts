import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireStaff } from '$lib/server/features/access/guards';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { statusToken } from '$lib/server/features/repair-orders/status-link';
import { maskPlate, publicReadyAt } from '$lib/domain/privacy';
import { storeSettings } from '$lib/server/core/stores';

/** The printable check-in slip: the order, and the customer's own link as a QR code. */
export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, 'repairOrder.create', 'repairOrder.set_pickup', 'repairOrder.deliver');
	const app = await getApp();
	const id = Number(event.params.id);
	// Only an order of the advisor's own store.
	const ro = Number.isInteger(id) && id > 0 ? await repairOrderView(app.db, id, user.storeId) : undefined;
	const store = await storeSettings(app.db, user.storeId);
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
		shop: event.url.searchParams.get('lang') === 'en' ? store.nameEn : store.nameZh,
		url,
		qr,
		// The check-in sheet the customer signs: their own details, printed at the desk for them.
		sheet: {
			customerName: ro.customerName,
			customerPhone: ro.customerPhone,
			plate: ro.plate,
			vin: ro.vin,
			model: ro.model,
			colour: ro.colour,
			mileage: ro.mileage,
			kind: ro.kind,
			checkedInAt: ro.checkedInAt,
			operations: ro.operations.filter((o) => o.status === 'active').map((o) => ({ nameZh: o.nameZh, nameEn: o.nameEn, minutes1: o.minutes1 })),
			concerns: ro.concerns,
			wash: ro.wash,
			keepOldParts: ro.keepOldParts,
			paymentMethod: ro.paymentMethod,
			// The walk-around's photos (what the car came in with), printed as thumbnails from the staff image address.
			photos: ro.photos.filter((p) => p.addonId === null).map((p) => ({ id: p.id, spot: p.spot, caption: p.caption, width: p.width, height: p.height }))
		}
	};
};
