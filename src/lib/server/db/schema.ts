import type { Generated, Insertable, Selectable } from 'kysely';

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

export interface CustomersTable {
	id: Generated<number>;
	store_id: number;
	name: string;
	phone: string;
	tags: Generated<string>;
	created_at: number;
}

export interface VehiclesTable {
	id: Generated<number>;
	store_id: number;
	customer_id: number;
	plate: string;
	vin: string | null;
	model: string;
	colour: string | null;
}

export interface RepairOrdersTable {
	id: Generated<number>;
	store_id: number;
	number: string;
	vehicle_id: number;
	customer_id: number;
	kind: 'maintenance' | 'repair' | 'accident';
	stage: string;
	bay_id: number | null;
	team_id: number | null;
	crew_size: number | null;
	pause_reason: string | null;
	pause_note: string | null;
	rework_count: Generated<number>;
	wash: Generated<number>;
	keep_old_parts: Generated<number>;
	payment_method: Generated<string>;
	concerns: Generated<string>;
	promised_at: number | null;
	checked_in_at: number;
	worked_ms: Generated<number>;
	running_since: number | null;
	stage_since: number;
	cancel_reason: string | null;
	version: Generated<number>;
	updated_at: number;
	pickup_at: number | null;
	ready_at: number | null;
	delivered_at: number | null;
	next_service_date: string | null;
	next_service_mileage: number | null;
	follow_up_time: string | null;
	follow_up_outcome: string | null;
	last_qc_fail_reason: string | null;
	overdue_at: number | null;
	escalated_at: number | null;
	/** The ready time the advisor confirmed to the customer when the job slipped past its promise. */
	announced_ready_at: number | null;
	team_recommendations: string | null;
	team_checked_by: string | null;
	team_checked_at: number | null;
}

export interface RepairOrderOperationsTable {
	id: Generated<number>;
	repair_order_id: number;
	standard_time_id: number | null;
	code: string | null;
	name_zh: string;
	name_en: string;
	minutes_1: number;
	minutes_2: number;
	status: Generated<'active' | 'pending' | 'declined'>;
	sort: Generated<number>;
	addon_id: number | null;
}

export interface AddonsTable {
	id: Generated<number>;
	repair_order_id: number;
	finding: string;
	safety: Generated<number>;
	status: Generated<'pending' | 'approved' | 'declined'>;
	raised_by: string;
	raised_at: number;
	decided_by: string | null;
	decided_via: string | null;
	decided_at: number | null;
}

export interface PartsRequestsTable {
	id: Generated<number>;
	repair_order_id: number;
	note: string;
	status: Generated<'open' | 'issued'>;
	requested_by: string;
	requested_at: number;
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

export interface Database {
	stores: StoresTable;
	bays: BaysTable;
	teams: TeamsTable;
	technicians: TechniciansTable;
	standard_times: StandardTimesTable;
	customers: CustomersTable;
	vehicles: VehiclesTable;
	repair_orders: RepairOrdersTable;
	repair_order_operations: RepairOrderOperationsTable;
	events: EventsTable;
	command_keys: CommandKeysTable;
	meta: MetaTable;
	users: UsersTable;
	sessions: SessionsTable;
	signin_failures: SigninFailuresTable;
	displays: DisplaysTable;
	pairing_requests: PairingRequestsTable;
	api_tokens: ApiTokensTable;
	addons: AddonsTable;
	parts_requests: PartsRequestsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;

export interface UsersTable {
	id: Generated<number>;
	store_id: number;
	name: string;
	name_latin: string | null;
	role: string;
	team_id: number | null;
	technician_id: number | null;
	pin_hash: string;
	active: Generated<number>;
	created_at: number;
}

export interface SessionsTable {
	token_hash: string;
	user_id: number;
	device_kind: 'desk' | 'tablet' | 'kiosk';
	created_at: number;
	last_seen_at: number;
	ended_at: number | null;
}

export interface SigninFailuresTable {
	key: string;
	store_id: number;
	user_id: number | null;
	device: string;
	failures: Generated<number>;
	last_failed_at: number;
	locked_at: number | null;
}

export interface DisplaysTable {
	id: Generated<number>;
	store_id: number;
	name: string;
	board: string;
	language: Generated<string>;
	key_hash: string | null;
	paired_at: number | null;
	last_seen_at: number | null;
	revoked_at: number | null;
	created_at: number;
}

export interface PairingRequestsTable {
	id: Generated<number>;
	code_hash: string;
	claim_hash: string;
	address: string;
	created_at: number;
	expires_at: number;
	display_id: number | null;
	claimed_at: number | null;
}

export interface ApiTokensTable {
	id: Generated<number>;
	store_id: number;
	name: string;
	scope: 'read' | 'write';
	token_hash: string;
	prefix: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
}
