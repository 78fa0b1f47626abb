/**
 * Photos on a job (issue 19): the walk-around at check-in and each finding's evidence. Pure rules,
 * no I/O: what counts as an image, the limits, where on the car, who may still add one, and when
 * a photo is old enough to prune.
 */
import { closedStages, type Stage } from './repair-order';

/** Bytes accepted before resizing (a 12-megapixel phone photo is 3–8 MB; a 48-MP one under 20). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Pixels accepted: more is refused before a pixel is decoded (a decompression bomb claims far more). */
export const MAX_PIXELS = 50_000_000;
export const MAX_PHOTOS_PER_FINDING = 6;
export const MAX_WALKAROUND_PHOTOS = 24;
export const MAX_CAPTION = 200;
/** The longest side of the size shown full screen, and of the thumbnail (CSS px x 2 for sharp screens). */
export const DISPLAY_EDGE = 1600;
export const THUMB_EDGE = 320;
/** Photos older than this are pruned unless the store sets another retention. */
export const DEFAULT_RETENTION_DAYS = 730;
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 3650;

/** Where the damage is on a simple outline of the car, seen from above. */
export const carSpots = ['front', 'rear', 'left', 'right', 'roof'] as const;
export type CarSpot = (typeof carSpots)[number];
export const photoSizes = ['thumb', 'display'] as const;
export type PhotoSize = (typeof photoSizes)[number];

export type ImageType = 'jpeg' | 'png' | 'webp';

/**
 * The image type the bytes themselves say (their signature), whatever the file was called or
 * the request claimed; null for anything else (a renamed text file, a PDF, HEIC).
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	return null;
}

/** Why an image of these dimensions is refused before decoding, or null. */
export function pixelProblem(width: number | undefined, height: number | undefined): string | null {
	if (!width || !height || width < 1 || height < 1) return 'the image has no size';
	if (width * height > MAX_PIXELS) return `the image is ${width}x${height} pixels; at most ${MAX_PIXELS / 1_000_000} megapixels`;
	if (width < 32 || height < 32) return `the image is ${width}x${height} pixels; at least 32x32`;
	return null;
}

/** The width and height that fit within `edge` on the longer side (never enlarged). */
export function fitWithin(width: number, height: number, edge: number): { width: number; height: number } {
	const scale = Math.min(1, edge / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Why no photo may be added to (or taken from) an order at `stage`, or null. */
export function orderClosedForPhotos(stage: Stage): string | null {
	if (stage === 'cancelled') return 'the order was cancelled';
	if (closedStages.includes(stage)) return 'the car was delivered; its photos are its record now';
	return null;
}

/** The limit a new photo would pass, or null: per finding (add-on) or for the walk-around. */
export function photoCountProblem(existing: number, target: 'finding' | 'walkaround'): string | null {
	const max = target === 'finding' ? MAX_PHOTOS_PER_FINDING : MAX_WALKAROUND_PHOTOS;
	if (existing >= max) return target === 'finding' ? `a finding has at most ${max} photos` : `the walk-around has at most ${max} photos`;
	return null;
}

/** The instant before which a photo is pruned, for a retention in days. */
export function pruneBefore(now: number, retentionDays: number): number {
	return now - retentionDays * 86_400_000;
}
