import { describe, expect, it } from 'vitest';
import { MAX_PHOTOS_PER_FINDING, MAX_WALKAROUND_PHOTOS, fitWithin, orderClosedForPhotos, photoCountProblem, pixelProblem, pruneBefore, sniffImageType } from '$lib/domain/photos';
import { PhotoUploads, retryDelay, uploadUrl } from '$lib/photos/uploads.svelte';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('what counts as a photo', () => {
	it('reads the type from the content: JPEG, PNG, WebP; nothing else, whatever the name', () => {
		expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe('jpeg');
		expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('png');
		expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
		expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('This is a parts list, renamed .jpg'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
		expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
		expect(sniffImageType(bytes())).toBeNull();
	});

	it('refuses a size before decoding: no size, tiny, or over 50 megapixels', () => {
		expect(pixelProblem(4032, 3024)).toBeNull();
		expect(pixelProblem(8000, 6000)).toBeNull(); // 48 MP: a phone's full-resolution mode
		expect(pixelProblem(8000, 6251)).toMatch(/at most 50 megapixels/);
		expect(pixelProblem(60000, 60000)).toMatch(/60000x60000/);
		expect(pixelProblem(undefined, 100)).toMatch(/no size/);
		expect(pixelProblem(20, 400)).toMatch(/at least 32x32/);
	});

	it('fits within an edge without enlarging, keeping the shape', () => {
		expect(fitWithin(4032, 3024, 1600)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032, 320)).toEqual({ width: 240, height: 320 });
		expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 });
	});
});

describe('when photos may be added', () => {
	it('until the car is delivered or the order cancelled', () => {
		for (const s of ['checked_in', 'in_progress', 'paused', 'final_qc', 'wash', 'ready'] as const) expect(orderClosedForPhotos(s)).toBeNull();
		expect(orderClosedForPhotos('delivered')).toMatch(/delivered/);
		expect(orderClosedForPhotos('followed_up')).toMatch(/delivered/);
		expect(orderClosedForPhotos('cancelled')).toMatch(/cancelled/);
	});

	it('up to 6 per finding and 24 for the walk-around', () => {
		expect(photoCountProblem(MAX_PHOTOS_PER_FINDING - 1, 'finding')).toBeNull();
		expect(photoCountProblem(MAX_PHOTOS_PER_FINDING, 'finding')).toBe('a finding has at most 6 photos');
		expect(photoCountProblem(MAX_WALKAROUND_PHOTOS - 1, 'walkaround')).toBeNull();
		expect(photoCountProblem(MAX_WALKAROUND_PHOTOS, 'walkaround')).toBe('the walk-around has at most 24 photos');
	});

	it('prunes what is older than the retention', () => {
		const now = Date.UTC(2026, 11, 1);
		expect(pruneBefore(now, 730)).toBe(now - 730 * 86_400_000);
	});
});

describe('the upload queue on poor Wi-Fi', () => {
	it('says where a photo goes', () => {
		expect(uploadUrl({ orderId: 7, addonId: 3, caption: '刹车片 2 mm' })).toBe('/api/v1/repair-orders/7/photos?addonId=3&caption=%E5%88%B9%E8%BD%A6%E7%89%87+2+mm');
		expect(uploadUrl({ orderId: 7, spot: 'left' })).toBe('/api/v1/repair-orders/7/photos?spot=left');
		expect(uploadUrl({ orderId: 7 })).toBe('/api/v1/repair-orders/7/photos');
	});

	it('waits longer after each failure, up to 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 7].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
	});

	it('retries a lost connection with the same Idempotency-Key, stops at a refusal with its reason', async () => {
		const sent: { url: string; key: string }[] = [];
		let failures = 1;
		const fake = (async (url: string, init: RequestInit) => {
			const key = (init.headers as Record<string, string>)['idempotency-key'];
			sent.push({ url, key });
			if (url.includes('addonId=9')) return new Response(JSON.stringify({ error: 'too_many_photos', message: 'addonId: a finding has at most 6 photos' }), { status: 409 });
			if (failures-- > 0) throw new TypeError('network down');
			return new Response(JSON.stringify({ id: 41 }), { status: 201 });
		}) as unknown as typeof fetch;
		globalThis.URL.createObjectURL ??= () => 'blob:x';
		globalThis.URL.revokeObjectURL ??= () => undefined;
		const q = new PhotoUploads(fake);
		const ok = q.add(new Blob(['x'], { type: 'image/jpeg' }), { orderId: 1, addonId: 2 });
		const refused = q.add(new Blob(['y'], { type: 'image/jpeg' }), { orderId: 1, addonId: 9 });
		await expect.poll(() => q.items.find((i) => i.localId === ok.localId)?.state, { timeout: 5000 }).toBe('done');
		await expect.poll(() => q.items.find((i) => i.localId === refused.localId)?.state, { timeout: 5000 }).toBe('refused');
		const first = sent.filter((s) => s.url.includes('addonId=2'));
		expect(first).toHaveLength(2);
		expect(first[0].key).toBe(first[1].key);
		expect(q.items.find((i) => i.localId === refused.localId)?.message).toMatch(/at most 6/);
		expect(q.pending).toBe(0);
		// Once the order lists the stored photo, the queue lets it go.
		q.settle(new Set([41]));
		expect(q.for(1, 2)).toEqual([]);
		q.close();
	});

	it('never sends a photo discarded while it waits for its retry, and refuses one over 20 MB without sending it', async () => {
		const sent: string[] = [];
		const fake = (async (url: string) => {
			sent.push(url);
			throw new TypeError('network down');
		}) as unknown as typeof fetch;
		const q = new PhotoUploads(fake);
		const wrong = q.add(new Blob(['x'], { type: 'image/jpeg' }), { orderId: 1, addonId: 2 });
		await expect.poll(() => q.items[0]?.state).toBe('retrying');
		q.discard(wrong.localId);
		const big = q.add(new Blob([new Uint8Array(20 * 1024 * 1024 + 1)], { type: 'image/jpeg' }), { orderId: 1, addonId: 3 });
		expect(big.state).toBe('refused');
		expect(big.error).toBe('body_too_large');
		await new Promise((r) => setTimeout(r, 1500));
		expect(sent).toHaveLength(1);
		expect(q.items.map((i) => i.target.addonId)).toEqual([3]);
		q.close();
	});
});
