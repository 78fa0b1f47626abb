import type { Selectable } from 'kysely';
import type { Camelize, Flat } from '$lib/server/core/rows';
import type { AddonsTable, PartsRequestsTable, RepairOrderOperationsTable, RepairOrdersTable } from './table';
import type { VehiclesTable } from '$lib/server/features/customers/table';
import type { TechniciansTable } from '$lib/server/features/workshop/table';
import type { PhotoView } from '$lib/server/features/photos/views';

/**
 * What the screens get of a repair order, derived from its tables (table.ts): a column added
 * there is a field here. The browser imports these types through src/lib/live/protocol.ts.
 */

/** Columns that stay on the server: the store and the keys the view resolves. */
type Internal = 'store_id' | 'vehicle_id' | 'customer_id' | 'updated_at';
/** 0/1 columns, shown as booleans. */
type Flags = 'wash' | 'keep_old_parts';

export type OperationView = Flat<Camelize<Omit<Selectable<RepairOrderOperationsTable>, 'id' | 'repair_order_id' | 'standard_time_id' | 'sort'>>>;
export type AddonView = Flat<Camelize<Omit<Selectable<AddonsTable>, 'repair_order_id' | 'safety'>> & { safety: boolean }>;
/** A parts request's line as the tablet and the desk see it. */
export interface PartsRequestLineSummary {
	partId: number;
	number: string;
	nameZh: string;
	nameEn: string;
	unit: string;
	qty: number;
	/** Set when the slip was written: what was handed over. */
	issuedQty: number | null;
}
export type PartsRequestView = Flat<Camelize<Omit<Selectable<PartsRequestsTable>, 'repair_order_id' | 'slip_id' | 'picking_since' | 'short'>> & { short: boolean; lines: PartsRequestLineSummary[] }>;

export type CrewMember = Flat<Camelize<Pick<Selectable<TechniciansTable>, 'id' | 'name' | 'name_latin'>>>;

/** Everything staff at the service desk work with. */
export type RepairOrderView = Flat<
	Camelize<Omit<Selectable<RepairOrdersTable>, Internal | Flags>> &
		Camelize<Pick<Selectable<VehiclesTable>, 'plate' | 'model' | 'colour' | 'vin'>> & {
			wash: boolean;
			keepOldParts: boolean;
			customerName: string;
			customerPhone: string;
			operations: OperationView[];
			addons: AddonView[];
			partsRequests: PartsRequestView[];
			/** The technicians on the job (not the whole team): the board, the tablet and the desk name them. */
			technicians: CrewMember[];
			/** The customer's tags (symbol, colour, meaning): the desk only. */
			customerTags: { id: number; symbol: string; colour: string; meaningZh: string; meaningEn: string }[];
			/** The walk-around's photos (addonId null) and the findings' (the staff screens; the customer's link gets its own view). */
			photos: PhotoView[];
		}
>;

/** What a workshop wall may show: no customer, no phone, no VIN, no notes. */
export const boardFields = [
	'id', 'number', 'plate', 'model', 'colour', 'kind', 'stage', 'stageSince', 'bayId', 'teamId', 'crewSize', 'pauseReason', 'reworkCount',
	'workedMs', 'runningSince', 'promisedAt', 'checkedInAt', 'wash', 'operations', 'version', 'overdueAt', 'escalatedAt', 'technicians'
] as const satisfies readonly (keyof RepairOrderView)[];
export type RepairOrderBoardView = Pick<RepairOrderView, (typeof boardFields)[number]>;

/** What the workshop tablets get: the job in full, but not the customer's name or phone. */
export type RepairOrderTechView = Omit<RepairOrderView, 'customerName' | 'customerPhone' | 'customerTags'>;
