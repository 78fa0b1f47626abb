import type { EquipmentView } from '$lib/live/protocol';
import { defineEntity } from '$lib/server/core/module';

// Owned by the equipment server work (placeholder shape: replaced by the real reader).
export const equipmentEntity = defineEntity<EquipmentView>()({
	kind: 'equipment',
	project: { equipment: (e) => e, desk: (e) => e },
	read: async () => [],
	readOne: async () => undefined
});
