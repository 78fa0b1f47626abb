import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { BayLiftView } from '$lib/server/features/equipment/views';
import type { BaysTable, TeamsTable, TechniciansTable } from './table';

/** Bays and teams as the staff screens get them, derived from table.ts. */

/** A bay, with the lifts standing in it (and their safety tasks): whether it can take a car is `bayHold(bay.lifts, …)` in domain/equipment.ts. */
export type BayView = Flat<Camelize<Omit<Selectable<BaysTable>, 'store_id' | 'in_service'>> & { inService: boolean; lifts: BayLiftView[] }>;

export type TechnicianView = Flat<Camelize<Pick<Selectable<TechniciansTable>, 'id' | 'name' | 'name_latin'>> & { isLeader: boolean }>;

export type TeamView = Flat<Camelize<Omit<Selectable<TeamsTable>, 'store_id'>> & { technicians: TechnicianView[] }>;
