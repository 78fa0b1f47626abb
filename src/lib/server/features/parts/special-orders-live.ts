import type { SpecialOrderBoardView, SpecialOrderView } from '$lib/live/protocol';
import { defineEntity } from '$lib/server/core/module';

// Owned by the special-orders work (placeholder shape: replaced by the real reader).
export const specialOrderEntity = defineEntity<SpecialOrderView>()({
	kind: 'specialOrder',
	project: { desk: (o) => o, parts: (o): SpecialOrderBoardView => o },
	read: async () => [],
	readOne: async () => undefined
});
