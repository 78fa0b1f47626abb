import type { Generated } from 'kysely';

/** The workshop's tables: bays, teams and their technicians, the standard-time catalogue. */

export type BayKind = 'mechanical' | 'alignment' | 'body' | 'paint';
export interface BaysTable {
	id: Generated<number>;
	store_id: number;
	code: string;
	name_zh: string;
	name_en: string;
	kind: BayKind;
	in_service: Generated<number>;
	out_of_service_reason: string | null;
	sort: Generated<number>;
	version: Generated<number>;
}

export type TeamKind = 'mechanical' | 'body' | 'paint';
export interface TeamsTable {
	id: Generated<number>;
	store_id: number;
	code: string;
	name_zh: string;
	name_en: string;
	kind: TeamKind;
}

export interface TechniciansTable {
	id: Generated<number>;
	store_id: number;
	team_id: number;
	name: string;
	name_latin: string | null;
	is_leader: Generated<number>;
	active: Generated<number>;
}

export interface StandardTimesTable {
	id: Generated<number>;
	store_id: number;
	code: string;
	name_zh: string;
	name_en: string;
	category: string;
	minutes_1: number;
	minutes_2: number;
}

export interface WorkshopTables {
	bays: BaysTable;
	teams: TeamsTable;
	technicians: TechniciansTable;
	standard_times: StandardTimesTable;
}
