import { m } from '$lib/paraglide/messages';
import type { CarSpot } from '$lib/domain/photos';

/** The words PhotoStrip and PhotoViewer show, in the screen's language. */
export function stripLabels() {
	return {
		open: (caption: string) => m.photo_open({ caption: caption || m.photo_untitled() }),
		close: m.photo_close(),
		previous: m.photo_previous(),
		next: m.photo_next(),
		counter: (n: number, of: number) => m.photo_counter({ n, of })
	};
}

export function spotLabel(spot: CarSpot): string {
	return { front: m.photo_spot_front, rear: m.photo_spot_rear, left: m.photo_spot_left, right: m.photo_spot_right, roof: m.photo_spot_roof }[spot]();
}

/** A staff screen's image address for a photo (the session's cookie goes along). */
export const staffPhotoSrc = (id: number, size: 'thumb' | 'display') => `/api/v1/photos/${id}/${size}`;
/** A customer's link's image address for a photo of their order. */
export const customerPhotoSrc = (token: string) => (id: number, size: 'thumb' | 'display') => `/api/v1/status/${token}/photos/${id}/${size}`;
