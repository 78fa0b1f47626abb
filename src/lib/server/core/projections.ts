import type { Channel, EntityKind, Patch } from '$lib/live/protocol';
import { entities } from '$lib/server/modules';
import type { AnyEntityDef, ProjectionContext } from './module';

/**
 * What each channel may receive, from the entity kinds the feature modules register
 * (src/lib/server/modules.ts). Snapshots and deltas both pass through projectImage, so a
 * screen that applies every delta ends up with exactly the next snapshot, and a field a
 * channel must not see cannot reach it by either path.
 */

export type { ProjectionContext } from './module';

/** An entity as it stands after a command, recorded in the event so replays need no other table. */
export interface EntityImage {
	kind: EntityKind;
	id: number;
	value: unknown | null;
}

const byKind = new Map<string, AnyEntityDef>(entities.map((e) => [e.kind, e]));

/** The module's definition of an entity kind. */
export function entityDef(kind: string): AnyEntityDef | undefined {
	return byKind.get(kind);
}

/** The entity kinds a channel carries. */
export function channelEntities(channel: Channel): readonly AnyEntityDef[] {
	return entities.filter((e) => channel in e.project);
}

export function channelKinds(channel: Channel): EntityKind[] {
	return channelEntities(channel).map((e) => e.kind as EntityKind);
}

/** One entity as `channel` sees it; value null removes it from the screen (or it was never there). */
export function projectImage(channel: Channel, image: EntityImage, ctx: ProjectionContext): Patch {
	const project = byKind.get(image.kind)?.project[channel];
	const value = image.value === null || !project ? null : (project(image.value, ctx) ?? null);
	return { kind: image.kind, id: image.id, value };
}

/** A channel's entities from lists of each kind (as read for a snapshot), projected. */
export function projectAll(channel: Channel, all: Partial<Record<EntityKind, { id: number }[]>>, ctx: ProjectionContext): Record<string, Record<string, unknown>> {
	const out: Record<string, Record<string, unknown>> = {};
	for (const def of channelEntities(channel)) {
		const kind = def.kind as EntityKind;
		const into: Record<string, unknown> = (out[kind] = {});
		for (const entity of all[kind] ?? []) {
			const patch = projectImage(channel, { kind, id: entity.id, value: entity }, ctx);
			if (patch.value !== null) into[patch.id] = patch.value;
		}
	}
	return out;
}
