import type { Generated } from 'kysely';
import type { CarSpot } from '$lib/domain/photos';

/** The photos' tables (migration 2026-12-01T0700_photos). */
export interface PhotosTable {
	id: Generated<number>;
	store_id: number;
	repair_order_id: number;
	/** The finding (add-on) it shows; null: the walk-around at check-in. */
	addon_id: number | null;
	/** Where on the car (walk-around). */
	spot: CarSpot | null;
	caption: Generated<string>;
	/** Names the stored files: the SHA-256 of the upload (hex, 64). */
	file_key: string;
	/** The display size's pixels (after orientation), for the layout before the image arrives. */
	width: number;
	height: number;
	/** The display size's bytes. */
	bytes: number;
	taken_by: string;
	taken_at: number;
}

export interface PhotoSettingsTable {
	store_id: number;
	/** Photos older than this many days are pruned. */
	retention_days: Generated<number>;
	version: Generated<number>;
}

export interface PhotoTables {
	photos: PhotosTable;
	photo_settings: PhotoSettingsTable;
}
