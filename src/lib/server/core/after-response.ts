import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

/**
 * Work to run once the HTTP response of the current request is on its way.
 *
 * The composed server (core/http.ts) gives every request a scope, and runs the scope's work
 * when the response has been handed to the network, or the connection closed. A command's
 * broadcast waits for that: the person who sent the command has their answer first, and the
 * server does not interleave writing it with writing the same change to every wall screen.
 * Outside a request (timers, the simulation, tests) the work runs at once.
 */
export interface RequestScope {
	after: (() => void)[];
	done: boolean;
}

const scopes = new AsyncLocalStorage<RequestScope>();

export function afterResponse(work: () => void): void {
	const scope = scopes.getStore();
	if (scope && !scope.done) scope.after.push(work);
	else work();
}

/** Runs `handle` (a request's handling) in a scope whose work waits for `res` to be sent. */
export function inResponseScope(res: ServerResponse, handle: () => void): void {
	const scope: RequestScope = { after: [], done: false };
	const sent = () => {
		if (scope.done) return;
		scope.done = true;
		for (const work of scope.after.splice(0)) work();
	};
	res.once('finish', sent);
	res.once('close', sent);
	scopes.run(scope, handle);
}
