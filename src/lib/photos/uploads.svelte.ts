/**
 * The photos a screen is sending (issue 19), made for a workshop's poor Wi-Fi: each photo is one
 * POST of its bytes with its own Idempotency-Key, sent one at a time in the order taken, retried
 * with growing pauses (and at once when the network comes back) until the server answers. A
 * refusal (not an image, too many on a finding, the car delivered) stops that photo and says why;
 * everything else keeps trying while the page is open, and the technician carries on meanwhile.
 * Browser only: a screen makes its queue in onMount (nothing of this runs during server rendering).
 */
import { idempotencyKey } from '$lib/api/client';
import { MAX_UPLOAD_BYTES } from '$lib/domain/photos';

/** An upload that has not finished after this long is given up and tried again (the tablet walked out of the Wi-Fi). */
export const UPLOAD_TIMEOUT_MS = 90_000;

export interface PhotoTarget {
	orderId: number;
	/** A finding's photo; without: the check-in walk-around. */
	addonId?: number;
	spot?: 'front' | 'rear' | 'left' | 'right' | 'roof';
	caption?: string;
}

export type UploadState = 'waiting' | 'sending' | 'retrying' | 'done' | 'refused';

export interface QueuedPhoto {
	localId: string;
	file: Blob;
	/** An object URL of the file, for the preview until the server's thumbnail exists. */
	preview: string;
	target: PhotoTarget;
	state: UploadState;
	attempts: number;
	/** Why the server refused it, or the last network trouble while retrying (the server's words, English). */
	message: string | null;
	/** The refusal's code (`not_an_image`, `too_many_photos`, `order_closed`, `body_too_large`, `bad_image_size`, `too_large_here`…): screens say it in their language. */
	error: string | null;
	/** The stored photo's id, once done. */
	photoId: number | null;
	key: string;
	/** Stops the request in flight (a discard, the timeout). */
	abort?: AbortController;
}

/** Pauses between attempts: 1 s, 2 s, 4 s … up to 30 s. */
export function retryDelay(attempts: number): number {
	return Math.min(30_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** The photos' upload address for a target (the query carries where it goes and its caption). */
export function uploadUrl(t: PhotoTarget): string {
	const q = new URLSearchParams();
	if (t.addonId !== undefined) q.set('addonId', String(t.addonId));
	if (t.spot) q.set('spot', t.spot);
	if (t.caption) q.set('caption', t.caption);
	const query = q.toString();
	return `/api/v1/repair-orders/${t.orderId}/photos${query ? `?${query}` : ''}`;
}

export class PhotoUploads {
	items = $state<QueuedPhoto[]>([]);
	#running = false;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#wake: (() => void) | null = null;
	#closed = false;
	#onOnline = () => this.#wake?.();
	#onLeave = (e: BeforeUnloadEvent) => {
		if (this.pending > 0) e.preventDefault();
	};

	constructor(private readonly send: typeof fetch = (...a) => fetch(...a)) {
		if (typeof window !== 'undefined') {
			window.addEventListener('online', this.#onOnline);
			window.addEventListener('beforeunload', this.#onLeave);
		}
	}

	/** Photos not yet stored (waiting, sending or retrying). */
	get pending(): number {
		return this.items.filter((i) => i.state === 'waiting' || i.state === 'sending' || i.state === 'retrying').length;
	}

	/** The queue's photos for one place (an add-on, or the walk-around with addonId undefined). */
	for(orderId: number, addonId?: number): QueuedPhoto[] {
		return this.items.filter((i) => i.target.orderId === orderId && i.target.addonId === addonId);
	}

	add(file: Blob, target: PhotoTarget): QueuedPhoto {
		// Over the server's limit: refused here, without sending 20 MB over the workshop's Wi-Fi.
		const tooLarge = file.size > MAX_UPLOAD_BYTES;
		const item: QueuedPhoto = {
			localId: idempotencyKey('local'),
			file,
			preview: URL.createObjectURL(file),
			target,
			state: tooLarge ? 'refused' : 'waiting',
			attempts: 0,
			message: tooLarge ? `at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` : null,
			error: tooLarge ? 'body_too_large' : null,
			photoId: null,
			key: idempotencyKey('photo')
		};
		this.items.push(item);
		if (!tooLarge) void this.#run();
		return item;
	}

	/** Sends a refused or retrying photo again now. */
	retry(localId: string): void {
		const item = this.items.find((i) => i.localId === localId);
		if (!item || item.state === 'done' || item.state === 'sending' || item.error === 'body_too_large') return;
		item.state = 'waiting';
		item.message = null;
		item.error = null;
		this.#wake?.();
		void this.#run();
	}

	/** Forgets a photo (a refused one, or one the technician no longer wants sent). */
	discard(localId: string): void {
		const i = this.items.findIndex((x) => x.localId === localId);
		if (i < 0) return;
		const item = this.items[i];
		// A photo being sent is stopped; one waiting for its retry never goes (the queue checks it is still listed).
		item.abort?.abort();
		URL.revokeObjectURL(item.preview);
		this.items.splice(i, 1);
	}

	/** Done photos leave the queue once the order's own view lists them (their thumbnails take over). */
	settle(storedIds: ReadonlySet<number>): void {
		for (const item of [...this.items]) if (item.state === 'done' && item.photoId !== null && storedIds.has(item.photoId)) this.discard(item.localId);
	}

	close(): void {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#wake?.();
		if (typeof window !== 'undefined') {
			window.removeEventListener('online', this.#onOnline);
			window.removeEventListener('beforeunload', this.#onLeave);
		}
		for (const i of this.items) URL.revokeObjectURL(i.preview);
	}

	async #pause(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			this.#wake = () => {
				if (this.#timer) clearTimeout(this.#timer);
				this.#wake = null;
				resolve();
			};
			this.#timer = setTimeout(() => this.#wake?.(), ms);
		});
	}

	async #run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		try {
			for (;;) {
				if (this.#closed) return;
				const next = this.items.find((i) => i.state === 'waiting' || i.state === 'retrying');
				if (!next) return;
				if (next.state === 'retrying') await this.#pause(retryDelay(next.attempts));
				if (this.#closed) return;
				// Discarded while waiting, or sent by a retry meanwhile: not this one.
				if (!this.items.includes(next) || (next.state !== 'retrying' && next.state !== 'waiting')) continue;
				await this.#send(next);
			}
		} finally {
			this.#running = false;
		}
	}

	async #send(item: QueuedPhoto): Promise<void> {
		item.state = 'sending';
		item.attempts += 1;
		const abort = new AbortController();
		item.abort = abort;
		const timer = setTimeout(() => abort.abort(), UPLOAD_TIMEOUT_MS);
		let res: Response;
		try {
			res = await this.send(uploadUrl(item.target), {
				method: 'POST',
				headers: { 'content-type': item.file.type || 'application/octet-stream', 'idempotency-key': item.key, accept: 'application/json' },
				body: item.file,
				signal: abort.signal
			});
		} catch {
			// No answer (the network, the timeout): again later, with the same key. A discarded one is gone.
			item.state = 'retrying';
			item.message = null;
			return;
		} finally {
			clearTimeout(timer);
			item.abort = undefined;
		}
		let body: { id?: number; message?: string; error?: string } = {};
		try {
			body = await res.json();
		} catch {
			// not JSON (a proxy's error page): treated by its status
		}
		if (res.ok) {
			item.state = 'done';
			item.photoId = body.id ?? null;
			item.message = null;
			return;
		}
		// Signed out: the page reloads to sign-in (the photo is lost with the page, as any unsent form).
		if (res.status === 401) {
			item.state = 'refused';
			item.message = body.message ?? null;
			item.error = 'unauthorized';
			return;
		}
		// The server busy or restarting, a proxy timing out, the first attempt still being processed: try again.
		if (res.status >= 500 || res.status === 408 || res.status === 429 || body.error === 'idempotency_key_in_use') {
			item.state = 'retrying';
			item.message = body.message ?? `${res.status}`;
			return;
		}
		item.state = 'refused';
		item.message = body.message ?? `${res.status}`;
		item.error = body.error ?? `http_${res.status}`;
	}
}
