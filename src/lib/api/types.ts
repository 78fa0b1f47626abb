/**
 * What the JSON API answers, as the screens read it. Shared, not server code: the server's
 * routes (src/lib/server/features/*) may import these to annotate what they return.
 */
import type { Stage } from '$lib/domain/repair-order';
import type { Role } from '$lib/domain/permissions';

/** A refusal (400/401/403/404/409/413): what went wrong, in which field, and for a 409 what stands now. */
export interface ApiError {
	error: string;
	message: string;
	field?: string;
	allowedActions?: string[];
	currentVersion?: number;
	changedBy?: string | null;
	/** A refused transition: the stage the order is in now. */
	stage?: Stage;
	[k: string]: unknown;
}

/** A standard time from the catalogue (GET /api/v1/standard-times → { items }). */
export interface CatalogueItem {
	code: string;
	nameZh: string;
	nameEn: string;
	category: string;
	minutes1: number;
	minutes2: number;
}

/** An operation that is not in the catalogue, as the API takes it (check-in, add-on). */
export interface FreeOperation {
	nameZh: string;
	nameEn: string;
	minutes1: number;
	minutes2: number;
}

/** GET /api/v1/promise: the suggested promised completion. */
export interface PromiseSuggestion {
	standardMinutes: number;
	queueAhead: number;
	startAt: string;
	promisedAt: string;
}

/** A visit in a vehicle's history (GET /api/v1/vehicles/lookup). */
export interface VisitSummary {
	number: string;
	checkedInAt: string | null;
	stage: Stage;
}

/** GET /api/v1/vehicles/lookup?plate= */
export interface VehicleLookup {
	vehicle: { plate: string; vin: string | null; model: string; colour: string | null; lastMileage: number | null };
	customer: { name: string; phone: string; tags: string };
	visits: VisitSummary[];
	/** Add-ons the customer declined in the last year (safety first, then newest; at most 5), to raise again. */
	declined: DeclinedWorkView[];
}

/** Work declined on an earlier visit, with up to three of its photos (/api/v1/photos/:id/thumb). */
export interface DeclinedWorkView {
	finding: string;
	safety: boolean;
	number: string;
	declinedAt: string | null;
	photos: { id: number; caption: string; width: number; height: number }[];
}

/* Master data a store sets up in /admin (issue 13): the store, staff, teams, bays, the catalogue. */

export type LanguageCode = 'zh-CN' | 'en';

/** GET /api/v1/store */
export interface StoreSettingsView {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	timeZone: string;
	/** CNY per hour. */
	labourRate: number;
	language: LanguageCode;
	/** HH:MM, store time. */
	opensAt: string;
	closesAt: string;
	/** Calls (issue 17): seconds an unanswered call waits before it escalates, and a safety call's. */
	callAckSeconds: number;
	callSafetySeconds: number;
	version: number;
}
export type StoreChange = Partial<Omit<StoreSettingsView, 'id' | 'code' | 'version'>> & { expectedVersion: number };

/** A person on the staff list (GET /api/v1/staff → { items }). */
export interface StaffMember {
	id: number;
	name: string;
	nameLatin: string | null;
	role: Role;
	teamId: number | null;
	active: boolean;
	version: number;
}
export interface NewStaffMember {
	name: string;
	nameLatin?: string;
	role: StaffMember['role'];
	teamId?: number | null;
	pin: string;
}
export type StaffChange = { expectedVersion: number; name?: string; nameLatin?: string | null; role?: StaffMember['role']; teamId?: number | null };

export type TeamKindCode = 'mechanical' | 'body' | 'paint';
/** GET /api/v1/teams → { items } */
export interface TeamItem {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	kind: TeamKindCode;
	technicians: { id: number; name: string; nameLatin: string | null; isLeader?: boolean }[];
	version: number;
}
export type NewTeam = Pick<TeamItem, 'code' | 'nameZh' | 'nameEn' | 'kind'>;

export type BayKindCode = 'mechanical' | 'alignment' | 'body' | 'paint';
/** GET /api/v1/bays → { items } */
export interface BayItem {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	kind: BayKindCode;
	inService: boolean;
	outOfServiceReason: string | null;
	sort: number;
	version: number;
	/** The order on the bay now. */
	heldBy: { id: number; number?: string; plate?: string } | null;
}
export type NewBay = Pick<BayItem, 'code' | 'nameZh' | 'nameEn' | 'kind'> & { sort?: number };

/** POST /api/v1/{staff,standard-times}/import: one row of the file and what applying it would do. */
export interface ImportRow {
	line: number;
	action: 'create' | 'update' | 'unchanged' | 'error';
	key: string;
	errors: { field: string; message: string }[];
}
export interface ImportResult {
	applied: boolean;
	/** How the file was read: utf-8, utf-8 with BOM, gbk. */
	encoding?: string;
	rows: ImportRow[];
}

/* A dealer group (issue 20): the stores one may be in, the group's people. */

export interface StoreChoice {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	timeZone: string;
}

export interface NewStore {
	code: string;
	nameZh: string;
	nameEn: string;
	timeZone: string;
}

export type GroupRoleCode = 'group_manager' | 'group_admin';

export interface GroupPerson {
	id: number;
	name: string;
	nameLatin: string | null;
	role: GroupRoleCode;
	homeStoreId: number;
	storeIds: number[];
	active: boolean;
	version: number;
}

export interface NewGroupPerson {
	name: string;
	nameLatin?: string;
	role: GroupRoleCode;
	storeIds: number[];
	pin: string;
}
