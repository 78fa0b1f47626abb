import type { Route } from '$lib/server/core/router';

// Owned by the picking work: pick lists, confirm (scan), issue with the receiver's PIN.
export const pickingRoutes: Route[] = [];
export const pickingSchemas: Record<string, unknown> = {};
