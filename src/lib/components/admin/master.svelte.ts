import { getStore, listBays, listCatalogue, listStaff, listTeams, type ApiError, type ApiResult } from '$lib/api/client';
import type { BayItem, CatalogueItem, StaffMember, StoreSettingsView, TeamItem } from '$lib/api/types';

export type MasterPart = 'store' | 'staff' | 'teams' | 'bays' | 'catalogue';
export const masterParts: readonly MasterPart[] = ['store', 'staff', 'teams', 'bays', 'catalogue'];

/**
 * The store's master data as /admin shows it, read from the JSON API in the browser (never during
 * the server render). Each section reloads what it changed; teams and bays reload together with
 * staff because a technician's team and a bay's car show on each other's lists.
 */
export class MasterData {
	store = $state<StoreSettingsView | null>(null);
	staff = $state<StaffMember[]>([]);
	teams = $state<TeamItem[]>([]);
	bays = $state<BayItem[]>([]);
	catalogue = $state<CatalogueItem[]>([]);
	/** Which lists have been read at least once. */
	loaded = $state<Partial<Record<MasterPart, boolean>>>({});
	/** A list that could not be read, and why. */
	failed = $state<Partial<Record<MasterPart, ApiError>>>({});

	async reload(...parts: MasterPart[]): Promise<void> {
		await Promise.all((parts.length ? parts : masterParts).map((p) => this.#read(p)));
	}

	async #read(part: MasterPart): Promise<void> {
		const take = <T>(r: ApiResult<T>, set: (data: T) => void) => {
			if (r.ok) {
				set(r.data);
				delete this.failed[part];
			} else this.failed[part] = r.error;
			this.loaded[part] = true;
		};
		switch (part) {
			case 'store':
				return take(await getStore(), (d) => (this.store = d));
			case 'staff':
				return take(await listStaff(), (d) => (this.staff = d.items));
			case 'teams':
				return take(await listTeams(), (d) => (this.teams = d.items));
			case 'bays':
				return take(await listBays(), (d) => (this.bays = [...d.items].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))));
			case 'catalogue':
				return take(await listCatalogue(), (d) => (this.catalogue = [...d.items].sort((a, b) => a.category.localeCompare(b.category) || a.code.localeCompare(b.code))));
		}
	}

	teamName(id: number | null, en: boolean): string {
		const t = this.teams.find((x) => x.id === id);
		return t ? `${t.code} ${en ? t.nameEn : t.nameZh}` : '';
	}
}
