import type { Entities, Patch } from './protocol';

/** Applies patches without mutating: each touched kind gets a new map, others are shared. */
export function applyPatches<E extends Entities>(entities: E, patches: readonly Patch[]): E {
	if (patches.length === 0) return entities;
	const next: Entities = { ...entities };
	const copied = new Set<string>();
	for (const { kind, id, value } of patches) {
		if (!copied.has(kind)) {
			next[kind] = { ...(next[kind] ?? {}) };
			copied.add(kind);
		}
		if (value === null) delete next[kind][id];
		else next[kind][id] = value;
	}
	return next as E;
}
