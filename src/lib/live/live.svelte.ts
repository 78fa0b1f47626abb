import { io, type Socket } from 'socket.io-client';
import { LiveChannel, type ChannelState } from './channel';
import type { Channel, ChannelEntities, ClientToServerEvents, ServerToClientEvents } from './protocol';

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/**
 * One socket per page, whatever number of channels it shows. A customer's link page passes its
 * link (`statusToken`): the server then knows the socket as that order's customer and nothing else.
 */
export function liveSocket(auth?: { statusToken: string }): Socket<ServerToClientEvents, ClientToServerEvents> {
	if (!socket) {
		socket = io({ transports: ['websocket', 'polling'], reconnectionDelayMax: 5000, auth });
		// Revoked, signed out, or no longer allowed: reload, and the server sends the screen
		// where it belongs (pairing for a wall screen, sign-in for staff).
		socket.on('revoked:v1', () => location.reload());
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthorized') location.reload();
		});
	}
	return socket;
}

/** A channel's live state as a rune: components read `live.state` and re-render on change. */
export class Live<C extends Channel> {
	state: ChannelState<ChannelEntities[C]> = $state.raw({ status: 'connecting', epoch: null, seq: 0, entities: {} as ChannelEntities[C], dataTime: null });
	readonly channel: LiveChannel<ChannelEntities[C]>;

	constructor(name: C, auth?: { statusToken: string }) {
		this.channel = new LiveChannel<ChannelEntities[C]>(liveSocket(auth), name, {
			onChange: () => (this.state = this.channel.state)
		});
		this.state = this.channel.state;
	}

	/** Server time now, from the monotonic clock and the measured offset. */
	now(): number {
		return this.channel.clock.now();
	}

	close(): void {
		this.channel.close();
	}
}
