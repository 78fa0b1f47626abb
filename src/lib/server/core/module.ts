import type { Db } from '$lib/server/db/database';
import type { Channel } from '$lib/live/protocol';
import type { Route } from '$lib/server/core/router';
import type { App } from '$lib/server/app';
import type { EntityImage } from '$lib/server/core/projections';

/**
 * A feature module: one folder under src/lib/server/features/ with its tables, repository,
 * commands, live entities and API routes. The core (commands, hub, router, OpenAPI) knows
 * features only through this shape and the list in src/lib/server/modules.ts.
 */

/** What a projection may depend on besides the entity itself. */
export interface ProjectionContext {
	/** Start of the store's current day: orders closed before it leave the boards. */
	dayStart: number;
	/** The shop's labour rate (CNY per hour), for the labour estimate on a customer's add-on. */
	labourRate: number;
	/** The store's time zone (IANA), for a window counted in store days (the kpi channel's month); the hub always sets it. */
	timeZone?: string;
}

/** What a snapshot is read for: a store, at a moment, and for a customer's link, its one order. */
export interface SnapshotScope {
	storeId: number;
	ctx: ProjectionContext;
	/** Set on the `status` channel: the order whose customer is watching. */
	repairOrderId?: number;
}

type Projector<V> = (value: V, ctx: ProjectionContext) => unknown;

/**
 * One kind of entity on the live channels. `project` names every channel that carries the kind
 * and what that channel may see of it (null leaves it out, e.g. an order closed yesterday);
 * a channel not named never receives the kind. Snapshots and deltas both pass through it, so a
 * screen that applies every delta ends up with exactly the next snapshot.
 */
export interface EntityDef<K extends string = string, V = never, P extends Partial<Record<Channel, Projector<V>>> = Partial<Record<Channel, Projector<V>>>> {
	kind: K;
	project: P;
	/** Everything of this kind that a channel's snapshot starts from (before projection). */
	read(db: Db, scope: SnapshotScope): Promise<V[]>;
	/** One entity as it stands now, in this store (undefined: gone). Replays read the present this way. */
	readOne(db: Db, storeId: number, id: number): Promise<V | undefined>;
}

export function defineEntity<V>() {
	return <K extends string, P extends Partial<Record<Channel, Projector<V>>>>(def: EntityDef<K, V, P>): EntityDef<K, V, P> => def;
}

/** Work a module runs while the server is up (a watch, a simulation); returns its stop. */
export type Job = (app: App) => () => void;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntityDef = EntityDef<string, any, any>;

/** An event as a projector sees it, inside the transaction that writes it. */
export interface ProjectedEvent {
	storeId: number;
	at: number;
	type: string;
	subjectKind: string;
	subjectId: number;
	/** Who did it (the advisor, for an order's creation). */
	actorName: string;
	data: Record<string, unknown>;
}

/**
 * A read model kept by the same transaction that writes each event (the manager's figures'
 * facts): it may write its tables and returns entity images to broadcast with the event. It runs
 * before the event row is written (so the row lists those images too): the event is not yet among
 * the rows it may read.
 */
export type EventProjector = (tx: Db, event: ProjectedEvent) => Promise<EntityImage[]>;

export interface FeatureModule<E extends readonly AnyEntityDef[] = readonly AnyEntityDef[]> {
	name: string;
	/** Entity kinds this module puts on the live channels. */
	entities: E;
	/** Its JSON API routes under /api/v1 (documented from their own schemas). */
	routes: Route[];
	/** Schemas its routes' documentation refers to (`#/components/schemas/…`). */
	schemas?: Record<string, unknown>;
	jobs?: Job[];
	/** Read models it keeps in step with every event, in the event's own transaction. */
	projectors?: EventProjector[];
}

export function defineModule<const E extends readonly AnyEntityDef[]>(module: FeatureModule<E>): FeatureModule<E> {
	return module;
}
