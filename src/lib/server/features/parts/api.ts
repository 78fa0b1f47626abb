import type { Route } from '$lib/server/core/router';
import { catalogueRoutes, catalogueSchemas } from './catalogue-api';
import { pickingRoutes, pickingSchemas } from './picking-api';
import { specialOrderRoutes, specialOrderSchemas } from './special-orders-api';
import { partsCsvRoutes } from './csv-api';

/** The parts room's JSON API: the catalogue and stock, picking, special orders, CSV. */
// CSV first: POST /parts/import and /part-bins/import must not be taken for POST /parts/:id.
export const partsRoutes: Route[] = [...partsCsvRoutes, ...catalogueRoutes, ...pickingRoutes, ...specialOrderRoutes];
export const partsSchemas: Record<string, unknown> = { ...catalogueSchemas, ...pickingSchemas, ...specialOrderSchemas };
