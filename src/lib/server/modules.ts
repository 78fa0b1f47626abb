import type { AnyEntityDef } from './core/module';
import { access } from './features/access';
import { store } from './features/store';
import { workshop } from './features/workshop';
import { repairOrders } from './features/repair-orders';
import { parts } from './features/parts';
import { equipment } from './features/equipment';
import { kpi } from './features/kpi';
import { calls } from './features/calls';
import { customers } from './features/customers';
import { care } from './features/care';
import { photos } from './features/photos';

/**
 * Every feature of Pitwall. The core (command execution, the live hub, the JSON API router,
 * the OpenAPI document, background jobs) loops over this list; a new feature is its folder
 * under features/ and one line here (and its tables in db/schema.ts, its migration in
 * db/migrations). See docs/architecture.md.
 */
export const modules = [store, access, workshop, repairOrders, parts, equipment, kpi, calls, customers, care, photos] as const;

/** Every entity kind on the live channels, from every module. */
export const entities: readonly AnyEntityDef[] = modules.flatMap((m): readonly AnyEntityDef[] => m.entities);

/** The live protocol's entity types come from here (src/lib/live/protocol.ts). */
export type EntityDefs = (typeof modules)[number]['entities'][number];
