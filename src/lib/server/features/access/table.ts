import type { ColumnType, Generated } from 'kysely';

/** Access: staff and their sessions, sign-in failures, wall screens and their pairing, API tokens. */

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
	version: Generated<number>;
}

export interface SessionsTable {
	token_hash: string;
	user_id: number;
	device_kind: 'desk' | 'tablet' | 'kiosk';
	created_at: number;
	last_seen_at: number;
	ended_at: number | null;
	/** The store the session is in now, when a group's person entered another (null: their own). */
	store_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The stores a group manager may enter besides their own (a group admin enters every store). */
export interface UserStoresTable {
	user_id: number;
	store_id: number;
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
	/** 1: a bay board that speaks each new call (issue 17, calls feature); 0 by default. */
	speech: Generated<number>;
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

/** A device where a person signed in with the right PIN (the device's random cookie id). */
export interface KnownDevicesTable {
	user_id: number;
	device: string;
	last_signin_at: number;
}

export interface AccessTables {
	known_devices: KnownDevicesTable;
	users: UsersTable;
	user_stores: UserStoresTable;
	sessions: SessionsTable;
	signin_failures: SigninFailuresTable;
	displays: DisplaysTable;
	pairing_requests: PairingRequestsTable;
	api_tokens: ApiTokensTable;
}
