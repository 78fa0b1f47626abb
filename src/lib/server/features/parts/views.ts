import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { PartBinsTable, PartZonesTable, PartsTable, SpecialOrderLinesTable, SpecialOrderStepsTable, SpecialOrdersTable } from './table';
import type { PartsRequestsTable } from '$lib/server/features/repair-orders/table';
import type { Stage } from '$lib/domain/repair-order';

/** What the parts screens get, derived from table.ts (the browser imports these through src/lib/live/protocol.ts). */

export type ZoneView = Flat<Camelize<Omit<Selectable<PartZonesTable>, 'store_id'>>>;
export type BinView = Flat<Camelize<Omit<Selectable<PartBinsTable>, 'store_id'>> & { zoneCode: string }>;

/** A part as search, the kiosk and the admin see it: its stock and where it lives. */
export type PartView = Flat<
	Camelize<Omit<Selectable<PartsTable>, 'store_id' | 'pinyin' | 'initials' | 'active' | 'created_at'>> & {
		binCode: string | null;
		zoneCode: string | null;
		/** on_hand below min_qty (and min_qty > 0). */
		low: boolean;
	}
>;

/** One line of a pick list: the part, its bin, and whether the picker has it in hand. */
export interface PickLineView {
	id: number;
	partId: number;
	number: string;
	barcode: string | null;
	nameZh: string;
	nameEn: string;
	unit: string;
	qty: number;
	onHand: number;
	binId: number | null;
	binCode: string | null;
	zoneCode: string | null;
	confirmedAt: number | null;
	confirmedBy: string | null;
	issuedQty: number | null;
}

/** Who may take the parts at the counter: the job's technicians who have a PIN. */
export interface ReceiverView {
	userId: number;
	name: string;
}

/**
 * A parts request as the parts room works it: the repair order, its bay, and its lines in
 * walking order through the room (bin order). No customer: the kiosk has no need of one.
 */
export type PickListView = Flat<
	Camelize<Pick<Selectable<PartsRequestsTable>, 'id' | 'note' | 'status' | 'requested_by' | 'requested_at' | 'picker_name' | 'picking_since' | 'issued_at' | 'received_by_name' | 'version'>> & {
		short: boolean;
		repairOrderId: number;
		roNumber: string;
		/** The order's stage: a list whose order was delivered or cancelled leaves the queue unpicked. */
		roStage: Stage;
		plate: string;
		model: string;
		bayCode: string | null;
		slipNumber: string | null;
		lines: PickLineView[];
		receivers: ReceiverView[];
	}
>;

export type SpecialOrderLineView = Flat<Camelize<Omit<Selectable<SpecialOrderLinesTable>, 'order_id'>>>;
export type SpecialOrderStepView = Flat<Camelize<Omit<Selectable<SpecialOrderStepsTable>, 'order_id'>>>;

/** A special order in full (the desk channel: staff who call customers). */
export type SpecialOrderView = Flat<
	Camelize<Omit<Selectable<SpecialOrdersTable>, 'store_id' | 'alert_all'>> & {
		alertAll: boolean;
		binCode: string | null;
		roNumber: string | null;
		fittedRoNumber: string | null;
		lines: SpecialOrderLineView[];
		steps: SpecialOrderStepView[];
	}
>;

/** The same order on the parts room's screens and a wall: the customer's name masked (张**), no phone. */
export type SpecialOrderBoardView = Omit<SpecialOrderView, 'customerPhone' | 'customerId'>;
