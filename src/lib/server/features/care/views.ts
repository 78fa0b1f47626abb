import type { CareOutcome, QueueStanding, ServiceDue, VisitStatus } from '$lib/domain/care';

/** A customer tag the store defined (symbol, colour, meaning). Staff screens only. */
export interface TagView {
	id: number;
	symbol: string;
	colour: string;
	meaningZh: string;
	meaningEn: string;
	sort: number;
	retired: boolean;
	version: number;
}

export type TagRef = Pick<TagView, 'id' | 'symbol' | 'colour' | 'meaningZh' | 'meaningEn'>;

export const careLists = ['due_soon', 'overdue', 'at_risk', 'lost', 'follow_up'] as const;
export type CareList = (typeof careLists)[number];

/** A care call as the lists show it (the last few of a customer). */
export interface CareCallView {
	id: number;
	reason: string;
	outcome: CareOutcome;
	note: string;
	at: number;
	actorName: string;
}

/** One line of a care list: a customer (and the car it is about), why they are listed, what happened before. */
export interface CareRow {
	list: CareList;
	customerId: number;
	name: string;
	phone: string;
	tags: TagRef[];
	vehicleId: number | null;
	plate: string | null;
	model: string | null;
	/** The car's sale day (null: unknown, so no first or second service is scheduled for it). */
	saleDay: string | null;
	/** The car's next first or second service (due_soon, overdue). */
	service: ServiceDue | null;
	/** The last day a car of theirs came in (store day), null if never. */
	lastVisitDay: string | null;
	visit: VisitStatus | null;
	/** A delivered order waiting for its follow-up call (follow_up). */
	repairOrderId: number | null;
	repairOrderNumber: string | null;
	deliveredAt: number | null;
	/** The latest calls first (at most 3). */
	calls: CareCallView[];
	standing: QueueStanding;
}

/** A booked visit (the desk's bookings, the care lists). Names and phones: staff with the desk channel only. */
export interface AppointmentView {
	id: number;
	customerId: number;
	customerName: string;
	phone: string;
	tags: TagRef[];
	vehicleId: number;
	plate: string;
	model: string;
	advisorId: number | null;
	advisorName: string | null;
	startAt: number;
	endAt: number;
	day: string;
	operations: { code: string; nameZh: string; nameEn: string }[];
	note: string;
	status: 'booked' | 'arrived' | 'cancelled' | 'no_show';
	source: 'care' | 'special_order' | 'desk';
	specialOrderId: number | null;
	repairOrderId: number | null;
	createdByName: string;
	createdAt: number;
	version: number;
}

export interface CareSettingsView {
	bookingCapacity: number;
	bookingMinutes: number;
	soonDays: number;
	version: number;
}

export interface ServicePlanView {
	id: number;
	prefix: string;
	firstMonths: number;
	firstKm: number;
	secondMonths: number;
	secondKm: number;
	firstCode: string;
	secondCode: string;
	version: number;
}
