import type { Route } from '$lib/server/core/router';

// Owned by the equipment server work (placeholder until it lands).
export const equipmentRoutes: Route[] = [];
