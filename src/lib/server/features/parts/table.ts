import type { Generated } from 'kysely';

/**
 * The parts room's tables: the one place their columns are written. Money is in fen (CNY/100),
 * quantities in the part's own unit (whole pieces, litres). Bins are drawn as a plan of the room
 * from zone → rack → shelf → position; the code is what is painted on the shelf (A-1-3).
 */

export const zoneKinds = ['common', 'sheet_metal', 'fluids', 'other'] as const;
export type ZoneKind = (typeof zoneKinds)[number];

export interface PartZonesTable {
	id: Generated<number>;
	store_id: number;
	/** One or two letters, painted on the wall: A, B. */
	code: string;
	name_zh: string;
	name_en: string;
	kind: ZoneKind;
	sort: Generated<number>;
	version: Generated<number>;
}

export interface PartBinsTable {
	id: Generated<number>;
	store_id: number;
	zone_id: number;
	/** As on the label and the shelf: A-1-3. Unique in a store. */
	code: string;
	/** The rack in its zone (1, 2, …), left to right on the plan. */
	rack: number;
	/** The shelf on its rack, 1 at the floor. */
	shelf: number;
	/** Left to right on its shelf. */
	position: Generated<number>;
	version: Generated<number>;
}

export interface PartsTable {
	id: Generated<number>;
	store_id: number;
	/** The maker's part number (OEM style), unique in a store. */
	number: string;
	/** What the scanner reads when it is not the number itself (an EAN on the box). */
	barcode: string | null;
	name_zh: string;
	name_en: string;
	/** Written by the server from name_zh: full pinyin without tones and its initials (jilvqi, jlq). */
	pinyin: string;
	initials: string;
	/** The vehicle models it fits, as the DMS writes them ("Camry 2.0 / RAV4"). */
	models: Generated<string>;
	unit: Generated<string>;
	/** Selling price per unit, fen. */
	price: Generated<number>;
	/** Below this the part is on the reorder list (0: never). */
	min_qty: Generated<number>;
	bin_id: number | null;
	on_hand: Generated<number>;
	last_issued_at: number | null;
	active: Generated<number>;
	created_at: number;
	version: Generated<number>;
}

export const movementKinds = ['receive', 'adjust', 'issue', 'move', 'import'] as const;
export type MovementKind = (typeof movementKinds)[number];

/** Every change of stock or place, with who did it: the slow-mover and value figures read it. */
export interface StockMovementsTable {
	id: Generated<number>;
	store_id: number;
	part_id: number;
	kind: MovementKind;
	/** Signed change of on_hand (0 for a move). */
	qty: number;
	on_hand_after: number;
	from_bin_id: number | null;
	to_bin_id: number | null;
	reason: string | null;
	repair_order_id: number | null;
	slip_id: number | null;
	actor_id: string | null;
	actor_name: string;
	at: number;
}

/** A parts request's parts (the technician chose them, or the picker added them to a note). */
export interface PartsRequestLinesTable {
	id: Generated<number>;
	request_id: number;
	part_id: number;
	qty: number;
	/** Scanned or tapped at the shelf: the right part is in hand. */
	confirmed_at: number | null;
	confirmed_by: string | null;
	/** What was handed over when the slip was written (less than qty when short). */
	issued_qty: number | null;
}

/** The issue slip (出库单): what left the parts room for a repair order, and who took it. */
export interface IssueSlipsTable {
	id: Generated<number>;
	store_id: number;
	/** CK + store day + a counter: CK20261130-003. */
	number: string;
	repair_order_id: number;
	request_id: number;
	issued_by_id: string | null;
	issued_by_name: string;
	received_by_id: number;
	received_by_name: string;
	/** Sum of the lines at their prices, fen: the manager's parts revenue. */
	total: number;
	issued_at: number;
}

export interface IssueSlipLinesTable {
	id: Generated<number>;
	slip_id: number;
	part_id: number;
	number: string;
	name_zh: string;
	name_en: string;
	qty: number;
	unit_price: number;
}

export const specialOrderSteps = ['draft', 'registered', 'reviewed', 'ordered', 'arrived', 'advisor_notified', 'customer_informed', 'visit_agreed', 'fitted', 'cancelled'] as const;
export type SpecialOrderStep = (typeof specialOrderSteps)[number];

/** A part ordered for one customer's car: registered → … → fitted, every step with its owner and time. */
export interface SpecialOrdersTable {
	id: Generated<number>;
	store_id: number;
	/** DD + store day + a counter: DD20261130-01. */
	number: string;
	step: SpecialOrderStep;
	customer_id: number | null;
	customer_name: string;
	customer_phone: string | null;
	plate: string;
	model: string;
	/** The order it was raised from (a shortage at the counter), if any. */
	repair_order_id: number | null;
	/** The order it was fitted on. */
	fitted_repair_order_id: number | null;
	/** The advisor who owns the customer (users.id). */
	advisor_id: number | null;
	advisor_name: string;
	supplier_ref: string | null;
	/** YYYY-MM-DD in the store's zone. */
	expected_date: string | null;
	bin_id: number | null;
	visit_date: string | null;
	note: Generated<string>;
	/** Arrived while its advisor was off duty: every advisor's desk is told. */
	alert_all: Generated<number>;
	cancel_reason: string | null;
	step_since: number;
	created_at: number;
	version: Generated<number>;
}

export interface SpecialOrderLinesTable {
	id: Generated<number>;
	order_id: number;
	part_id: number | null;
	number: string;
	name: string;
	qty: number;
}

/** Each step an order took: who, when (its history and the owner of each step). */
export interface SpecialOrderStepsTable {
	id: Generated<number>;
	order_id: number;
	step: SpecialOrderStep;
	at: number;
	actor_id: string | null;
	actor_name: string;
	note: string | null;
}

export interface PartsTables {
	part_zones: PartZonesTable;
	part_bins: PartBinsTable;
	parts: PartsTable;
	stock_movements: StockMovementsTable;
	parts_request_lines: PartsRequestLinesTable;
	issue_slips: IssueSlipsTable;
	issue_slip_lines: IssueSlipLinesTable;
	special_orders: SpecialOrdersTable;
	special_order_lines: SpecialOrderLinesTable;
	special_order_steps: SpecialOrderStepsTable;
}
