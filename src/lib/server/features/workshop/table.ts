import type { Generated } from 'kysely';

/** The workshop's tables: bays, teams and their technicians, the standard-time catalogue. */

export const bayKinds = ['mechanical', 'alignment', 'body', 'paint'] as const;
export type BayKind = (typeof bayKinds)[number];
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

export const teamKinds = ['mechanical', 'body', 'paint'] as const;
export type TeamKind = (typeof teamKinds)[number];
export interface TeamsTable {
	id: Generated<number>;
	store_id: number;
	code: string;
	name_zh: string;
	name_en: string;
	kind: TeamKind;
	version: Generated<number>;
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
	version: Generated<number>;
}

export interface WorkshopTables {
	bays: BaysTable;
	teams: TeamsTable;
	technicians: TechniciansTable;
	standard_times: StandardTimesTable;
}
