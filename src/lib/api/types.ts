/**
 * What the JSON API answers, as the screens read it. Shared, not server code: the server's
 * routes (src/lib/server/features/*) may import these to annotate what they return.
 */
import type { Stage } from '$lib/domain/repair-order';

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
	checkedInAt: string;
	stage: Stage;
}

/** GET /api/v1/vehicles/lookup?plate= */
export interface VehicleLookup {
	vehicle: { plate: string; vin: string | null; model: string; colour: string | null };
	customer: { name: string; phone: string; tags: string };
	visits: VisitSummary[];
}
