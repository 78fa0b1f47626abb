import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work to run once the HTTP response of the current request is on its way.
 *
 * `src/serve.js` gives every request a scope (an AsyncLocalStorage it registers on
 * globalThis: the built app is a separate module graph) and runs the scope's work when the
 * response has been handed to the network, or the connection closed. A command's broadcast
 * waits for that: the person who sent the command has their answer first, and the server
 * does not interleave writing it with writing the same change to every wall screen. Outside
 * a request (timers, the simulation, `vite dev`, tests) the work runs at once.
 */
export interface RequestScope {
	after: (() => void)[];
	done: boolean;
}

const SCOPES = Symbol.for('pitwall.requestScope');

export function afterResponse(work: () => void): void {
	const scope = (globalThis as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>)[SCOPES]?.getStore();
	if (scope && !scope.done) scope.after.push(work);
	else work();
}
