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

/** Why a photo was not saved, in the screen's language (the queue keeps the server's code). */
export function refusalText(error: string | null, message: string | null): string {
	switch (error) {
		case 'not_an_image':
			return m.photo_error_not_an_image();
		case 'too_many_photos':
			return m.photo_error_too_many();
		case 'order_closed':
			return m.photo_error_closed();
		case 'body_too_large':
			return m.photo_error_too_large();
		case 'bad_image_size':
			return m.photo_error_pixels();
		case 'unauthorized':
			return m.photo_error_signed_out();
		case 'not_found':
			return m.photo_error_not_found();
		case 'forbidden':
			return m.photo_error_forbidden();
		default:
			return m.photo_error_other({ status: error ?? message ?? '' });
	}
}
