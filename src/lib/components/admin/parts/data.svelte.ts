import type { ApiError } from '$lib/api/client';
import { readBins, searchParts, type BinView, type PartView, type ZoneView } from './api';

/** How many parts a search shows on /admin (the list is for finding one, not for reading 20,000). */
export const PART_LIMIT = 50;

/**
 * What the parts room section of /admin holds, read from the JSON API in the browser: the zones
 * and bins (all of them: a few hundred), and the parts a search found.
 */
export class PartsRoom {
	zones = $state<ZoneView[]>([]);
	bins = $state<BinView[]>([]);
	parts = $state<PartView[]>([]);
	query = $state('');
	loaded = $state({ bins: false, parts: false });
	failed = $state<{ bins?: ApiError; parts?: ApiError }>({});
	#searchId = 0;

	async reloadBins(): Promise<void> {
		const r = await readBins();
		if (r.ok) {
			this.zones = r.data.zones;
			this.bins = r.data.bins;
			delete this.failed.bins;
		} else this.failed.bins = r.error;
		this.loaded.bins = true;
	}

	/** The parts that match `query` (its latest answer wins); none before a search. */
	async reloadParts(): Promise<void> {
		const id = ++this.#searchId;
		if (!this.query.trim()) {
			this.parts = [];
			this.loaded.parts = true;
			return;
		}
		const r = await searchParts(this.query.trim(), PART_LIMIT);
		if (id !== this.#searchId) return;
		if (r.ok) {
			this.parts = r.data.items;
			delete this.failed.parts;
		} else this.failed.parts = r.error;
		this.loaded.parts = true;
	}

	async reloadAll(): Promise<void> {
		await Promise.all([this.reloadBins(), this.reloadParts()]);
	}

	zoneOf(bin: BinView): ZoneView | undefined {
		return this.zones.find((z) => z.id === bin.zoneId);
	}
}
