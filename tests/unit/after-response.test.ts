import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterResponse, inResponseScope } from '$lib/server/core/after-response';

describe('afterResponse', () => {
	it('runs at once outside a request (timers, the simulation)', () => {
		const ran: string[] = [];
		afterResponse(() => ran.push('now'));
		expect(ran).toEqual(['now']);
	});

	it('inside a request, waits until its response is sent, then runs in order', async () => {
		const res = new EventEmitter() as unknown as ServerResponse;
		const ran: string[] = [];
		let handled!: Promise<void>;
		inResponseScope(res, () => {
			handled = (async () => {
				await Promise.resolve(); // across awaits, as a command's commit is
				afterResponse(() => ran.push('first'));
				afterResponse(() => ran.push('second'));
			})();
		});
		await handled;
		expect(ran).toEqual([]);
		res.emit('finish');
		expect(ran).toEqual(['first', 'second']);
		res.emit('close'); // once only
		expect(ran).toEqual(['first', 'second']);
	});

	it('runs at once when the response was already sent', async () => {
		const res = new EventEmitter() as unknown as ServerResponse;
		const ran: string[] = [];
		// A timer started by the request keeps its scope; by the time it fires the answer is out.
		inResponseScope(res, () => void setTimeout(() => afterResponse(() => ran.push('late')), 5));
		res.emit('finish');
		await new Promise((r) => setTimeout(r, 20));
		expect(ran).toEqual(['late']);
	});
});
