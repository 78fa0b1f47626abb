import type { Generated, Insertable, Selectable } from 'kysely';
import type { AccessTables } from '$lib/server/features/access/table';
import type { WorkshopTables } from '$lib/server/features/workshop/table';
import type { RepairOrderTables } from '$lib/server/features/repair-orders/table';
import type { PartsTables } from '$lib/server/features/parts/table';
import type { EquipmentTables } from '$lib/server/features/equipment/table';
import type { KpiTables } from '$lib/server/features/kpi/table';
import type { CallTables } from '$lib/server/features/calls/table';
import type { CareTables } from '$lib/server/features/care/table';
import type { CustomerTables } from '$lib/server/features/customers/table';
import type { PhotoTables } from '$lib/server/features/photos/table';

export interface StoresTable {
	id: Generated<number>;
	code: string;
	name_zh: string;
	name_en: string;
	time_zone: Generated<string>;
	/** CNY per hour for one technician: the labour estimate a customer sees on an add-on. */
	labour_rate: Generated<number>;
	created_at: number;
	/** Opening hours, HH:MM in the store's zone. */
	opens_at: Generated<string>;
	closes_at: Generated<string>;
	/** Seconds a call may wait for "on my way" before it escalates to the supervisor; a safety call's. */
	call_ack_seconds: Generated<number>;
	call_safety_seconds: Generated<number>;
	/** The screens' language unless a screen chose its own. */
	language: Generated<string>;
	version: Generated<number>;
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

/** A command's answer under its caller's Idempotency-Key, for 24 hours (core/commands.ts). */
export interface IdempotencyKeysTable {
	store_id: number;
	/** Who sent it: `user:12`, `token:3`, `customer:29`. */
	caller: string;
	key: string;
	command: string;
	/** SHA-256 of the command and its input: the same key with another request is refused. */
	fingerprint: string;
	result: string;
	created_at: number;
}

export interface MetaTable {
	key: string;
	value: string;
}

/** Every table: the core's here, each feature's in its own folder (one line per feature). */
export interface Database extends CoreTables, AccessTables, WorkshopTables, RepairOrderTables, PartsTables, EquipmentTables, KpiTables, CallTables, CustomerTables, CareTables, PhotoTables {}

interface CoreTables {
	stores: StoresTable;
	events: EventsTable;
	idempotency_keys: IdempotencyKeysTable;
	meta: MetaTable;
	attempts: AttemptsTable;
}

/** One failed attempt (a bad customer link, a wrong set-up code) against a limit (core/limiter.ts). */
export interface AttemptsTable {
	scope: string;
	key: string;
	at: number;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
