import type { PickListView } from '$lib/live/protocol';
import { defineEntity } from '$lib/server/core/module';

// Owned by the picking work (placeholder shape: replaced by the real reader).
export const pickListEntity = defineEntity<PickListView>()({
	kind: 'pickList',
	project: { parts: (p) => p },
	read: async () => [],
	readOne: async () => undefined
});
