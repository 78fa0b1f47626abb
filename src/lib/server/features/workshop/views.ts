import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { BaysTable, TeamsTable, TechniciansTable } from './table';

/** Bays and teams as the staff screens get them, derived from table.ts. */

export type BayView = Flat<Camelize<Omit<Selectable<BaysTable>, 'store_id' | 'in_service'>> & { inService: boolean }>;

export type TechnicianView = Flat<Camelize<Pick<Selectable<TechniciansTable>, 'id' | 'name' | 'name_latin'>> & { isLeader: boolean }>;

export type TeamView = Flat<Camelize<Omit<Selectable<TeamsTable>, 'store_id'>> & { technicians: TechnicianView[] }>;
