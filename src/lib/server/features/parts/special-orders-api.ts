import type { Route } from '$lib/server/core/router';

// Owned by the special-orders work.
export const specialOrderRoutes: Route[] = [];
export const specialOrderSchemas: Record<string, unknown> = {};
