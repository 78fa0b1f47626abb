import type { Generated } from 'kysely';

/** Customer care's tables (migration 2026-12-01T0400_care). */
export interface CareSettingsTable {
	store_id: number;
	/** Visits booked at the same time at most (the advisors who receive them). */
	booking_capacity: Generated<number>;
	/** A booked visit's length, minutes. */
	booking_minutes: Generated<number>;
	/** "Due soon": a first or second service within this many days. */
	soon_days: Generated<number>;
	version: Generated<number>;
}

export interface ServicePlansTable {
	id: Generated<number>;
	store_id: number;
	/** '' the store's default; else the brand or model a car's model starts with. */
	prefix: string;
	first_months: number;
	first_km: number;
	second_months: number;
	second_km: number;
	first_code: string;
	second_code: string;
	version: Generated<number>;
}

export interface CustomerTagsTable {
	id: Generated<number>;
	store_id: number;
	symbol: string;
	/** CSS colour token name (e.g. 'green', 'red', 'amber', 'blue', 'grey'). */
	colour: string;
	meaning_zh: string;
	meaning_en: string;
	sort: Generated<number>;
	retired: Generated<number>;
	version: Generated<number>;
}

export interface CustomerTagLinksTable {
	customer_id: number;
	tag_id: number;
}

export interface CareCallsTable {
	id: Generated<number>;
	store_id: number;
	customer_id: number;
	vehicle_id: number | null;
	reason: string;
	outcome: 'reached' | 'no_answer' | 'booked' | 'declined' | 'wrong_number' | 'do_not_contact';
	note: Generated<string>;
	at: number;
	day: string;
	actor_id: number | null;
	actor_name: string;
}

export interface AppointmentsTable {
	id: Generated<number>;
	store_id: number;
	customer_id: number;
	vehicle_id: number;
	advisor_id: number | null;
	start_at: number;
	end_at: number;
	day: string;
	/** JSON string[]: catalogue codes. */
	operations: Generated<string>;
	note: Generated<string>;
	status: Generated<'booked' | 'arrived' | 'cancelled' | 'no_show'>;
	source: 'care' | 'special_order' | 'desk';
	special_order_id: number | null;
	repair_order_id: number | null;
	created_at: number;
	created_by_name: string;
	cancel_reason: string | null;
	version: Generated<number>;
}

/** Held by an erasure inside its own transaction: the one time an event's payload may be rewritten (migration 2026-12-01T0500_erasure). */
export interface ErasureLockTable {
	store_id: number;
}

export interface CareTables {
	erasure_lock: ErasureLockTable;
	care_settings: CareSettingsTable;
	service_plans: ServicePlansTable;
	customer_tags: CustomerTagsTable;
	customer_tag_links: CustomerTagLinksTable;
	care_calls: CareCallsTable;
	appointments: AppointmentsTable;
}
