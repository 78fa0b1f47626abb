import type { Generated, Insertable, Selectable } from 'kysely';
import type { AccessTables } from '$lib/server/features/access/table';
import type { WorkshopTables } from '$lib/server/features/workshop/table';
import type { RepairOrderTables } from '$lib/server/features/repair-orders/table';

export interface StoresTable {
	id: Generated<number>;
	code: string;
	name_zh: string;
	name_en: string;
	time_zone: Generated<string>;
	/** CNY per hour for one technician: the labour estimate a customer sees on an add-on. */
	labour_rate: Generated<number>;
	created_at: number;
}

export interface EventsTable {
	seq: Generated<number>;
	store_id: number;
	at: number;
	actor_kind: string;
	actor_id: string | null;
	actor_name: string;
	type: string;
	subject_kind: string;
	subject_id: number;
	payload: string;
}

export interface CommandKeysTable {
	store_id: number;
	key: string;
	command: string;
	result: string;
	created_at: number;
}

export interface MetaTable {
	key: string;
	value: string;
}

/** Every table: the core's here, each feature's in its own folder (one line per feature). */
export interface Database extends CoreTables, AccessTables, WorkshopTables, RepairOrderTables {}

interface CoreTables {
	stores: StoresTable;
	events: EventsTable;
	command_keys: CommandKeysTable;
	meta: MetaTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
