import type { Route } from '$lib/server/core/router';

// Owned by the catalogue & stock work: search, parts, bins, zones, receive/adjust/move, reorder, slow movers.
export const catalogueRoutes: Route[] = [];
export const catalogueSchemas: Record<string, unknown> = {};
