import type { Role } from '$lib/domain/permissions';
import type { DeviceKind } from '$lib/domain/signin';
import type { Channel } from '$lib/live/protocol';

/** Who is asking: a signed-in person, a paired wall screen, an integration, or Pitwall itself. */
export type Principal =
	| { kind: 'user'; id: number; name: string; role: Role; teamId: number | null; technicianId: number | null; deviceKind: DeviceKind; sessionHash: string }
	| { kind: 'display'; id: number; name: string; board: Channel; language: string }
	| { kind: 'token'; id: number; name: string; scope: 'read' | 'write' }
	/** A customer through their own progress link: may answer add-ons on their own order only. */
	| { kind: 'customer'; id: number; name: string; repairOrderId: number }
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
			return ['bays', 'desk', 'tech', 'lounge'];
		case 'user':
			// The desk channel carries customers' names and phones: only the people who call them.
			if (['service_advisor', 'dispatcher', 'manager', 'admin', 'booking'].includes(p.role)) return ['bays', 'desk', 'tech', 'lounge'];
			return ['bays', 'tech', 'lounge'];
	}
}
