import { afterEach, describe, expect, it } from 'vitest';
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterResponse, type RequestScope } from '$lib/server/core/after-response';

const key = Symbol.for('pitwall.requestScope');
const globals = globalThis as Record<symbol, unknown>;
afterEach(() => {
	delete globals[key];
});

describe('afterResponse', () => {
	it('runs at once outside a request (timers, the simulation, vite dev)', () => {
		const ran: string[] = [];
		afterResponse(() => ran.push('now'));
		expect(ran).toEqual(['now']);
	});

	it('inside a request, waits until its response is sent, then runs in order', async () => {
		const scopes = new AsyncLocalStorage<RequestScope>();
		globals[key] = scopes;
		const scope: RequestScope = { after: [], done: false };
		const ran: string[] = [];
		await scopes.run(scope, async () => {
			await Promise.resolve(); // across awaits, as a command's commit is
			afterResponse(() => ran.push('first'));
			afterResponse(() => ran.push('second'));
		});
		expect(ran).toEqual([]);
		scope.done = true; // what src/serve.js does on the response's 'finish'
		for (const work of scope.after.splice(0)) work();
		expect(ran).toEqual(['first', 'second']);
		scopes.run(scope, () => afterResponse(() => ran.push('late'))); // response already sent
		expect(ran).toEqual(['first', 'second', 'late']);
	});
});
