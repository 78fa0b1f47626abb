import type { EquipmentView } from '$lib/live/protocol';
import { defineEntity } from '$lib/server/core/module';
import { equipmentView, equipmentViews } from './repository';

/**
 * The store's machines with their plans on the equipment board and the desk (the supervisor's due
 * list): each screen computes the states from the view and server time (domain/equipment.ts).
 * A retired machine reads as gone.
 */
export const equipmentEntity = defineEntity<EquipmentView>()({
	kind: 'equipment',
	project: { equipment: (e) => e, desk: (e) => e },
	read: (db, { storeId }) => equipmentViews(db, storeId),
	readOne: (db, storeId, id) => equipmentView(db, storeId, id)
});
