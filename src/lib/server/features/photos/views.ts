import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { PhotosTable } from './table';

/**
 * A photo as the staff screens get it, on its order's view: no file names, no bytes. The image
 * itself is fetched by id from an endpoint that checks who is asking (api.ts).
 */
export type PhotoView = Flat<Camelize<Pick<Selectable<PhotosTable>, 'id' | 'addon_id' | 'spot' | 'caption' | 'width' | 'height' | 'taken_by' | 'taken_at'>>>;

/** The columns a PhotoView is read from. */
export const photoColumns = ['id', 'addon_id', 'spot', 'caption', 'width', 'height', 'taken_by', 'taken_at'] as const;
