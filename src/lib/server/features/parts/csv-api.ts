import type { Route } from '$lib/server/core/router';

// Owned by the CSV/labels work: parts, bins and stock as CSV (export, preview, import).
export const partsCsvRoutes: Route[] = [];
