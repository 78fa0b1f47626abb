import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { CommandError } from '$lib/server/core/commands';
import { DISPLAY_EDGE, MAX_PIXELS, MAX_UPLOAD_BYTES, THUMB_EDGE, pixelProblem, sniffImageType } from '$lib/domain/photos';

/**
 * Turning an upload into what is stored, with sharp (libvips): the content decides what it is,
 * the header's size is checked before any pixel is decoded, the camera's orientation is applied,
 * and the output carries no metadata at all (sharp writes none unless asked): no GPS position,
 * no camera serial, no time. A display size and a thumbnail, both JPEG.
 *
 * libvips works on its own threads, so a resize never blocks the server's event loop; at most
 * `IMAGE_SLOTS` run at once so that a burst of uploads queues instead of starving the commands
 * of this 2-core machine's CPU.
 */

export interface ProcessedPhoto {
	/** SHA-256 of the upload: the same photo sent twice has the same key. */
	key: string;
	display: Buffer;
	thumb: Buffer;
	width: number;
	height: number;
}

export const IMAGE_SLOTS = 2;
/** Uploads allowed to wait for a slot; past that the server says it is busy (503, the tablet retries). */
export const IMAGE_QUEUE = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= IMAGE_SLOTS) {
		if (waiting.length >= IMAGE_QUEUE) throw new CommandError(503, 'busy', `file: the server is resizing ${running + waiting.length} photos; send this one again in a few seconds`, 'file', { retryAfterSeconds: 5 });
		await new Promise<void>((resolve) => waiting.push(resolve));
	}
	running += 1;
	try {
		return await work();
	} finally {
		running -= 1;
		waiting.shift()?.();
	}
}

/** libvips' words for input it cannot decode (as opposed to the server's own trouble, e.g. memory). */
const badInput = /corrupt|premature|truncat|invalid|unsupported|not a known|bad |huffman|marker|decode|input/i;

const refuse = (status: 400 | 413 | 415, code: string, message: string) => new CommandError(status, code, `file: ${message}`, 'file');

/** Refuses what is not a photo we keep; otherwise the stored sizes. */
export async function processPhoto(upload: Buffer): Promise<ProcessedPhoto> {
	if (upload.length === 0) throw refuse(400, 'invalid_input', 'the file is empty');
	if (upload.length > MAX_UPLOAD_BYTES) throw refuse(413, 'body_too_large', `at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
	const type = sniffImageType(upload);
	if (!type) throw refuse(415, 'not_an_image', 'not a JPEG, PNG or WebP photo (its content was checked, not its name)');
	return slot(async () => {
		// `limitInputPixels` is libvips' own guard; the header is read first and checked here so
		// the refusal says why. `failOn: 'error'` refuses a truncated or corrupt file.
		const input = () => sharp(upload, { limitInputPixels: MAX_PIXELS, failOn: 'error', sequentialRead: true });
		let meta: Metadata;
		try {
			// The header only (no pixel is decoded): read without the limit so the refusal can say the size.
			meta = await sharp(upload, { limitInputPixels: false }).metadata();
		} catch {
			throw refuse(415, 'not_an_image', `the ${type.toUpperCase()} file could not be read`);
		}
		if (meta.format !== type) throw refuse(415, 'not_an_image', `the content is ${meta.format ?? 'unknown'}, not a ${type.toUpperCase()} photo`);
		if ((meta.pages ?? 1) > 1) throw refuse(415, 'not_an_image', 'an animated image is not a photo');
		const problem = pixelProblem(meta.width, meta.height);
		if (problem) throw refuse(meta.width && meta.height && meta.width * meta.height > MAX_PIXELS ? 413 : 400, 'bad_image_size', problem);
		try {
			// One decode, one libuv worker per photo: the display size, then the thumbnail from it
			// (a 1600-pixel JPEG shrinks to 320 in a few milliseconds), so two uploads leave half of
			// Node's thread pool to file reads and PIN checks.
			const display = await input()
				.rotate()
				.resize({ width: DISPLAY_EDGE, height: DISPLAY_EDGE, fit: 'inside', withoutEnlargement: true })
				.flatten({ background: '#ffffff' })
				.jpeg({ quality: 80, mozjpeg: true })
				.toBuffer({ resolveWithObject: true });
			const thumb = await sharp(display.data).resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 72, mozjpeg: true }).toBuffer();
			return {
				key: createHash('sha256').update(upload).digest('hex'),
				display: display.data,
				thumb,
				width: display.info.width,
				height: display.info.height
			};
		} catch (e) {
			if (e instanceof Error && badInput.test(e.message)) throw refuse(415, 'not_an_image', `the ${type.toUpperCase()} file is damaged and could not be decoded`);
			// Not the photo's fault (memory, the disk): a 500, which the tablet retries.
			throw e;
		}
	});
}
