/**
 * The live contract between the server and every screen: imported by both, so a change
 * to a message is a type error on both sides at once. Event names carry a version so
 * an old screen still on the wall keeps working across a deploy.
 */
// Type-only: erased from the browser's bundle.
import type { EntityDefs } from '$lib/server/modules';

export const channels = ['bays', 'desk', 'tech', 'lounge', 'status', 'parts', 'equipment', 'kpi', 'calls'] as const;
export type Channel = (typeof channels)[number];
/** Channels a paired wall screen may show. */
export const boards = ['bays', 'lounge', 'parts', 'equipment', 'kpi'] as const satisfies readonly Channel[];
/** A lounge screen shows Chinese, English, or both on every label. */
export const displayLanguages = ['zh-CN', 'en', 'both'] as const;
export type DisplayLanguage = (typeof displayLanguages)[number];
export type Board = (typeof boards)[number];

// The views of each entity are derived from its feature's tables on the server (type-only:
// nothing of the server reaches the browser's bundle).
export type {
	AddonView,
	OperationView,
	PartsRequestView,
	RepairOrderBoardView,
	RepairOrderTechView,
	RepairOrderView
} from '$lib/server/features/repair-orders/views';
export type { BayView, TeamView, TechnicianView } from '$lib/server/features/workshop/views';
export type {
	BinView,
	PartView,
	PickLineView,
	PickListView,
	ReceiverView,
	SpecialOrderBoardView,
	SpecialOrderLineView,
	SpecialOrderStepView,
	SpecialOrderView,
	ZoneView
} from '$lib/server/features/parts/views';
export type { PartsRequestLineSummary } from '$lib/server/features/repair-orders/views';
export type { BayLiftView, EquipmentView, LogView, TaskView } from '$lib/server/features/equipment/views';
export type { KpiOrderView } from '$lib/server/features/kpi/live';
export type { CallBoardView, CallView } from '$lib/server/features/calls/views';
export type { PhotoView } from '$lib/server/features/photos/views';

/** Progress as a customer sees it: five steps, wash only where chosen. */
export type ProgressStep = 'received' | 'in_service' | 'quality_check' | 'wash' | 'ready';

/**
 * What the customer lounge and a customer's own link may show: no name, phone, VIN, full plate,
 * notes, technicians or order prices. Built only by `customerView` (src/lib/domain/privacy.ts).
 */
export interface CustomerView {
	id: number;
	/** Province, city letter and the last two characters: 粤B·***45. */
	plate: string;
	model: string;
	colour: string | null;
	step: ProgressStep;
	wash: boolean;
	/** The promise, or the later time the advisor confirmed; null when none was given. */
	readyAt: number | null;
	ready: boolean;
	delivered: boolean;
	/** Only on the customer's own link: add-ons waiting for their answer. */
	addons?: CustomerAddonView[];
	/** Only on the customer's own link: the check-in's walk-around photos (existing damage, where on the car). */
	walkaround?: CustomerPhotoView[];
	/** Only on the customer's own link, once the car is ready: what they declined, with its photos. */
	declined?: { id: number; finding: string; safety: boolean; photos: CustomerPhotoView[] }[];
}

/** A photo on the customer's link: fetched from /api/v1/status/<link>/photos/<id>/<thumb|display>. */
export interface CustomerPhotoView {
	id: number;
	caption: string;
	spot: 'front' | 'rear' | 'left' | 'right' | 'roof' | null;
	width: number;
	height: number;
}

export interface CustomerAddonView {
	id: number;
	finding: string;
	safety: boolean;
	operations: { nameZh: string; nameEn: string }[];
	/** Labour estimate in CNY: the shop's hourly rate x the standard time for one technician. */
	labourCny: number;
	/** What the technician photographed of it. */
	photos: CustomerPhotoView[];
}

/**
 * What each channel carries, derived from the entity kinds the server's feature modules
 * register (src/lib/server/modules.ts): a kind appears on a channel exactly when its module
 * projects it there, typed as that projection returns it.
 */
type Projected<D, C extends Channel> = D extends { project: infer P }
	? C extends keyof P
		? P[C] extends (...args: never[]) => infer R
			? NonNullable<R>
			: never
		: never
	: never;
export type ChannelEntities = {
	[C in Channel]: { [D in EntityDefs as C extends keyof D['project'] ? D['kind'] : never]: Record<string, Projected<D, C>> };
};
export type EntityKind = EntityDefs['kind'];
export type Entities = Record<string, Record<string, unknown>>;

/** Set (value) or remove (null) one entity in a channel's state. */
export interface Patch {
	kind: EntityKind;
	id: number;
	value: unknown | null;
}

/** One event as a channel sees it. Every channel gets every seq, so a gap is always visible. */
export interface Delta {
	channel: Channel;
	seq: number;
	serverTime: number;
	patches: Patch[];
}

export interface Snapshot<E = Entities> {
	channel: Channel;
	/** Identifies the database: a different epoch means seq started over. */
	epoch: string;
	seq: number;
	serverTime: number;
	entities: E;
}

export interface Heartbeat {
	epoch: string;
	seq: number;
	serverTime: number;
	/** Server seconds per real second: 1, or the demo simulation's speed. */
	rate?: number;
}

export interface JoinRequest {
	channel: Channel;
	/** Where the screen's state stands; the server replays from here when it can. */
	since?: { epoch: string; seq: number };
}

export type JoinReply =
	| { ok: true; mode: 'snapshot'; snapshot: Snapshot }
	| { ok: true; mode: 'replay'; epoch: string; seq: number; serverTime: number; deltas: Delta[] }
	| { ok: false; error: string };

export interface ServerToClientEvents {
	'delta:v1': (delta: Delta) => void;
	'heartbeat:v1': (beat: Heartbeat) => void;
	/** This screen's key or session was revoked: go back to pairing or sign-in. */
	'revoked:v1': (why: { reason: 'display_revoked' | 'signed_out' | 'token_revoked' | 'store_changed' }) => void;
}

export interface ClientToServerEvents {
	'join:v1': (request: JoinRequest, reply: (reply: JoinReply) => void) => void;
	'time:v1': (reply: (serverTime: number) => void) => void;
}
