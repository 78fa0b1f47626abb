import type { GroupRole, Role } from '$lib/domain/permissions';
import type { DeviceKind } from '$lib/domain/signin';
import type { Channel } from '$lib/live/protocol';

/**
 * Who is asking: a signed-in person, a paired wall screen, an integration, a customer's link, or
 * Pitwall itself; each (but Pitwall) belongs to one store, and sees and changes only that store.
 */
export type Principal =
	/**
	 * A person signed in. `role` is what they may do in `storeId`; a group's person (`groupRole`)
	 * acts as that store's manager or admin in whichever of their stores the session entered.
	 */
	| { kind: 'user'; storeId: number; id: number; name: string; role: Role; groupRole?: GroupRole | null; teamId: number | null; technicianId: number | null; deviceKind: DeviceKind; sessionHash: string }
	| { kind: 'display'; storeId: number; id: number; name: string; board: Channel; language: string }
	| { kind: 'token'; storeId: number; id: number; name: string; scope: 'read' | 'write' }
	/** A customer through their own progress link: may answer add-ons on their own order only. */
	| { kind: 'customer'; storeId: number; id: number; name: string; repairOrderId: number }
	/** Pitwall's own jobs (the overdue watch, the demo): they act in the store they are run for. */
	| { kind: 'system'; id: string | null; name: string };

export const systemPrincipal: Principal = { kind: 'system', id: null, name: 'Pitwall' };

/** The event row's actor columns. */
export function actorOf(p: Principal): { kind: Principal['kind']; id: string | null; name: string } {
	return { kind: p.kind, id: p.id === null ? null : String(p.id), name: p.name };
}

/** Channels each kind of principal may join: the server chooses, never the client. */
export function channelsFor(p: Principal): readonly Channel[] {
	switch (p.kind) {
		case 'display':
			return [p.board];
		case 'token':
			return ['desk'];
		case 'customer':
			return ['status'];
		case 'system':
			return ['bays', 'desk', 'tech', 'lounge', 'parts', 'equipment', 'kpi', 'calls'];
		case 'user':
			// The figures (revenue, each technician's productivity): the manager and the admin.
			if (p.role === 'manager' || p.role === 'admin') return ['bays', 'desk', 'tech', 'lounge', 'parts', 'equipment', 'kpi', 'calls'];
			// The desk channel carries customers' names and phones: only the people who call them.
			if (['service_advisor', 'dispatcher', 'manager', 'admin', 'booking'].includes(p.role)) return ['bays', 'desk', 'tech', 'lounge', 'parts', 'equipment', 'calls'];
			// The parts channel: pick lists and special orders (customers' names masked).
			return ['bays', 'tech', 'lounge', 'parts', 'equipment', 'calls'];
	}
}
